// Prepare for LOG_SOFTMAX and L2_NORMALIZATION (over the last axis).
#include <cmath>

#include "kernels/reference/normalization.h"
#include "ops/common.h"
#include "ops/invoke.h"
#include "ops/options.h"
#include "quant/fixed_point.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

// One input, same-shaped output of its type, rank >= 1: outer x depth.
Status last_axis(PrepareContext& ctx, TensorInfo* in, TensorInfo* out, int32_t* outer, int32_t* depth) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  *in = ctx.input(0);
  *out = ctx.output(0);
  if (in->type != DType::kInt8 && in->type != DType::kFloat32)
    return ctx.unsupported("input type ", dtype_name(in->type), " (int8 and float32 are supported)");
  NIB_RETURN_IF_ERROR(check_type(ctx, *out, in->type, "output"));
  if (in->rank() < 1) return ctx.invalid("input must have rank >= 1");
  if (!same_shape(*in, *out)) return ctx.invalid("output shape differs from input shape");
  if (in->type == DType::kInt8) {
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, *in, "input"));
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, *out, "output"));
  }
  *depth = in->dim(in->rank() - 1);
  *outer = static_cast<int32_t>(in->elements / static_cast<size_t>(*depth));
  ctx.set_macs(0);
  return Status::ok();
}

}  // namespace

Status prepare_log_softmax(PrepareContext& ctx) {
  TensorInfo in, out;
  kernels::LogSoftmaxParams p{};
  NIB_RETURN_IF_ERROR(last_axis(ctx, &in, &out, &p.outer, &p.depth));
  if (in.type == DType::kFloat32) {
    ctx.set_kernel(invoke<ref::log_softmax_f32>, "reference", p);
    return Status::ok();
  }
  if (out.scale() != 16.0f / 256 || out.zero_point() != 127)
    return ctx.unsupported("int8 output must have scale 16/256 and zero point 127");
  // Differences x - max rescaled to Q5 (beta is 1), capped like TFLite.
  constexpr int kDiffIntegerBits = 5;
  const double real = std::fmin(static_cast<double>(in.scale()) * static_cast<double>(int64_t{1} << (31 - kDiffIntegerBits)),
                                static_cast<double>((int64_t{1} << 31) - 1));
  int shift = 0;
  quant::quantize_multiplier(real, &p.input_multiplier, &shift);
  if (shift < 0 || shift > 30) return ctx.unsupported("input scale out of range (rescaling to Q5 needs a left shift of 0..30)");
  p.input_left_shift = shift;
  // The inverse of that rescaling, to map the smallest Q5 value back to input units.
  const double reverse = static_cast<double>(int64_t{1} << (31 - shift)) / static_cast<double>(p.input_multiplier);
  quant::quantize_multiplier(reverse, &p.reverse_multiplier, &shift);
  p.reverse_shift = shift;
  const double radius = static_cast<double>((int64_t{1} << kDiffIntegerBits) - 1) *
                        static_cast<double>(int64_t{1} << (31 - kDiffIntegerBits)) /
                        static_cast<double>(int64_t{1} << p.input_left_shift);
  p.diff_min = -static_cast<int32_t>(std::floor(radius));
  ctx.set_kernel(invoke<ref::log_softmax_s8>, "reference", p);
  return Status::ok();
}

Status prepare_l2_normalization(PrepareContext& ctx) {
  TensorInfo in, out;
  kernels::L2NormParams p{};
  NIB_RETURN_IF_ERROR(last_axis(ctx, &in, &out, &p.outer, &p.depth));
  const auto* o = ctx.options_as<fb::L2NormOptions>();
  if (o != nullptr && o->fused_activation_function() != fb::ActivationFunctionType::NONE)
    return ctx.unsupported("fused activation ", static_cast<int>(o->fused_activation_function()));
  if (in.type == DType::kFloat32) {
    ctx.set_kernel(invoke<ref::l2_normalization_f32>, "reference", p);
    return Status::ok();
  }
  if (out.scale() != 1.0f / 128 || out.zero_point() != 0)
    return ctx.unsupported("int8 output must have scale 1/128 and zero point 0");
  p.input_zero_point = in.zero_point();
  ctx.set_kernel(invoke<ref::l2_normalization_s8>, "reference", p);
  return Status::ok();
}

}  // namespace nib::ops
