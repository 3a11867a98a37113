// Minimal .npy (NumPy array file, format 1.0) reading and writing for the
// element types nib models use. Little-endian, C order only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nib/tensor.h"

namespace nib::tools {

struct NpyArray {
  DType type = DType::kFloat32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
};

bool is_npy_path(const std::string& path);
// Parses .npy bytes; false with a reason on anything unexpected.
bool parse_npy(const std::vector<uint8_t>& bytes, NpyArray* out, std::string* error);
std::vector<uint8_t> encode_npy(DType type, const std::vector<int64_t>& shape, const void* data, size_t bytes);

}  // namespace nib::tools
