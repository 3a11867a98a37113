// 1x1 convolutions over 8, 16 or 32 input channels with an even channel
// count: 4 pixels x 2 channels per tile. Per run, each channel pair's
// weights are widened and doubled once into a record with both channels'
// doubled folded bias and requantization constants, so the tile does no
// sign-extension of weights and no per-channel pointer walking; each
// output then costs K/2 SMLADs and four instructions of requantization
// (one SMMLAR with the rounding and the output offset folded in).
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/conv_s8_params.h"

namespace nib::kernels::cortex_m {

// Shape test only (taken alike in every build: it sizes scratch).
bool pointwise_quad_applies(const ConvS8Params& p);
size_t pointwise_quad_scratch_bytes(const ConvS8Params& p);
// Runs the layer when its requantization allows (accumulators proven
// small, right shifts of 1 to 22, non-negative multipliers); false: nothing
// done. p.bias: folded.
bool pointwise_quad_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output,
                       void* scratch);

// The same tile on small receptive fields (conv_s8's first layers: K2 = 6
// or 15 int16 pairs per field, the fields pixel after pixel), without a
// fused pool and with an even channel count. Shape test; the records' bytes;
// building them from p.weight_pairs (false: the requantization does not
// allow the tile); and one row's whole 4-pixel tiles (returns the pixels
// done).
bool field_quad_applies(const ConvS8Params& p);
size_t field_quad_scratch_bytes(const ConvS8Params& p);
bool field_quad_records(const ConvS8Params& p, int32_t* rec);
int32_t field_quads(const ConvS8Params& p, const int32_t* rec, const uint32_t* fields, int32_t out_w, int8_t* out);

}  // namespace nib::kernels::cortex_m
