#include "model/op_support.h"

#include "nib/schema/tflite_generated.h"

namespace nib {
namespace {

using O = fb::BuiltinOptions;
constexpr uint8_t tag(O o) { return static_cast<uint8_t>(o); }

// Maximum versions: the newest version of each operator whose int8/float32
// semantics nib implements. Newer versions add types (int16, int4) that
// prepare rejects by type anyway; this keeps the error message precise.
constexpr OpSupport kOps[] = {
    {OpCode::kAdd, 5, tag(O::AddOptions), false},
    {OpCode::kAveragePool2D, 3, tag(O::Pool2DOptions), true, 4},
    {OpCode::kConcatenation, 4, tag(O::ConcatenationOptions), true, 1},
    {OpCode::kConv2D, 8, tag(O::Conv2DOptions), true, 4},
    {OpCode::kDepthwiseConv2D, 7, tag(O::DepthwiseConv2DOptions), true, 4},
    {OpCode::kDequantize, 6, tag(O::DequantizeOptions), false},
    {OpCode::kFullyConnected, 12, tag(O::FullyConnectedOptions), false, 1},
    {OpCode::kLogistic, 3, 0, false},
    {OpCode::kMaxPool2D, 3, tag(O::Pool2DOptions), true, 4},
    {OpCode::kMul, 7, tag(O::MulOptions), false},
    {OpCode::kRelu, 3, 0, false},
    {OpCode::kRelu6, 3, 0, false},
    {OpCode::kReshape, 2, tag(O::ReshapeOptions), false},
    {OpCode::kSoftmax, 3, tag(O::SoftmaxOptions), true, 1},
    {OpCode::kPad, 4, tag(O::PadOptions), false},
    {OpCode::kTranspose, 6, tag(O::TransposeOptions), false},
    {OpCode::kMean, 3, tag(O::ReducerOptions), false},
    {OpCode::kQuantize, 3, tag(O::QuantizeOptions), false},
    // Reductions, shape and data-movement operators.
    {OpCode::kSum, 2, tag(O::ReducerOptions), false},
    {OpCode::kSqueeze, 2, tag(O::SqueezeOptions), false},
    {OpCode::kExpandDims, 2, tag(O::ExpandDimsOptions), false},
    {OpCode::kShape, 1, tag(O::ShapeOptions), false},
    {OpCode::kSlice, 6, tag(O::SliceOptions), false},
    {OpCode::kStridedSlice, 8, tag(O::StridedSliceOptions), false},
    {OpCode::kSplit, 4, tag(O::SplitOptions), false},
    {OpCode::kSplitV, 3, tag(O::SplitVOptions), false},
    {OpCode::kPack, 4, tag(O::PackOptions), false},
    {OpCode::kUnpack, 4, tag(O::UnpackOptions), false},
    {OpCode::kGather, 7, tag(O::GatherOptions), false},
    {OpCode::kBroadcastTo, 3, tag(O::BroadcastToOptions), false},
    {OpCode::kFill, 4, tag(O::FillOptions), false},
    {OpCode::kZerosLike, 1, tag(O::ZerosLikeOptions), false},
    {OpCode::kCast, 7, tag(O::CastOptions), false},
    {OpCode::kMirrorPad, 3, tag(O::MirrorPadOptions), false},
    {OpCode::kSpaceToDepth, 2, tag(O::SpaceToDepthOptions), true},
    {OpCode::kDepthToSpace, 2, tag(O::DepthToSpaceOptions), true},
    {OpCode::kBatchToSpaceNd, 4, tag(O::BatchToSpaceNDOptions), false},
    {OpCode::kSpaceToBatchNd, 4, tag(O::SpaceToBatchNDOptions), false},
    // Math and activation operators.
    {OpCode::kTanh, 3, 0, false},
    {OpCode::kSub, 5, tag(O::SubOptions), false},
    {OpCode::kDiv, 2, tag(O::DivOptions), false},
    {OpCode::kExp, 2, tag(O::ExpOptions), false},
    {OpCode::kPrelu, 1, 0, false},
    {OpCode::kMaximum, 4, tag(O::MaximumMinimumOptions), false},
    {OpCode::kMinimum, 4, tag(O::MaximumMinimumOptions), false},
    {OpCode::kNeg, 2, tag(O::NegOptions), false},
    {OpCode::kRsqrt, 3, 0, false},
    {OpCode::kLeakyRelu, 2, tag(O::LeakyReluOptions), false},
    {OpCode::kSquaredDifference, 2, tag(O::SquaredDifferenceOptions), false},
    {OpCode::kAbs, 5, tag(O::AbsOptions), false},
    {OpCode::kElu, 1, 0, false},
    {OpCode::kHardSwish, 1, tag(O::HardSwishOptions), false},
    // Max/min reductions.
    {OpCode::kArgMax, 3, tag(O::ArgMaxOptions), false},
    {OpCode::kArgMin, 3, tag(O::ArgMinOptions), false},
    {OpCode::kReduceMax, 3, tag(O::ReducerOptions), false},
    {OpCode::kReduceMin, 3, tag(O::ReducerOptions), false},
    // Resize.
    {OpCode::kResizeBilinear, 4, tag(O::ResizeBilinearOptions), false},
    {OpCode::kResizeNearestNeighbor, 4, tag(O::ResizeNearestNeighborOptions), false},
    // Matrix products.
    {OpCode::kTransposeConv, 4, tag(O::TransposeConvOptions), true},
    {OpCode::kBatchMatMul, 4, tag(O::BatchMatMulOptions), false},
    // Normalizations.
    {OpCode::kL2Normalization, 2, tag(O::L2NormOptions), false},
    {OpCode::kLogSoftmax, 2, tag(O::LogSoftmaxOptions), false},
};

}  // namespace

std::span<const OpSupport> supported_ops() { return kOps; }

const OpSupport* find_op_support(int32_t code) {
  for (const OpSupport& s : kOps)
    if (static_cast<int32_t>(s.code) == code) return &s;
  return nullptr;
}

}  // namespace nib
