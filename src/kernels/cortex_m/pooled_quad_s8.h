// Convolutions followed by the usual 2x2 / stride 2 max pool (LeNet-style
// layers), one pool window at a time: its four conv pixels are widened into
// one tile and every pair of output channels runs as a 4 pixels x 2 channels
// block (eight accumulators; per K-pair six loads feed eight SMLADs), the
// window's max taken in registers. Only the two maxima per channel pair
// leave the loop; the bias is added to them and they are requantized once
// (monotone, as in conv_s8.h). No running maxima, no pending pixels.
// Cortex-M4 assembly: pooled_quad_m4.S; elsewhere a C++ twin.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/conv_s8_params.h"

namespace nib::kernels::cortex_m {

// Same conditions in every build: the choice sizes the scratch.
bool pooled_quad_applies(const ConvS8Params& p);
size_t pooled_quad_scratch_bytes(const ConvS8Params& p);
// p.bias holds the folded bias.
void pooled_quad_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output, void* scratch);

}  // namespace nib::kernels::cortex_m
