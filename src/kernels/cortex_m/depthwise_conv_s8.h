// Fast int8 DEPTHWISE_CONV_2D (depth multiplier 1) for the Cortex-M4: four
// channels per word, sign-extended in pairs with SXTB16, the input offset
// added with SADD16, and one 16x16 multiply-accumulate per channel and tap
// (SMLABB/SMLATT). Taps outside the input are skipped as in the reference.
// 3x3 filters (dilation 1, channels a multiple of 4; the common case) skip
// the offset adds: the bias has input_offset * sum(weights) folded in, the
// input rows are copied to a band in scratch with the zero point in padded
// positions (so borders need no special case), and the nine taps are
// unrolled.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/params.h"

namespace nib::kernels::cortex_m {

struct DepthwiseS8Params {
  ConvParams conv;
  bool fast_requant = false;
};

bool depthwise_s8_supported(const ConvParams& p);
// Scratch (3x3 path only): the band of input rows.
size_t depthwise_s8_scratch_bytes(const ConvParams& p);
void depthwise_s8(const DepthwiseS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                  int8_t* output, void* scratch);

}  // namespace nib::kernels::cortex_m
