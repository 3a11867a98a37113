// CONV_2D and DEPTHWISE_CONV_2D prepare.
#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/invoke.h"
#include "ops/kernels.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

struct Geometry {
  int32_t stride_h, stride_w, dilation_h, dilation_w;
  fb::Padding padding;
  fb::ActivationFunctionType activation;
};

// Shared by both convolutions: shapes, padding, activation, quantization.
Status prepare_common(PrepareContext& ctx, const Geometry& g, int32_t out_c_expected, kernels::ConvParams* p) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 3, 1));
  const TensorInfo in = ctx.input(0), filter = ctx.input(1), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_rank(ctx, in, 4, "input"));
  NIB_RETURN_IF_ERROR(check_rank(ctx, filter, 4, "filter"));
  NIB_RETURN_IF_ERROR(check_rank(ctx, out, 4, "output"));
  if (!filter.is_constant()) return ctx.unsupported("filter must be a constant");
  if (g.stride_h < 1 || g.stride_w < 1 || g.dilation_h < 1 || g.dilation_w < 1)
    return ctx.invalid("stride and dilation must be >= 1");
  const bool is_16x8 = in.type == DType::kInt16 && ctx.op().code == static_cast<int32_t>(OpCode::kConv2D);
  if (in.type != DType::kInt8 && in.type != DType::kFloat32 && !is_16x8)
    return ctx.unsupported("input type ", dtype_name(in.type));
  NIB_RETURN_IF_ERROR(check_type(ctx, filter, is_16x8 ? DType::kInt8 : in.type, "filter"));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));

  p->batches = in.dim(0);
  p->in_h = in.dim(1);
  p->in_w = in.dim(2);
  p->in_c = in.dim(3);
  p->filter_h = filter.dim(1);
  p->filter_w = filter.dim(2);
  p->stride_h = g.stride_h;
  p->stride_w = g.stride_w;
  p->dilation_h = g.dilation_h;
  p->dilation_w = g.dilation_w;
  const Padded ph = compute_padding(g.padding, p->in_h, p->filter_h, g.stride_h, g.dilation_h);
  const Padded pw = compute_padding(g.padding, p->in_w, p->filter_w, g.stride_w, g.dilation_w);
  p->out_h = ph.out;
  p->out_w = pw.out;
  p->pad_h = ph.pad;
  p->pad_w = pw.pad;
  p->out_c = out_c_expected;
  if (out.dim(0) != p->batches || out.dim(1) != p->out_h || out.dim(2) != p->out_w || out.dim(3) != p->out_c)
    return ctx.invalid("output shape does not match input, filter, strides and padding");
  if (p->out_h < 1 || p->out_w < 1) return ctx.invalid("filter larger than input");

  if (in.type == DType::kInt8 || is_16x8) {
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
    NIB_RETURN_IF_ERROR(check_int16_symmetric(ctx, in, "input"));
    NIB_RETURN_IF_ERROR(check_int16_symmetric(ctx, out, "output"));
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
    if (!filter.is_quantized()) return ctx.invalid("int8 filter is not quantized");
    if (filter.per_channel() && filter.quantized_dimension != (ctx.op().code == static_cast<int32_t>(OpCode::kConv2D) ? 0 : 3))
      return ctx.invalid("per-channel filter quantized on the wrong dimension");
    for (int64_t zp : filter.zero_points)
      if (zp != 0) return ctx.unsupported("int8 filter zero point must be 0 (symmetric weights)");
    if (is_16x8)
      NIB_RETURN_IF_ERROR(check_bias_16x8(ctx, 2, p->out_c, &p->bias64));
    else
      NIB_RETURN_IF_ERROR(check_bias(ctx, 2, DType::kInt32, p->out_c));
    p->input_offset = -in.zero_point();
    NIB_RETURN_IF_ERROR(channel_requant(ctx, in, filter, out, p->out_c, true, &p->requant));
    NIB_RETURN_IF_ERROR(activation_range_s8(ctx, g.activation, out, &p->requant.act_min, &p->requant.act_max));
  } else {
    NIB_RETURN_IF_ERROR(check_bias(ctx, 2, DType::kFloat32, p->out_c));
    NIB_RETURN_IF_ERROR(activation_range_f32(ctx, g.activation, &p->clamp));
  }
  return Status::ok();
}

uint64_t conv_macs(const kernels::ConvParams& p, int32_t per_output) {
  return static_cast<uint64_t>(p.batches) * p.out_h * p.out_w * p.out_c * static_cast<uint64_t>(per_output);
}

}  // namespace

Status prepare_conv2d(PrepareContext& ctx) {
  const auto* o = ctx.options_as<fb::Conv2DOptions>();
  const Geometry g{o->stride_h(), o->stride_w(), o->dilation_h_factor(), o->dilation_w_factor(), o->padding(),
                   o->fused_activation_function()};
  if (ctx.input_count() < 2 || !ctx.has_input(1)) return ctx.invalid("filter input missing");
  const TensorInfo filter = ctx.input(1);
  if (filter.rank() != 4) return ctx.invalid("filter has rank ", filter.rank(), ", expected 4");
  kernels::ConvParams p{};
  NIB_RETURN_IF_ERROR(prepare_common(ctx, g, filter.dim(0), &p));
  p.filter_in_c = filter.dim(3);
  p.depth_multiplier = 1;
  if (p.filter_in_c < 1 || p.in_c % p.filter_in_c != 0)
    return ctx.invalid("input channels ", p.in_c, " are not a multiple of filter channels ", p.filter_in_c);
  const int32_t groups = p.in_c / p.filter_in_c;
  if (p.out_c % groups != 0) return ctx.invalid("output channels not divisible into ", groups, " groups");
  ctx.set_macs(conv_macs(p, p.filter_h * p.filter_w * p.filter_in_c));
  if (ctx.input(0).type == DType::kInt8)
    select_conv2d_s8(ctx, p, invoke<ref::conv2d_s8>);
  else if (ctx.input(0).type == DType::kInt16)
    ctx.set_kernel(invoke<ref::conv2d_s16>, "reference", p);
  else
    ctx.set_kernel(invoke<ref::conv2d_f32>, "reference", p);
  return Status::ok();
}

Status prepare_depthwise_conv2d(PrepareContext& ctx) {
  const auto* o = ctx.options_as<fb::DepthwiseConv2DOptions>();
  const Geometry g{o->stride_h(), o->stride_w(), o->dilation_h_factor(), o->dilation_w_factor(), o->padding(),
                   o->fused_activation_function()};
  if (ctx.input_count() < 2 || !ctx.has_input(0) || !ctx.has_input(1)) return ctx.invalid("input or filter missing");
  const TensorInfo in = ctx.input(0), filter = ctx.input(1);
  if (filter.rank() != 4 || in.rank() != 4) return ctx.invalid("input and filter must have rank 4");
  if (filter.dim(0) != 1) return ctx.invalid("depthwise filter must have shape [1, H, W, C]");
  kernels::ConvParams p{};
  NIB_RETURN_IF_ERROR(prepare_common(ctx, g, filter.dim(3), &p));
  p.filter_in_c = 1;
  // Older files may leave depth_multiplier 0; the channel ratio is authoritative.
  if (p.in_c < 1 || p.out_c % p.in_c != 0) return ctx.invalid("output channels not a multiple of input channels");
  p.depth_multiplier = p.out_c / p.in_c;
  if (o->depth_multiplier() != 0 && o->depth_multiplier() != p.depth_multiplier)
    return ctx.invalid("depth_multiplier ", o->depth_multiplier(), " does not match channels");
  ctx.set_macs(conv_macs(p, p.filter_h * p.filter_w));
  if (in.type == DType::kInt8)
    select_depthwise_conv2d_s8(ctx, p, invoke<ref::depthwise_conv2d_s8>);
  else
    ctx.set_kernel(invoke<ref::depthwise_conv2d_f32>, "reference", p);
  return Status::ok();
}

}  // namespace nib::ops
