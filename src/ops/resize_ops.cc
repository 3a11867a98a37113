// Prepare for RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: 4-D NHWC input,
// a constant int32 [2] size (new height, new width).
#include <cstring>

#include "kernels/reference/resize.h"
#include "ops/common.h"
#include "ops/options.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

template <typename T, void (*Kernel)(const kernels::ResizeParams&, const T*, T*)>
void run_typed(const OpRuntime& rt) {
  Kernel(*static_cast<const kernels::ResizeParams*>(rt.params), static_cast<const T*>(rt.inputs[0]),
         static_cast<T*>(rt.outputs[0]));
}
void run_nearest(const OpRuntime& rt) {
  ref::resize_nearest(*static_cast<const kernels::ResizeParams*>(rt.params), rt.inputs[0], rt.outputs[0]);
}

Status prepare_resize(PrepareContext& ctx, bool bilinear, bool align_corners, bool half_pixel_centers) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo in = ctx.input(0), size = ctx.input(1), out = ctx.output(0);
  if (in.type != DType::kInt8 && in.type != DType::kFloat32)
    return ctx.unsupported("input type ", dtype_name(in.type), " (int8 and float32 are supported)");
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  NIB_RETURN_IF_ERROR(check_rank(ctx, in, 4, "input"));
  NIB_RETURN_IF_ERROR(check_rank(ctx, out, 4, "output"));
  if (size.type != DType::kInt32 || size.elements != 2) return ctx.invalid("size must be an int32 tensor of 2 values");
  if (!size.is_constant()) return ctx.unsupported("size must be a constant");
  if (align_corners && half_pixel_centers) return ctx.invalid("align_corners and half_pixel_centers are both set");
  int32_t hw[2];
  std::memcpy(hw, size.data, sizeof hw);
  if (hw[0] <= 0 || hw[1] <= 0) return ctx.invalid("size must be positive");
  if (out.dim(0) != in.dim(0) || out.dim(1) != hw[0] || out.dim(2) != hw[1] || out.dim(3) != in.dim(3))
    return ctx.invalid("output shape does not match the input's batches and channels and the size");
  kernels::ResizeParams p{};
  p.batches = in.dim(0);
  p.in_h = in.dim(1);
  p.in_w = in.dim(2);
  p.channels = in.dim(3);
  p.out_h = hw[0];
  p.out_w = hw[1];
  p.align_corners = align_corners;
  p.half_pixel_centers = half_pixel_centers;
  p.element_size = static_cast<int32_t>(dtype_size(in.type));
  ctx.set_macs(0);
  // int8 values are interpolated in the input's units, like TFLite Micro
  // (the converter gives input and output one quantization).
  if (!bilinear)
    ctx.set_kernel(run_nearest, "reference", p);
  else if (in.type == DType::kInt8)
    ctx.set_kernel(run_typed<int8_t, ref::resize_bilinear_s8>, "reference", p);
  else
    ctx.set_kernel(run_typed<float, ref::resize_bilinear_f32>, "reference", p);
  return Status::ok();
}

}  // namespace

Status prepare_resize_bilinear(PrepareContext& ctx) {
  const auto* o = ctx.options_as<fb::ResizeBilinearOptions>();
  return prepare_resize(ctx, true, o && o->align_corners(), o && o->half_pixel_centers());
}

Status prepare_resize_nearest_neighbor(PrepareContext& ctx) {
  const auto* o = ctx.options_as<fb::ResizeNearestNeighborOptions>();
  return prepare_resize(ctx, false, o && o->align_corners(), o && o->half_pixel_centers());
}

}  // namespace nib::ops
