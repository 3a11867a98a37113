// FULLY_CONNECTED prepare.
#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/invoke.h"
#include "ops/kernels.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;
using P = kernels::FullyConnectedParams;

}  // namespace

Status prepare_fully_connected(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 3, 1));
  const auto* o = ctx.options_as<fb::FullyConnectedOptions>();
  const auto activation = o ? o->fused_activation_function() : fb::ActivationFunctionType::NONE;
  if (o && o->weights_format() != fb::FullyConnectedOptionsWeightsFormat::DEFAULT)
    return ctx.unsupported("shuffled weights format");
  const TensorInfo in = ctx.input(0), filter = ctx.input(1), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_rank(ctx, filter, 2, "weights"));
  if (!filter.is_constant()) return ctx.unsupported("weights must be a constant");
  const bool is_16x8 = in.type == DType::kInt16;
  if (in.type != DType::kInt8 && in.type != DType::kFloat32 && !is_16x8)
    return ctx.unsupported("input type ", dtype_name(in.type));
  NIB_RETURN_IF_ERROR(check_type(ctx, filter, is_16x8 ? DType::kInt8 : in.type, "weights"));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));

  P p{};
  p.units = filter.dim(0);
  p.depth = filter.dim(1);
  if (in.elements % static_cast<size_t>(p.depth) != 0)
    return ctx.invalid("input size ", in.elements, " is not a multiple of the weights' depth ", p.depth);
  p.batches = static_cast<int32_t>(in.elements / static_cast<size_t>(p.depth));
  if (out.elements != static_cast<size_t>(p.batches) * static_cast<size_t>(p.units) || out.dim(out.rank() - 1) != p.units)
    return ctx.invalid("output shape does not match batches x units");
  ctx.set_macs(static_cast<uint64_t>(p.batches) * p.units * p.depth);

  if (in.type == DType::kInt8 || is_16x8) {
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
    NIB_RETURN_IF_ERROR(check_int16_symmetric(ctx, in, "input"));
    NIB_RETURN_IF_ERROR(check_int16_symmetric(ctx, out, "output"));
    if (!filter.is_quantized()) return ctx.invalid("int8 weights are not quantized");
    if (filter.per_channel() && filter.quantized_dimension != 0)
      return ctx.invalid("per-channel weights quantized on the wrong dimension");
    if (is_16x8)
      NIB_RETURN_IF_ERROR(check_bias_16x8(ctx, 2, p.units, &p.bias64));
    else
      NIB_RETURN_IF_ERROR(check_bias(ctx, 2, DType::kInt32, p.units));
    p.input_offset = -in.zero_point();
    p.filter_offset = filter.per_channel() ? 0 : -filter.zero_point();
    p.per_channel = filter.per_channel();
    NIB_RETURN_IF_ERROR(channel_requant(ctx, in, filter, out, p.units, false, &p.requant));
    NIB_RETURN_IF_ERROR(activation_range_s8(ctx, activation, out, &p.requant.act_min, &p.requant.act_max));
    if (is_16x8)
      ctx.set_kernel(invoke<ref::fully_connected_s16>, "reference", p);
    else
      select_fully_connected_s8(ctx, p, invoke<ref::fully_connected_s8>);
  } else {
    NIB_RETURN_IF_ERROR(check_bias(ctx, 2, DType::kFloat32, p.units));
    NIB_RETURN_IF_ERROR(activation_range_f32(ctx, activation, &p.clamp));
    ctx.set_kernel(invoke<ref::fully_connected_f32>, "reference", p);
  }
  return Status::ok();
}

}  // namespace nib::ops
