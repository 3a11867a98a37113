// nib::Model — a verified, zero-copy view of a .tflite model in memory.
//
// load() runs the flatbuffers verifier and then checks everything the
// kernels rely on (indices, sizes, quantization, operator support), so a
// model that loads cannot make the runtime read out of bounds. The bytes
// are not copied: weights stay where the caller keeps them (flash on an MCU)
// and must outlive the Model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "nib/operators.h"
#include "nib/status.h"
#include "nib/tensor.h"

namespace nib {

namespace fb {
struct Model;
struct SubGraph;
struct Operator;
}  // namespace fb

// The int64 zero points of a tensor, read in place. The flatbuffers format
// aligns vectors to 4 bytes only, so an element may sit at an address an
// int64 load must not use (a fault on some cores, UB in C++): every element
// is copied out with memcpy.
class ZeroPoints {
 public:
  ZeroPoints() = default;
  ZeroPoints(const void* data, size_t count) : data_(static_cast<const uint8_t*>(data)), count_(count) {}
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  int64_t operator[](size_t i) const {
    int64_t v;
    std::memcpy(&v, data_ + i * sizeof v, sizeof v);
    return v;
  }
  struct Iterator {
    const ZeroPoints* z;
    size_t i;
    int64_t operator*() const { return (*z)[i]; }
    Iterator& operator++() { ++i; return *this; }
    bool operator==(const Iterator&) const = default;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, count_}; }

 private:
  const uint8_t* data_ = nullptr;
  size_t count_ = 0;
};

// Everything about one tensor of the model, read from the file.
struct TensorInfo {
  DType type = DType::kFloat32;
  std::span<const int32_t> dims;
  const char* name = "";
  const void* data = nullptr;  // constant tensors: their bytes in the model
  size_t bytes = 0;            // elements × element size
  size_t elements = 0;
  // Quantization: empty when the tensor is not quantized.
  std::span<const float> scales;
  ZeroPoints zero_points;
  int quantized_dimension = 0;

  int rank() const { return static_cast<int>(dims.size()); }
  int32_t dim(int i) const { return dims[static_cast<size_t>(i)]; }
  bool is_constant() const { return data != nullptr; }
  bool is_quantized() const { return !scales.empty(); }
  bool per_channel() const { return scales.size() > 1; }
  float scale() const { return scales.empty() ? 0.0f : scales[0]; }
  int32_t zero_point() const { return zero_points.empty() ? 0 : static_cast<int32_t>(zero_points[0]); }
};

// Builtin operator codes nib runs (values from the TFLite format), one per
// row of nib/operators.h.
enum class OpCode : int32_t {
#define NIB_OPCODE_ENUMERATOR(name, code, ...) name = code,
  NIB_OPERATORS(NIB_OPCODE_ENUMERATOR)
#undef NIB_OPCODE_ENUMERATOR
};

// Name of any builtin operator code of the format ("CONV_2D"), "UNKNOWN" past the table.
const char* builtin_op_name(int32_t code);

struct OpInfo {
  int32_t code = 0;  // builtin operator code
  int version = 1;
  std::span<const int32_t> inputs;   // tensor indices, -1 = optional input absent
  std::span<const int32_t> outputs;
  const fb::Operator* op = nullptr;  // options are read by ops/ during prepare
  const char* name() const { return builtin_op_name(code); }
};

class Model {
 public:
  // Minimum alignment of the model bytes (the format aligns weight buffers to 16).
  static constexpr size_t kAlignment = 16;

  Model() = default;

  static Status load(const void* data, size_t size, Model& out);
  // Like load(), except that operators nib does not run (unknown, custom,
  // newer versions) do not fail it: for tools that report on such models
  // (nib inspect lists them all). op_support() says why each one is refused;
  // Interpreter::init still refuses the model.
  static Status load_allowing_unsupported_ops(const void* data, size_t size, Model& out);
  // Ok if nib runs operator `index` (code and version), else why not.
  Status op_support(int index) const;

  int tensor_count() const { return tensor_count_; }
  int op_count() const { return op_count_; }
  TensorInfo tensor(int index) const;
  OpInfo op(int index) const;
  std::span<const int32_t> inputs() const { return inputs_; }
  std::span<const int32_t> outputs() const { return outputs_; }
  const char* description() const;
  size_t size_bytes() const { return size_; }
  // Bytes of all constant tensors (weights, biases, shapes).
  size_t weight_bytes() const;

 private:
  static Status load(const void* data, size_t size, Model& out, bool allow_unsupported_ops);
  Status validate(bool allow_unsupported_ops);
  Status validate_tensor(int index);
  Status validate_op(int index);

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  const fb::Model* model_ = nullptr;
  const fb::SubGraph* graph_ = nullptr;
  int tensor_count_ = 0;
  int op_count_ = 0;
  std::span<const int32_t> inputs_;
  std::span<const int32_t> outputs_;
};

}  // namespace nib
