// BATCH_MATMUL and TRANSPOSE_CONV reference kernels (TFLite Micro's
// arithmetic: int32 accumulation of offset-corrected int8 products, one
// requantization per output).
#pragma once

#include <cstdint>

#include "kernels/matmul_params.h"

namespace nib::kernels::reference {

void batch_matmul_s8(const BatchMatMulParams& p, const int8_t* lhs, const int8_t* rhs, int8_t* output);
void batch_matmul_f32(const BatchMatMulParams& p, const float* lhs, const float* rhs, float* output);

// `bias` (out_c values) may be null. The int8 kernel accumulates one batch
// in `scratch` (out_h * out_w * out_c int32); the float one in the output.
void transpose_conv_s8(const TransposeConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                       int8_t* output, int32_t* scratch);
void transpose_conv_f32(const TransposeConvParams& p, const float* input, const float* filter, const float* bias,
                        float* output);

}  // namespace nib::kernels::reference
