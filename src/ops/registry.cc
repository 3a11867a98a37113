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
