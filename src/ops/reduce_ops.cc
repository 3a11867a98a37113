// Prepare for REDUCE_MAX, REDUCE_MIN, ARG_MAX and ARG_MIN.
#include <cstring>

#include "kernels/reference/reduce_minmax.h"
#include "ops/common.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

template <typename P, typename In, typename Out, void (*Kernel)(const P&, const In*, Out*)>
void run(const OpRuntime& rt) {
  Kernel(*static_cast<const P*>(rt.params), static_cast<const In*>(rt.inputs[0]), static_cast<Out*>(rt.outputs[0]));
}

// Element i of a constant int32 or int64 axis tensor, made non-negative.
Status read_axis(const PrepareContext& ctx, const TensorInfo& axes, size_t i, int rank, int* axis) {
  int64_t a = 0;
  if (axes.type == DType::kInt64) {
    std::memcpy(&a, static_cast<const uint8_t*>(axes.data) + i * 8, 8);
  } else {
    int32_t v = 0;
    std::memcpy(&v, static_cast<const uint8_t*>(axes.data) + i * 4, 4);
    a = v;
  }
  if (a < -rank || a >= rank) return ctx.invalid("axis ", static_cast<int32_t>(a), " out of range for rank ", rank);
  *axis = static_cast<int>(a < 0 ? a + rank : a);
  return Status::ok();
}

Status check_axes_tensor(const PrepareContext& ctx, const TensorInfo& axes) {
  if (!axes.is_constant()) return ctx.unsupported("axis must be a constant");
  if (axes.type != DType::kInt32 && axes.type != DType::kInt64) return ctx.invalid("axis must be int32 or int64");
  return Status::ok();
}

Status prepare_reduce(PrepareContext& ctx, bool is_max) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), axes = ctx.input(1), out = ctx.output(0);
  if (in.type != DType::kInt8 && in.type != DType::kFloat32)
    return ctx.unsupported("input type ", dtype_name(in.type), " (int8 and float32 are supported)");
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  NIB_RETURN_IF_ERROR(check_axes_tensor(ctx, axes));
  kernels::ReduceParams p{};
  p.rank = in.rank();
  for (int d = 0; d < p.rank; ++d) p.in_dims[d] = in.dim(d);
  for (size_t i = 0; i < axes.elements; ++i) {
    int axis = 0;
    NIB_RETURN_IF_ERROR(read_axis(ctx, axes, i, p.rank, &axis));
    p.reduce[axis] = true;
  }
  p.in_elements = static_cast<int32_t>(in.elements);
  p.out_elements = 1;
  int kept = 0;
  for (int d = 0; d < p.rank; ++d)
    if (!p.reduce[d]) {
      p.out_elements *= p.in_dims[d];
      ++kept;
    }
  const auto* o = ctx.options_as<fb::ReducerOptions>();
  const bool keep_dims = o != nullptr && o->keep_dims();
  if (out.elements != static_cast<size_t>(p.out_elements) || out.rank() != (keep_dims ? p.rank : kept))
    return ctx.invalid("output shape does not match the reduction");
  ctx.set_macs(0);
  if (in.type == DType::kFloat32) {
    if (is_max)
      ctx.set_kernel(run<kernels::ReduceParams, float, float, ref::reduce_max<float>>, "reference", p);
    else
      ctx.set_kernel(run<kernels::ReduceParams, float, float, ref::reduce_min<float>>, "reference", p);
    return Status::ok();
  }
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
  // The max of stored values is the stored max only on one grid (TFLite Micro checks the same).
  if (in.scale() != out.scale() || in.zero_point() != out.zero_point())
    return ctx.unsupported("int8 needs equal input and output quantization");
  if (is_max)
    ctx.set_kernel(run<kernels::ReduceParams, int8_t, int8_t, ref::reduce_max<int8_t>>, "reference", p);
  else
    ctx.set_kernel(run<kernels::ReduceParams, int8_t, int8_t, ref::reduce_min<int8_t>>, "reference", p);
  return Status::ok();
}

Status prepare_arg(PrepareContext& ctx, bool is_max) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), axes = ctx.input(1), out = ctx.output(0);
  if (in.type != DType::kInt8 && in.type != DType::kFloat32)
    return ctx.unsupported("input type ", dtype_name(in.type), " (int8 and float32 are supported)");
  if (out.type != DType::kInt32) return ctx.unsupported("output type ", dtype_name(out.type), " (int32 is supported)");
  NIB_RETURN_IF_ERROR(check_axes_tensor(ctx, axes));
  if (axes.elements != 1) return ctx.invalid("axis must hold one value, holds ", axes.elements);
  if (in.rank() == 0) return ctx.invalid("input must have at least one dimension");
  int axis = 0;
  NIB_RETURN_IF_ERROR(read_axis(ctx, axes, 0, in.rank(), &axis));
  kernels::ArgParams p{1, in.dim(axis), 1};
  for (int d = 0; d < axis; ++d) p.outer *= in.dim(d);
  for (int d = axis + 1; d < in.rank(); ++d) p.inner *= in.dim(d);
  bool shape_ok = out.rank() == in.rank() - 1;
  for (int d = 0, k = 0; shape_ok && d < in.rank(); ++d)
    if (d != axis) shape_ok = out.dim(k++) == in.dim(d);
  if (!shape_ok) return ctx.invalid("output shape must be the input's without the axis");
  ctx.set_macs(0);
  using P = kernels::ArgParams;
  if (in.type == DType::kFloat32)
    ctx.set_kernel(is_max ? run<P, float, int32_t, ref::arg_max<float>> : run<P, float, int32_t, ref::arg_min<float>>,
                   "reference", p);
  else
    ctx.set_kernel(is_max ? run<P, int8_t, int32_t, ref::arg_max<int8_t>> : run<P, int8_t, int32_t, ref::arg_min<int8_t>>,
                   "reference", p);
  return Status::ok();
}

}  // namespace

Status prepare_reduce_max(PrepareContext& ctx) { return prepare_reduce(ctx, true); }
Status prepare_reduce_min(PrepareContext& ctx) { return prepare_reduce(ctx, false); }
Status prepare_arg_max(PrepareContext& ctx) { return prepare_arg(ctx, true); }
Status prepare_arg_min(PrepareContext& ctx) { return prepare_arg(ctx, false); }

}  // namespace nib::ops
