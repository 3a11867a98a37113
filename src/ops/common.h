// Checks and parameter computations shared by the operators' prepare steps.
#pragma once

#include "kernels/params.h"
#include "nib/schema/tflite_generated.h"
#include "ops/context.h"

namespace nib::ops {

// Operand counts: inputs in [min_inputs, max_inputs], exactly `outputs` outputs.
Status check_arity(const PrepareContext& ctx, int min_inputs, int max_inputs, int outputs);

// `t` must have type `type`; `what` names it in the message ("input", "filter").
Status check_type(const PrepareContext& ctx, const TensorInfo& t, DType type, const char* what);

// `t` must have exactly `rank` dimensions.
Status check_rank(const PrepareContext& ctx, const TensorInfo& t, int rank, const char* what);

// An int8 (int16) activation must carry one scale and a zero point in its type's range.
Status check_activation_quant(const PrepareContext& ctx, const TensorInfo& t, const char* what);

// Element `i` of a constant int32 or int64 tensor (axes, shapes, paddings).
int64_t index_value(const TensorInfo& t, size_t i);

// `t` must be a constant int32 or int64 tensor; `what` names it.
Status check_index_tensor(const PrepareContext& ctx, const TensorInfo& t, const char* what);

// Both tensors have the same shape.
bool same_shape(const TensorInfo& a, const TensorInfo& b);

// Numpy broadcasting of two inputs: fills p's rank, out_dims, strides,
// elements and same_shape, checking the output has the broadcast shape.
Status broadcast_shapes(const PrepareContext& ctx, const TensorInfo& a, const TensorInfo& b, const TensorInfo& out,
                        kernels::BinaryParams* p);

// Output size and leading padding of one spatial dimension, as TFLite
// computes them for SAME and VALID padding. `out` is -1 when there is no
// output (filter larger than input) or the input span the kernels would
// index, (out - 1) * stride + (filter - 1) * dilation + 1, exceeds int32.
struct Padded {
  int32_t out;
  int32_t pad;
};
Padded compute_padding(fb::Padding padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation);

// quant::quantize_multiplier for a ratio of the model's scales, rejecting
// what the integer kernels cannot apply without overflow: a value that is
// not finite and positive, or one of 2^30 or more (a left shift past 30).
// `what` names it in the message ("output multiplier").
Status quantized_multiplier(const PrepareContext& ctx, double real, const char* what, int32_t* multiplier,
                            int* shift);

// Fused activation as an int8 (int16, by the output's type) clamp in output
// units, or a float clamp.
Status activation_range_s8(const PrepareContext& ctx, fb::ActivationFunctionType act, const TensorInfo& output,
                           int32_t* min, int32_t* max);
Status activation_range_f32(const PrepareContext& ctx, fb::ActivationFunctionType act, kernels::FloatClamp* clamp);

// Per-channel (or per-tensor) multipliers for convolution-like ops:
// input_scale * filter_scale[c] / output_scale. With `per_channel_table`
// the table always has `channels` entries (a per-tensor scale is repeated),
// otherwise one entry per filter scale. Allocates the arrays in persistent
// memory (left null while measuring).
Status channel_requant(PrepareContext& ctx, const TensorInfo& input, const TensorInfo& filter,
                       const TensorInfo& output, int32_t channels, bool per_channel_table,
                       kernels::Requant* requant);

// 16x8 operands: int16 activations with zero point 0 (TFLite's 16x8 scheme).
Status check_int16_symmetric(const PrepareContext& ctx, const TensorInfo& t, const char* what);

// Optional bias of a 16x8 convolution-like op: int32 or int64, `channels`
// elements, constant. Sets *bias64 for int64.
Status check_bias_16x8(const PrepareContext& ctx, int input_index, int32_t channels, bool* bias64);

// Optional bias of a convolution-like op: int32 (int8 models) or float32,
// `channels` elements, and for int8 a zero point of 0.
Status check_bias(const PrepareContext& ctx, int input_index, DType type, int32_t channels);

// int16 (16x8) LOGISTIC (math_ops.cc, beside int16 TANH, which shares its
// input scaling and sigmoid table).
Status prepare_logistic_s16(PrepareContext& ctx, const TensorInfo& in, const TensorInfo& out);

}  // namespace nib::ops
