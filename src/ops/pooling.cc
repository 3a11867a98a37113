// MAX_POOL_2D and AVERAGE_POOL_2D prepare.
#include "kernels/cortex_m/average_pool_s8.h"
#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/invoke.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;
using P = kernels::PoolParams;

Status prepare_pool(PrepareContext& ctx, bool is_max) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  const auto* o = ctx.options_as<fb::Pool2DOptions>();
  const TensorInfo in = ctx.input(0), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_rank(ctx, in, 4, "input"));
  NIB_RETURN_IF_ERROR(check_rank(ctx, out, 4, "output"));
  if (in.type != DType::kInt8 && in.type != DType::kFloat32) return ctx.unsupported("input type ", dtype_name(in.type));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  if (o->stride_h() < 1 || o->stride_w() < 1 || o->filter_height() < 1 || o->filter_width() < 1)
    return ctx.invalid("filter size and strides must be >= 1");
  P p{};
  p.batches = in.dim(0);
  p.in_h = in.dim(1);
  p.in_w = in.dim(2);
  p.channels = in.dim(3);
  p.filter_h = o->filter_height();
  p.filter_w = o->filter_width();
  p.stride_h = o->stride_h();
  p.stride_w = o->stride_w();
  const Padded ph = compute_padding(o->padding(), p.in_h, p.filter_h, p.stride_h, 1);
  const Padded pw = compute_padding(o->padding(), p.in_w, p.filter_w, p.stride_w, 1);
  p.out_h = ph.out;
  p.out_w = pw.out;
  p.pad_h = ph.pad;
  p.pad_w = pw.pad;
  if (p.out_h < 1 || p.out_w < 1) return ctx.invalid("window larger than input");
  if (out.dim(0) != p.batches || out.dim(1) != p.out_h || out.dim(2) != p.out_w || out.dim(3) != p.channels)
    return ctx.invalid("output shape does not match input, window, strides and padding");
  if (in.type == DType::kInt8) {
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
    if (in.scale() != out.scale() || in.zero_point() != out.zero_point())
      return ctx.unsupported("int8 pooling needs equal input and output quantization");
    NIB_RETURN_IF_ERROR(activation_range_s8(ctx, o->fused_activation_function(), out, &p.act_min, &p.act_max));
    if (is_max)
      ctx.set_kernel(invoke<ref::max_pool_s8>, "reference", p);
    else if (ctx.options().kernels == Kernels::kOptimized && kernels::cortex_m::average_pool_s8_supported(p))
      ctx.set_kernel(invoke<kernels::cortex_m::average_pool_s8>, "dsp", p);
    else
      ctx.set_kernel(invoke<ref::average_pool_s8>, "reference", p);
  } else {
    NIB_RETURN_IF_ERROR(activation_range_f32(ctx, o->fused_activation_function(), &p.clamp));
    if (is_max)
      ctx.set_kernel(invoke<ref::max_pool_f32>, "reference", p);
    else
      ctx.set_kernel(invoke<ref::average_pool_f32>, "reference", p);
  }
  return Status::ok();
}

}  // namespace

Status prepare_max_pool2d(PrepareContext& ctx) { return prepare_pool(ctx, true); }
Status prepare_average_pool2d(PrepareContext& ctx) { return prepare_pool(ctx, false); }

}  // namespace nib::ops
