// Prepare for operators that only change a shape or make new values from
// one: SQUEEZE, EXPAND_DIMS (aliases, like RESHAPE), SHAPE, FILL,
// ZEROS_LIKE, CAST.
#include <cstring>

#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

void run_nothing(const OpRuntime&) {}

// Prepared bytes copied to the output (SHAPE: the input's dimensions).
struct ConstantBytes {
  int32_t bytes;
  uint8_t data[kMaxRank * 8];
};
void run_constant(const OpRuntime& rt) {
  const auto& p = *static_cast<const ConstantBytes*>(rt.params);
  std::memcpy(rt.outputs[0], p.data, static_cast<size_t>(p.bytes));
}
void run_zeros(const OpRuntime& rt) {
  std::memset(rt.outputs[0], 0, static_cast<size_t>(*static_cast<const int32_t*>(rt.params)));
}
void run_fill(const OpRuntime& rt) {
  ref::strided_copy(*static_cast<const kernels::StridedCopyParams*>(rt.params), rt.inputs[1], rt.outputs[0]);
}
void run_cast(const OpRuntime& rt) {
  ref::cast(*static_cast<const kernels::CastParams*>(rt.params), rt.inputs[0], rt.outputs[0]);
}

// Same element type and count: the output is the input's memory, reshaped.
Status prepare_alias(PrepareContext& ctx, const TensorInfo& in, const TensorInfo& out) {
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  if (in.elements != out.elements)
    return ctx.invalid("output has ", out.elements, " elements, input ", in.elements);
  ctx.alias_output_to_input(run_nothing);
  return Status::ok();
}

}  // namespace

Status prepare_squeeze(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  const TensorInfo in = ctx.input(0), out = ctx.output(0);
  const auto* o = ctx.options_as<fb::SqueezeOptions>();
  const auto* dims = o != nullptr ? o->squeeze_dims() : nullptr;
  // The dimensions to drop: the listed ones (each must be 1), or every 1.
  bool drop[kMaxRank] = {};
  if (dims == nullptr || dims->size() == 0) {
    for (int d = 0; d < in.rank(); ++d) drop[d] = in.dim(d) == 1;
  } else {
    for (int32_t a : *dims) {
      const int d = a < 0 ? a + in.rank() : a;
      if (d < 0 || d >= in.rank()) return ctx.invalid("squeeze dimension ", a, " out of range for rank ", in.rank());
      if (in.dim(d) != 1) return ctx.invalid("squeeze dimension ", a, " has size ", in.dim(d), ", not 1");
      drop[d] = true;
    }
  }
  int rank = 0;
  bool ok = true;
  for (int d = 0; d < in.rank(); ++d) {
    if (drop[d]) continue;
    ok = ok && rank < out.rank() && out.dim(rank) == in.dim(d);
    ++rank;
  }
  if (!ok || rank != out.rank()) return ctx.invalid("output shape is not the input's with the squeezed dimensions removed");
  return prepare_alias(ctx, in, out);
}

Status prepare_expand_dims(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), axis = ctx.input(1), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, axis, "axis"));
  if (axis.elements != 1) return ctx.invalid("axis must hold one value, has ", axis.elements);
  int64_t a = index_value(axis, 0);
  if (a < 0) a += in.rank() + 1;
  if (a < 0 || a > in.rank()) return ctx.invalid("axis ", index_value(axis, 0), " out of range for rank ", in.rank());
  bool ok = out.rank() == in.rank() + 1 && out.dim(static_cast<int>(a)) == 1;
  for (int d = 0; ok && d < in.rank(); ++d) ok = out.dim(d < a ? d : d + 1) == in.dim(d);
  if (!ok) return ctx.invalid("output shape is not the input's with a 1 inserted at axis ", a);
  return prepare_alias(ctx, in, out);
}

Status prepare_shape(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  const TensorInfo in = ctx.input(0), out = ctx.output(0);
  if (out.type != DType::kInt32 && out.type != DType::kInt64)
    return ctx.unsupported("output type ", dtype_name(out.type), " (int32 and int64 are supported)");
  if (out.rank() != 1 || out.dim(0) != in.rank()) return ctx.invalid("output must have shape [", in.rank(), "]");
  ConstantBytes p{};
  const size_t es = dtype_size(out.type);
  p.bytes = static_cast<int32_t>(es * static_cast<size_t>(in.rank()));
  for (int d = 0; d < in.rank(); ++d) {
    const int64_t v64 = in.dim(d);
    const int32_t v32 = in.dim(d);
    std::memcpy(p.data + static_cast<size_t>(d) * es, es == 8 ? static_cast<const void*>(&v64) : &v32, es);
  }
  ctx.set_kernel(run_constant, "reference", p);
  return Status::ok();
}

Status prepare_fill(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo dims = ctx.input(0), value = ctx.input(1), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, dims, "dims"));
  if (value.elements != 1) return ctx.invalid("value must be a scalar, has ", value.elements, " elements");
  NIB_RETURN_IF_ERROR(check_type(ctx, out, value.type, "output"));
  if (dims.elements != static_cast<size_t>(out.rank())) return ctx.invalid("dims has ", dims.elements, " values for output rank ", out.rank());
  for (int d = 0; d < out.rank(); ++d)
    if (index_value(dims, static_cast<size_t>(d)) != out.dim(d)) return ctx.invalid("output shape does not match dims");
  // The value is repeated: one dimension of every element, stride 0.
  kernels::StridedCopyParams p{};
  p.rank = 1;
  p.out_dims[0] = static_cast<int32_t>(out.elements);
  p.element_size = static_cast<int32_t>(dtype_size(out.type));
  ctx.set_kernel(run_fill, "reference", p);
  return Status::ok();
}

Status prepare_zeros_like(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  const TensorInfo in = ctx.input(0), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  if (!same_shape(in, out)) return ctx.invalid("output shape differs from input shape");
  // All-zero bytes, also for int8: TFLite Micro writes 0, not the zero point.
  ctx.set_kernel(run_zeros, "reference", static_cast<int32_t>(out.bytes));
  return Status::ok();
}

Status prepare_cast(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  const TensorInfo in = ctx.input(0), out = ctx.output(0);
  if (!same_shape(in, out)) return ctx.invalid("output shape differs from input shape");
  const auto castable = [](DType t) {
    return t == DType::kInt8 || t == DType::kInt16 || t == DType::kInt32 || t == DType::kFloat32;
  };
  if (!castable(in.type) || !castable(out.type))
    return ctx.unsupported("cast from ", dtype_name(in.type), " to ", dtype_name(out.type),
                           " (int8, int16, int32 and float32 are supported)");
  kernels::CastParams p{static_cast<int32_t>(in.elements), static_cast<uint8_t>(in.type),
                        static_cast<uint8_t>(out.type)};
  ctx.set_kernel(run_cast, "reference", p);
  return Status::ok();
}

}  // namespace nib::ops
