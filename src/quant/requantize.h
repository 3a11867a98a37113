// Requantize-and-clamp, the last step of every int8 kernel: the scaled
// accumulator plus the output zero point (wrapping, as TFLite Micro's int32
// arithmetic), clamped to the fused activation's range. The scaling itself
// is quant::multiply_by_quantized_multiplier (exact, every target) or, in
// the Cortex-M kernels, requant_fast when prepare proved it exact
// (kernels/cortex_m/requant.h adds those forms on top of these).
#pragma once

#include <algorithm>
#include <cstdint>

#include "quant/fixed_point.h"

namespace nib::quant {

// A scaled accumulator to int8: output offset, then the activation clamp.
constexpr int8_t offset_and_clamp(int32_t scaled, int32_t output_offset, int32_t act_min, int32_t act_max) {
  return static_cast<int8_t>(std::clamp<int32_t>(wrap_add(scaled, output_offset), act_min, act_max));
}

// The whole step with the exact scaling.
constexpr int8_t requantize_s8(int32_t acc, int32_t multiplier, int shift, int32_t output_offset, int32_t act_min,
                               int32_t act_max) {
  return offset_and_clamp(multiply_by_quantized_multiplier(acc, multiplier, shift), output_offset, act_min, act_max);
}

}  // namespace nib::quant
