// Folding the input offset into the bias, as every fast convolution path
// does: sum((x + off) * w) + b = sum(x * w) + (b + off * sum(w)), so the
// inner loops multiply raw input bytes. Wrapping int32 arithmetic, as the
// accumulators themselves.
#pragma once

#include <cstdint>

#include "quant/fixed_point.h"

namespace nib::kernels::cortex_m {

// Channel c's folded bias from the sum of its weights (bias may be null).
inline int32_t folded_bias(const int32_t* bias, int32_t c, int32_t input_offset, int32_t weight_sum) {
  return quant::wrap_add(bias ? bias[c] : 0, quant::wrap_mul(input_offset, weight_sum));
}

// Sum of channel c's weights in a tap-major filter ([taps][channels]: the
// depthwise layout 1HWC).
inline int32_t tap_major_weight_sum(const int8_t* filter, int32_t taps, int32_t channels, int32_t c) {
  int32_t sum = 0;
  for (int32_t t = 0; t < taps; ++t) sum += filter[t * channels + c];
  return sum;
}

}  // namespace nib::kernels::cortex_m
