// Prepare for operators that rearrange pixels: MIRROR_PAD, SPACE_TO_DEPTH,
// DEPTH_TO_SPACE, SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND. Raw byte copies.
#include "kernels/reference/reference.h"
#include "ops/common.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

void run_mirror_pad(const OpRuntime& rt) {
  ref::mirror_pad(*static_cast<const kernels::MirrorPadParams*>(rt.params), rt.inputs[0], rt.outputs[0]);
}
void run_strided(const OpRuntime& rt) {
  ref::strided_copy(*static_cast<const kernels::StridedCopyParams*>(rt.params), rt.inputs[0], rt.outputs[0]);
}
void run_space_to_batch(const OpRuntime& rt) {
  ref::space_to_batch(*static_cast<const kernels::SpaceBatchParams*>(rt.params), rt.inputs[0], rt.outputs[0]);
}
void run_batch_to_space(const OpRuntime& rt) {
  ref::batch_to_space(*static_cast<const kernels::SpaceBatchParams*>(rt.params), rt.inputs[0], rt.outputs[0]);
}

// [b, h, w, c] views of SPACE_TO_DEPTH / DEPTH_TO_SPACE as 6 dimensions.
Status prepare_depth_space(PrepareContext& ctx, bool to_depth) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 1, 1, 1));
  const TensorInfo in = ctx.input(0), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_rank(ctx, in, 4, "input"));
  NIB_RETURN_IF_ERROR(check_rank(ctx, out, 4, "output"));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  const int32_t bs = to_depth ? ctx.options_as<fb::SpaceToDepthOptions>()->block_size()
                              : ctx.options_as<fb::DepthToSpaceOptions>()->block_size();
  if (bs < 1) return ctx.invalid("block_size ", bs, " must be >= 1");
  const int32_t b = in.dim(0), h = in.dim(1), w = in.dim(2), c = in.dim(3);
  kernels::StridedCopyParams p{};
  p.rank = 6;
  p.element_size = static_cast<int32_t>(dtype_size(in.type));
  // A block larger than what it divides is refused before any product of it
  // is formed, so no product below can wrap.
  if (to_depth ? (bs > h || bs > w) : int64_t{bs} * bs > c)
    return ctx.invalid("block_size ", bs, " is larger than the dimensions it divides");
  if (to_depth) {
    if (h % bs != 0 || w % bs != 0) return ctx.invalid("height and width must be multiples of block_size ", bs);
    if (out.dim(0) != b || out.dim(1) != h / bs || out.dim(2) != w / bs || out.dim(3) != c * bs * bs)
      return ctx.invalid("output shape must be [", b, ", ", h / bs, ", ", w / bs, ", ", c * bs * bs, "]");
    // Output [b][y][x][(dy * bs + dx) * c + k] = input [b][y * bs + dy][x * bs + dx][k].
    const int32_t dims[6] = {b, h / bs, w / bs, bs, bs, c};
    const int32_t strides[6] = {h * w * c, bs * w * c, bs * c, w * c, c, 1};
    for (int d = 0; d < 6; ++d) p.out_dims[d] = dims[d], p.in_strides[d] = strides[d];
  } else {
    if (c % (bs * bs) != 0) return ctx.invalid("depth ", c, " is not a multiple of block_size^2 = ", bs * bs);
    const int32_t oc = c / (bs * bs);
    if (out.dim(0) != b || out.dim(1) != h * bs || out.dim(2) != w * bs || out.dim(3) != oc)
      return ctx.invalid("output shape must be [", b, ", ", h * bs, ", ", w * bs, ", ", oc, "]");
    // Output [b][y * bs + dy][x * bs + dx][k] = input [b][y][x][(dy * bs + dx) * oc + k].
    const int32_t dims[6] = {b, h, bs, w, bs, oc};
    const int32_t strides[6] = {h * w * c, w * c, bs * oc, c, oc, 1};
    for (int d = 0; d < 6; ++d) p.out_dims[d] = dims[d], p.in_strides[d] = strides[d];
  }
  ctx.set_kernel(run_strided, "reference", p);
  return Status::ok();
}

// Shared by SPACE_TO_BATCH_ND (paddings) and BATCH_TO_SPACE_ND (crops):
// `space` is the tensor with the full image, `batch` the one with blocks.
Status prepare_space_batch(PrepareContext& ctx, bool to_batch) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 3, 3, 1));
  const TensorInfo in = ctx.input(0), block = ctx.input(1), pads = ctx.input(2), out = ctx.output(0);
  const TensorInfo& space = to_batch ? in : out;
  const TensorInfo& batch = to_batch ? out : in;
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  if (in.rank() != 3 && in.rank() != 4) return ctx.unsupported("rank ", in.rank(), " (3 and 4 are supported)");
  if (out.rank() != in.rank()) return ctx.invalid("output rank differs from input rank");
  const int spatial = in.rank() - 2;
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, block, "block_shape"));
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, pads, to_batch ? "paddings" : "crops"));
  if (block.elements != static_cast<size_t>(spatial) || pads.elements != static_cast<size_t>(2 * spatial))
    return ctx.invalid("block_shape needs ", spatial, " values and ", to_batch ? "paddings " : "crops ", 2 * spatial);
  int64_t bv[2] = {1, 1}, before[2] = {0, 0}, after[2] = {0, 0};
  for (int d = 0; d < spatial; ++d) {
    bv[d] = index_value(block, static_cast<size_t>(d));
    before[d] = index_value(pads, static_cast<size_t>(2 * d));
    after[d] = index_value(pads, static_cast<size_t>(2 * d + 1));
    if (bv[d] < 1) return ctx.invalid("block_shape value ", bv[d], " must be >= 1");
    if (before[d] < 0 || after[d] < 0) return ctx.invalid(to_batch ? "paddings" : "crops", " must be >= 0");
  }
  const int32_t depth_dim = in.rank() - 1;
  const auto dim_or_1 = [&](const TensorInfo& t, int d) { return d < t.rank() - 1 ? t.dim(d) : 1; };
  kernels::SpaceBatchParams p{};
  p.batch = space.dim(0);
  p.height = space.dim(1);
  p.width = spatial == 2 ? dim_or_1(space, 2) : 1;
  p.batch_h = batch.dim(1);
  p.batch_w = spatial == 2 ? dim_or_1(batch, 2) : 1;
  p.block_h = static_cast<int32_t>(bv[0]);
  p.block_w = static_cast<int32_t>(bv[1]);
  p.pad_top = static_cast<int32_t>(before[0]);
  p.pad_left = static_cast<int32_t>(before[1]);
  p.depth_bytes = static_cast<int32_t>(dtype_size(in.type)) * in.dim(depth_dim);
  // TFLite Micro pads with zero bytes, also for int8 (not the zero point).
  p.pad_byte = 0;
  const bool ok = out.dim(depth_dim) == in.dim(depth_dim) &&
                  batch.dim(0) == static_cast<int64_t>(p.batch) * p.block_h * p.block_w &&
                  static_cast<int64_t>(p.batch_h) * p.block_h == p.height + before[0] + after[0] &&
                  static_cast<int64_t>(p.batch_w) * p.block_w == p.width + before[1] + after[1];
  if (!ok) return ctx.invalid("output shape does not match block_shape and ", to_batch ? "paddings" : "crops");
  ctx.set_kernel(to_batch ? run_space_to_batch : run_batch_to_space, "reference", p);
  return Status::ok();
}

}  // namespace

Status prepare_mirror_pad(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), paddings = ctx.input(1), out = ctx.output(0);
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  NIB_RETURN_IF_ERROR(check_index_tensor(ctx, paddings, "paddings"));
  const auto* o = ctx.options_as<fb::MirrorPadOptions>();
  const bool reflect = o == nullptr || o->mode() == fb::MirrorPadMode::REFLECT;
  const int rank = in.rank();
  if (paddings.elements != static_cast<size_t>(2 * rank) || out.rank() != rank)
    return ctx.invalid("paddings must have shape [rank, 2]");
  kernels::MirrorPadParams p{};
  p.rank = rank;
  p.offset = reflect ? 1 : 0;
  p.element_size = static_cast<int32_t>(dtype_size(in.type));
  for (int d = 0; d < rank; ++d) {
    const int64_t before = index_value(paddings, 2 * static_cast<size_t>(d));
    const int64_t after = index_value(paddings, 2 * static_cast<size_t>(d) + 1);
    // REFLECT mirrors around the border element, so it can add at most n - 1.
    const int64_t limit = in.dim(d) - p.offset;
    if (before < 0 || after < 0 || before > limit || after > limit)
      return ctx.invalid("padding of dimension ", d, " must be in [0, ", limit, "] for ", reflect ? "REFLECT" : "SYMMETRIC");
    if (in.dim(d) + before + after != out.dim(d)) return ctx.invalid("output shape does not match paddings");
    p.in_dims[d] = in.dim(d);
    p.out_dims[d] = out.dim(d);
    p.before[d] = static_cast<int32_t>(before);
  }
  ctx.set_kernel(run_mirror_pad, "reference", p);
  return Status::ok();
}

Status prepare_space_to_depth(PrepareContext& ctx) { return prepare_depth_space(ctx, true); }
Status prepare_depth_to_space(PrepareContext& ctx) { return prepare_depth_space(ctx, false); }
Status prepare_space_to_batch_nd(PrepareContext& ctx) { return prepare_space_batch(ctx, true); }
Status prepare_batch_to_space_nd(PrepareContext& ctx) { return prepare_space_batch(ctx, false); }

}  // namespace nib::ops
