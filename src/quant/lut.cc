#include "quant/lut.h"

#include <algorithm>
#include <cmath>

namespace nib::quant {

void fill_int16_lut(float (*f)(float), float in_min, float in_max, float out_min, float out_max, int16_t* table) {
  constexpr int kSegments = kInt16LutSize - 1;
  const float step = (in_max - in_min) / kSegments;
  const float half = step / 2;
  const float scale = 65536.0f / (out_max - out_min);
  const auto clamp = [](float v) { return static_cast<int16_t>(std::clamp(v, -32768.0f, 32767.0f)); };
  for (int i = 0; i < kSegments; ++i) {
    const float x = in_min + static_cast<float>(i) * step;
    const float here = std::round(f(x) * scale);
    const float next = f(in_min + static_cast<float>(i + 1) * step) * scale;
    // Error of the straight line at the midpoint, halved, moves the sample.
    const float interpolated = std::round((next + here) / 2);
    const float actual = std::round(f(x + half) * scale);
    table[i] = clamp(here - std::round((interpolated - actual) / 2));
  }
  table[kSegments] = clamp(std::round(f(in_max) * scale));
}

}  // namespace nib::quant
