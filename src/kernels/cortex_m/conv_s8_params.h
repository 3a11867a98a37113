// The parameters of the Cortex-M CONV_2D kernels: what prepare decides
// (prepare_conv.cc, conv_s8.cc) and every convolution path reads (conv_s8's
// dispatcher and the tiles it hands layers to). Apart from conv_s8.h so that
// the paths need not include their dispatcher.
#pragma once

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
// Receptive fields up to this many int16 pairs use the small-field path.
inline constexpr int32_t kSmallFieldPairs = 16;
// The small-field pair order, shared by weights and fields: every 4 bytes
// b0..b3 become (b0,b2) and (b1,b3), which is what SXTB16 and SXTB16 ROR #8
// make of one word; a last partial word keeps the pairs that hold a byte.
inline int32_t small_pair_count(int32_t bytes) {
  const int32_t r = bytes % 4;
  return 2 * (bytes / 4) + (r == 0 ? 0 : (r == 1 ? 1 : 2));
}
}  // namespace nib::kernels::cortex_m
