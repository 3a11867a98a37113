// Parameter structs shared by every kernel implementation. Kernels see plain
// pointers and these structs only: no flatbuffers, no tensors, no status.
// ops/ fills them once at prepare time; invoke just reads them.
#pragma once

#include <cstdint>

#include "nib/limits.h"

namespace nib::kernels {

inline constexpr int kMaxDims = limits::kMaxRank;  // shape arrays in params

// Requantization of an int32 accumulator to int8, per output channel
// (count = channels) or per tensor (count = 1).
struct Requant {
  const int32_t* multiplier = nullptr;
  const int8_t* shift = nullptr;  // -31..31 (one byte each: a per-channel table per layer)
  int32_t output_offset = 0;  // output zero point
  int32_t act_min = -128;     // fused activation, in output units
  int32_t act_max = 127;
};

struct FloatClamp {
  float min = -3.4028235e38f;
  float max = 3.4028235e38f;
};

// CONV_2D and DEPTHWISE_CONV_2D (NHWC input, OHWI / 1HWO filter).
struct ConvParams {
  int32_t batches, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t filter_h, filter_w;
  int32_t filter_in_c;       // CONV_2D: input channels per group
  int32_t depth_multiplier;  // DEPTHWISE_CONV_2D only
  int32_t stride_h, stride_w, dilation_h, dilation_w;
  int32_t pad_h, pad_w;      // padding before the first row / column
  int32_t input_offset;      // minus the input zero point
  Requant requant;
  FloatClamp clamp;
  bool bias64;               // 16x8: int64 bias and accumulator (else int32)
};

// FULLY_CONNECTED: out[b][o] = sum_i in[b][i] * w[o][i] + bias[o].
struct FullyConnectedParams {
  int32_t batches, depth, units;
  int32_t input_offset, filter_offset;
  bool per_channel;  // requant.multiplier has `units` entries
  Requant requant;
  FloatClamp clamp;
  bool bias64;       // 16x8: int64 bias and accumulator (else int32)
};

struct PoolParams {
  int32_t batches, in_h, in_w, channels;
  int32_t out_h, out_w;
  int32_t filter_h, filter_w, stride_h, stride_w, pad_h, pad_w;
  int32_t act_min, act_max;
  FloatClamp clamp;
};

struct SoftmaxParams {
  int32_t outer, depth;
  int32_t input_multiplier, input_left_shift, diff_min;  // int8 (int16: multiplier and shift)
  float beta;                                           // float32
  const int16_t* exp_lut;                               // int16: exp on [-10, 0]
  const int16_t* reciprocal_lut;                        // int16: 1 / (1 + x) on [0, 1]
};

// Elementwise binary op with numpy-style broadcasting over up to 6 dims.
// Strides are in elements; a broadcast dimension has stride 0.
struct BinaryParams {
  int32_t rank;
  int32_t out_dims[kMaxDims];
  int32_t stride1[kMaxDims], stride2[kMaxDims];
  int32_t elements;
  bool same_shape;
  // int8 ADD: inputs rescaled to a common 2^left_shift-scaled domain.
  int32_t input1_offset, input2_offset, output_offset;
  int32_t left_shift;
  int32_t input1_multiplier, input1_shift, input2_multiplier, input2_shift;
  int32_t output_multiplier, output_shift;
  int32_t act_min, act_max;
  FloatClamp clamp;
};

// int8 -> int8 affine rescale with clamp (RELU, RELU6, QUANTIZE requantize).
struct RescaleParams {
  int32_t elements;
  int32_t input_offset;  // minus the input zero point
  int32_t multiplier, shift;
  int32_t output_offset;
  int32_t act_min, act_max;
};

struct LogisticParams {
  int32_t elements;
  int32_t input_zero_point, input_range_radius;
  int32_t input_multiplier, input_left_shift;
};

// float <-> int8.
struct AffineParams {
  int32_t elements;
  float scale;
  int32_t zero_point;
};

struct PadParams {
  int32_t rank;
  int32_t in_dims[kMaxDims], out_dims[kMaxDims], before[kMaxDims];
  int32_t element_size;
  uint32_t pad_value;  // bit pattern of one element
};

struct TransposeParams {
  int32_t rank;
  int32_t out_dims[kMaxDims];
  int32_t in_strides[kMaxDims];  // input stride (elements) of each output dim
  int32_t element_size;
};

struct ConcatParams {
  int32_t inputs;
  int32_t outer;               // product of dims before the axis
  int32_t chunk_bytes[16];     // bytes each input contributes per outer index
};

// MEAN and SUM over a set of axes of an up-to-6D tensor. Quantized (int8,
// int16): the sums of raw values, less zero point x count, are requantized
// by one multiplier; for MEAN prepare has folded 1/count into it.
struct MeanParams {
  int32_t rank;
  int32_t in_dims[kMaxDims];
  bool reduce[kMaxDims];
  int32_t out_elements, reduced_elements;
  bool sum;  // float: SUM (no division)
  int32_t input_zero_point, output_zero_point;
  int32_t multiplier, shift;
};

// Shape and data-movement operators (raw bytes, any element type).

// Output element (i0..i5) = input element in_start + sum(i_d * in_strides[d]):
// SLICE, STRIDED_SLICE (negative strides), BROADCAST_TO and FILL (stride 0),
// SPACE_TO_DEPTH / DEPTH_TO_SPACE (as 6-dimensional views).
struct StridedCopyParams {
  int32_t rank;
  int32_t out_dims[kMaxDims];
  int32_t in_strides[kMaxDims];
  int32_t in_start;
  int32_t element_size;
};

// GATHER: output[b][o][j][i] = input[b][o][index[b][j]][i].
struct GatherParams {
  int32_t batches, outer, axis_size, coords, inner;  // inner in bytes
  int32_t index_bytes;                                // 4 (int32) or 8 (int64)
};

// MIRROR_PAD: REFLECT (offset 1) or SYMMETRIC (offset 0).
struct MirrorPadParams {
  int32_t rank;
  int32_t in_dims[kMaxDims], out_dims[kMaxDims], before[kMaxDims];
  int32_t offset;
  int32_t element_size;
};

// SPACE_TO_BATCH_ND / BATCH_TO_SPACE_ND between a "space" tensor
// [batch, height, width, depth] and a "batch" tensor
// [batch * block_h * block_w, batch_h, batch_w, depth]: batch element n
// holds space batch n % batch at block offset (n / batch) / block_w,
// (n / batch) % block_w, shifted by the padding (crops).
struct SpaceBatchParams {
  int32_t batch, height, width;    // space tensor
  int32_t batch_h, batch_w;        // batch tensor's spatial dims
  int32_t block_h, block_w, pad_top, pad_left;
  int32_t depth_bytes;
  uint8_t pad_byte;  // SPACE_TO_BATCH_ND fills the padding with this byte (0, as TFLite Micro)
};

// CAST between int8, int16, int32 and float32.
struct CastParams {
  int32_t elements;
  uint8_t from, to;  // DType values
};

}  // namespace nib::kernels
