// SOFTMAX prepare.
#include <cmath>

#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/invoke.h"
#include "ops/options.h"
#include "quant/fixed_point.h"
#include "quant/lut.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;
using P = kernels::SoftmaxParams;

}  // namespace

Status prepare_softmax(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  const auto* o = ctx.options_as<fb::SoftmaxOptions>();
  const TensorInfo in = ctx.input(0), out = ctx.output(0);
  if (in.rank() < 1) return ctx.invalid("input must have rank >= 1");
  if (!same_shape(in, out)) return ctx.invalid("output shape differs from input shape");
  if (in.type != DType::kInt8 && in.type != DType::kInt16 && in.type != DType::kFloat32)
    return ctx.unsupported("input type ", dtype_name(in.type));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  P p{};
  p.depth = in.dim(in.rank() - 1);
  p.outer = static_cast<int32_t>(in.elements / static_cast<size_t>(p.depth));
  p.beta = o->beta();
  if (in.type == DType::kInt8) {
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
    NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
    if (out.scale() != 1.0f / 256 || out.zero_point() != -128)
      return ctx.unsupported("int8 output must have scale 1/256 and zero point -128");
    constexpr int kDiffIntegerBits = 5;
    const double real = std::fmin(static_cast<double>(o->beta()) * static_cast<double>(in.scale()) *
                                      static_cast<double>(int64_t{1} << (31 - kDiffIntegerBits)),
                                  static_cast<double>((int64_t{1} << 31) - 1));
    if (!(o->beta() > 0.0f) || !std::isfinite(o->beta())) return ctx.unsupported("beta must be positive and finite");
    int shift = 0;
    quant::quantize_multiplier(real, &p.input_multiplier, &shift);
    if (shift < 0 || shift > 30) return ctx.unsupported("beta * input scale out of range");
    p.input_left_shift = shift;
    // Largest |x - max| whose rescaled value still fits the Q5 input.
    const double radius = static_cast<double>((int64_t{1} << kDiffIntegerBits) - 1) *
                          static_cast<double>(int64_t{1} << (31 - kDiffIntegerBits)) /
                          static_cast<double>(int64_t{1} << shift);
    p.diff_min = -static_cast<int32_t>(std::floor(radius));
    ctx.set_kernel(invoke<ref::softmax_s8>, "reference", p);
  } else if (in.type == DType::kInt16) {
    NIB_RETURN_IF_ERROR(check_int16_symmetric(ctx, in, "input"));
    NIB_RETURN_IF_ERROR(check_int16_symmetric(ctx, out, "output"));
    if (std::fabs(out.scale() - 1.0f / 32768) > 0.001f / 32768)
      return ctx.unsupported("int16 output must have scale 1/32768 and zero point 0");
    // x - max is rescaled so that [-65535, 0] covers [-10, 0], the exp table's range.
    int shift = 0;
    quant::quantize_multiplier(static_cast<double>(in.scale()) * static_cast<double>(o->beta()) / (10.0 / 65535.0),
                               &p.input_multiplier, &shift);
    if (shift < -31 || shift > 30) return ctx.unsupported("beta * input scale out of range");
    p.input_left_shift = shift;
    int16_t* exp_lut = ctx.allocate_array<int16_t>(quant::kInt16LutSize);
    int16_t* reciprocal_lut = ctx.allocate_array<int16_t>(quant::kInt16LutSize);
    if (exp_lut != nullptr && reciprocal_lut != nullptr) {
      quant::fill_int16_lut([](float x) { return std::exp(x); }, -10.0f, 0.0f, -1.0f, 1.0f, exp_lut);
      quant::fill_int16_lut([](float x) { return 1.0f / (1.0f + x); }, 0.0f, 1.0f, -1.0f, 1.0f, reciprocal_lut);
    }
    p.exp_lut = exp_lut;
    p.reciprocal_lut = reciprocal_lut;
    ctx.set_kernel(invoke<ref::softmax_s16>, "reference", p);
  } else {
    ctx.set_kernel(invoke<ref::softmax_f32>, "reference", p);
  }
  return Status::ok();
}

}  // namespace nib::ops
