// Fast int8 TRANSPOSE_CONV for the Cortex-M4: each output pixel gathers the
// input pixels whose filter windows cover it (instead of scattering every
// input into an int32 scratch image), so the accumulators stay in registers
// and every product is a contiguous dot product over input channels, four
// bytes per SXTB16/SMLAD step. Integer sums do not depend on order, so the
// bytes equal the reference kernel's.
#pragma once

#include <cstdint>

#include "kernels/matmul_params.h"

namespace nib::kernels::cortex_m {

void transpose_conv_s8(const TransposeConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                       int8_t* output);

}  // namespace nib::kernels::cortex_m
