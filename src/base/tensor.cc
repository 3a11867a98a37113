#include "nib/tensor.h"

namespace nib {

const char* dtype_name(DType type) {
  switch (type) {
    case DType::kFloat32: return "float32";
    case DType::kFloat16: return "float16";
    case DType::kInt32: return "int32";
    case DType::kUInt8: return "uint8";
    case DType::kInt64: return "int64";
    case DType::kString: return "string";
    case DType::kBool: return "bool";
    case DType::kInt16: return "int16";
    case DType::kComplex64: return "complex64";
    case DType::kInt8: return "int8";
    case DType::kFloat64: return "float64";
  }
  return "unknown";
}

size_t dtype_size(DType type) {
  switch (type) {
    case DType::kFloat32: return 4;
    case DType::kFloat16: return 2;
    case DType::kInt32: return 4;
    case DType::kUInt8: return 1;
    case DType::kInt64: return 8;
    case DType::kBool: return 1;
    case DType::kInt16: return 2;
    case DType::kComplex64: return 8;
    case DType::kInt8: return 1;
    case DType::kFloat64: return 8;
    case DType::kString: return 0;
  }
  return 0;
}

}  // namespace nib
