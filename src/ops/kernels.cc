// Kernel selection for operators with optimized variants: ops/ decides that
// a fast kernel may run (Options, the kernel's supported() test, the graph's
// proposed fusion), the kernel family prepares its own data
// (kernels/cortex_m/prepare_*.h), and the choice is recorded here.
#include "ops/kernels.h"

#include <cstdint>

#include "kernels/cortex_m/fully_connected_s8.h"
#include "kernels/cortex_m/prepare_conv.h"
#include "ops/common.h"
#include "ops/invoke.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace cm = kernels::cortex_m;

// The optional int32 bias (input 2) of a conv-like op, or null.
const int32_t* int32_bias(const PrepareContext& ctx) {
  return ctx.has_input(2) ? static_cast<const int32_t*>(ctx.input(2).data) : nullptr;
}

bool optimized(const PrepareContext& ctx) { return ctx.options().kernels == Kernels::kOptimized; }

// A conv that asked for preferred scratch: whether the planner granted it is
// in the planned size, so the faster path is told per run.
void run_conv_s8_preferring(const OpRuntime& rt) {
  cm::ConvS8Params p = *static_cast<const cm::ConvS8Params*>(rt.params);
  p.wide_scratch = rt.scratch_bytes >= cm::conv_s8_preferred_scratch_bytes(p);
  cm::conv_s8(p, static_cast<const int8_t*>(rt.inputs[0]), static_cast<const int8_t*>(rt.inputs[1]),
              static_cast<const int32_t*>(rt.inputs[2]), static_cast<int8_t*>(rt.outputs[0]), rt.scratch);
}

// The MAX_POOL_2D that the graph proposes to fuse (the next operator, the
// conv output's only reader) can run inside the convolution when its
// quantization and geometry suit the kernel (see kernels/cortex_m/conv_s8.h).
bool fusable_max_pool(const PrepareContext& ctx, const kernels::ConvParams& p, const int32_t* bias,
                      cm::FusedPool* pool) {
  if (ctx.proposed_fusion() != graph::Fusion::kMaxPool) return false;
  const Model& model = ctx.model();
  const OpInfo n = model.op(ctx.index() + 1);
  const int32_t conv_out = ctx.op().outputs[0];
  const auto* o = n.op->builtin_options_as<fb::Pool2DOptions>();
  const TensorInfo in = model.tensor(conv_out), out = model.tensor(n.outputs[0]);
  if (o == nullptr || in.type != DType::kInt8 || out.type != DType::kInt8 || out.rank() != 4 ||
      o->stride_h() < 1 || o->stride_w() < 1 || o->filter_height() < 1 || o->filter_width() < 1)
    return false;
  if (in.scales.size() != 1 || out.scales.size() != 1 || in.scale() != out.scale() ||
      in.zero_point() != out.zero_point())
    return false;
  if (!cm::conv_s8_can_fuse_pool(p, bias)) return false;

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

}  // namespace

void select_conv2d_s8(PrepareContext& ctx, const kernels::ConvParams& p, InvokeFn reference) {
  if (!optimized(ctx) || !cm::conv_s8_supported(p)) {
    ctx.set_kernel(reference, "reference", p);
    return;
  }
  const int32_t* bias = int32_bias(ctx);
  cm::FusedPool pool;
  const bool fused = fusable_max_pool(ctx, p, bias, &pool);
  if (fused) ctx.fuse_next();
  cm::ConvS8Params fast;
  const cm::KernelChoice k = cm::prepare_conv_s8(p, static_cast<const int8_t*>(ctx.input(1).data), bias,
                                                 fused ? &pool : nullptr, ctx.persistent(), &fast);
  ctx.request_scratch(k.scratch_bytes, k.preferred_scratch_bytes);
  ctx.set_kernel(k.preferred_scratch_bytes > 0 ? run_conv_s8_preferring : invoke<cm::conv_s8>, k.name, fast);
}

void select_depthwise_conv2d_s8(PrepareContext& ctx, const kernels::ConvParams& p, InvokeFn reference) {
  const int32_t* bias = int32_bias(ctx);
  if (optimized(ctx)) {
    cm::ConvOwnFilter as_conv;
    cm::KernelChoice k;
    if (cm::prepare_single_channel_depthwise(p, static_cast<const int8_t*>(ctx.input(1).data), bias,
                                             ctx.persistent(), &as_conv, &k)) {
      ctx.request_scratch(k.scratch_bytes);
      ctx.set_kernel(invoke<cm::conv_s8_own_filter>, k.name, as_conv);
      return;
    }
  }
  if (!optimized(ctx) || !cm::depthwise_s8_supported(p) || p.requant.shift == nullptr) {
    ctx.set_kernel(reference, "reference", p);
    return;
  }
  cm::DepthwiseS8Params fast;
  const cm::KernelChoice k = cm::prepare_depthwise_s8(p, bias, &fast);
  ctx.request_scratch(k.scratch_bytes);
  ctx.set_kernel(invoke<cm::depthwise_s8>, k.name, fast);
}

void select_fully_connected_s8(PrepareContext& ctx, const kernels::FullyConnectedParams& p, InvokeFn reference) {
  if (!optimized(ctx) || !cm::fully_connected_s8_supported(p) || p.requant.shift == nullptr) {
    ctx.set_kernel(reference, "reference", p);
    return;
  }
  const cm::FcS8Params fast = cm::fully_connected_s8_prepare(p, int32_bias(ctx));
  ctx.request_scratch(cm::fully_connected_s8_scratch_bytes(fast));
  ctx.set_kernel(invoke<cm::fully_connected_s8>, "dsp", fast);
}

}  // namespace nib::ops
