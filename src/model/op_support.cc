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
};

}  // namespace

std::span<const OpSupport> supported_ops() { return kOps; }

const OpSupport* find_op_support(int32_t code) {
  for (const OpSupport& s : kOps)
    if (static_cast<int32_t>(s.code) == code) return &s;
  return nullptr;
}

}  // namespace nib
