// First layers of image models: a 3x3 convolution of a one-channel input
// (stride 1, no dilation) followed by a 2x2 / stride 2 max pool, as one
// kernel. Each pooled output reads a 4x4 input patch, one word per patch
// row; the patch is widened once per pooled pixel into 12 int16-pair words
// that every output channel reuses, and each channel's nine weights sit in
// five registers, so a pooled output costs 12 loads and 20 MAC instructions
// for its 36 multiplies (Cortex-M4 assembly: conv3x3x1_pool_m4.S).
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/conv_s8_params.h"

namespace nib::kernels::cortex_m {

// The shapes this kernel takes (the requantization is checked at run).
bool conv3x3x1_pool_geometry(const ConvS8Params& p);
// Scratch for one pooled row per call, or (wide) for a band of up to 8 KB of
// pooled rows: faster, asked for as preferred scratch.
size_t conv3x3x1_pool_scratch_bytes(const ConvS8Params& p, bool wide);
// Runs the layer when its requantization allows (every shift a right
// shift of at most 22, accumulators proven small); false: nothing done.
// p.bias holds the folded bias.
bool conv3x3x1_pool_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output,
                       void* scratch);

}  // namespace nib::kernels::cortex_m
