// Fast int8 BATCH_MATMUL for the Cortex-M4 when both operands run along the
// depth contiguously (lhs not adjoint, rhs adjoint: out = lhs x rhs^T, as
// attention's Q x K^T is stored): each output is one dot product of two
// rows, four bytes per SXTB16/SMLAD step, zero points folded in through the
// row sums. Integer sums do not depend on order: the bytes equal the
// reference kernel's.
#pragma once

#include <cstdint>

#include "kernels/matmul_params.h"

namespace nib::kernels::cortex_m {

bool batch_matmul_s8_supported(const BatchMatMulParams& p);
void batch_matmul_s8(const BatchMatMulParams& p, const int8_t* lhs, const int8_t* rhs, int8_t* output);

}  // namespace nib::kernels::cortex_m
