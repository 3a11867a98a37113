#include "kernels/cortex_m/sub_s8.h"

#include <algorithm>

#include "kernels/cortex_m/requant.h"

namespace nib::kernels::cortex_m {

void sub_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output) {
  for (int32_t i = 0; i < p.elements; ++i) {
    const int32_t x1 = (a[i] + p.input1_offset) * (int32_t{1} << p.left_shift);
    const int32_t x2 = (b[i] + p.input2_offset) * (int32_t{1} << p.left_shift);
    const int32_t d = quant::wrap_sub(requant_fast(x1, p.input1_multiplier, p.input1_shift),
                                      requant_fast(x2, p.input2_multiplier, p.input2_shift));
    // Wraps like the reference when a hostile output scale reaches int32's edge.
    const int32_t v = quant::wrap_add(requant_fast(d, p.output_multiplier, p.output_shift), p.output_offset);
    output[i] = static_cast<int8_t>(std::clamp<int32_t>(v, p.act_min, p.act_max));
  }
}

}  // namespace nib::kernels::cortex_m
