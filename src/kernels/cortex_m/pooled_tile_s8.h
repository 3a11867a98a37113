// Convolutions with a fused max pool, three conv pixels x two channels at a
// time: per K-pair of the receptive field, five loads (three pixels' input
// pairs, two channels' weight pairs, both widened to int16 beforehand) feed
// six SMLADs, against four loads per four SMLADs for the pair GEMM's 2 x 2
// block. The weights are widened into scratch at each run, so the path is
// kept to layers whose widened weights are small (kMaxWidenedWeightBytes).
// Each tile's raw dot products go into running per-window maxima; the bias
// is added to the max and requantized once (monotone, as in conv_s8.h).
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/conv_s8_params.h"

namespace nib::kernels::cortex_m {

inline constexpr size_t kMaxWidenedWeightBytes = 8192;

bool pooled_tile_applies(const ConvS8Params& p);
size_t pooled_tile_scratch_bytes(const ConvS8Params& p);
// p.bias holds the folded bias.
void pooled_tile_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output, void* scratch);

}  // namespace nib::kernels::cortex_m
