// Prepare for elementwise operators: ADD, MUL, RELU, RELU6, LOGISTIC,
// QUANTIZE, DEQUANTIZE.
#include <algorithm>
#include <cmath>

#include "kernels/cortex_m/add_s8.h"
#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/invoke.h"
#include "ops/options.h"
#include "quant/fixed_point.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

struct ClampParams {
  int32_t elements;
  kernels::FloatClamp clamp;
};
void run_clamp_f32(const OpRuntime& rt) {
  const auto& p = *static_cast<const ClampParams*>(rt.params);
  ref::clamp_f32(p.elements, p.clamp, static_cast<const float*>(rt.inputs[0]), static_cast<float*>(rt.outputs[0]));
}
void run_logistic_f32(const OpRuntime& rt) {
  const auto& p = *static_cast<const ClampParams*>(rt.params);
  ref::logistic_f32(p.elements, static_cast<const float*>(rt.inputs[0]), static_cast<float*>(rt.outputs[0]));
}

Status prepare_binary(PrepareContext& ctx, bool is_add) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo a = ctx.input(0), b = ctx.input(1), out = ctx.output(0);
  const bool int16 = is_add && a.type == DType::kInt16;  // 16x8 ADD; no int16 MUL yet
  if (a.type != DType::kInt8 && a.type != DType::kFloat32 && !int16)
    return ctx.unsupported("input type ", dtype_name(a.type));
  NIB_RETURN_IF_ERROR(check_type(ctx, b, a.type, "input 2"));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, a.type, "output"));
  kernels::BinaryParams p{};
  NIB_RETURN_IF_ERROR(broadcast_shapes(ctx, a, b, out, &p));
  fb::ActivationFunctionType act = fb::ActivationFunctionType::NONE;
  if (is_add) {
    if (const auto* o = ctx.options_as<fb::AddOptions>()) act = o->fused_activation_function();
  } else if (const auto* o = ctx.options_as<fb::MulOptions>()) {
    act = o->fused_activation_function();
  }
  if (a.type == DType::kFloat32) {
    NIB_RETURN_IF_ERROR(activation_range_f32(ctx, act, &p.clamp));
    if (is_add)
      ctx.set_kernel(invoke<ref::add_f32>, "reference", p);
    else
      ctx.set_kernel(invoke<ref::mul_f32>, "reference", p);
    return Status::ok();
  }
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, a, "input 1"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, b, "input 2"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
  NIB_RETURN_IF_ERROR(check_int16_symmetric(ctx, a, "input 1"));
  NIB_RETURN_IF_ERROR(check_int16_symmetric(ctx, b, "input 2"));
  NIB_RETURN_IF_ERROR(check_int16_symmetric(ctx, out, "output"));
  NIB_RETURN_IF_ERROR(activation_range_s8(ctx, act, out, &p.act_min, &p.act_max));
  p.input1_offset = -a.zero_point();
  p.input2_offset = -b.zero_point();
  p.output_offset = out.zero_point();
  int shift = 0;
  if (is_add) {
    // Both inputs move to a shared scale 2 * max(s1, s2) / 2^20 (2^15 for
    // int16), are added there, and the sum is rescaled to the output.
    p.left_shift = int16 ? 15 : 20;
    const double twice_max = 2.0 * static_cast<double>(std::max(a.scale(), b.scale()));
    NIB_RETURN_IF_ERROR(quantized_multiplier(ctx, static_cast<double>(a.scale()) / twice_max, "input 1 multiplier",
                                             &p.input1_multiplier, &shift));
    p.input1_shift = shift;
    NIB_RETURN_IF_ERROR(quantized_multiplier(ctx, static_cast<double>(b.scale()) / twice_max, "input 2 multiplier",
                                             &p.input2_multiplier, &shift));
    p.input2_shift = shift;
    NIB_RETURN_IF_ERROR(quantized_multiplier(ctx, twice_max / (static_cast<double>(int64_t{1} << p.left_shift) * out.scale()),
                                             "output multiplier", &p.output_multiplier, &shift));
    p.output_shift = shift;
    if (int16)
      ctx.set_kernel(invoke<ref::add_s16>, "reference", p);
    else if (ctx.options().kernels == Kernels::kOptimized && kernels::cortex_m::add_s8_supported(p))
      ctx.set_kernel(invoke<kernels::cortex_m::add_s8>, "dsp", p);
    else
      ctx.set_kernel(invoke<ref::add_s8>, "reference", p);
  } else {
    NIB_RETURN_IF_ERROR(quantized_multiplier(
        ctx, static_cast<double>(a.scale()) * static_cast<double>(b.scale()) / static_cast<double>(out.scale()),
        "output multiplier", &p.output_multiplier, &shift));
    p.output_shift = shift;
    ctx.set_kernel(invoke<ref::mul_s8>, "reference", p);
  }
  return Status::ok();
}

// Common checks of single-input, same-shape operators.
Status prepare_unary(PrepareContext& ctx, TensorInfo* in, TensorInfo* out) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  *in = ctx.input(0);
  *out = ctx.output(0);
  if (!same_shape(*in, *out)) return ctx.invalid("output shape differs from input shape");
  return Status::ok();
}

// int8 -> int8 rescale by in_scale / out_scale, clamped to [lo, hi].
Status rescale(const PrepareContext& ctx, const TensorInfo& in, const TensorInfo& out, int32_t lo, int32_t hi,
               kernels::RescaleParams* p) {
  *p = kernels::RescaleParams{};
  p->elements = static_cast<int32_t>(in.elements);
  p->input_offset = -in.zero_point();
  p->output_offset = out.zero_point();
  int shift = 0;
  NIB_RETURN_IF_ERROR(quantized_multiplier(ctx, static_cast<double>(in.scale()) / static_cast<double>(out.scale()),
                                           "input / output scale", &p->multiplier, &shift));
  p->shift = shift;
  p->act_min = lo;
  p->act_max = hi;
  return Status::ok();
}

constexpr InvokeFn kRunRescale = invoke<ref::rescale_s8>;

Status prepare_relu_family(PrepareContext& ctx, bool six) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary(ctx, &in, &out));
  if (in.type == DType::kFloat32) {
    NIB_RETURN_IF_ERROR(check_type(ctx, out, DType::kFloat32, "output"));
    ClampParams p{static_cast<int32_t>(in.elements), {0.0f, six ? 6.0f : kernels::FloatClamp{}.max}};
    ctx.set_kernel(run_clamp_f32, "reference", p);
    return Status::ok();
  }
  NIB_RETURN_IF_ERROR(check_type(ctx, in, DType::kInt8, "input"));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, DType::kInt8, "output"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
  if (six) {
    // TFLite Micro clamps int8 RELU6 to [zero, six] in the input's
    // quantization and stores the values unchanged: the output's scale and
    // zero point are not used (TFLite requantizes to the output instead).
    kernels::RescaleParams p{};
    p.elements = static_cast<int32_t>(in.elements);
    p.act_min = in.zero_point();
    p.act_max = std::clamp<int32_t>(quant::quantize_value(6.0f, in.scale(), in.zero_point()), -128, 127);
    ctx.set_kernel(invoke<ref::clamp_s8>, "reference", p);
  } else {
    // RELU requantizes to the output, then clamps at the output's zero.
    const int32_t lo = std::max<int32_t>(-128, quant::quantize_value(0.0f, out.scale(), out.zero_point()));
    kernels::RescaleParams p;
    NIB_RETURN_IF_ERROR(rescale(ctx, in, out, lo, 127, &p));
    ctx.set_kernel(kRunRescale, "reference", p);
  }
  ctx.set_macs(0);
  return Status::ok();
}

}  // namespace

Status prepare_add(PrepareContext& ctx) { return prepare_binary(ctx, true); }
Status prepare_mul(PrepareContext& ctx) { return prepare_binary(ctx, false); }
Status prepare_relu(PrepareContext& ctx) { return prepare_relu_family(ctx, false); }
Status prepare_relu6(PrepareContext& ctx) { return prepare_relu_family(ctx, true); }

Status prepare_logistic(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary(ctx, &in, &out));
  if (in.type == DType::kFloat32) {
    NIB_RETURN_IF_ERROR(check_type(ctx, out, DType::kFloat32, "output"));
    ctx.set_kernel(run_logistic_f32, "reference", ClampParams{static_cast<int32_t>(in.elements), {}});
    return Status::ok();
  }
  if (in.type == DType::kInt16) {
    NIB_RETURN_IF_ERROR(check_type(ctx, out, DType::kInt16, "output"));
    return prepare_logistic_s16(ctx, in, out);
  }
  NIB_RETURN_IF_ERROR(check_type(ctx, in, DType::kInt8, "input"));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, DType::kInt8, "output"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
  if (out.scales.size() != 1 || out.scale() != 1.0f / 256 || out.zero_point() != -128)
    return ctx.unsupported("int8 output must have scale 1/256 and zero point -128");
  constexpr int kInputIntegerBits = 4;
  kernels::LogisticParams p{};
  p.elements = static_cast<int32_t>(in.elements);
  p.input_zero_point = in.zero_point();
  int shift = 0;
  NIB_RETURN_IF_ERROR(quantized_multiplier(ctx,
                                           static_cast<double>(in.scale()) * static_cast<double>(1 << (31 - kInputIntegerBits)),
                                           "input scale multiplier", &p.input_multiplier, &shift));
  p.input_left_shift = shift;
  // Inputs beyond this distance from zero saturate to 0 or 1.
  const double radius = static_cast<double>((1 << kInputIntegerBits) - 1) *
                        static_cast<double>(int64_t{1} << (31 - kInputIntegerBits)) /
                        std::ldexp(1.0, shift);
  p.input_range_radius = static_cast<int32_t>(std::min(std::floor(radius), 2147483647.0));
  ctx.set_kernel(invoke<ref::logistic_s8>, "reference", p);
  return Status::ok();
}

Status prepare_quantize(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary(ctx, &in, &out));
  if (out.type != DType::kInt8 && out.type != DType::kInt16)
    return ctx.unsupported("output type ", dtype_name(out.type), " (int8 and int16 are supported)");
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
  if (in.type == DType::kFloat32) {
    kernels::AffineParams p{static_cast<int32_t>(in.elements), out.scale(), out.zero_point()};
    if (out.type == DType::kInt8)
      ctx.set_kernel(invoke<ref::quantize_f32_s8>, "reference", p);
    else
      ctx.set_kernel(invoke<ref::quantize_f32_s16>, "reference", p);
    return Status::ok();
  }
  if (in.type != DType::kInt8 && in.type != DType::kInt16)
    return ctx.unsupported("input type ", dtype_name(in.type), " (float32, int8 and int16 are supported)");
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
  // Requantization: (q - zp_in) * s_in / s_out + zp_out, clamped to the output type.
  kernels::RescaleParams p;
  NIB_RETURN_IF_ERROR(rescale(ctx, in, out, -128, 127, &p));
  if (in.type == DType::kInt8 && out.type == DType::kInt8)
    ctx.set_kernel(kRunRescale, "reference", p);
  else if (in.type == DType::kInt8)
    ctx.set_kernel(invoke<ref::requantize_s8_s16>, "reference", p);
  else if (out.type == DType::kInt8)
    ctx.set_kernel(invoke<ref::requantize_s16_s8>, "reference", p);
  else
    ctx.set_kernel(invoke<ref::requantize_s16_s16>, "reference", p);
  return Status::ok();
}

Status prepare_dequantize(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary(ctx, &in, &out));
  NIB_RETURN_IF_ERROR(check_type(ctx, in, DType::kInt8, "input"));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, DType::kFloat32, "output"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
  kernels::AffineParams p{static_cast<int32_t>(in.elements), in.scale(), in.zero_point()};
  ctx.set_kernel(invoke<ref::dequantize_s8_f32>, "reference", p);
  return Status::ok();
}

}  // namespace nib::ops
