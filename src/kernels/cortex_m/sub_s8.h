// int8 SUB of two same-shape tensors on the Cortex-M4: ADD's kernel with the
// rescaled second input subtracted. The difference of two rescaled inputs
// has the bound of their sum, so add_s8_supported() decides for both.
#pragma once

#include "kernels/params.h"

namespace nib::kernels::cortex_m {

void sub_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output);

}  // namespace nib::kernels::cortex_m
