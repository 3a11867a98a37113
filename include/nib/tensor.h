// Element types and the caller's view of a model input or output tensor.
#pragma once

#include <cstddef>
#include <cstdint>

#include "nib/limits.h"

namespace nib {

// Values match the TFLite format's TensorType so a type byte maps directly.
enum class DType : uint8_t {
  kFloat32 = 0,
  kFloat16 = 1,
  kInt32 = 2,
  kUInt8 = 3,
  kInt64 = 4,
  kString = 5,
  kBool = 6,
  kInt16 = 7,
  kComplex64 = 8,
  kInt8 = 9,
  kFloat64 = 10,
};

const char* dtype_name(DType type);
// Bytes per element, or 0 for types nib cannot hold (strings, unknown codes).
size_t dtype_size(DType type);

inline constexpr int kMaxRank = limits::kMaxRank;

struct TensorView {
  DType type = DType::kFloat32;
  int rank = 0;
  int32_t dims[kMaxRank] = {};
  float scale = 0.0f;       // 0 when the tensor is not quantized
  int32_t zero_point = 0;
  void* data = nullptr;
  size_t bytes = 0;
  const char* name = "";

  size_t elements() const {
    size_t n = 1;
    for (int i = 0; i < rank; ++i) n *= static_cast<size_t>(dims[i]);
    return n;
  }
  template <typename T>
  T* as() const { return static_cast<T*>(data); }
};

}  // namespace nib
