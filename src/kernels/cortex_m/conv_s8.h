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

#include "kernels/cortex_m/requant.h"
#include "kernels/params.h"

namespace nib::kernels::cortex_m {

// 16-bit fields: the parameters live in the arena for the model's lifetime
// (the selection checks the values fit).
struct FusedPool {
  int16_t filter_h = 0, filter_w = 0;  // 0: no pooling fused
  int16_t stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;
  int16_t out_h = 0, out_w = 0;
  int16_t act_min = -128, act_max = 127;
};

struct ConvS8Params {
  ConvParams conv;                   // shapes and requantization
  const int32_t* bias = nullptr;     // bias + input_offset * sum(filter[c]), per output channel
  FusedPool pool;
  int8_t pad_value = 0;              // the input zero point
  bool fast_requant = false;  // accumulators proven small enough for requant_fast
  // Fold the bias into scratch at every run (from the model's bias and
  // weights) instead of keeping `bias` in persistent memory: a few adds per
  // weight, and no arena bytes that outlive the operator.
  bool fold_at_run = false;
  // Requantization decided once by conv_s8_set_stages (after fast_requant):
  // the C++ small-field stage, and the pair-GEMM assembly's mode (0: any
  // shift; 1: every shift negative; 2: and all of int8 as the range).
  // Defaults are the always-exact ones. (Bytes placed beside the other small
  // fields: the struct lives in the arena for the model's lifetime.)
  Stage stage = Stage::kChecked;
  // Small receptive fields (first layers with 1-4 input channels), when k2
  // > 0: each channel's weights widened to k2 int16 pairs
  // (conv_s8_widen_weights), so the inner loop is K2 loads and K2 SMLADs;
  // kept in `weight_pairs`, or widened into scratch at every run when null.
  int16_t k2 = 0;
  int8_t asm_mode = 0;
  // The planner granted conv_s8_preferred_scratch_bytes (the scratch holds
  // that much): the pair GEMM may take its 4-pixel tile where the required
  // scratch fits only the 2-pixel loop. Set per run by the interpreter's
  // invoke from the planned size, baked in by nib compile.
  bool wide_scratch = false;
  const uint32_t* weight_pairs = nullptr;
  // Pair-GEMM paths only (pair_gemm_s8.h): how channels are treated, when
  // not all alike (see ChannelPlan).
  const struct ChannelPlan* plan = nullptr;
};

// Sets p->stage and p->asm_mode from p->fast_requant and p->conv.requant.
void conv_s8_set_stages(ConvS8Params* p);

// Largest |accumulator| a convolution can produce (before requantization).
int64_t conv_s8_acc_bound(const ConvParams& p, const int32_t* bias);
// Whether every channel's accumulators can take requant_fast, from its own
// bound |bias| + 255 * sum |w| (inputs with their offset are at most 255 in
// magnitude): tighter than conv_s8_acc_bound's largest bias plus the largest
// possible weights, which refuses layers whose channels are all fine.
bool conv_s8_fast_requant_ok(const ConvParams& p, const int8_t* filter, const int32_t* bias);

// A layer's channels for the pair-GEMM paths. Channels whose weights are
// all zero (pruned models) give the same byte at every pixel, known at
// prepare: `constant` with `values`. The others are `live` (padded to an
// even count by repeating the last one), or every channel when `live` is
// null. `exact`: live channels whose bound (|bias| + 255 * sum |w|) *
// 2^max(shift, 0) reaches 2^30, so they may not take requant_fast; the fast
// loop runs them anyway and they are redone exactly.
struct ChannelPlan {
  uint16_t* live = nullptr;
  int32_t live_count = 0;
  uint16_t* constant = nullptr;
  int8_t* values = nullptr;
  int32_t constant_count = 0;
  uint16_t* exact = nullptr;
  int32_t exact_count = 0;
  // Every live channel that may not take requant_fast is in `exact` (the
  // list was not dropped for its length), so the fast loop may run the
  // layer even when ConvS8Params::fast_requant is false (e.g. a pruned
  // channel's huge bias spoiled the layer-wide proof).
  bool exact_complete = false;
};
// Counts each kind (the arrays of `plan` untouched) ...
ChannelPlan conv_s8_count_channels(const ConvParams& p, const int8_t* filter, const int32_t* bias);
// ... keeps what pays (lists only with constant channels, exact only if
// short; false: nothing worth a plan) ...
bool conv_s8_trim_plan(bool fast_requant, ChannelPlan* plan);
// ... and fills the arrays the trimmed plan kept (allocated by the caller
// with its counts).
void conv_s8_fill_plan(const ConvParams& p, const int8_t* filter, const int32_t* bias, ChannelPlan* plan);

// Receptive fields up to this many int16 pairs use the small-field path.
inline constexpr int32_t kSmallFieldPairs = 16;
bool conv_s8_small_field(const ConvParams& p);
// The small-field pair order, shared by weights and fields: every 4 bytes
// b0..b3 become (b0,b2) and (b1,b3), which is what SXTB16 and SXTB16 ROR #8
// make of one word; a last partial word keeps the pairs that hold a byte.
inline int32_t small_pair_count(int32_t bytes) {
  const int32_t r = bytes % 4;
  return 2 * (bytes / 4) + (r == 0 ? 0 : (r == 1 ? 1 : 2));
}
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
