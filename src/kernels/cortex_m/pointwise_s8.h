// 1x1 convolutions without padding (the pointwise layers of MobileNets) as
// a matrix product: for each pair of output pixels both inputs are widened
// to int16 lanes once, then each pair of output channels is a 2x2 block of
// dot products that loads one weight word per channel and four input words
// per 4 input channels. The input offset is folded into the bias, as in
// conv_s8.h.
#pragma once

#include <cstddef>

#include "kernels/cortex_m/conv_s8.h"

namespace nib::kernels::cortex_m {

bool pointwise_s8_applies(const ConvParams& p);
// Scratch for the two widened input pixels.
size_t pointwise_s8_scratch_bytes(const ConvParams& p);
// p.bias must hold the folded bias.
void pointwise_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output, void* scratch);

}  // namespace nib::kernels::cortex_m
