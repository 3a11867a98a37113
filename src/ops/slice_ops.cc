// Prepare for operators that take parts of a tensor or put parts together:
// SLICE, STRIDED_SLICE, SPLIT, SPLIT_V, PACK, UNPACK, GATHER, BROADCAST_TO.
// Values are copied as raw bytes (quantized values keep their input
// quantization unchecked, as in TFLite Micro).
#include <algorithm>
#include <climits>

#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

void run_strided(const OpRuntime& rt) {
  ref::strided_copy(*static_cast<const kernels::StridedCopyParams*>(rt.params), rt.inputs[0], rt.outputs[0]);
}
// SPLIT keeps its data in input 1 (input 0 is the axis).
void run_split_input1(const OpRuntime& rt) {
  ref::split(*static_cast<const kernels::ConcatParams*>(rt.params), rt.inputs[1], rt.outputs);
}
void run_split_input0(const OpRuntime& rt) {
  ref::split(*static_cast<const kernels::ConcatParams*>(rt.params), rt.inputs[0], rt.outputs);
}
void run_pack(const OpRuntime& rt) {
  ref::concatenation(*static_cast<const kernels::ConcatParams*>(rt.params), rt.inputs, rt.outputs[0]);
}
void run_gather(const OpRuntime& rt) {
  ref::gather(*static_cast<const kernels::GatherParams*>(rt.params), rt.inputs[0], rt.inputs[1], rt.outputs[0]);
}

// Element strides of a row-major shape.
void strides_of(const TensorInfo& t, int32_t* strides) {
  int32_t s = 1;
  for (int d = t.rank() - 1; d >= 0; --d) {
    strides[d] = s;
    s *= t.dim(d);
  }
}

// The view must stay inside the input (a guard on the index arithmetic).
Status finish_view(PrepareContext& ctx, kernels::StridedCopyParams& p, const TensorInfo& in, const TensorInfo& out) {
  int64_t lo = p.in_start, hi = p.in_start;
  for (int d = 0; d < p.rank; ++d) {
    const int64_t span = static_cast<int64_t>(p.out_dims[d] - 1) * p.in_strides[d];
    (span < 0 ? lo : hi) += span;
  }
  if (lo < 0 || hi >= static_cast<int64_t>(in.elements)) return ctx.invalid("slice reaches outside the input");
  p.element_size = static_cast<int32_t>(dtype_size(in.type));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  ctx.set_kernel(run_strided, "reference", p);
  return Status::ok();
}

// The output must have exactly these dimensions.
Status check_out_dims(const PrepareContext& ctx, const TensorInfo& out, const int32_t* dims, int rank,
                      const char* what) {
  bool ok = out.rank() == rank;
  for (int d = 0; ok && d < rank; ++d) ok = out.dim(d) == dims[d];
  if (!ok) return ctx.invalid("output shape does not match the ", what);
  return Status::ok();
}

Status check_constant_vector(const PrepareContext& ctx, const TensorInfo& t, size_t n, const char* what) {
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, t, what));
  if (t.elements != n) return ctx.invalid(what, " has ", t.elements, " values, expected ", n);
  return Status::ok();
}

int normalize_axis(int64_t axis, int rank) { return static_cast<int>(axis < 0 ? axis + rank : axis); }

// Splits `in` along `axis` into outputs of `sizes[k]` each.
Status prepare_split_common(PrepareContext& ctx, const TensorInfo& in, int axis, const int32_t* sizes, int count,
                            InvokeFn run) {
  kernels::ConcatParams p{};
  p.inputs = count;
  p.outer = 1;
  for (int d = 0; d < axis; ++d) p.outer *= in.dim(d);
  int32_t inner = static_cast<int32_t>(dtype_size(in.type));
  for (int d = axis + 1; d < in.rank(); ++d) inner *= in.dim(d);
  for (int k = 0; k < count; ++k) {
    const TensorInfo out = ctx.output(k);
    NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
    int32_t dims[kMaxRank];
    for (int d = 0; d < in.rank(); ++d) dims[d] = d == axis ? sizes[k] : in.dim(d);
    bool ok = out.rank() == in.rank();
    for (int d = 0; ok && d < in.rank(); ++d) ok = out.dim(d) == dims[d];
    if (!ok) return ctx.invalid("output ", k, " shape does not match the split");
    p.chunk_bytes[k] = sizes[k] * inner;
  }
  ctx.set_kernel(run, "reference", p);
  return Status::ok();
}

}  // namespace

Status prepare_slice(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 3, 3, 1));
  const TensorInfo in = ctx.input(0), begin = ctx.input(1), size = ctx.input(2), out = ctx.output(0);
  const int rank = in.rank();
  NIB_RETURN_IF_ERROR(check_constant_vector(ctx, begin, static_cast<size_t>(rank), "begin"));
  NIB_RETURN_IF_ERROR(check_constant_vector(ctx, size, static_cast<size_t>(rank), "size"));
  kernels::StridedCopyParams p{};
  p.rank = rank;
  int32_t strides[kMaxRank];
  strides_of(in, strides);
  for (int d = 0; d < rank; ++d) {
    const int64_t b = index_value(begin, static_cast<size_t>(d));
    int64_t n = index_value(size, static_cast<size_t>(d));
    if (n == -1) n = in.dim(d) - b;  // -1: to the end
    if (b < 0 || n < 0 || b + n > in.dim(d))
      return ctx.invalid("slice [", b, ", ", b + n, ") of dimension ", d, " outside [0, ", in.dim(d), ")");
    if (n == 0) return ctx.unsupported("zero-size slice of dimension ", d);
    p.out_dims[d] = static_cast<int32_t>(n);
    p.in_strides[d] = strides[d];
    p.in_start += static_cast<int32_t>(b) * strides[d];
  }
  NIB_RETURN_IF_ERROR(check_out_dims(ctx, out, p.out_dims, rank, "slice sizes"));
  return finish_view(ctx, p, in, out);
}

Status prepare_strided_slice(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 4, 4, 1));
  const TensorInfo in = ctx.input(0), begin = ctx.input(1), end = ctx.input(2), stride = ctx.input(3);
  const TensorInfo out = ctx.output(0);
  const int rank = in.rank();
  NIB_RETURN_IF_ERROR(check_constant_vector(ctx, begin, static_cast<size_t>(rank), "begin"));
  NIB_RETURN_IF_ERROR(check_constant_vector(ctx, end, static_cast<size_t>(rank), "end"));
  NIB_RETURN_IF_ERROR(check_constant_vector(ctx, stride, static_cast<size_t>(rank), "strides"));
  const auto* o = ctx.options_as<fb::StridedSliceOptions>();
  const int begin_mask = o ? o->begin_mask() : 0, end_mask = o ? o->end_mask() : 0;
  const int shrink_mask = o ? o->shrink_axis_mask() : 0;
  if (o && (o->ellipsis_mask() != 0 || o->new_axis_mask() != 0))
    return ctx.unsupported("ellipsis_mask and new_axis_mask");
  if (o && o->offset()) return ctx.unsupported("offset (end relative to begin)");
  int32_t strides[kMaxRank];
  strides_of(in, strides);
  kernels::StridedCopyParams p{};
  int32_t out_dims[kMaxRank];
  int out_rank = 0;
  for (int d = 0; d < rank; ++d) {
    const int64_t n = in.dim(d);
    const int64_t step = index_value(stride, static_cast<size_t>(d));
    if (step == 0) return ctx.invalid("stride of dimension ", d, " is 0");
    if (step < INT32_MIN || step > INT32_MAX) return ctx.invalid("stride of dimension ", d, " out of range");
    // TFLite's rules: a masked bound is the far end in the stride's
    // direction; negative bounds count from the end; then clamp to
    // [0, n] going forward, [-1, n - 1] going backward.
    const auto resolve = [&](int64_t v, bool masked, bool is_begin) {
      if (masked) v = (step > 0) == is_begin ? INT64_MIN / 2 : INT64_MAX / 2;
      if (v < 0) v += n;
      return step > 0 ? std::clamp<int64_t>(v, 0, n) : std::clamp<int64_t>(v, -1, n - 1);
    };
    const int64_t start = resolve(index_value(begin, static_cast<size_t>(d)), begin_mask & (1 << d), true);
    const bool shrink = shrink_mask & (1 << d);
    if (shrink) {
      // One element at `start`, the dimension dropped from the output.
      if (start < 0 || start >= n)
        return ctx.invalid("shrunk index ", index_value(begin, static_cast<size_t>(d)), " of dimension ", d,
                           " outside [0, ", n, ")");
      p.in_start += static_cast<int32_t>(start) * strides[d];
      continue;
    }
    const int64_t stop = resolve(index_value(end, static_cast<size_t>(d)), end_mask & (1 << d), false);
    const int64_t count = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                                   : (start > stop ? (start - stop - step - 1) / -step : 0);
    if (count == 0) return ctx.unsupported("zero-size slice of dimension ", d);
    p.out_dims[out_rank] = static_cast<int32_t>(count);
    // One element: the step is never taken (a hostile one could overflow
    // step x stride). Otherwise |step| < n, and the product fits the tensor.
    p.in_strides[out_rank] = count == 1 ? strides[d] : static_cast<int32_t>(step) * strides[d];
    p.in_start += static_cast<int32_t>(start) * strides[d];
    out_dims[out_rank++] = static_cast<int32_t>(count);
  }
  p.rank = out_rank;
  NIB_RETURN_IF_ERROR(check_out_dims(ctx, out, out_dims, out_rank, "strided slice"));
  return finish_view(ctx, p, in, out);
}

Status prepare_split(PrepareContext& ctx) {
  const auto* o = ctx.options_as<fb::SplitOptions>();
  const int count = ctx.output_count();
  if (ctx.input_count() != 2 || !ctx.has_input(0) || !ctx.has_input(1)) return ctx.invalid("expects axis and input");
  if (o && o->num_splits() != count) return ctx.invalid("num_splits ", o->num_splits(), " but ", count, " outputs");
  const TensorInfo axis = ctx.input(0), in = ctx.input(1);
  NIB_RETURN_IF_ERROR(check_constant_vector(ctx, axis, 1, "axis"));
  const int a = normalize_axis(index_value(axis, 0), in.rank());
  if (a < 0 || a >= in.rank()) return ctx.invalid("axis ", index_value(axis, 0), " out of range for rank ", in.rank());
  if (in.dim(a) % count != 0) return ctx.invalid("dimension ", a, " of size ", in.dim(a), " does not split into ", count);
  int32_t sizes[16];
  for (int k = 0; k < count; ++k) sizes[k] = in.dim(a) / count;
  return prepare_split_common(ctx, in, a, sizes, count, run_split_input1);
}

Status prepare_split_v(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 3, 3, ctx.output_count()));
  const int count = ctx.output_count();
  const TensorInfo in = ctx.input(0), size_splits = ctx.input(1), axis = ctx.input(2);
  NIB_RETURN_IF_ERROR(check_constant_vector(ctx, axis, 1, "axis"));
  NIB_RETURN_IF_ERROR(check_constant_vector(ctx, size_splits, static_cast<size_t>(count), "size_splits"));
  const int a = normalize_axis(index_value(axis, 0), in.rank());
  if (a < 0 || a >= in.rank()) return ctx.invalid("axis ", index_value(axis, 0), " out of range for rank ", in.rank());
  int32_t sizes[16];
  int unknown = -1;
  int64_t total = 0;
  for (int k = 0; k < count; ++k) {
    const int64_t s = index_value(size_splits, static_cast<size_t>(k));
    if (s == -1 && unknown < 0) {
      unknown = k;
      continue;
    }
    if (s <= 0) return ctx.invalid("size_splits[", k, "] = ", s);
    sizes[k] = static_cast<int32_t>(s);
    total += s;
  }
  if (unknown >= 0) {
    if (total >= in.dim(a)) return ctx.invalid("size_splits leave nothing for the -1 entry");
    sizes[unknown] = static_cast<int32_t>(in.dim(a) - total);
    total = in.dim(a);
  }
  if (total != in.dim(a)) return ctx.invalid("size_splits add up to ", total, ", dimension ", a, " has ", in.dim(a));
  return prepare_split_common(ctx, in, a, sizes, count, run_split_input0);
}

Status prepare_unpack(PrepareContext& ctx) {
  const auto* o = ctx.options_as<fb::UnpackOptions>();
  if (ctx.input_count() != 1 || !ctx.has_input(0)) return ctx.invalid("expects one input");
  const TensorInfo in = ctx.input(0);
  const int count = ctx.output_count();
  const int a = normalize_axis(o ? o->axis() : 0, in.rank());
  if (a < 0 || a >= in.rank()) return ctx.invalid("axis ", o ? o->axis() : 0, " out of range for rank ", in.rank());
  if (in.dim(a) != count || (o && o->num() != count))
    return ctx.invalid(count, " outputs for dimension ", a, " of size ", in.dim(a));
  kernels::ConcatParams p{};
  p.inputs = count;
  p.outer = 1;
  for (int d = 0; d < a; ++d) p.outer *= in.dim(d);
  int32_t inner = static_cast<int32_t>(dtype_size(in.type));
  for (int d = a + 1; d < in.rank(); ++d) inner *= in.dim(d);
  for (int k = 0; k < count; ++k) {
    const TensorInfo out = ctx.output(k);
    NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
    bool ok = out.rank() == in.rank() - 1;
    for (int d = 0; ok && d < out.rank(); ++d) ok = out.dim(d) == in.dim(d < a ? d : d + 1);
    if (!ok) return ctx.invalid("output ", k, " shape is not the input's without dimension ", a);
    p.chunk_bytes[k] = inner;
  }
  ctx.set_kernel(run_split_input0, "reference", p);
  return Status::ok();
}

Status prepare_pack(PrepareContext& ctx) {
  const auto* o = ctx.options_as<fb::PackOptions>();
  const int count = ctx.input_count();
  if (count < 1 || ctx.output_count() != 1) return ctx.invalid("expects inputs and one output");
  if (o && o->values_count() != count) return ctx.invalid("values_count ", o->values_count(), " but ", count, " inputs");
  const TensorInfo first = ctx.input(0), out = ctx.output(0);
  const int a = normalize_axis(o ? o->axis() : 0, first.rank() + 1);
  if (a < 0 || a > first.rank()) return ctx.invalid("axis ", o ? o->axis() : 0, " out of range for rank ", first.rank());
  NIB_RETURN_IF_ERROR(check_type(ctx, out, first.type, "output"));
  bool ok = out.rank() == first.rank() + 1 && out.dim(a) == count;
  for (int d = 0; ok && d < first.rank(); ++d) ok = out.dim(d < a ? d : d + 1) == first.dim(d);
  if (!ok) return ctx.invalid("output shape is not the inputs' with ", count, " inserted at axis ", a);
  kernels::ConcatParams p{};
  p.inputs = count;
  p.outer = 1;
  for (int d = 0; d < a; ++d) p.outer *= first.dim(d);
  int32_t inner = static_cast<int32_t>(dtype_size(first.type));
  for (int d = a; d < first.rank(); ++d) inner *= first.dim(d);
  for (int k = 0; k < count; ++k) {
    if (!ctx.has_input(k)) return ctx.invalid("input ", k, " missing");
    const TensorInfo in = ctx.input(k);
    NIB_RETURN_IF_ERROR(check_type(ctx, in, first.type, "input"));
    if (!same_shape(in, first)) return ctx.invalid("input ", k, " shape differs from input 0");
    p.chunk_bytes[k] = inner;
  }
  ctx.set_kernel(run_pack, "reference", p);
  return Status::ok();
}

Status prepare_gather(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), indices = ctx.input(1), out = ctx.output(0);
  const auto* o = ctx.options_as<fb::GatherOptions>();
  if (indices.type != DType::kInt32 && indices.type != DType::kInt64)
    return ctx.invalid("indices must be int32 or int64");
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  const int axis = normalize_axis(o ? o->axis() : 0, in.rank());
  const int batch_dims = normalize_axis(o ? o->batch_dims() : 0, indices.rank());
  if (axis < 0 || axis >= in.rank()) return ctx.invalid("axis ", o ? o->axis() : 0, " out of range for rank ", in.rank());
  if (batch_dims < 0 || batch_dims > axis || batch_dims > indices.rank())
    return ctx.invalid("batch_dims ", o ? o->batch_dims() : 0, " out of range");
  kernels::GatherParams p{};
  p.batches = 1;
  for (int d = 0; d < batch_dims; ++d) {
    if (in.dim(d) != indices.dim(d)) return ctx.invalid("batch dimension ", d, " differs between input and indices");
    p.batches *= in.dim(d);
  }
  p.outer = 1;
  for (int d = batch_dims; d < axis; ++d) p.outer *= in.dim(d);
  p.axis_size = in.dim(axis);
  p.coords = 1;
  for (int d = batch_dims; d < indices.rank(); ++d) p.coords *= indices.dim(d);
  p.inner = static_cast<int32_t>(dtype_size(in.type));
  for (int d = axis + 1; d < in.rank(); ++d) p.inner *= in.dim(d);
  p.index_bytes = static_cast<int32_t>(dtype_size(indices.type));
  // Output: input[:axis] + indices[batch_dims:] + input[axis + 1:].
  int32_t dims[kMaxRank];
  int rank = 0;
  for (int d = 0; d < axis && rank < kMaxRank; ++d) dims[rank++] = in.dim(d);
  for (int d = batch_dims; d < indices.rank() && rank < kMaxRank; ++d) dims[rank++] = indices.dim(d);
  for (int d = axis + 1; d < in.rank() && rank < kMaxRank; ++d) dims[rank++] = in.dim(d);
  if (axis + (indices.rank() - batch_dims) + (in.rank() - axis - 1) > kMaxRank) return ctx.unsupported("output rank above 6");
  NIB_RETURN_IF_ERROR(check_out_dims(ctx, out, dims, rank, "gathered shape"));
  if (indices.is_constant()) {
    for (size_t i = 0; i < indices.elements; ++i) {
      const int64_t k = index_value(indices, i);
      if (k < 0 || k >= p.axis_size) return ctx.invalid("index ", k, " outside [0, ", p.axis_size, ")");
    }
  }
  ctx.set_kernel(run_gather, "reference", p);
  return Status::ok();
}

Status prepare_broadcast_to(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), shape = ctx.input(1), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, shape, "shape"));
  const int rank = static_cast<int>(shape.elements);
  if (rank < in.rank()) return ctx.invalid("shape has rank ", rank, ", below the input's ", in.rank());
  if (rank > kMaxRank) return ctx.unsupported("rank above 6");
  int32_t strides[kMaxRank];
  strides_of(in, strides);
  kernels::StridedCopyParams p{};
  p.rank = rank;
  for (int d = 0; d < rank; ++d) {
    const int64_t n = index_value(shape, static_cast<size_t>(d));
    const int di = d - (rank - in.rank());  // input dims are right-aligned
    const int32_t m = di >= 0 ? in.dim(di) : 1;
    if (m != n && m != 1) return ctx.invalid("input dimension ", di, " of size ", m, " cannot broadcast to ", n);
    if (n < 1 || n > INT32_MAX) return ctx.invalid("shape value ", n, " out of range");
    p.out_dims[d] = static_cast<int32_t>(n);
    p.in_strides[d] = (di >= 0 && m != 1) ? strides[di] : 0;
  }
  NIB_RETURN_IF_ERROR(check_out_dims(ctx, out, p.out_dims, rank, "shape input"));
  return finish_view(ctx, p, in, out);
}

}  // namespace nib::ops
