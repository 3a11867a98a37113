// Fast int8 CONV_2D for the Cortex-M4 (SMLAD on sign-extended byte pairs),
// optionally with the MAX_POOL_2D that follows it fused in.
//
// Two transformations keep it bit-exact with the reference kernel:
//  - The input offset is folded into the bias at prepare time:
//    sum((x + off) * w) = sum(x * w) + off * sum(w). Padded positions read
//    the input zero point (= -off), whose products cancel the folded term.
//  - Max pooling commutes with requantization: bias add, the fixed-point
//    multiply with a positive multiplier, rounding, the offset and the
//    clamps are all non-decreasing, so the pool's max can be taken on the
//    int32 accumulators and only the winner is requantized (when a positive
//    shift cannot overflow; checked at prepare).
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/conv_s8_params.h"
#include "kernels/cortex_m/requant.h"
#include "kernels/params.h"

namespace nib::kernels::cortex_m {

// Sets p->stage and p->asm_mode from p->fast_requant and p->conv.requant.
void conv_s8_set_stages(ConvS8Params* p);

// Largest |accumulator| a convolution can produce (before requantization).
int64_t conv_s8_acc_bound(const ConvParams& p, const int32_t* bias);
// Whether every channel's accumulators can take requant_fast, from its own
// bound |bias| + 255 * sum |w| (inputs with their offset are at most 255 in
// magnitude): tighter than conv_s8_acc_bound's largest bias plus the largest
// possible weights, which refuses layers whose channels are all fine.
bool conv_s8_fast_requant_ok(const ConvParams& p, const int8_t* filter, const int32_t* bias);

// A layer's ChannelPlan (conv_s8_params.h): counts each kind (the arrays of
// `plan` untouched) ...
ChannelPlan conv_s8_count_channels(const ConvParams& p, const int8_t* filter, const int32_t* bias);
// ... keeps what pays (lists only with constant channels, exact only if
// short; false: nothing worth a plan) ...
bool conv_s8_trim_plan(bool fast_requant, ChannelPlan* plan);
// ... and fills the arrays the trimmed plan kept (allocated by the caller
// with its counts).
void conv_s8_fill_plan(const ConvParams& p, const int8_t* filter, const int32_t* bias, ChannelPlan* plan);

bool conv_s8_small_field(const ConvParams& p);
// Pairs per receptive field, filter row by filter row: each row is read as
// whole words (the bytes past the row meet zero weights), so a field is a
// few word loads straight from the input.
int32_t conv_s8_small_k2(const ConvParams& p);
// One channel's filter_h x filter_w x in_c weights as its K2 pairs.
void conv_s8_widen_channel(const ConvParams& p, const int8_t* taps, uint32_t* pairs);
// Persistent bytes of the widened weights, and filling them.
size_t conv_s8_weight_pairs_bytes(const ConvParams& p);
void conv_s8_widen_weights(const ConvParams& p, const int8_t* filter, uint32_t* pairs);

// True when the fast kernel handles this convolution.
bool conv_s8_supported(const ConvParams& p);
// Scratch bytes the kernel needs.
size_t conv_s8_scratch_bytes(const ConvS8Params& p);
// The scratch a faster path of the layer would use (more than
// conv_s8_scratch_bytes), or 0: the planner grants it only where it does not
// raise the arena's peak (plan_offsets_with_preferred), the same in every build.
size_t conv_s8_preferred_scratch_bytes(const ConvS8Params& p);
// Folded bias: bias[c] + input_offset * sum of channel c's weights.
void conv_s8_fold_bias(const ConvParams& p, const int8_t* filter, const int32_t* bias, int32_t* folded);

void conv_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* model_bias,
             int8_t* output, void* scratch);

}  // namespace nib::kernels::cortex_m
