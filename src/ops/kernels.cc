// Kernel selection for operators with optimized variants.
#include "ops/kernels.h"

#include <cstdint>
#include <cstdlib>
#include <type_traits>

#include "kernels/cortex_m/conv_s8.h"
#include "kernels/cortex_m/depthwise_conv_s8.h"
#include "kernels/cortex_m/fully_connected_s8.h"
#include "kernels/cortex_m/requant.h"
#include "ops/common.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace cm = kernels::cortex_m;

void run_conv_s8(const OpRuntime& rt) {
  cm::conv_s8(*static_cast<const cm::ConvS8Params*>(rt.params), static_cast<const int8_t*>(rt.inputs[0]),
              static_cast<const int8_t*>(rt.inputs[1]), static_cast<const int32_t*>(rt.inputs[2]),
              static_cast<int8_t*>(rt.outputs[0]), rt.scratch);
}

// The optional int32 bias (input 2) of a conv-like op, or null.
const int32_t* int32_bias(const PrepareContext& ctx) {
  return ctx.has_input(2) ? static_cast<const int32_t*>(ctx.input(2).data) : nullptr;
}

// Is tensor t read by any operator other than `except`, or a model output?
bool used_elsewhere(const Model& model, int32_t t, int except) {
  for (int32_t out : model.outputs())
    if (out == t) return true;
  for (int i = 0; i < model.op_count(); ++i) {
    if (i == except) continue;
    for (int32_t in : model.op(i).inputs)
      if (in == t) return true;
  }
  return false;
}

// A MAX_POOL_2D right after this convolution that is its output's only
// reader can run inside the convolution (see kernels/cortex_m/conv_s8.h).
bool fusable_max_pool(const PrepareContext& ctx, const kernels::ConvParams& p, const int32_t* bias,
                      cm::FusedPool* pool) {
  const Model& model = ctx.model();
  const int next = ctx.index() + 1;
  if (next >= model.op_count()) return false;
  const OpInfo n = model.op(next);
  const int32_t conv_out = ctx.op().outputs[0];
  if (n.code != static_cast<int32_t>(OpCode::kMaxPool2D) || n.inputs.size() != 1 || n.inputs[0] != conv_out ||
      n.outputs.size() != 1 || used_elsewhere(model, conv_out, next))
    return false;
  const auto* o = n.op->builtin_options_as<fb::Pool2DOptions>();
  const TensorInfo in = model.tensor(conv_out), out = model.tensor(n.outputs[0]);
  if (o == nullptr || in.type != DType::kInt8 || out.type != DType::kInt8 || out.rank() != 4 ||
      o->stride_h() < 1 || o->stride_w() < 1 || o->filter_height() < 1 || o->filter_width() < 1)
    return false;
  if (in.scales.size() != 1 || out.scales.size() != 1 || in.scale() != out.scale() ||
      in.zero_point() != out.zero_point())
    return false;
  // Requantization must be monotone: a positive shift must not overflow.
  if (p.requant.shift == nullptr) return false;
  const int64_t bound = cm::conv_s8_acc_bound(p, bias);
  for (int32_t c = 0; c < p.out_c; ++c)
    if (p.requant.shift[c] > 0 && bound >= (int64_t{1} << 31) >> p.requant.shift[c]) return false;  // bound << shift >= 2^31

  const Padded ph = compute_padding(o->padding(), p.out_h, o->filter_height(), o->stride_h(), 1);
  const Padded pw = compute_padding(o->padding(), p.out_w, o->filter_width(), o->stride_w(), 1);
  if (ph.out < 1 || pw.out < 1 || out.dim(0) != p.batches || out.dim(1) != ph.out || out.dim(2) != pw.out ||
      out.dim(3) != p.out_c)
    return false;
  // FusedPool keeps 16-bit fields.
  for (const int32_t v : {o->filter_height(), o->filter_width(), o->stride_h(), o->stride_w(), ph.pad, pw.pad, ph.out,
                          pw.out})
    if (v > INT16_MAX) return false;
  pool->filter_h = static_cast<int16_t>(o->filter_height());
  pool->filter_w = static_cast<int16_t>(o->filter_width());
  pool->stride_h = static_cast<int16_t>(o->stride_h());
  pool->stride_w = static_cast<int16_t>(o->stride_w());
  pool->pad_h = static_cast<int16_t>(ph.pad);
  pool->pad_w = static_cast<int16_t>(pw.pad);
  pool->out_h = static_cast<int16_t>(ph.out);
  pool->out_w = static_cast<int16_t>(pw.out);
  int32_t act_min = -128, act_max = 127;
  if (!activation_range_s8(ctx, o->fused_activation_function(), out, &act_min, &act_max).is_ok()) return false;
  pool->act_min = static_cast<int16_t>(act_min);
  pool->act_max = static_cast<int16_t>(act_max);
  return true;
}

// Constant (all-zero-weight) channels and channels needing exact
// requantization, for the pair-GEMM paths; the plan is persistent.
void plan_channels(PrepareContext& ctx, const kernels::ConvParams& p, const int8_t* filter, const int32_t* bias,
                   cm::ConvS8Params* fast) {
  cm::ChannelPlan counts = cm::conv_s8_count_channels(p, filter, bias);
  if (!cm::conv_s8_trim_plan(fast->fast_requant, &counts)) return;
  auto* plan = ctx.allocate_array<cm::ChannelPlan>(1);
  if (plan == nullptr) return;  // arena exhausted: init reports it
  *plan = counts;
  const auto array = [&ctx](auto* kind, int32_t n) {
    using T = std::remove_pointer_t<decltype(kind)>;
    return n > 0 ? ctx.allocate_array<T>(static_cast<size_t>(n)) : nullptr;
  };
  plan->live = array(plan->live, plan->live_count);
  plan->constant = array(plan->constant, plan->constant_count);
  plan->values = array(plan->values, plan->constant_count);
  plan->exact = array(plan->exact, plan->exact_count);
  if ((plan->live_count > 0 && plan->live == nullptr) || (plan->constant_count > 0 && plan->values == nullptr) ||
      (plan->constant_count > 0 && plan->constant == nullptr) || (plan->exact_count > 0 && plan->exact == nullptr))
    return;
  cm::conv_s8_fill_plan(p, filter, bias, plan);
  fast->plan = plan;
}

}  // namespace

void select_conv2d_s8(PrepareContext& ctx, const kernels::ConvParams& p, InvokeFn reference) {
  if (ctx.options().kernels != Kernels::kOptimized || !cm::conv_s8_supported(p)) {
    ctx.set_kernel(reference, "reference", p);
    return;
  }
  cm::ConvS8Params fast;
  fast.conv = p;
  fast.pad_value = static_cast<int8_t>(-p.input_offset);
  const auto* filter = static_cast<const int8_t*>(ctx.input(1).data);
  const int32_t* bias = int32_bias(ctx);
  fast.fold_at_run = true;
  const bool small = cm::conv_s8_small_field(p);
  if (small) fast.k2 = static_cast<int16_t>(cm::conv_s8_small_k2(p));  // <= kSmallFieldPairs  // weights widened in scratch at each run
  const bool fused = fusable_max_pool(ctx, p, bias, &fast.pool);
  if (fused) ctx.fuse_next();
  fast.fast_requant = cm::conv_s8_fast_requant_ok(p, filter, bias);
  if (!small && !fused && p.requant.shift != nullptr) plan_channels(ctx, p, filter, bias, &fast);
  ctx.request_scratch(cm::conv_s8_scratch_bytes(fast));
  const char* names[2][2] = {{"dsp", "dsp+maxpool"}, {"dsp-small", "dsp-small+maxpool"}};
  ctx.set_kernel(run_conv_s8, names[small][fused], fast);
}

void run_depthwise_s8(const OpRuntime& rt) {
  cm::depthwise_s8(*static_cast<const cm::DepthwiseS8Params*>(rt.params), static_cast<const int8_t*>(rt.inputs[0]),
                   static_cast<const int8_t*>(rt.inputs[1]), static_cast<const int32_t*>(rt.inputs[2]),
                   static_cast<int8_t*>(rt.outputs[0]), rt.scratch);
}

// A depthwise convolution of a single input channel is an ordinary one with
// depth_multiplier output channels: run it on the conv paths. Its weights
// [1, KH, KW, M] are transposed once to the conv layout (small fields: widened
// to int16 pairs instead), which is counted in the arena's persistent part.
struct ConvOwnFilter {
  cm::ConvS8Params conv;
  const int8_t* filter;  // conv-layout copy, or null on the small-field path
};

void run_conv_s8_own_filter(const OpRuntime& rt) {
  const auto& f = *static_cast<const ConvOwnFilter*>(rt.params);
  cm::conv_s8(f.conv, static_cast<const int8_t*>(rt.inputs[0]), f.filter, nullptr, static_cast<int8_t*>(rt.outputs[0]),
              rt.scratch);
}

bool select_single_channel_depthwise(PrepareContext& ctx, const kernels::ConvParams& p) {
  if (p.in_c != 1 || p.requant.shift == nullptr) return false;
  kernels::ConvParams as_conv = p;
  as_conv.filter_in_c = 1;
  as_conv.depth_multiplier = 1;
  const auto* filter = static_cast<const int8_t*>(ctx.input(1).data);  // [1, KH, KW, M]
  const int32_t* bias = int32_bias(ctx);
  const int32_t taps = p.filter_h * p.filter_w, m = p.out_c;
  const auto weight = [filter, m](int32_t oc, int32_t t) -> int32_t { return filter[t * m + oc]; };
  ConvOwnFilter fast{};
  fast.conv.conv = as_conv;
  fast.conv.pad_value = static_cast<int8_t>(-p.input_offset);
  int32_t* folded = ctx.allocate_array<int32_t>(static_cast<size_t>(m));
  if (folded != nullptr)
    for (int32_t oc = 0; oc < m; ++oc) {
      int32_t sum = 0;
      for (int32_t t = 0; t < taps; ++t) sum += weight(oc, t);
      folded[oc] = (bias ? bias[oc] : 0) + p.input_offset * sum;
    }
  fast.conv.bias = folded;
  const bool small = cm::conv_s8_small_field(as_conv);
  if (small) {
    fast.conv.k2 = static_cast<int16_t>(cm::conv_s8_small_k2(as_conv));
    auto* pairs = static_cast<uint32_t*>(ctx.allocate_bytes(cm::conv_s8_weight_pairs_bytes(as_conv), 4));
    if (pairs != nullptr)
      for (int32_t oc = 0; oc < m; ++oc) {
        int8_t channel[2 * cm::kSmallFieldPairs];  // the small-field test bounds taps
        for (int32_t t = 0; t < taps; ++t) channel[t] = static_cast<int8_t>(weight(oc, t));
        cm::conv_s8_widen_channel(as_conv, channel, pairs + oc * fast.conv.k2);
      }
    fast.conv.weight_pairs = pairs;
  } else {
    auto* copy = ctx.allocate_array<int8_t>(static_cast<size_t>(m) * taps);
    if (copy != nullptr)
      for (int32_t oc = 0; oc < m; ++oc)
        for (int32_t t = 0; t < taps; ++t) copy[oc * taps + t] = static_cast<int8_t>(weight(oc, t));
    fast.filter = copy;
  }
  fast.conv.fast_requant = cm::requant_fast_ok(cm::conv_s8_acc_bound(as_conv, bias), p.requant.shift, p.out_c);
  ctx.request_scratch(cm::conv_s8_scratch_bytes(fast.conv));
  ctx.set_kernel(run_conv_s8_own_filter, small ? "dsp-small" : "dsp", fast);
  return true;
}

void select_depthwise_conv2d_s8(PrepareContext& ctx, const kernels::ConvParams& p, InvokeFn reference) {
  if (ctx.options().kernels == Kernels::kOptimized && select_single_channel_depthwise(ctx, p)) return;
  if (ctx.options().kernels != Kernels::kOptimized || !cm::depthwise_s8_supported(p) || p.requant.shift == nullptr) {
    ctx.set_kernel(reference, "reference", p);
    return;
  }
  cm::DepthwiseS8Params fast;
  fast.conv = p;
  const int32_t* bias = int32_bias(ctx);
  fast.fast_requant =
      cm::requant_fast_ok(cm::acc_bound(bias, p.out_c, int64_t{p.filter_h} * p.filter_w), p.requant.shift, p.out_c);
  ctx.request_scratch(cm::depthwise_s8_scratch_bytes(p));
  ctx.set_kernel(run_depthwise_s8, "dsp", fast);
}

void run_fully_connected_s8(const OpRuntime& rt) {
  cm::fully_connected_s8(*static_cast<const cm::FcS8Params*>(rt.params), static_cast<const int8_t*>(rt.inputs[0]),
                         static_cast<const int8_t*>(rt.inputs[1]), static_cast<const int32_t*>(rt.inputs[2]),
                         static_cast<int8_t*>(rt.outputs[0]), rt.scratch);
}

void select_fully_connected_s8(PrepareContext& ctx, const kernels::FullyConnectedParams& p, InvokeFn reference) {
  if (ctx.options().kernels != Kernels::kOptimized || !cm::fully_connected_s8_supported(p) ||
      p.requant.shift == nullptr) {
    ctx.set_kernel(reference, "reference", p);
    return;
  }
  const cm::FcS8Params fast = cm::fully_connected_s8_prepare(p, int32_bias(ctx));
  ctx.request_scratch(cm::fully_connected_s8_scratch_bytes(fast));
  ctx.set_kernel(run_fully_connected_s8, "dsp", fast);
}

}  // namespace nib::ops
