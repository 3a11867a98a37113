// int8 ADD of two same-shape tensors on the Cortex-M4: the three fixed-point
// rescales use SMMULR (requant_fast), exact because every intermediate is
// below 2^30 (inputs are at most 255 * 2^20 before scaling by <= 1/2).
#pragma once

#include "kernels/params.h"

namespace nib::kernels::cortex_m {

bool add_s8_supported(const BinaryParams& p);
void add_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output);

}  // namespace nib::kernels::cortex_m
