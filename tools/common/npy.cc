#include "npy.h"

#include <cstring>

namespace nib::tools {
namespace {

const char* descr_of(DType t) {
  switch (t) {
    case DType::kFloat32: return "<f4";
    case DType::kInt8: return "|i1";
    case DType::kUInt8: return "|u1";
    case DType::kInt16: return "<i2";
    case DType::kInt32: return "<i4";
    case DType::kInt64: return "<i8";
    case DType::kBool: return "|b1";
    default: return nullptr;
  }
}

bool type_of(const std::string& descr, DType* t) {
  for (DType c : {DType::kFloat32, DType::kInt8, DType::kUInt8, DType::kInt16, DType::kInt32, DType::kInt64,
                  DType::kBool}) {
    if (descr == descr_of(c)) {
      *t = c;
      return true;
    }
  }
  return false;
}

// Value text after 'key': in the header dict, up to the next top-level comma.
std::string dict_value(const std::string& header, const std::string& key) {
  const size_t k = header.find("'" + key + "'");
  if (k == std::string::npos) return {};
  size_t v = header.find(':', k);
  if (v == std::string::npos) return {};
  ++v;
  while (v < header.size() && header[v] == ' ') ++v;
  size_t end = v;
  int depth = 0;
  for (; end < header.size(); ++end) {
    const char c = header[end];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((c == ',' && depth == 0) || c == '}') break;
  }
  if (end < header.size() && header[end] == ')') ++end;
  return header.substr(v, end - v);
}

}  // namespace

bool is_npy_path(const std::string& path) { return path.size() > 4 && path.compare(path.size() - 4, 4, ".npy") == 0; }

bool parse_npy(const std::vector<uint8_t>& bytes, NpyArray* out, std::string* error) {
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) {
    *error = "not a .npy file";
    return false;
  }
  const int major = bytes[6];
  size_t header_len = 0, start = 0;
  if (major == 1) {
    header_len = bytes[8] | (bytes[9] << 8);
    start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) return *error = "truncated .npy header", false;
    header_len = bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (static_cast<size_t>(bytes[11]) << 24);
    start = 12;
  } else {
    *error = "unsupported .npy version";
    return false;
  }
  if (start + header_len > bytes.size()) return *error = "truncated .npy header", false;
  const std::string header(reinterpret_cast<const char*>(bytes.data() + start), header_len);
  std::string descr = dict_value(header, "descr");
  if (descr.size() >= 2) descr = descr.substr(1, descr.size() - 2);
  if (!type_of(descr, &out->type)) return *error = "unsupported .npy dtype " + descr, false;
  if (dict_value(header, "fortran_order").rfind("False", 0) != 0) return *error = "Fortran-order .npy", false;
  const std::string shape = dict_value(header, "shape");
  out->shape.clear();
  int64_t elements = 1;
  for (size_t i = 0; i < shape.size();) {
    if (shape[i] >= '0' && shape[i] <= '9') {
      int64_t v = 0;
      while (i < shape.size() && shape[i] >= '0' && shape[i] <= '9') v = v * 10 + (shape[i++] - '0');
      out->shape.push_back(v);
      elements *= v;
    } else {
      ++i;
    }
  }
  const size_t need = static_cast<size_t>(elements) * dtype_size(out->type);
  if (bytes.size() - start - header_len != need) return *error = ".npy data size does not match its shape", false;
  out->data.assign(bytes.begin() + static_cast<long>(start + header_len), bytes.end());
  return true;
}

std::vector<uint8_t> encode_npy(DType type, const std::vector<int64_t>& shape, const void* data, size_t bytes) {
  std::string header = "{'descr': '" + std::string(descr_of(type)) + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i) header += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) header += ",";  // a 1-tuple in Python syntax
  header += "), }";
  // Pad so the data starts at a multiple of 64 bytes, header ends in '\n'.
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.push_back(static_cast<uint8_t>(header.size() & 0xFF));
  out.push_back(static_cast<uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  const auto* p = static_cast<const uint8_t*>(data);
  out.insert(out.end(), p, p + bytes);
  return out;
}

}  // namespace nib::tools
