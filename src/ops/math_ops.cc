// Prepare for the math and activation operators: SUB, DIV, MAXIMUM,
// MINIMUM, SQUARED_DIFFERENCE, PRELU (broadcasting binary), ABS, NEG, EXP,
// RSQRT, ELU, LEAKY_RELU, HARD_SWISH, TANH (unary). Multipliers are derived
// exactly as TFLite Micro's prepare derives them (including where it
// computes in float rather than double), so the kernels' bytes match.
// int8 unary operators become a 256-entry table filled here by the integer
// arithmetic of kernels/reference/math.cc.
#include <algorithm>
#include <cmath>

#include "kernels/cortex_m/add_s8.h"
#include "kernels/cortex_m/sub_s8.h"
#include "kernels/reference/math.h"
#include "ops/common.h"
#include "ops/invoke.h"
#include "ops/options.h"
#include "quant/fixed_point.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;
using kernels::BinaryParams;

int32_t multiplier_of(double real, int32_t* shift) {
  int32_t multiplier = 0;
  int s = 0;
  quant::quantize_multiplier(real, &multiplier, &s);
  // A ratio of 2^30 or more cannot be applied without overflow (a hostile
  // model's scales): saturate to the largest multiplier the kernels shift by.
  if (s > 30) {
    multiplier = quant::kInt32Max;
    s = 30;
  }
  *shift = s;
  return multiplier;
}

// Two inputs of one type (int8 or float32), output of that type with the
// broadcast shape; int8 tensors carry one scale each.
Status prepare_binary_shapes(PrepareContext& ctx, BinaryParams* p, TensorInfo* a, TensorInfo* b, TensorInfo* out) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  *a = ctx.input(0);
  *b = ctx.input(1);
  *out = ctx.output(0);
  if (a->type != DType::kInt8 && a->type != DType::kFloat32)
    return ctx.unsupported("input type ", dtype_name(a->type), " (int8 and float32 are supported)");
  NIB_RETURN_IF_ERROR(check_type(ctx, *b, a->type, "input 2"));
  NIB_RETURN_IF_ERROR(check_type(ctx, *out, a->type, "output"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, *a, "input 1"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, *b, "input 2"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, *out, "output"));
  *p = BinaryParams{};
  p->act_min = -128;
  p->act_max = 127;
  return broadcast_shapes(ctx, *a, *b, *out, p);
}

// ADD's scheme: both inputs on the scale 2 max(s1, s2) / 2^left_shift.
void common_scale(const TensorInfo& a, const TensorInfo& b, int left_shift, BinaryParams* p) {
  p->input1_offset = -a.zero_point();
  p->input2_offset = -b.zero_point();
  p->left_shift = left_shift;
  const double twice_max = 2.0 * static_cast<double>(std::max(a.scale(), b.scale()));
  p->input1_multiplier = multiplier_of(static_cast<double>(a.scale()) / twice_max, &p->input1_shift);
  p->input2_multiplier = multiplier_of(static_cast<double>(b.scale()) / twice_max, &p->input2_shift);
}

Status fused_activation(PrepareContext& ctx, fb::ActivationFunctionType act, const TensorInfo& out, BinaryParams* p) {
  if (out.type == DType::kFloat32) return activation_range_f32(ctx, act, &p->clamp);
  return activation_range_s8(ctx, act, out, &p->act_min, &p->act_max);
}

// One input, one output of the same type and shape.
Status prepare_unary_shapes(PrepareContext& ctx, TensorInfo* in, TensorInfo* out, bool int8_ok, bool int16_ok = false) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  *in = ctx.input(0);
  *out = ctx.output(0);
  const bool ok = in->type == DType::kFloat32 || (int8_ok && in->type == DType::kInt8) ||
                  (int16_ok && in->type == DType::kInt16);
  if (!ok)
    return ctx.unsupported("input type ", dtype_name(in->type), int8_ok ? "" : " (float32 only, as in TFLite Micro)");
  NIB_RETURN_IF_ERROR(check_type(ctx, *out, in->type, "output"));
  if (!same_shape(*in, *out)) return ctx.invalid("output shape differs from input shape");
  if (in->type != DType::kFloat32) {
    if (in->scales.size() != 1 || out->scales.size() != 1)
      return ctx.invalid("input and output need exactly one quantization scale each");
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, *in, "input"));
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, *out, "output"));
  }
  ctx.set_macs(0);
  return Status::ok();
}

void set_unary_f32(PrepareContext& ctx, const TensorInfo& in, kernels::UnaryOp op, float alpha = 0.0f) {
  const kernels::UnaryF32Params p{static_cast<int32_t>(in.elements), op, alpha};
  ctx.set_kernel(invoke<ref::unary_f32>, "reference", p);
}

// The int8 kernel of a unary operator: its value function tabulated.
template <typename P>
void set_lookup_s8(PrepareContext& ctx, const TensorInfo& in, const P& params, int8_t (*value)(const P&, int8_t)) {
  kernels::LookupParams p{};
  p.elements = static_cast<int32_t>(in.elements);
  for (int x = -128; x <= 127; ++x)
    p.table[static_cast<uint8_t>(static_cast<int8_t>(x))] = value(params, static_cast<int8_t>(x));
  ctx.set_kernel(invoke<ref::lookup_s8>, "lookup", p);
}

}  // namespace

Status prepare_sub(PrepareContext& ctx) {
  BinaryParams p;
  TensorInfo a, b, out;
  NIB_RETURN_IF_ERROR(prepare_binary_shapes(ctx, &p, &a, &b, &out));
  const auto* o = ctx.options_as<fb::SubOptions>();
  NIB_RETURN_IF_ERROR(fused_activation(ctx, o ? o->fused_activation_function() : fb::ActivationFunctionType::NONE, out, &p));
  if (a.type == DType::kFloat32) {
    ctx.set_kernel(invoke<ref::sub_f32>, "reference", p);
    return Status::ok();
  }
  common_scale(a, b, 20, &p);
  const double twice_max = 2.0 * static_cast<double>(std::max(a.scale(), b.scale()));
  p.output_multiplier = multiplier_of(twice_max / (static_cast<double>(1 << 20) * out.scale()), &p.output_shift);
  p.output_offset = out.zero_point();
  if (ctx.options().kernels == Kernels::kOptimized && kernels::cortex_m::add_s8_supported(p))
    ctx.set_kernel(invoke<kernels::cortex_m::sub_s8>, "dsp", p);
  else
    ctx.set_kernel(invoke<ref::sub_s8>, "reference", p);
  return Status::ok();
}

Status prepare_squared_difference(PrepareContext& ctx) {
  BinaryParams p;
  TensorInfo a, b, out;
  NIB_RETURN_IF_ERROR(prepare_binary_shapes(ctx, &p, &a, &b, &out));
  if (a.type == DType::kFloat32) {
    ctx.set_kernel(invoke<ref::squared_difference_f32>, "reference", p);
    return Status::ok();
  }
  // A left shift of 7 keeps 255^2 * 2^14 inside int32.
  constexpr int kLeftShift = 7;
  common_scale(a, b, kLeftShift, &p);
  const double twice_max = 2.0 * static_cast<double>(std::max(a.scale(), b.scale()));
  const float shifted_out_scale = static_cast<float>(1 << (2 * kLeftShift)) * out.scale();
  p.output_multiplier = multiplier_of(twice_max * twice_max / static_cast<double>(shifted_out_scale), &p.output_shift);
  p.output_offset = out.zero_point();
  ctx.set_kernel(invoke<ref::squared_difference_s8>, "reference", p);
  return Status::ok();
}

Status prepare_div(PrepareContext& ctx) {
  BinaryParams p;
  TensorInfo a, b, out;
  NIB_RETURN_IF_ERROR(prepare_binary_shapes(ctx, &p, &a, &b, &out));
  const auto* o = ctx.options_as<fb::DivOptions>();
  NIB_RETURN_IF_ERROR(fused_activation(ctx, o ? o->fused_activation_function() : fb::ActivationFunctionType::NONE, out, &p));
  if (a.type == DType::kFloat32) {
    ctx.set_kernel(invoke<ref::div_f32>, "reference", p);
    return Status::ok();
  }
  if (b.is_constant()) {
    const auto* divisor = static_cast<const int8_t*>(b.data);
    for (size_t i = 0; i < b.elements; ++i)
      if (divisor[i] == b.zero_point()) return ctx.invalid("constant divisor (input 2) holds a zero at element ", i);
  }
  p.input1_offset = -a.zero_point();
  p.input2_offset = -b.zero_point();
  p.output_offset = out.zero_point();
  // TFLite computes this ratio in float before widening it.
  const float real = a.scale() / (b.scale() * out.scale());
  p.output_multiplier = multiplier_of(static_cast<double>(real), &p.output_shift);
  ctx.set_kernel(invoke<ref::div_s8>, "reference", p);
  return Status::ok();
}

// MAXIMUM and MINIMUM compare stored values, as TFLite Micro does: the
// converter gives both inputs and the output one quantization.
Status prepare_maximum(PrepareContext& ctx) {
  BinaryParams p;
  TensorInfo a, b, out;
  NIB_RETURN_IF_ERROR(prepare_binary_shapes(ctx, &p, &a, &b, &out));
  if (a.type == DType::kFloat32)
    ctx.set_kernel(invoke<ref::maximum<float>>, "reference", p);
  else
    ctx.set_kernel(invoke<ref::maximum<int8_t>>, "reference", p);
  return Status::ok();
}

Status prepare_minimum(PrepareContext& ctx) {
  BinaryParams p;
  TensorInfo a, b, out;
  NIB_RETURN_IF_ERROR(prepare_binary_shapes(ctx, &p, &a, &b, &out));
  if (a.type == DType::kFloat32)
    ctx.set_kernel(invoke<ref::minimum<float>>, "reference", p);
  else
    ctx.set_kernel(invoke<ref::minimum<int8_t>>, "reference", p);
  return Status::ok();
}

Status prepare_prelu(PrepareContext& ctx) {
  BinaryParams shape;
  TensorInfo in, alpha, out;
  NIB_RETURN_IF_ERROR(prepare_binary_shapes(ctx, &shape, &in, &alpha, &out));
  if (!same_shape(in, out)) return ctx.invalid("alpha must broadcast to the input's shape");
  if (in.type == DType::kFloat32) {
    ctx.set_kernel(invoke<ref::prelu_f32>, "reference", shape);
    return Status::ok();
  }
  kernels::PreluParams p{};
  p.shape = shape;
  p.input_offset = -in.zero_point();
  p.alpha_offset = -alpha.zero_point();
  p.output_offset = out.zero_point();
  const double in_scale = in.scale(), out_scale = out.scale();
  p.identity_multiplier = multiplier_of(in_scale / out_scale, &p.identity_shift);
  p.alpha_multiplier = multiplier_of(in_scale * static_cast<double>(alpha.scale()) / out_scale, &p.alpha_shift);
  ctx.set_kernel(invoke<ref::prelu_s8>, "reference", p);
  return Status::ok();
}

Status prepare_abs(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary_shapes(ctx, &in, &out, true));
  if (in.type == DType::kFloat32) {
    set_unary_f32(ctx, in, kernels::UnaryOp::kAbs);
    return Status::ok();
  }
  kernels::AbsParams p{};
  p.input_zero_point = in.zero_point();
  p.output_zero_point = out.zero_point();
  p.rescale = in.scale() != out.scale();
  if (p.rescale)
    p.multiplier = multiplier_of(static_cast<double>(in.scale()) / static_cast<double>(out.scale()), &p.shift);
  set_lookup_s8(ctx, in, p, ref::abs_value_s8);
  return Status::ok();
}

Status prepare_neg(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary_shapes(ctx, &in, &out, false));
  set_unary_f32(ctx, in, kernels::UnaryOp::kNeg);
  return Status::ok();
}

Status prepare_exp(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary_shapes(ctx, &in, &out, false));
  set_unary_f32(ctx, in, kernels::UnaryOp::kExp);
  return Status::ok();
}

Status prepare_rsqrt(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary_shapes(ctx, &in, &out, true));
  if (in.type == DType::kFloat32) {
    set_unary_f32(ctx, in, kernels::UnaryOp::kRsqrt);
    return Status::ok();
  }
  kernels::RsqrtParams p{};
  p.input_zero_point = in.zero_point();
  p.output_zero_point = out.zero_point();
  p.multiplier = multiplier_of(
      1.0 / (std::sqrt(static_cast<double>(in.scale())) * static_cast<double>(out.scale())), &p.shift);
  // Inputs below the zero point are negative reals, where TFLite Micro stops
  // with an error; nib cannot fail at invoke and gives them the output for 0.
  kernels::LookupParams table{};
  table.elements = static_cast<int32_t>(in.elements);
  for (int x = -128; x <= 127; ++x) {
    const auto q = static_cast<int8_t>(x);
    table.table[static_cast<uint8_t>(q)] = ref::rsqrt_value_s8(p, x < p.input_zero_point ? static_cast<int8_t>(p.input_zero_point) : q);
  }
  ctx.set_kernel(invoke<ref::lookup_s8>, "lookup", table);
  return Status::ok();
}

Status prepare_elu(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary_shapes(ctx, &in, &out, true));
  if (in.type == DType::kFloat32) {
    set_unary_f32(ctx, in, kernels::UnaryOp::kElu);
    return Status::ok();
  }
  const kernels::EluParams p{in.scale(), in.zero_point(), out.scale(), out.zero_point()};
  set_lookup_s8(ctx, in, p, ref::elu_value_s8);
  return Status::ok();
}

Status prepare_leaky_relu(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary_shapes(ctx, &in, &out, true));
  const auto* o = ctx.options_as<fb::LeakyReluOptions>();
  const float alpha = o ? o->alpha() : 0.0f;
  if (!std::isfinite(alpha)) return ctx.invalid("alpha is not finite");
  if (in.type == DType::kFloat32) {
    set_unary_f32(ctx, in, kernels::UnaryOp::kLeakyRelu, alpha);
    return Status::ok();
  }
  kernels::LeakyReluParams p{};
  p.input_zero_point = in.zero_point();
  p.output_zero_point = out.zero_point();
  // Both ratios in float, as TFLite computes them; a negative alpha keeps
  // its sign apart so the multiplier stays positive.
  const float alpha_ratio = in.scale() * alpha / out.scale();
  const float identity_ratio = in.scale() / out.scale();
  p.alpha_negative = alpha_ratio < 0.0f;
  p.alpha_multiplier = multiplier_of(std::fabs(static_cast<double>(alpha_ratio)), &p.alpha_shift);
  p.identity_multiplier = multiplier_of(static_cast<double>(identity_ratio), &p.identity_shift);
  set_lookup_s8(ctx, in, p, ref::leaky_relu_value_s8);
  return Status::ok();
}

Status prepare_hard_swish(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary_shapes(ctx, &in, &out, true));
  if (in.type == DType::kFloat32) {
    set_unary_f32(ctx, in, kernels::UnaryOp::kHardSwish);
    return Status::ok();
  }
  // Q15 multipliers: the Q31 ones rounded to their top 16 bits.
  const auto to_q15 = [](int32_t q31) {
    return q31 >= quant::kInt32Max - (1 << 15) ? int16_t{INT16_MAX} : static_cast<int16_t>((q31 + (1 << 15)) >> 16);
  };
  kernels::HardSwishParams p{};
  p.input_zero_point = in.zero_point();
  p.output_zero_point = out.zero_point();
  const float hires_input_scale = (1.0f / 128.0f) * in.scale();
  const float reluish_scale = 3.0f / 32768.0f;
  p.output_multiplier = to_q15(multiplier_of(static_cast<double>(hires_input_scale / out.scale()), &p.output_exponent));
  if (p.output_exponent > 0)
    return ctx.unsupported("int8 output scale below input scale / 128 (the output multiplier must be below one)");
  p.reluish_multiplier = to_q15(multiplier_of(static_cast<double>(hires_input_scale / reluish_scale), &p.reluish_exponent));
  set_lookup_s8(ctx, in, p, ref::hard_swish_value_s8);
  return Status::ok();
}

// int16 (16x8) TANH and LOGISTIC: symmetric, output scale 2^-15, the input
// rescaled to 1 / (3 * 4096) for the sigmoid table. A power-of-two input
// scale whose shift is at most max_pot_shift (TANH 1, LOGISTIC 0, as TFLM)
// skips the multiplier: the kernel then uses 3 << shift.
static Status prepare_sigmoid_table_s16(PrepareContext& ctx, const TensorInfo& in, const TensorInfo& out,
                                        int max_pot_shift, kernels::TanhS16Params* p) {
  if (in.zero_point() != 0 || out.zero_point() != 0) return ctx.unsupported("int16 zero points must be 0");
  for (const float scale : {in.scale(), out.scale()})
    if (!(scale > 0.0f) || !std::isfinite(scale)) return ctx.invalid("int16 scales must be positive and finite");
  // log2 of a scale, and whether it is (within 1e-3) an integer: TFLite's test, in float.
  const auto log2_of = [](float scale, int* log2) {
    const float l = std::log(scale) * (1.0f / std::log(2.0f));
    const float rounded = std::round(l);
    *log2 = static_cast<int>(rounded);
    return std::fabs(l - rounded) < 1e-3f;
  };
  int out_log2 = 0;
  if (!log2_of(out.scale(), &out_log2) || out_log2 != -15)
    return ctx.unsupported("int16 output scale must be 2^-15");
  constexpr int kInputIntegerBits = 3;
  p->elements = static_cast<int32_t>(in.elements);
  int in_log2 = 0;
  const bool pot = log2_of(in.scale(), &in_log2);
  p->input_left_shift = (15 - kInputIntegerBits) + in_log2;
  if (pot && p->input_left_shift >= 0 && p->input_left_shift <= max_pot_shift) {
    p->input_multiplier = 0;  // the kernel uses 3 << shift
  } else {
    // Rescale the input to 1 / (3 * 4096): the table spans about +-10.7.
    double multiplier = static_cast<double>(in.scale()) * 4096.0 * 3.0;
    p->input_left_shift = 0;
    while (multiplier <= 32767.0 / 2.0 && p->input_left_shift <= 30) {
      ++p->input_left_shift;
      multiplier *= 2.0;
    }
    if (multiplier > 32767.0) return ctx.unsupported("int16 input scale above 32767 / 12288");
    p->input_multiplier = static_cast<int32_t>(multiplier);
  }
  return Status::ok();
}

Status prepare_tanh(PrepareContext& ctx) {
  TensorInfo in, out;
  NIB_RETURN_IF_ERROR(prepare_unary_shapes(ctx, &in, &out, true, true));
  if (in.type == DType::kFloat32) {
    set_unary_f32(ctx, in, kernels::UnaryOp::kTanh);
    return Status::ok();
  }
  if (in.type == DType::kInt8) {
    if (out.scale() != 1.0f / 128 || out.zero_point() != 0)
      return ctx.unsupported("int8 output must have scale 1/128 and zero point 0");
    constexpr int kInputIntegerBits = 4;
    kernels::TanhParams p{};
    p.input_zero_point = in.zero_point();
    p.input_multiplier = multiplier_of(static_cast<double>(in.scale()) * static_cast<double>(1 << (31 - kInputIntegerBits)),
                                       &p.input_shift);
    // Inputs beyond this distance from the zero point saturate to -1 or 1.
    const double radius = static_cast<double>((1 << kInputIntegerBits) - 1) *
                          static_cast<double>(int64_t{1} << (31 - kInputIntegerBits)) / std::ldexp(1.0, p.input_shift);
    p.input_range_radius = static_cast<int32_t>(std::min(std::floor(radius), 2147483647.0));
    set_lookup_s8(ctx, in, p, ref::tanh_value_s8);
    return Status::ok();
  }
  kernels::TanhS16Params p{};
  NIB_RETURN_IF_ERROR(prepare_sigmoid_table_s16(ctx, in, out, 1, &p));
  ctx.set_kernel(invoke<ref::tanh_s16>, "reference", p);
  return Status::ok();
}

Status prepare_logistic_s16(PrepareContext& ctx, const TensorInfo& in, const TensorInfo& out) {
  kernels::TanhS16Params p{};
  NIB_RETURN_IF_ERROR(prepare_sigmoid_table_s16(ctx, in, out, 0, &p));
  ctx.set_kernel(invoke<ref::logistic_s16>, "reference", p);
  return Status::ok();
}

}  // namespace nib::ops
