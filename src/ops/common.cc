#include "ops/common.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "quant/fixed_point.h"

namespace nib::ops {

Status check_arity(const PrepareContext& ctx, int min_inputs, int max_inputs, int outputs) {
  if (ctx.input_count() < min_inputs || ctx.input_count() > max_inputs)
    return ctx.invalid("expects ", min_inputs, "..", max_inputs, " inputs, has ", ctx.input_count());
  if (ctx.output_count() != outputs) return ctx.invalid("expects ", outputs, " outputs, has ", ctx.output_count());
  for (int k = 0; k < min_inputs; ++k)
    if (!ctx.has_input(k)) return ctx.invalid("required input ", k, " is missing");
  return Status::ok();
}

Status check_type(const PrepareContext& ctx, const TensorInfo& t, DType type, const char* what) {
  if (t.type != type)
    return ctx.unsupported(what, " has type ", dtype_name(t.type), ", expected ", dtype_name(type));
  return Status::ok();
}

Status check_rank(const PrepareContext& ctx, const TensorInfo& t, int rank, const char* what) {
  if (t.rank() != rank) return ctx.invalid(what, " has rank ", t.rank(), ", expected ", rank);
  return Status::ok();
}

Status check_activation_quant(const PrepareContext& ctx, const TensorInfo& t, const char* what) {
  if (t.type != DType::kInt8 && t.type != DType::kInt16) return Status::ok();
  if (t.scales.size() != 1) return ctx.invalid(what, " needs exactly one quantization scale");
  if (t.type == DType::kInt8 && (t.zero_point() < -128 || t.zero_point() > 127))
    return ctx.invalid(what, " zero point out of int8 range");
  if (t.type == DType::kInt16 && (t.zero_point() < -32768 || t.zero_point() > 32767))
    return ctx.invalid(what, " zero point out of int16 range");
  return Status::ok();
}

int64_t index_value(const TensorInfo& t, size_t i) {
  if (t.type == DType::kInt64) {
    int64_t v;
    std::memcpy(&v, static_cast<const uint8_t*>(t.data) + i * 8, 8);
    return v;
  }
  int32_t v;
  std::memcpy(&v, static_cast<const uint8_t*>(t.data) + i * 4, 4);
  return v;
}

Status check_index_tensor(const PrepareContext& ctx, const TensorInfo& t, const char* what) {
  if (!t.is_constant()) return ctx.unsupported(what, " must be a constant");
  if (t.type != DType::kInt32 && t.type != DType::kInt64) return ctx.invalid(what, " must be int32 or int64");
  return Status::ok();
}

bool same_shape(const TensorInfo& a, const TensorInfo& b) {
  if (a.rank() != b.rank()) return false;
  for (int i = 0; i < a.rank(); ++i)
    if (a.dim(i) != b.dim(i)) return false;
  return true;
}

Status broadcast_shapes(const PrepareContext& ctx, const TensorInfo& a, const TensorInfo& b, const TensorInfo& out,
                 kernels::BinaryParams* p) {
  const int rank = std::max(a.rank(), b.rank());
  if (out.rank() != rank) return ctx.invalid("output rank does not match the broadcast shape");
  p->rank = rank;
  p->same_shape = same_shape(a, b);
  int32_t sa = 1, sb = 1;
  for (int d = rank - 1; d >= 0; --d) {
    const int da = d - (rank - a.rank()), db = d - (rank - b.rank());
    const int32_t na = da >= 0 ? a.dim(da) : 1, nb = db >= 0 ? b.dim(db) : 1;
    if (na != nb && na != 1 && nb != 1) return ctx.invalid("input shapes cannot be broadcast");
    const int32_t n = std::max(na, nb);
    if (out.dim(d) != n) return ctx.invalid("output shape does not match the broadcast shape");
    p->out_dims[d] = n;
    p->stride1[d] = na == 1 ? 0 : sa;
    p->stride2[d] = nb == 1 ? 0 : sb;
    sa *= na;
    sb *= nb;
  }
  p->elements = static_cast<int32_t>(out.elements);
  return Status::ok();
}

Padded compute_padding(fb::Padding padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation) {
  // In 64 bits: a hostile stride or dilation must not wrap the arithmetic.
  const int64_t effective = int64_t{filter - 1} * dilation + 1;
  const int64_t out = padding == fb::Padding::SAME ? (int64_t{in} + stride - 1) / stride
                                                   : (int64_t{in} - effective + stride) / stride;
  const int64_t extent = (out - 1) * stride + effective;  // input span the kernels index
  if (out < 1 || extent > quant::kInt32Max) return {-1, 0};
  const int64_t total = std::max<int64_t>(extent - in, 0);
  return {static_cast<int32_t>(out), static_cast<int32_t>(total / 2)};
}

Status quantized_multiplier(const PrepareContext& ctx, double real, const char* what, int32_t* multiplier,
                            int* shift) {
  if (!(real > 0.0) || !std::isfinite(real)) return ctx.unsupported(what, " is not positive and finite");
  quant::quantize_multiplier(real, multiplier, shift);
  if (*shift > 30) return ctx.unsupported(what, " is 2^30 or more (scales too far apart)");
  return Status::ok();
}

Status activation_range_s8(const PrepareContext& ctx, fb::ActivationFunctionType act, const TensorInfo& output,
                           int32_t* min, int32_t* max) {
  const float scale = output.scale();
  const int32_t zp = output.zero_point();
  const auto q = [&](float v) { return quant::quantize_value(v, scale, zp); };  // saturating
  *min = output.type == DType::kInt16 ? -32768 : -128;
  *max = output.type == DType::kInt16 ? 32767 : 127;
  switch (act) {
    case fb::ActivationFunctionType::NONE: break;
    case fb::ActivationFunctionType::RELU: *min = std::max<int32_t>(*min, q(0.0f)); break;
    case fb::ActivationFunctionType::RELU6:
      *min = std::max<int32_t>(*min, q(0.0f));
      *max = std::min<int32_t>(*max, q(6.0f));
      break;
    case fb::ActivationFunctionType::RELU_N1_TO_1:
      *min = std::max<int32_t>(*min, q(-1.0f));
      *max = std::min<int32_t>(*max, q(1.0f));
      break;
    default: return ctx.unsupported("fused activation ", static_cast<int>(act));
  }
  return Status::ok();
}

Status activation_range_f32(const PrepareContext& ctx, fb::ActivationFunctionType act, kernels::FloatClamp* clamp) {
  *clamp = kernels::FloatClamp{};
  switch (act) {
    case fb::ActivationFunctionType::NONE: break;
    case fb::ActivationFunctionType::RELU: clamp->min = 0.0f; break;
    case fb::ActivationFunctionType::RELU6: clamp->min = 0.0f; clamp->max = 6.0f; break;
    case fb::ActivationFunctionType::RELU_N1_TO_1: clamp->min = -1.0f; clamp->max = 1.0f; break;
    default: return ctx.unsupported("fused activation ", static_cast<int>(act));
  }
  return Status::ok();
}

Status channel_requant(PrepareContext& ctx, const TensorInfo& input, const TensorInfo& filter,
                       const TensorInfo& output, int32_t channels, bool per_channel_table,
                       kernels::Requant* requant) {
  const size_t n = filter.scales.size();
  if (n != 1 && n != static_cast<size_t>(channels))
    return ctx.invalid("filter has ", n, " scales for ", channels, " output channels");
  const size_t count = per_channel_table ? static_cast<size_t>(channels) : n;
  int32_t* multipliers = ctx.allocate_array<int32_t>(count);
  int8_t* shifts = ctx.allocate_array<int8_t>(count);
  if (multipliers != nullptr && shifts != nullptr) {
    // Computed in double from the float scales, like TFLite's prepare.
    const double input_scale = input.scale();
    const double output_scale = output.scale();
    for (size_t c = 0; c < count; ++c) {
      const double real = input_scale * static_cast<double>(filter.scales[n == 1 ? 0 : c]) / output_scale;
      int shift = 0;
      NIB_RETURN_IF_ERROR(
          quantized_multiplier(ctx, real, "requantization scale (input x filter / output)", &multipliers[c], &shift));
      shifts[c] = static_cast<int8_t>(shift);
    }
  }
  requant->multiplier = multipliers;
  requant->shift = shifts;
  requant->output_offset = output.zero_point();
  return Status::ok();
}

Status check_int16_symmetric(const PrepareContext& ctx, const TensorInfo& t, const char* what) {
  if (t.type != DType::kInt16) return Status::ok();
  if (t.scales.size() != 1) return ctx.invalid(what, " needs exactly one quantization scale");
  if (t.zero_point() != 0) return ctx.unsupported("int16 ", what, " zero point must be 0 (16x8 scheme)");
  return Status::ok();
}

Status check_bias_16x8(const PrepareContext& ctx, int input_index, int32_t channels, bool* bias64) {
  *bias64 = false;
  if (!ctx.has_input(input_index)) return Status::ok();
  const TensorInfo bias = ctx.input(input_index);
  if (bias.type != DType::kInt64 && bias.type != DType::kInt32)
    return ctx.unsupported("bias has type ", dtype_name(bias.type), ", expected int64 or int32 (16x8)");
  *bias64 = bias.type == DType::kInt64;
  if (bias.elements != static_cast<size_t>(channels))
    return ctx.invalid("bias has ", bias.elements, " elements, expected ", channels);
  if (!bias.is_constant()) return ctx.unsupported("bias must be a constant");
  return Status::ok();
}

Status check_bias(const PrepareContext& ctx, int input_index, DType type, int32_t channels) {
  if (!ctx.has_input(input_index)) return Status::ok();
  const TensorInfo bias = ctx.input(input_index);
  NIB_RETURN_IF_ERROR(check_type(ctx, bias, type, "bias"));
  if (bias.elements != static_cast<size_t>(channels))
    return ctx.invalid("bias has ", bias.elements, " elements, expected ", channels);
  if (!bias.is_constant()) return ctx.unsupported("bias must be a constant");
  return Status::ok();
}

}  // namespace nib::ops
