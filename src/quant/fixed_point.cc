#include "quant/fixed_point.h"

#include <cmath>

namespace nib::quant {

int32_t saturating_round(float x) {
  const float r = std::round(x);
  if (r != r) return 0;
  if (r >= 2147483648.0f) return kInt32Max;
  if (r < -2147483648.0f) return kInt32Min;
  return static_cast<int32_t>(r);
}

void quantize_multiplier(double real, int32_t* multiplier, int* shift) {
  if (real == 0.0 || !std::isfinite(real)) {
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
  const int64_t q = int64_t{zero_point} + saturating_round(value / scale);
  return q > kInt32Max ? kInt32Max : (q < kInt32Min ? kInt32Min : static_cast<int32_t>(q));
}

}  // namespace nib::quant
