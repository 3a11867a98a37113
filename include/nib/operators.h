// The operators nib runs: one row per builtin, the single table that the
// OpCode enum (nib/model.h), the model verifier (model/op_support.cc) and
// the prepare registry (ops/registry.cc) are all expanded from. Adding an
// operator is one row here plus its prepare and kernel (docs/architecture.md).
//
//   X(enumerator, builtin code, newest version accepted, options table,
//     options required, min rank, prepare function)
//
// - newest version: the newest whose int8/float32 semantics nib implements;
//   newer versions add types (int16, int4) that prepare would reject by type
//   anyway, and this keeps the error message precise.
// - options table: the format's BuiltinOptions member (NONE: none).
// - options required: the operator cannot run on default options.
// - min rank: the rank input 0 and output 0 need at least; the loader
//   rejects a model below it, so prepare may index dims[rank - 1] (or fixed
//   dims) without checking. An operator whose prepare indexes dims sets it.
// - prepare function: nib::ops::<name>(PrepareContext&) in src/ops/.
//
// The options and prepare columns are only tokens here: they are resolved
// inside the engine, so this public header needs no other.
#pragma once

#define NIB_OPERATORS(X) \
  X(kAdd, 0, 5, AddOptions, false, 0, prepare_add) \
  X(kAveragePool2D, 1, 3, Pool2DOptions, true, 4, prepare_average_pool2d) \
  X(kConcatenation, 2, 4, ConcatenationOptions, true, 1, prepare_concatenation) \
  X(kConv2D, 3, 8, Conv2DOptions, true, 4, prepare_conv2d) \
  X(kDepthwiseConv2D, 4, 7, DepthwiseConv2DOptions, true, 4, prepare_depthwise_conv2d) \
  X(kDequantize, 6, 6, DequantizeOptions, false, 0, prepare_dequantize) \
  X(kFullyConnected, 9, 12, FullyConnectedOptions, false, 1, prepare_fully_connected) \
  X(kLogistic, 14, 3, NONE, false, 0, prepare_logistic) \
  X(kMaxPool2D, 17, 3, Pool2DOptions, true, 4, prepare_max_pool2d) \
  X(kMul, 18, 7, MulOptions, false, 0, prepare_mul) \
  X(kRelu, 19, 3, NONE, false, 0, prepare_relu) \
  X(kRelu6, 21, 3, NONE, false, 0, prepare_relu6) \
  X(kReshape, 22, 2, ReshapeOptions, false, 0, prepare_reshape) \
  X(kSoftmax, 25, 3, SoftmaxOptions, true, 1, prepare_softmax) \
  X(kPad, 34, 4, PadOptions, false, 0, prepare_pad) \
  X(kTranspose, 39, 6, TransposeOptions, false, 0, prepare_transpose) \
  X(kMean, 40, 3, ReducerOptions, false, 0, prepare_mean) \
  X(kQuantize, 114, 3, QuantizeOptions, false, 0, prepare_quantize) \
  /* Reductions, shape and data-movement operators */ \
  X(kSum, 74, 2, ReducerOptions, false, 0, prepare_sum) \
  X(kSqueeze, 43, 2, SqueezeOptions, false, 0, prepare_squeeze) \
  X(kExpandDims, 70, 2, ExpandDimsOptions, false, 0, prepare_expand_dims) \
  X(kShape, 77, 1, ShapeOptions, false, 0, prepare_shape) \
  X(kSlice, 65, 6, SliceOptions, false, 0, prepare_slice) \
  X(kStridedSlice, 45, 8, StridedSliceOptions, false, 0, prepare_strided_slice) \
  X(kSplit, 49, 4, SplitOptions, false, 0, prepare_split) \
  X(kSplitV, 102, 3, SplitVOptions, false, 0, prepare_split_v) \
  X(kPack, 83, 4, PackOptions, false, 0, prepare_pack) \
  X(kUnpack, 88, 4, UnpackOptions, false, 0, prepare_unpack) \
  X(kGather, 36, 7, GatherOptions, false, 0, prepare_gather) \
  X(kBroadcastTo, 130, 3, BroadcastToOptions, false, 0, prepare_broadcast_to) \
  X(kFill, 94, 4, FillOptions, false, 0, prepare_fill) \
  X(kZerosLike, 93, 1, ZerosLikeOptions, false, 0, prepare_zeros_like) \
  X(kCast, 53, 7, CastOptions, false, 0, prepare_cast) \
  X(kMirrorPad, 100, 3, MirrorPadOptions, false, 0, prepare_mirror_pad) \
  X(kSpaceToDepth, 26, 2, SpaceToDepthOptions, true, 0, prepare_space_to_depth) \
  X(kDepthToSpace, 5, 2, DepthToSpaceOptions, true, 0, prepare_depth_to_space) \
  X(kBatchToSpaceNd, 37, 4, BatchToSpaceNDOptions, false, 0, prepare_batch_to_space_nd) \
  X(kSpaceToBatchNd, 38, 4, SpaceToBatchNDOptions, false, 0, prepare_space_to_batch_nd) \
  /* Math and activation operators */ \
  X(kTanh, 28, 3, NONE, false, 0, prepare_tanh) \
  X(kSub, 41, 5, SubOptions, false, 0, prepare_sub) \
  X(kDiv, 42, 2, DivOptions, false, 0, prepare_div) \
  X(kExp, 47, 2, ExpOptions, false, 0, prepare_exp) \
  X(kPrelu, 54, 1, NONE, false, 0, prepare_prelu) \
  X(kMaximum, 55, 4, MaximumMinimumOptions, false, 0, prepare_maximum) \
  X(kMinimum, 57, 4, MaximumMinimumOptions, false, 0, prepare_minimum) \
  X(kNeg, 59, 2, NegOptions, false, 0, prepare_neg) \
  X(kRsqrt, 76, 3, NONE, false, 0, prepare_rsqrt) \
  X(kLeakyRelu, 98, 2, LeakyReluOptions, false, 0, prepare_leaky_relu) \
  X(kSquaredDifference, 99, 2, SquaredDifferenceOptions, false, 0, prepare_squared_difference) \
  X(kAbs, 101, 5, AbsOptions, false, 0, prepare_abs) \
  X(kElu, 111, 1, NONE, false, 0, prepare_elu) \
  X(kHardSwish, 117, 1, HardSwishOptions, false, 0, prepare_hard_swish) \
  /* Max/min reductions */ \
  X(kArgMax, 56, 3, ArgMaxOptions, false, 0, prepare_arg_max) \
  X(kArgMin, 79, 3, ArgMinOptions, false, 0, prepare_arg_min) \
  X(kReduceMax, 82, 3, ReducerOptions, false, 0, prepare_reduce_max) \
  X(kReduceMin, 89, 3, ReducerOptions, false, 0, prepare_reduce_min) \
  /* Resize */ \
  X(kResizeBilinear, 23, 4, ResizeBilinearOptions, false, 0, prepare_resize_bilinear) \
  X(kResizeNearestNeighbor, 97, 4, ResizeNearestNeighborOptions, false, 0, prepare_resize_nearest_neighbor) \
  /* Matrix products */ \
  X(kTransposeConv, 67, 4, TransposeConvOptions, true, 0, prepare_transpose_conv) \
  X(kBatchMatMul, 126, 4, BatchMatMulOptions, false, 0, prepare_batch_matmul) \
  /* Normalizations */ \
  X(kL2Normalization, 11, 2, L2NormOptions, false, 0, prepare_l2_normalization) \
  X(kLogSoftmax, 50, 2, LogSoftmaxOptions, false, 0, prepare_log_softmax)
