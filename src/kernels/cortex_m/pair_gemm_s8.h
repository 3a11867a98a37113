// Convolution as a matrix product of output pixels x K input bytes by
// channels x K weights, two pixels and two channels at a time: for each
// pair of output pixels both K-byte inputs (the pixel itself for a 1x1
// convolution, or a gathered receptive field) are widened to int16 lanes
// once; then each pair of output channels is a 2x2 block of dot products
// that loads one weight word per channel and four input words per 4 bytes
// of K. The input offset is folded into the bias, as in conv_s8.h.
#pragma once

#include <cstddef>

#include "kernels/cortex_m/conv_s8.h"

namespace nib::kernels::cortex_m {

// An output pixel, walked in output order.
struct Pixel {
  int32_t b, y, x;
};

// The K input bytes of an output pixel: a pointer into the input, or into
// `buffer` (K bytes) after gathering them there.
using FieldFn = const int8_t* (*)(const ConvS8Params& p, const int8_t* input, Pixel at, int8_t* buffer);

// Scratch: the two widened inputs, plus two K-byte gather buffers if
// `gathered`.
size_t pair_gemm_scratch_bytes(int32_t k, bool gathered);
// p.bias must hold the folded bias.
void pair_gemm_s8(const ConvS8Params& p, int32_t k, FieldFn field, const int8_t* input, const int8_t* filter,
                  int8_t* output, void* scratch);

// 1x1 convolutions without padding: the field is the input pixel itself.
bool pointwise_s8_applies(const ConvParams& p);
const int8_t* pointwise_field(const ConvS8Params& p, const int8_t* input, Pixel at, int8_t* buffer);

}  // namespace nib::kernels::cortex_m
