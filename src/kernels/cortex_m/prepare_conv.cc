// Prepare for the Cortex-M convolution kernels (moved here from ops/ so that
// each kernel family owns what it precomputes).
#include "kernels/cortex_m/prepare_conv.h"

#include <type_traits>

#include "kernels/cortex_m/bias_fold.h"
#include "kernels/cortex_m/requant.h"

namespace nib::kernels::cortex_m {
namespace {

// Constant (all-zero-weight) channels and channels needing exact
// requantization, for the pair-GEMM paths; the plan is persistent.
void plan_channels(PersistentAllocator& mem, const kernels::ConvParams& p, const int8_t* filter, const int32_t* bias,
                   ConvS8Params* fast) {
  ChannelPlan counts = conv_s8_count_channels(p, filter, bias);
  if (!conv_s8_trim_plan(fast->fast_requant, &counts)) return;
  auto* plan = mem.allocate_array<ChannelPlan>(1);
  if (plan == nullptr) return;  // arena exhausted: init reports it
  *plan = counts;
  const auto array = [&mem](auto* kind, int32_t n) {
    using T = std::remove_pointer_t<decltype(kind)>;
    return n > 0 ? mem.allocate_array<T>(static_cast<size_t>(n)) : nullptr;
  };
  plan->live = array(plan->live, plan->live_count);
  plan->constant = array(plan->constant, plan->constant_count);
  plan->values = array(plan->values, plan->constant_count);
  plan->exact = array(plan->exact, plan->exact_count);
  if ((plan->live_count > 0 && plan->live == nullptr) || (plan->constant_count > 0 && plan->values == nullptr) ||
      (plan->constant_count > 0 && plan->constant == nullptr) || (plan->exact_count > 0 && plan->exact == nullptr))
    return;
  conv_s8_fill_plan(p, filter, bias, plan);
  fast->plan = plan;
}

}  // namespace

bool conv_s8_can_fuse_pool(const ConvParams& p, const int32_t* bias) {
  if (p.requant.shift == nullptr) return false;
  const int64_t bound = conv_s8_acc_bound(p, bias);
  for (int32_t c = 0; c < p.out_c; ++c)
    if (p.requant.shift[c] > 0 && bound >= (int64_t{1} << 31) >> p.requant.shift[c]) return false;  // bound << shift >= 2^31
  return true;
}

KernelChoice prepare_conv_s8(const ConvParams& p, const int8_t* filter, const int32_t* bias, const FusedPool* pool,
                             PersistentAllocator& mem, ConvS8Params* fast) {
  *fast = ConvS8Params{};
  fast->conv = p;
  fast->pad_value = static_cast<int8_t>(-p.input_offset);
  fast->fold_at_run = true;
  const bool small = conv_s8_small_field(p);
  if (small) fast->k2 = static_cast<int16_t>(conv_s8_small_k2(p));  // <= kSmallFieldPairs; weights widened in scratch at each run
  const bool fused = pool != nullptr;
  if (fused) fast->pool = *pool;
  fast->fast_requant = conv_s8_fast_requant_ok(p, filter, bias);
  conv_s8_set_stages(fast);
  if (!small && !fused && p.requant.shift != nullptr) plan_channels(mem, p, filter, bias, fast);
  const char* names[2][2] = {{"dsp", "dsp+maxpool"}, {"dsp-small", "dsp-small+maxpool"}};
  return KernelChoice{names[small][fused], conv_s8_scratch_bytes(*fast), conv_s8_preferred_scratch_bytes(*fast)};
}

void conv_s8_own_filter(const ConvOwnFilter& f, const int8_t* input, int8_t* output, void* scratch) {
  conv_s8(f.conv, input, f.filter, nullptr, output, scratch);
}

bool prepare_single_channel_depthwise(const ConvParams& p, const int8_t* filter, const int32_t* bias,
                                      PersistentAllocator& mem, ConvOwnFilter* out, KernelChoice* choice) {
  if (p.in_c != 1 || p.requant.shift == nullptr) return false;
  kernels::ConvParams as_conv = p;
  as_conv.filter_in_c = 1;
  as_conv.depth_multiplier = 1;
  // filter: [1, KH, KW, M]
  const int32_t taps = p.filter_h * p.filter_w, m = p.out_c;
  const auto weight = [filter, m](int32_t oc, int32_t t) -> int32_t { return filter[t * m + oc]; };
  ConvOwnFilter fast{};
  fast.conv.conv = as_conv;
  fast.conv.pad_value = static_cast<int8_t>(-p.input_offset);
  int32_t* folded = mem.allocate_array<int32_t>(static_cast<size_t>(m));
  if (folded != nullptr)
    for (int32_t oc = 0; oc < m; ++oc)
      folded[oc] = folded_bias(bias, oc, p.input_offset, tap_major_weight_sum(filter, taps, m, oc));
  fast.conv.bias = folded;
  const bool small = conv_s8_small_field(as_conv);
  if (small) {
    fast.conv.k2 = static_cast<int16_t>(conv_s8_small_k2(as_conv));
    auto* pairs = static_cast<uint32_t*>(mem.allocate(conv_s8_weight_pairs_bytes(as_conv), 4));
    if (pairs != nullptr)
      for (int32_t oc = 0; oc < m; ++oc) {
        int8_t channel[2 * kSmallFieldPairs];  // the small-field test bounds taps
        for (int32_t t = 0; t < taps; ++t) channel[t] = static_cast<int8_t>(weight(oc, t));
        conv_s8_widen_channel(as_conv, channel, pairs + oc * fast.conv.k2);
      }
    fast.conv.weight_pairs = pairs;
  } else {
    auto* copy = mem.allocate_array<int8_t>(static_cast<size_t>(m) * taps);
    if (copy != nullptr)
      for (int32_t oc = 0; oc < m; ++oc)
        for (int32_t t = 0; t < taps; ++t) copy[oc * taps + t] = static_cast<int8_t>(weight(oc, t));
    fast.filter = copy;
  }
  fast.conv.fast_requant = requant_fast_ok(conv_s8_acc_bound(as_conv, bias), p.requant.shift, p.out_c);
  conv_s8_set_stages(&fast.conv);
  *out = fast;
  *choice = KernelChoice{small ? "dsp-small" : "dsp", conv_s8_scratch_bytes(fast.conv)};
  return true;
}

KernelChoice prepare_depthwise_s8(const ConvParams& p, const int32_t* bias, DepthwiseS8Params* fast) {
  *fast = DepthwiseS8Params{};
  fast->conv = p;
  fast->fast_requant =
      requant_fast_ok(acc_bound(bias, p.out_c, int64_t{p.filter_h} * p.filter_w), p.requant.shift, p.out_c);
  return KernelChoice{"dsp", depthwise_s8_scratch_bytes(p)};
}

}  // namespace nib::kernels::cortex_m
