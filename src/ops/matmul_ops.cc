// Prepare for BATCH_MATMUL and TRANSPOSE_CONV.
#include <algorithm>

#include "kernels/cortex_m/batch_matmul_s8.h"
#include "kernels/cortex_m/transpose_conv_s8.h"
#include "kernels/reference/matmul.h"
#include "ops/common.h"
#include "ops/invoke.h"
#include "ops/options.h"
#include "quant/fixed_point.h"

namespace nib::ops {
namespace {

namespace ref = kernels::reference;

// TRANSPOSE_CONV's operands: 0 output shape, 1 filter, 2 input, 3 bias
// (optional: rt.inputs has only as many entries as the operator has inputs).
const void* bias_of(const OpRuntime& rt) {
  return static_cast<const kernels::TransposeConvParams*>(rt.params)->has_bias ? rt.inputs[3] : nullptr;
}
void run_transpose_conv_s8(const OpRuntime& rt) {
  ref::transpose_conv_s8(*static_cast<const kernels::TransposeConvParams*>(rt.params),
                         static_cast<const int8_t*>(rt.inputs[2]), static_cast<const int8_t*>(rt.inputs[1]),
                         static_cast<const int32_t*>(bias_of(rt)), static_cast<int8_t*>(rt.outputs[0]),
                         static_cast<int32_t*>(rt.scratch));
}
void run_transpose_conv_dsp(const OpRuntime& rt) {
  kernels::cortex_m::transpose_conv_s8(*static_cast<const kernels::TransposeConvParams*>(rt.params),
                                       static_cast<const int8_t*>(rt.inputs[2]),
                                       static_cast<const int8_t*>(rt.inputs[1]),
                                       static_cast<const int32_t*>(bias_of(rt)), static_cast<int8_t*>(rt.outputs[0]));
}
void run_transpose_conv_f32(const OpRuntime& rt) {
  ref::transpose_conv_f32(*static_cast<const kernels::TransposeConvParams*>(rt.params),
                          static_cast<const float*>(rt.inputs[2]), static_cast<const float*>(rt.inputs[1]),
                          static_cast<const float*>(bias_of(rt)), static_cast<float*>(rt.outputs[0]));
}

}  // namespace

Status prepare_batch_matmul(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 2, 2, 1));
  const TensorInfo lhs = ctx.input(0), rhs = ctx.input(1), out = ctx.output(0);
  if (lhs.type != DType::kInt8 && lhs.type != DType::kFloat32)
    return ctx.unsupported("input type ", dtype_name(lhs.type), " (int8 and float32 are supported)");
  NIB_RETURN_IF_ERROR(check_type(ctx, rhs, lhs.type, "input 2"));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, lhs.type, "output"));
  if (lhs.rank() < 2 || rhs.rank() < 2) return ctx.invalid("inputs need at least 2 dimensions");
  const auto* o = ctx.options_as<fb::BatchMatMulOptions>();
  const bool adj_x = o != nullptr && o->adj_x(), adj_y = o != nullptr && o->adj_y();
  kernels::BatchMatMulParams p{};
  const int32_t l0 = lhs.dim(lhs.rank() - 2), l1 = lhs.dim(lhs.rank() - 1);
  const int32_t r0 = rhs.dim(rhs.rank() - 2), r1 = rhs.dim(rhs.rank() - 1);
  p.rows = adj_x ? l1 : l0;
  p.depth = adj_x ? l0 : l1;
  p.cols = adj_y ? r0 : r1;
  if ((adj_y ? r1 : r0) != p.depth) return ctx.invalid("inner dimensions differ: ", p.depth, " and ", adj_y ? r1 : r0);
  p.lhs_row_stride = adj_x ? 1 : l1;
  p.lhs_depth_stride = adj_x ? l1 : 1;
  p.rhs_depth_stride = adj_y ? 1 : r1;
  p.rhs_col_stride = adj_y ? r1 : 1;
  // Batch dimensions broadcast like numpy, aligned from the right.
  p.batch_rank = std::max(lhs.rank(), rhs.rank()) - 2;
  if (out.rank() != p.batch_rank + 2 || out.dim(out.rank() - 2) != p.rows || out.dim(out.rank() - 1) != p.cols)
    return ctx.invalid("output shape does not match the product's");
  int32_t lhs_stride = l0 * l1, rhs_stride = r0 * r1;
  p.batches = 1;
  for (int d = p.batch_rank - 1; d >= 0; --d) {
    const int dl = d - (p.batch_rank - (lhs.rank() - 2)), dr = d - (p.batch_rank - (rhs.rank() - 2));
    const int32_t nl = dl >= 0 ? lhs.dim(dl) : 1, nr = dr >= 0 ? rhs.dim(dr) : 1;
    if (nl != nr && nl != 1 && nr != 1) return ctx.invalid("batch dimensions cannot be broadcast");
    p.batch_dims[d] = std::max(nl, nr);
    if (out.dim(d) != p.batch_dims[d]) return ctx.invalid("output shape does not match the product's");
    p.lhs_batch_stride[d] = nl == 1 ? 0 : lhs_stride;
    p.rhs_batch_stride[d] = nr == 1 ? 0 : rhs_stride;
    lhs_stride *= nl;
    rhs_stride *= nr;
    p.batches *= p.batch_dims[d];
  }
  ctx.set_macs(static_cast<uint64_t>(p.batches) * static_cast<uint64_t>(p.rows) * static_cast<uint64_t>(p.cols) *
               static_cast<uint64_t>(p.depth));
  if (lhs.type == DType::kFloat32) {
    ctx.set_kernel(invoke<ref::batch_matmul_f32>, "reference", p);
    return Status::ok();
  }
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, lhs, "input 1"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, rhs, "input 2"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
  p.lhs_offset = -lhs.zero_point();
  p.rhs_offset = -rhs.zero_point();
  p.output_offset = out.zero_point();
  int shift = 0;
  NIB_RETURN_IF_ERROR(quantized_multiplier(
      ctx, static_cast<double>(lhs.scale()) * static_cast<double>(rhs.scale()) / static_cast<double>(out.scale()),
      "output multiplier", &p.output_multiplier, &shift));
  p.output_shift = shift;
  p.act_min = -128;
  p.act_max = 127;
  if (ctx.options().kernels == Kernels::kOptimized && kernels::cortex_m::batch_matmul_s8_supported(p)) {
    ctx.set_kernel(invoke<kernels::cortex_m::batch_matmul_s8>, "dsp", p);
    return Status::ok();
  }
  ctx.set_kernel(invoke<ref::batch_matmul_s8>, "reference", p);
  return Status::ok();
}

Status prepare_transpose_conv(PrepareContext& ctx) {
  NIB_RETURN_IF_ERROR(check_arity(ctx, 3, 4, 1));
  const TensorInfo shape = ctx.input(0), filter = ctx.input(1), in = ctx.input(2), out = ctx.output(0);
  const auto* o = ctx.options_as<fb::TransposeConvOptions>();
  NIB_RETURN_IF_ERROR(check_rank(ctx, in, 4, "input"));
  NIB_RETURN_IF_ERROR(check_rank(ctx, filter, 4, "filter"));
  NIB_RETURN_IF_ERROR(check_rank(ctx, out, 4, "output"));
  if (in.type != DType::kInt8 && in.type != DType::kFloat32)
    return ctx.unsupported("input type ", dtype_name(in.type), " (int8 and float32 are supported)");
  NIB_RETURN_IF_ERROR(check_type(ctx, filter, in.type, "filter"));
  NIB_RETURN_IF_ERROR(check_type(ctx, out, in.type, "output"));
  if (!filter.is_constant()) return ctx.unsupported("filter must be a constant");
  if (shape.type != DType::kInt32 || shape.elements != 4 || !shape.is_constant())
    return ctx.invalid("output shape (input 0) must be a constant int32 tensor of 4 values");
  const auto* dims = static_cast<const int32_t*>(shape.data);
  for (int d = 0; d < 4; ++d)
    if (dims[d] != out.dim(d)) return ctx.invalid("output shape (input 0) differs from the output tensor's");
  kernels::TransposeConvParams p{};
  p.batches = in.dim(0);
  p.in_h = in.dim(1);
  p.in_w = in.dim(2);
  p.in_c = in.dim(3);
  p.out_h = out.dim(1);
  p.out_w = out.dim(2);
  p.out_c = out.dim(3);
  p.filter_h = filter.dim(1);
  p.filter_w = filter.dim(2);
  p.stride_h = o->stride_h();
  p.stride_w = o->stride_w();
  if (p.stride_h < 1 || p.stride_w < 1) return ctx.invalid("stride must be >= 1");
  if (out.dim(0) != p.batches || filter.dim(0) != p.out_c || filter.dim(3) != p.in_c)
    return ctx.invalid("filter must be [output channels, h, w, input channels] and batches must match");
  // The padding of the convolution this one transposes: output -> input.
  const Padded ph = compute_padding(o->padding(), p.out_h, p.filter_h, p.stride_h, 1);
  const Padded pw = compute_padding(o->padding(), p.out_w, p.filter_w, p.stride_w, 1);
  if (ph.out != p.in_h || pw.out != p.in_w)
    return ctx.invalid("input size does not match the output size, filter, strides and padding");
  p.pad_h = ph.pad;
  p.pad_w = pw.pad;
  ctx.set_macs(static_cast<uint64_t>(p.batches) * static_cast<uint64_t>(p.in_h * p.in_w * p.in_c) *
               static_cast<uint64_t>(p.filter_h * p.filter_w * p.out_c));
  const bool has_bias = ctx.has_input(3);
  p.has_bias = has_bias;
  if (in.type == DType::kFloat32) {
    if (has_bias) NIB_RETURN_IF_ERROR(check_bias(ctx, 3, DType::kFloat32, p.out_c));
    NIB_RETURN_IF_ERROR(activation_range_f32(ctx, o->fused_activation_function(), &p.clamp));
    ctx.set_kernel(run_transpose_conv_f32, "reference", p);
    return Status::ok();
  }
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, in, "input"));
  NIB_RETURN_IF_ERROR(check_activation_quant(ctx, out, "output"));
  if (!filter.is_quantized()) return ctx.invalid("int8 filter is not quantized");
  if (filter.per_channel() && filter.quantized_dimension != 0)
    return ctx.invalid("per-channel filter quantized on the wrong dimension");
  for (int64_t zp : filter.zero_points)
    if (zp != 0) return ctx.unsupported("int8 filter zero point must be 0 (symmetric weights)");
  if (has_bias) NIB_RETURN_IF_ERROR(check_bias(ctx, 3, DType::kInt32, p.out_c));
  p.input_offset = -in.zero_point();
  NIB_RETURN_IF_ERROR(channel_requant(ctx, in, filter, out, p.out_c, true, &p.requant));
  NIB_RETURN_IF_ERROR(activation_range_s8(ctx, o->fused_activation_function(), out, &p.requant.act_min,
                                          &p.requant.act_max));
  if (ctx.options().kernels == Kernels::kOptimized) {
    ctx.set_kernel(run_transpose_conv_dsp, "dsp", p);  // gathers per output pixel: no scratch
    return Status::ok();
  }
  ctx.request_scratch(static_cast<size_t>(p.out_h) * static_cast<size_t>(p.out_w) * static_cast<size_t>(p.out_c) *
                      sizeof(int32_t));
  ctx.set_kernel(run_transpose_conv_s8, "reference", p);
  return Status::ok();
}

}  // namespace nib::ops
