// Fast int8 DEPTHWISE_CONV_2D (depth multiplier 1) for the Cortex-M4: four
// channels per word, sign-extended in pairs with SXTB16, the input offset
// added with SADD16, and one 16x16 multiply-accumulate per channel and tap
// (SMLABB/SMLATT). Taps outside the input are skipped as in the reference.
#pragma once

#include <cstdint>

#include "kernels/params.h"

namespace nib::kernels::cortex_m {

struct DepthwiseS8Params {
  ConvParams conv;
  bool fast_requant = false;
};

bool depthwise_s8_supported(const ConvParams& p);
void depthwise_s8(const DepthwiseS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                  int8_t* output);

}  // namespace nib::kernels::cortex_m
