#include "kernels/reference/matmul.h"

#include <algorithm>

#include "quant/fixed_point.h"

namespace nib::kernels::reference {
namespace {

// Start offsets of batch b's lhs and rhs matrices.
void batch_offsets(const BatchMatMulParams& p, int32_t b, int32_t* lhs, int32_t* rhs) {
  *lhs = 0;
  *rhs = 0;
  for (int d = p.batch_rank - 1; d >= 0; --d) {
    const int32_t index = b % p.batch_dims[d];
    b /= p.batch_dims[d];
    *lhs += index * p.lhs_batch_stride[d];
    *rhs += index * p.rhs_batch_stride[d];
  }
}

template <typename T, typename Acc, typename Finish>
void batch_matmul(const BatchMatMulParams& p, const T* lhs, const T* rhs, T* output, Acc lhs_offset, Acc rhs_offset,
                  Finish finish) {
  for (int32_t b = 0; b < p.batches; ++b) {
    int32_t lo = 0, ro = 0;
    batch_offsets(p, b, &lo, &ro);
    for (int32_t i = 0; i < p.rows; ++i) {
      for (int32_t j = 0; j < p.cols; ++j) {
        Acc acc = 0;
        for (int32_t k = 0; k < p.depth; ++k) {
          const Acc l = static_cast<Acc>(lhs[lo + i * p.lhs_row_stride + k * p.lhs_depth_stride]) + lhs_offset;
          const Acc r = static_cast<Acc>(rhs[ro + k * p.rhs_depth_stride + j * p.rhs_col_stride]) + rhs_offset;
          acc = quant::acc_add(acc, l * r);  // int32 wraps for a hostile depth
        }
        *output++ = finish(acc);
      }
    }
  }
}

}  // namespace

void batch_matmul_s8(const BatchMatMulParams& p, const int8_t* lhs, const int8_t* rhs, int8_t* output) {
  batch_matmul(p, lhs, rhs, output, p.lhs_offset, p.rhs_offset, [&](int32_t acc) {
    const int32_t v =
        quant::wrap_add(quant::multiply_by_quantized_multiplier(acc, p.output_multiplier, p.output_shift), p.output_offset);
    return static_cast<int8_t>(std::clamp(v, p.act_min, p.act_max));
  });
}

void batch_matmul_f32(const BatchMatMulParams& p, const float* lhs, const float* rhs, float* output) {
  batch_matmul(p, lhs, rhs, output, 0.0f, 0.0f, [&](float acc) { return std::clamp(acc, p.clamp.min, p.clamp.max); });
}

namespace {

// Scatters every input value times the filter into the accumulators of one
// batch, in TFLite's loop order (which fixes the float summation order).
template <typename T, typename Acc>
void scatter(const TransposeConvParams& p, const T* input, const T* filter, Acc* acc, Acc input_offset) {
  for (int32_t iy = 0; iy < p.in_h; ++iy) {
    for (int32_t ix = 0; ix < p.in_w; ++ix) {
      for (int32_t ic = 0; ic < p.in_c; ++ic) {
        const Acc value = static_cast<Acc>(input[(iy * p.in_w + ix) * p.in_c + ic]) + input_offset;
        const int32_t oy0 = iy * p.stride_h - p.pad_h;
        const int32_t ox0 = ix * p.stride_w - p.pad_w;
        for (int32_t fy = 0; fy < p.filter_h; ++fy) {
          const int32_t oy = oy0 + fy;
          if (oy < 0 || oy >= p.out_h) continue;
          for (int32_t fx = 0; fx < p.filter_w; ++fx) {
            const int32_t ox = ox0 + fx;
            if (ox < 0 || ox >= p.out_w) continue;
            Acc* out = acc + (oy * p.out_w + ox) * p.out_c;
            for (int32_t oc = 0; oc < p.out_c; ++oc)
              out[oc] = quant::acc_add(out[oc], value * static_cast<Acc>(filter[((oc * p.filter_h + fy) * p.filter_w + fx) * p.in_c + ic]));
          }
        }
      }
    }
  }
}

}  // namespace

void transpose_conv_s8(const TransposeConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                       int8_t* output, int32_t* scratch) {
  const int32_t pixels = p.out_h * p.out_w;
  for (int32_t b = 0; b < p.batches; ++b) {
    std::fill(scratch, scratch + pixels * p.out_c, 0);
    scatter(p, input + b * p.in_h * p.in_w * p.in_c, filter, scratch, p.input_offset);
    for (int32_t i = 0; i < pixels * p.out_c; ++i) {
      const int32_t oc = i % p.out_c;
      const int32_t acc = quant::wrap_add(scratch[i], bias != nullptr ? bias[oc] : 0);
      const int32_t v =
          quant::wrap_add(quant::multiply_by_quantized_multiplier(acc, p.requant.multiplier[oc], p.requant.shift[oc]),
                          p.requant.output_offset);
      *output++ = static_cast<int8_t>(std::clamp(v, p.requant.act_min, p.requant.act_max));
    }
  }
}

void transpose_conv_f32(const TransposeConvParams& p, const float* input, const float* filter, const float* bias,
                        float* output) {
  const int32_t size = p.out_h * p.out_w * p.out_c;
  for (int32_t b = 0; b < p.batches; ++b, output += size) {
    std::fill(output, output + size, 0.0f);
    scatter(p, input + b * p.in_h * p.in_w * p.in_c, filter, output, 0.0f);
    for (int32_t i = 0; i < size; ++i) {
      const float v = output[i] + (bias != nullptr ? bias[i % p.out_c] : 0.0f);
      output[i] = std::clamp(v, p.clamp.min, p.clamp.max);
    }
  }
}

}  // namespace nib::kernels::reference
