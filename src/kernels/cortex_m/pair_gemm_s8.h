// Convolution as a matrix product of output pixels x K input bytes by
// channels x K weights, two pixels and two channels at a time: for each
// pair of output pixels both K-byte inputs (the pixel itself for a 1x1
// convolution, or a gathered receptive field) are widened to int16 lanes
// once; then each pair of output channels is a 2x2 block of dot products
// that loads one weight word per channel and four input words per 4 bytes
// of K. The input offset is folded into the bias, as in conv_s8.h.
#pragma once

#include <cstddef>

#include "kernels/cortex_m/conv_s8_params.h"

namespace nib::kernels::cortex_m {

// An output pixel, walked in output order.
struct Pixel {
  int32_t b, y, x;
};

// The K = rows x row_bytes input bytes of an output pixel, `row_stride`
// apart: in the input itself, or in `buffer` (K bytes) after gathering them
// there. When row_bytes is not a multiple of 4 the rows must be contiguous.
struct Field {
  const int8_t* ptr;
  int32_t row_stride;
};
using FieldFn = Field (*)(const ConvS8Params& p, const int8_t* input, Pixel at, int8_t* buffer);
// Without a gather buffer (a null `buffer`): a FieldFn returns a null ptr
// for fields it would gather, and the pixel is widened by a PadWidenFn
// straight from the input, padding as whole pad words, into one pixel's
// lanes of the widened pair (`dst` = its first word; 4 words per group).
using PadWidenFn = void (*)(const ConvS8Params& p, const int8_t* input, Pixel at, uint32_t* dst);

struct FieldShape {
  int32_t rows, row_bytes;
};

// Scratch: the two widened inputs, plus two K-byte gather buffers if
// `gathered`.
size_t pair_gemm_scratch_bytes(int32_t k, bool gathered);
// Whether the 4-pixel tile takes a layer whose field is k bytes (decided
// alike in every build; only assembly builds have the tile itself).
bool pair_gemm_quad_applies(const ConvS8Params& p, int32_t k);
// The scratch the 4-pixel tile wants where the layer's own scratch holds only
// the 2-pixel loop's widened pair (K = 144 outside the row-window tile, e.g.
// 3x3x16 at stride 2; padded fields), or 0. With that much scratch granted
// (ConvS8Params::wide_scratch) the tile takes the layer.
size_t pair_gemm_wide_scratch_bytes(const ConvS8Params& p, FieldShape shape);
// p.bias must hold the folded bias. `pad` non-null: no gather buffers.
void pair_gemm_s8(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad, const int8_t* input,
                  const int8_t* filter, int8_t* output, void* scratch);

// With a max pool fused in (ConvS8Params::pool): the conv pixels of each
// window, their accumulators' max requantized once.
size_t pair_gemm_pooled_scratch_bytes(int32_t k, int32_t out_c, bool gathered);
void pair_gemm_pooled_s8(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad, const int8_t* input,
                         const int8_t* filter, int8_t* output, void* scratch);

// 1x1 convolutions without padding: the field is the input pixel itself.
bool pointwise_s8_applies(const ConvParams& p);
Field pointwise_field(const ConvS8Params& p, const int8_t* input, Pixel at, int8_t* buffer);

}  // namespace nib::kernels::cortex_m
