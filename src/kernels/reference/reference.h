// Portable reference kernels: straightforward loops whose integer arithmetic
// is bit-exact with TensorFlow Lite's reference kernels. They are the ground
// truth the optimized kernels are tested against.
#pragma once

#include <cstdint>

#include "kernels/params.h"

namespace nib::kernels::reference {

void conv2d_s8(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias, int8_t* output);
void conv2d_f32(const ConvParams& p, const float* input, const float* filter, const float* bias, float* output);
void depthwise_conv2d_s8(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                         int8_t* output);
void depthwise_conv2d_f32(const ConvParams& p, const float* input, const float* filter, const float* bias,
                          float* output);
void fully_connected_s8(const FullyConnectedParams& p, const int8_t* input, const int8_t* filter,
                        const int32_t* bias, int8_t* output);
void fully_connected_f32(const FullyConnectedParams& p, const float* input, const float* filter,
                         const float* bias, float* output);

void max_pool_s8(const PoolParams& p, const int8_t* input, int8_t* output);
void max_pool_f32(const PoolParams& p, const float* input, float* output);
void average_pool_s8(const PoolParams& p, const int8_t* input, int8_t* output);
void average_pool_f32(const PoolParams& p, const float* input, float* output);

void softmax_s8(const SoftmaxParams& p, const int8_t* input, int8_t* output);
void softmax_f32(const SoftmaxParams& p, const float* input, float* output);
// int16 (16x8): exp and the reciprocal from the interpolation tables in p.
void softmax_s16(const SoftmaxParams& p, const int16_t* input, int16_t* output);

void add_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output);
void add_f32(const BinaryParams& p, const float* a, const float* b, float* output);
void mul_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output);
void mul_f32(const BinaryParams& p, const float* a, const float* b, float* output);

void rescale_s8(const RescaleParams& p, const int8_t* input, int8_t* output);
// Clamp to [act_min, act_max] without rescaling (int8 RELU6 as TFLite Micro runs it).
void clamp_s8(const RescaleParams& p, const int8_t* input, int8_t* output);
void clamp_f32(int32_t elements, FloatClamp clamp, const float* input, float* output);
void logistic_s8(const LogisticParams& p, const int8_t* input, int8_t* output);
void logistic_f32(int32_t elements, const float* input, float* output);
void quantize_f32_s8(const AffineParams& p, const float* input, int8_t* output);
void dequantize_s8_f32(const AffineParams& p, const int8_t* input, float* output);

void pad(const PadParams& p, const void* input, void* output);
void transpose(const TransposeParams& p, const void* input, void* output);
void concatenation(const ConcatParams& p, const void* const* inputs, void* output);
// MEAN / SUM; the quantized ones need out_elements int32 of scratch.
void mean_s8(const MeanParams& p, const int8_t* input, int8_t* output, int32_t* scratch);
void mean_s16(const MeanParams& p, const int16_t* input, int16_t* output, int32_t* scratch);
void mean_f32(const MeanParams& p, const float* input, float* output);

// Shape and data-movement operators (src/kernels/reference/shape.cc).
void strided_copy(const StridedCopyParams& p, const void* input, void* output);
// The inverse of concatenation: outer x (chunk_bytes[k] to output k) (SPLIT, SPLIT_V, UNPACK).
void split(const ConcatParams& p, const void* input, void* const* outputs);
void gather(const GatherParams& p, const void* input, const void* indices, void* output);
void mirror_pad(const MirrorPadParams& p, const void* input, void* output);
void space_to_batch(const SpaceBatchParams& p, const void* space, void* batch);
void batch_to_space(const SpaceBatchParams& p, const void* batch, void* space);
void cast(const CastParams& p, const void* input, void* output);

// 16x8: int16 activations (zero point 0), int8 weights, int32 or int64 bias
// (ConvParams / FullyConnectedParams::bias64), as TFLite's 16x8 kernels.
void conv2d_s16(const ConvParams& p, const int16_t* input, const int8_t* filter, const void* bias, int16_t* output);
void fully_connected_s16(const FullyConnectedParams& p, const int16_t* input, const int8_t* filter, const void* bias,
                         int16_t* output);
void add_s16(const BinaryParams& p, const int16_t* a, const int16_t* b, int16_t* output);
// Requantization between int8 and int16 (QUANTIZE), clamped to the output type.
void requantize_s8_s16(const RescaleParams& p, const int8_t* input, int16_t* output);
void requantize_s16_s8(const RescaleParams& p, const int16_t* input, int8_t* output);
void requantize_s16_s16(const RescaleParams& p, const int16_t* input, int16_t* output);
void quantize_f32_s16(const AffineParams& p, const float* input, int16_t* output);

}  // namespace nib::kernels::reference
