// Prepare for operators that move data: RESHAPE, PAD, TRANSPOSE,
// CONCATENATION.
#include <cstring>

#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

void run_nothing(const OpRuntime&) {}

void run_pad(const OpRuntime& rt) {
  ref::pad(*static_cast<const kernels::PadParams*>(rt.params), rt.inputs[0], rt.outputs[0]);
}
void run_transpose(const OpRuntime& rt) {
  ref::transpose(*static_cast<const kernels::TransposeParams*>(rt.params), rt.inputs[0], rt.outputs[0]);
}
void run_concat(const OpRuntime& rt) {
  ref::concatenation(*static_cast<const kernels::ConcatParams*>(rt.params), rt.inputs, rt.outputs[0]);
}

Status check_same_quant(const PrepareContext& ctx, const TensorInfo& a, const TensorInfo& b) {
  if (a.type == DType::kInt8 && (a.scale() != b.scale() || a.zero_point() != b.zero_point()))
    return ctx.unsupported("int8 inputs and output must share quantization");
  return Status::ok();
}

}  // namespace

Status prepare_reshape(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 2, 1));
  const TensorInfo in = ctx.input(0), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  if (in.elements != out.elements)
    return ctx.invalid("reshape from ", in.elements, " to ", out.elements, " elements");
  // Same bytes, new shape: the output is planned into the input's memory.
  ctx.alias_output_to_input(run_nothing);
  return Status::ok();
}

Status prepare_pad(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), paddings = ctx.input(1), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, paddings, "paddings"));
  NIB_RETURN_IF_ERROR(check_same_quant(ctx, in, out));
  const int rank = in.rank();
  if (paddings.elements != static_cast<size_t>(2 * rank) || out.rank() != rank)
    return ctx.invalid("paddings must have shape [rank, 2]");
  kernels::PadParams p{};
  p.rank = rank;
  p.element_size = static_cast<int32_t>(dtype_size(in.type));
  for (int d = 0; d < rank; ++d) {
    const int64_t before = index_value(paddings, 2 * static_cast<size_t>(d));
    const int64_t after = index_value(paddings, 2 * static_cast<size_t>(d) + 1);
    if (before < 0 || after < 0) return ctx.invalid("negative padding");
    // Each side is at most the output's size, so the sum below cannot overflow.
    if (before > out.dim(d) || after > out.dim(d) || in.dim(d) + before + after != out.dim(d))
      return ctx.invalid("output shape does not match paddings");
    p.in_dims[d] = in.dim(d);
    p.out_dims[d] = out.dim(d);
    p.before[d] = static_cast<int32_t>(before);
  }
  // Padding is the value zero: the zero point for quantized types.
  if (in.type == DType::kInt8) {
    const int8_t zp = static_cast<int8_t>(out.zero_point());
    std::memcpy(&p.pad_value, &zp, 1);
  }
  ctx.set_kernel(run_pad, "reference", p);
  return Status::ok();
}

Status prepare_transpose(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), perm = ctx.input(1), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, perm, "permutation"));
  NIB_RETURN_IF_ERROR(check_same_quant(ctx, in, out));
  const int rank = in.rank();
  if (perm.elements != static_cast<size_t>(rank) || out.rank() != rank) return ctx.invalid("permutation size != rank");
  int32_t in_strides[kernels::kMaxDims];
  int32_t stride = 1;
  for (int d = rank - 1; d >= 0; --d) {
    in_strides[d] = stride;
    stride *= in.dim(d);
  }
  kernels::TransposeParams p{};
  p.rank = rank;
  p.element_size = static_cast<int32_t>(dtype_size(in.type));
  bool used[kernels::kMaxDims] = {};
  for (int d = 0; d < rank; ++d) {
    const int64_t src = index_value(perm, static_cast<size_t>(d));
    if (src < 0 || src >= rank || used[src]) return ctx.invalid("permutation is not a permutation");
    used[src] = true;
    if (out.dim(d) != in.dim(static_cast<int>(src))) return ctx.invalid("output shape does not match permutation");
    p.out_dims[d] = out.dim(d);
    p.in_strides[d] = in_strides[src];
  }
  ctx.set_kernel(run_transpose, "reference", p);
  return Status::ok();
}

Status prepare_concatenation(PrepareContext& ctx) {
  const auto* o = ctx.options_as<fb::ConcatenationOptions>();
  if (ctx.input_count() < 1 || ctx.output_count() != 1) return ctx.invalid("needs inputs and one output");
  if (o->fused_activation_function() != fb::ActivationFunctionType::NONE)
    return ctx.unsupported("fused activation on CONCATENATION");
  const TensorInfo out = ctx.output(0);
  const int rank = out.rank();
  int axis = o->axis() < 0 ? o->axis() + rank : o->axis();
  if (axis < 0 || axis >= rank) return ctx.invalid("axis ", o->axis(), " out of range");
  kernels::ConcatParams p{};
  p.inputs = ctx.input_count();
  p.outer = 1;
  for (int d = 0; d < axis; ++d) p.outer *= out.dim(d);
  int32_t inner = 1;
  for (int d = axis + 1; d < rank; ++d) inner *= out.dim(d);
  int64_t axis_total = 0;  // inputs' sizes along the axis: up to 16 x 2^30
  for (int k = 0; k < p.inputs; ++k) {
    if (!ctx.has_input(k)) return ctx.invalid("input ", k, " missing");
    const TensorInfo in = ctx.input(k);
    NIB_RETURN_IF_ERROR(check_type(ctx, in, out.type, "input"));
    NIB_RETURN_IF_ERROR(check_same_quant(ctx, in, out));
    if (in.rank() != rank) return ctx.invalid("input ", k, " has a different rank");
    for (int d = 0; d < rank; ++d)
      if (d != axis && in.dim(d) != out.dim(d)) return ctx.invalid("input ", k, " shape does not match output");
    axis_total += in.dim(axis);
    p.chunk_bytes[k] = in.dim(axis) * inner * static_cast<int32_t>(dtype_size(in.type));
  }
  if (axis_total != out.dim(axis)) return ctx.invalid("inputs do not add up to the output along the axis");
  ctx.set_kernel(run_concat, "reference", p);
  return Status::ok();
}

}  // namespace nib::ops
