#include "quant/fixed_point.h"

#include <cmath>

namespace nib::quant {

void quantize_multiplier(double real, int32_t* multiplier, int* shift) {
  if (real == 0.0) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  int exponent = 0;
  const double significand = std::frexp(real, &exponent);  // in [0.5, 1)
  int64_t q = static_cast<int64_t>(std::round(significand * static_cast<double>(int64_t{1} << 31)));
  if (q == (int64_t{1} << 31)) {  // rounding reached 1.0: renormalize
    q /= 2;
    ++exponent;
  }
  if (exponent < -31) {  // too small to represent: flush to zero
    exponent = 0;
    q = 0;
  }
  *multiplier = static_cast<int32_t>(q);
  *shift = exponent;
}

int32_t quantize_value(float value, float scale, int32_t zero_point) {
  return zero_point + static_cast<int32_t>(std::round(value / scale));
}

}  // namespace nib::quant
