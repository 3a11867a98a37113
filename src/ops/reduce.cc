// Prepare for MEAN and SUM: int8, int16 (TFLite Micro's QuantizedMeanOrSum
// arithmetic for both, whatever the axes and quantization) and float32.
#include <algorithm>
#include <bit>

#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/options.h"
#include "quant/fixed_point.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

void run_mean_s8(const OpRuntime& rt) {
  ref::mean_s8(*static_cast<const kernels::MeanParams*>(rt.params), static_cast<const int8_t*>(rt.inputs[0]),
               static_cast<int8_t*>(rt.outputs[0]), static_cast<int32_t*>(rt.scratch));
}
void run_mean_s16(const OpRuntime& rt) {
  ref::mean_s16(*static_cast<const kernels::MeanParams*>(rt.params), static_cast<const int16_t*>(rt.inputs[0]),
                static_cast<int16_t*>(rt.outputs[0]), static_cast<int32_t*>(rt.scratch));
}
void run_mean_f32(const OpRuntime& rt) {
  ref::mean_f32(*static_cast<const kernels::MeanParams*>(rt.params), static_cast<const float*>(rt.inputs[0]),
                static_cast<float*>(rt.outputs[0]));
}

// The output shape must be the input's with the reduced axes dropped, or
// kept as 1 with keep_dims.
Status check_reduced_shape(const PrepareContext& ctx, const kernels::MeanParams& p, const TensorInfo& out,
                           bool keep_dims) {
  int32_t want[kernels::kMaxDims];
  int rank = 0;
  for (int d = 0; d < p.rank; ++d) {
    if (!p.reduce[d])
      want[rank++] = p.in_dims[d];
    else if (keep_dims)
      want[rank++] = 1;
  }
  bool ok = out.rank() == rank;
  for (int d = 0; ok && d < rank; ++d) ok = out.dim(d) == want[d];
  if (!ok) return ctx.invalid("output shape does not match the reduction (keep_dims ", keep_dims ? "true" : "false", ")");
  return Status::ok();
}

Status prepare_mean_or_sum(PrepareContext& ctx, bool sum) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), axes = ctx.input(1), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, axes, "axis"));
  if (in.type != DType::kInt8 && in.type != DType::kInt16 && in.type != DType::kFloat32)
    return ctx.unsupported("input type ", dtype_name(in.type), " (int8, int16 and float32 are supported)");
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  const auto* o = ctx.options_as<fb::ReducerOptions>();
  const bool keep_dims = o != nullptr && o->keep_dims();
  kernels::MeanParams p{};
  p.rank = in.rank();
  p.sum = sum;
  for (int d = 0; d < p.rank; ++d) p.in_dims[d] = in.dim(d);
  for (size_t i = 0; i < axes.elements; ++i) {
    int64_t a = index_value(axes, i);
    if (a < 0) a += p.rank;
    if (a < 0 || a >= p.rank) return ctx.invalid("axis ", index_value(axes, i), " out of range for rank ", p.rank);
    p.reduce[a] = true;  // repeated axes count once
  }
  NIB_RETURN_IF_ERROR(check_reduced_shape(ctx, p, out, keep_dims));
  p.out_elements = 1;
  p.reduced_elements = 1;
  for (int d = 0; d < p.rank; ++d) (p.reduce[d] ? p.reduced_elements : p.out_elements) *= in.dim(d);
  if (in.type == DType::kFloat32) {
    ctx.set_kernel(run_mean_f32, "reference", p);
    return Status::ok();
  }
  if (in.scales.size() != 1 || out.scales.size() != 1)
    return ctx.invalid("quantized input and output need exactly one scale each");
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
  p.input_zero_point = in.zero_point();
  p.output_zero_point = out.zero_point();
  int shift = 0;
  quant::quantize_multiplier(static_cast<double>(in.scale()) / static_cast<double>(out.scale()), &p.multiplier, &shift);
  if (!sum) {
    // Fold 1/count in: multiplier * 2^k / count with k = floor(log2(count)),
    // k kept <= 32 and shift - k >= -31 (as TFLite Micro limits it).
    const auto count = static_cast<uint64_t>(p.reduced_elements);
    int k = 63 - std::countl_zero(count);
    k = std::min(k, 32);
    k = std::min(k, 31 + shift);
    if (k < 0) return ctx.unsupported("input / output scale ratio below 2^-32");
    p.multiplier = static_cast<int32_t>((static_cast<int64_t>(p.multiplier) << k) / static_cast<int64_t>(count));
    shift -= k;
  }
  if (shift < -31 || shift > 30) return ctx.unsupported("input / output scale ratio out of range (shift ", shift, ")");
  p.shift = shift;
  ctx.request_scratch(static_cast<size_t>(p.out_elements) * sizeof(int32_t));
  ctx.set_kernel(in.type == DType::kInt8 ? run_mean_s8 : run_mean_s16, "reference", p);
  return Status::ok();
}

}  // namespace

Status prepare_mean(PrepareContext& ctx) { return prepare_mean_or_sum(ctx, false); }
Status prepare_sum(PrepareContext& ctx) { return prepare_mean_or_sum(ctx, true); }

}  // namespace nib::ops
