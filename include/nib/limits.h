// What nib accepts from a model, on every target. A .tflite file is
// untrusted input: Model::load and Interpreter::init check each limit and
// fail with a status naming the field that exceeds it. The limits bound
// memory and time too: loading is O(operators^2 x operands) and memory
// planning O(buffers^3) in the worst case.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nib::limits {

inline constexpr size_t kMaxModelBytes = size_t{1} << 30;         // the file
inline constexpr int kMaxTensors = 2048;                         // subgraph.tensors
inline constexpr int kMaxOperators = 1024;                       // subgraph.operators
inline constexpr int kMaxOpInputs = 16;                          // operator.inputs
inline constexpr int kMaxOpOutputs = 16;                         // operator.outputs (SPLIT, UNPACK)
inline constexpr int kMaxRank = 6;                               // tensor.shape entries
inline constexpr int32_t kMaxDimension = int32_t{1} << 30;       // each tensor.shape entry
inline constexpr uint64_t kMaxTensorBytes = uint64_t{1} << 30;   // elements x element size
inline constexpr size_t kMaxArenaBytes = size_t{1} << 31;        // persistent + activations

}  // namespace nib::limits
