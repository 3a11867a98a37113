// Builtin code -> prepare function.
#include "model/op_support.h"
#include "ops/context.h"

namespace nib::ops {

Status prepare_add(PrepareContext&);
Status prepare_average_pool2d(PrepareContext&);
Status prepare_concatenation(PrepareContext&);
Status prepare_conv2d(PrepareContext&);
Status prepare_depthwise_conv2d(PrepareContext&);
Status prepare_dequantize(PrepareContext&);
Status prepare_fully_connected(PrepareContext&);
Status prepare_logistic(PrepareContext&);
Status prepare_max_pool2d(PrepareContext&);
Status prepare_mean(PrepareContext&);
Status prepare_mul(PrepareContext&);
Status prepare_pad(PrepareContext&);
Status prepare_quantize(PrepareContext&);
Status prepare_relu(PrepareContext&);
Status prepare_relu6(PrepareContext&);
Status prepare_reshape(PrepareContext&);
Status prepare_softmax(PrepareContext&);
Status prepare_transpose(PrepareContext&);
// Math and activation operators (math_ops.cc).
Status prepare_abs(PrepareContext&);
Status prepare_div(PrepareContext&);
Status prepare_elu(PrepareContext&);
Status prepare_exp(PrepareContext&);
Status prepare_hard_swish(PrepareContext&);
Status prepare_leaky_relu(PrepareContext&);
Status prepare_maximum(PrepareContext&);
Status prepare_minimum(PrepareContext&);
Status prepare_neg(PrepareContext&);
Status prepare_prelu(PrepareContext&);
Status prepare_rsqrt(PrepareContext&);
Status prepare_squared_difference(PrepareContext&);
Status prepare_sub(PrepareContext&);
Status prepare_tanh(PrepareContext&);
// Max/min reductions (reduce_ops.cc).
Status prepare_arg_max(PrepareContext&);
Status prepare_arg_min(PrepareContext&);
Status prepare_reduce_max(PrepareContext&);
Status prepare_reduce_min(PrepareContext&);
// Resize (resize_ops.cc).
Status prepare_resize_bilinear(PrepareContext&);
Status prepare_resize_nearest_neighbor(PrepareContext&);
// Matrix products (matmul_ops.cc).
Status prepare_batch_matmul(PrepareContext&);
Status prepare_transpose_conv(PrepareContext&);
// Normalizations (normalization_ops.cc).
Status prepare_l2_normalization(PrepareContext&);
Status prepare_log_softmax(PrepareContext&);
// Reductions, shape and data-movement operators.
Status prepare_sum(PrepareContext&);
Status prepare_squeeze(PrepareContext&);
Status prepare_expand_dims(PrepareContext&);
Status prepare_shape(PrepareContext&);
Status prepare_slice(PrepareContext&);
Status prepare_strided_slice(PrepareContext&);
Status prepare_split(PrepareContext&);
Status prepare_split_v(PrepareContext&);
Status prepare_pack(PrepareContext&);
Status prepare_unpack(PrepareContext&);
Status prepare_gather(PrepareContext&);
Status prepare_broadcast_to(PrepareContext&);
Status prepare_fill(PrepareContext&);
Status prepare_zeros_like(PrepareContext&);
Status prepare_cast(PrepareContext&);
Status prepare_mirror_pad(PrepareContext&);
Status prepare_space_to_depth(PrepareContext&);
Status prepare_depth_to_space(PrepareContext&);
Status prepare_batch_to_space_nd(PrepareContext&);
Status prepare_space_to_batch_nd(PrepareContext&);

PrepareFn find_prepare(int32_t code) {
  switch (static_cast<OpCode>(code)) {
    case OpCode::kAdd: return prepare_add;
    case OpCode::kAveragePool2D: return prepare_average_pool2d;
    case OpCode::kConcatenation: return prepare_concatenation;
    case OpCode::kConv2D: return prepare_conv2d;
    case OpCode::kDepthwiseConv2D: return prepare_depthwise_conv2d;
    case OpCode::kDequantize: return prepare_dequantize;
    case OpCode::kFullyConnected: return prepare_fully_connected;
    case OpCode::kLogistic: return prepare_logistic;
    case OpCode::kMaxPool2D: return prepare_max_pool2d;
    case OpCode::kMean: return prepare_mean;
    case OpCode::kMul: return prepare_mul;
    case OpCode::kPad: return prepare_pad;
    case OpCode::kQuantize: return prepare_quantize;
    case OpCode::kRelu: return prepare_relu;
    case OpCode::kRelu6: return prepare_relu6;
    case OpCode::kReshape: return prepare_reshape;
    case OpCode::kSoftmax: return prepare_softmax;
    case OpCode::kTranspose: return prepare_transpose;
    // Math and activation operators.
    case OpCode::kAbs: return prepare_abs;
    case OpCode::kDiv: return prepare_div;
    case OpCode::kElu: return prepare_elu;
    case OpCode::kExp: return prepare_exp;
    case OpCode::kHardSwish: return prepare_hard_swish;
    case OpCode::kLeakyRelu: return prepare_leaky_relu;
    case OpCode::kMaximum: return prepare_maximum;
    case OpCode::kMinimum: return prepare_minimum;
    case OpCode::kNeg: return prepare_neg;
    case OpCode::kPrelu: return prepare_prelu;
    case OpCode::kRsqrt: return prepare_rsqrt;
    case OpCode::kSquaredDifference: return prepare_squared_difference;
    case OpCode::kSub: return prepare_sub;
    case OpCode::kTanh: return prepare_tanh;
    // Max/min reductions.
    case OpCode::kArgMax: return prepare_arg_max;
    case OpCode::kArgMin: return prepare_arg_min;
    case OpCode::kReduceMax: return prepare_reduce_max;
    case OpCode::kReduceMin: return prepare_reduce_min;
    // Resize.
    case OpCode::kResizeBilinear: return prepare_resize_bilinear;
    case OpCode::kResizeNearestNeighbor: return prepare_resize_nearest_neighbor;
    // Matrix products.
    case OpCode::kBatchMatMul: return prepare_batch_matmul;
    case OpCode::kTransposeConv: return prepare_transpose_conv;
    // Normalizations.
    case OpCode::kL2Normalization: return prepare_l2_normalization;
    case OpCode::kLogSoftmax: return prepare_log_softmax;
    // Reductions, shape and data-movement operators.
    case OpCode::kSum: return prepare_sum;
    case OpCode::kSqueeze: return prepare_squeeze;
    case OpCode::kExpandDims: return prepare_expand_dims;
    case OpCode::kShape: return prepare_shape;
    case OpCode::kSlice: return prepare_slice;
    case OpCode::kStridedSlice: return prepare_strided_slice;
    case OpCode::kSplit: return prepare_split;
    case OpCode::kSplitV: return prepare_split_v;
    case OpCode::kPack: return prepare_pack;
    case OpCode::kUnpack: return prepare_unpack;
    case OpCode::kGather: return prepare_gather;
    case OpCode::kBroadcastTo: return prepare_broadcast_to;
    case OpCode::kFill: return prepare_fill;
    case OpCode::kZerosLike: return prepare_zeros_like;
    case OpCode::kCast: return prepare_cast;
    case OpCode::kMirrorPad: return prepare_mirror_pad;
    case OpCode::kSpaceToDepth: return prepare_space_to_depth;
    case OpCode::kDepthToSpace: return prepare_depth_to_space;
    case OpCode::kBatchToSpaceNd: return prepare_batch_to_space_nd;
    case OpCode::kSpaceToBatchNd: return prepare_space_to_batch_nd;
    default: break;
  }
  return nullptr;
}

}  // namespace nib::ops
