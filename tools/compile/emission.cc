#include "emission.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace nib::compile {
namespace {

// Tensor t's shape as "[1,28,28,1]".
std::string shape_of(const TensorInfo& t) {
  std::string s = "[";
  for (int d = 0; d < t.rank(); ++d) s += (d ? "," : "") + std::to_string(t.dim(d));
  return s + "]";
}

// The C++ type a constant tensor's array is written with.
const char* element_type(DType t) {
  switch (t) {
    case DType::kInt8: return "int8_t";
    case DType::kUInt8:
    case DType::kBool: return "uint8_t";
    case DType::kInt16: return "int16_t";
    case DType::kInt32: return "int32_t";
    case DType::kInt64: return "int64_t";
    case DType::kFloat32: return "float";
    default: return "";
  }
}

template <typename T>
T load(const void* base, size_t i) {
  T v;
  std::memcpy(&v, static_cast<const uint8_t*>(base) + i * sizeof(T), sizeof(T));
  return v;
}

}  // namespace

void Emission::put(std::ostream& os, int64_t v) {
  if (v == std::numeric_limits<int64_t>::min())
    os << "(-9223372036854775807 - 1)";
  else if (v == std::numeric_limits<int32_t>::min())
    os << "(-2147483647 - 1)";
  else
    os << v;
}

void Emission::put(std::ostream& os, float v) {
  if (std::isnan(v)) {
    os << "__builtin_nanf(\"\")";
  } else if (std::isinf(v)) {
    os << (v < 0 ? "-__builtin_inff()" : "__builtin_inff()");
  } else {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
    std::string s = buf;
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    os << s << "f";
  }
}

bool Emission::has_arena_offset(const void* p, size_t* offset) const {
  const auto* b = static_cast<const uint8_t*>(p);
  if (b < arena_ || b >= arena_ + activation_bytes_) return false;
  *offset = static_cast<size_t>(b - arena_);
  return true;
}

std::string Emission::tensor(int t, const char* ctype) {
  const TensorInfo info = model_.tensor(t);
  const void* where = detail::InterpreterAccess::tensor_data(interp_, t);
  size_t offset = 0;
  if (info.data != nullptr && where == info.data) {
    const std::string what = "tensor " + std::to_string(t) + " " + info.name + " " + dtype_name(info.type) + " " +
                             shape_of(info);
    const void* p = info.data;
    std::string name;
    switch (info.type) {
      case DType::kInt8:
        name = array_of(p, "int8_t", 1, info.elements, what, [p](std::ostream& os, size_t i) { put(os, load<int8_t>(p, i)); });
        break;
      case DType::kUInt8:
      case DType::kBool:
        name = array_of(p, "uint8_t", 1, info.elements, what, [p](std::ostream& os, size_t i) { put(os, load<uint8_t>(p, i)); });
        break;
      case DType::kInt16:
        name = array_of(p, "int16_t", 2, info.elements, what, [p](std::ostream& os, size_t i) { put(os, load<int16_t>(p, i)); });
        break;
      case DType::kInt32:
        name = array_of(p, "int32_t", 4, info.elements, what, [p](std::ostream& os, size_t i) { put(os, load<int32_t>(p, i)); });
        break;
      case DType::kInt64:
        name = array_of(p, "int64_t", 8, info.elements, what, [p](std::ostream& os, size_t i) { put(os, load<int64_t>(p, i)); });
        break;
      case DType::kFloat32:
        name = array_of(p, "float", 4, info.elements, what, [p](std::ostream& os, size_t i) { put(os, load<float>(p, i)); });
        break;
      default:
        error_ = std::string("tensor ") + std::to_string(t) + ": constant of type " + dtype_name(info.type) +
                 " cannot be written out";
        return "nullptr";
    }
    if (name == "nullptr" || std::string(ctype) == element_type(info.type)) return name;
    return std::string("reinterpret_cast<const ") + ctype + "*>(" + name + ")";
  }
  if (!has_arena_offset(where, &offset)) {
    error_ = "tensor " + std::to_string(t) + " (" + info.name + ") is neither a constant nor in the activation arena";
    return "nullptr";
  }
  return std::string("at<") + ctype + ">(" + std::to_string(offset) + ")";
}

std::string Emission::input(const OpSite& op, int k, const char* ctype) {
  if (k >= static_cast<int>(op.info.inputs.size()) || op.info.inputs[static_cast<size_t>(k)] < 0) return "nullptr";
  return tensor(op.info.inputs[static_cast<size_t>(k)], ctype);
}

std::string Emission::output(const OpSite& op, int k, const char* ctype) {
  if (k == 0 && op.prepared.fuses_next) return tensor(model_.op(op.index + 1).outputs[0], ctype);
  return tensor(op.info.outputs[static_cast<size_t>(k)], ctype);
}

std::string Emission::scratch(const OpSite& op) {
  if (op.prepared.scratch == nullptr) return "nullptr";
  size_t offset = 0;
  if (!has_arena_offset(op.prepared.scratch, &offset)) {
    fail(op, "scratch outside the activation arena");
    return "nullptr";
  }
  return "at<void>(" + std::to_string(offset) + ")";
}

std::string Emission::params(const OpSite& op, const std::string& type, const std::string& init,
                             const std::string& suffix) {
  const std::string name = "op" + std::to_string(op.index) + suffix;
  definitions_ += "constinit const " + type + " " + name + " = " + init + ";\n\n";
  return name;
}

void Emission::fail(const OpSite& op, const std::string& why) {
  if (error_.empty())
    error_ = "operator " + std::to_string(op.index) + " (" + op.info.name() + ", kernel " + op.prepared.kernel +
             "): " + why;
}

}  // namespace nib::compile
