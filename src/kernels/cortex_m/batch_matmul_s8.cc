#include "kernels/cortex_m/batch_matmul_s8.h"

#include "kernels/cortex_m/dot_s8.h"
#include "quant/fixed_point.h"

namespace nib::kernels::cortex_m {

bool batch_matmul_s8_supported(const BatchMatMulParams& p) {
  return p.lhs_depth_stride == 1 && p.rhs_depth_stride == 1;
}

void batch_matmul_s8(const BatchMatMulParams& p, const int8_t* lhs, const int8_t* rhs, int8_t* output) {
  // sum (l + lo)(r + ro) = sum l*r + ro * sum l + lo * sum r + K * lo * ro.
  const int32_t offsets = quant::wrap_mul(quant::wrap_mul(p.depth, p.lhs_offset), p.rhs_offset);
  for (int32_t b = 0; b < p.batches; ++b) {
    int32_t lo = 0, ro = 0, rest = b;
    for (int d = p.batch_rank - 1; d >= 0; --d) {
      const int32_t index = rest % p.batch_dims[d];
      rest /= p.batch_dims[d];
      lo += index * p.lhs_batch_stride[d];
      ro += index * p.rhs_batch_stride[d];
    }
    for (int32_t i = 0; i < p.rows; ++i) {
      const int8_t* row = lhs + lo + i * p.lhs_row_stride;
      int32_t row_sum = 0;
      for (int32_t k = 0; k < p.depth; ++k) row_sum = quant::wrap_add(row_sum, row[k]);
      const int32_t row_term = quant::wrap_add(quant::wrap_mul(p.rhs_offset, row_sum), offsets);
      for (int32_t j = 0; j < p.cols; ++j) {
        const Dot d = dot_s8<false, true>(row, rhs + ro + j * p.rhs_col_stride, p.depth);
        const int32_t acc = quant::wrap_add(quant::wrap_add(d.xy, row_term), quant::wrap_mul(p.lhs_offset, d.y));
        const int32_t v =
            quant::wrap_add(quant::multiply_by_quantized_multiplier(acc, p.output_multiplier, p.output_shift), p.output_offset);
        *output++ = static_cast<int8_t>(dsp::clamp(v, p.act_min, p.act_max));
      }
    }
  }
}

}  // namespace nib::kernels::cortex_m
