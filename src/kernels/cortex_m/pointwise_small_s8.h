// 1x1 convolutions over few input channels (K = 4, 8 or 16), where the pair
// GEMM's per-block set-up and requantization outweigh its K MACs: each
// channel's weights widened once per run into a record with its
// requantization constants (bias, multiplier, rounding with the output
// offset folded in, shift), then per pixel pair the inputs sit in registers
// and every channel is K/2 weight loads, K SMLADs and two requantizations.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/conv_s8_params.h"

namespace nib::kernels::cortex_m {

bool pointwise_small_applies(const ConvS8Params& p);
size_t pointwise_small_scratch_bytes(const ConvS8Params& p);
// Runs the layer when its requantization allows (right shifts of at most
// 22, accumulators proven small); false: nothing done. p.bias: folded.
bool pointwise_small_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output,
                        void* scratch);

}  // namespace nib::kernels::cortex_m
