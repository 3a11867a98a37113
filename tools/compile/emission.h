// What a kernel emitter works with: one prepared operator (OpSite) and the
// files being written (Emission), which hands out names for constant data,
// arena addresses for activations and collects parameter definitions and
// kernel calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "nib/model.h"
#include "runtime/introspect.h"

namespace nib::compile {

struct OpSite {
  int index = 0;
  OpInfo info;
  detail::PreparedOp prepared;
  DType input_type = DType::kFloat32;  // input 0's
};

class Emission {
 public:
  Emission(const Model& model, const Interpreter& interp, const uint8_t* arena, size_t activation_bytes)
      : model_(model), interp_(interp), arena_(arena), activation_bytes_(activation_bytes) {}

  // A const array in flash holding `count` values copied from `p` ("nullptr"
  // for a null p); the same address and size give the same array.
  template <typename T>
  std::string array(const T* p, size_t count, const std::string& what) {
    return array_of(p, type_name<T>(), sizeof(T), count, what, [p](std::ostream& os, size_t i) { put(os, p[i]); });
  }
  // Tensor t as a `T*` expression: its constant array, or its arena address.
  std::string tensor(int t, const char* ctype);
  std::string input(const OpSite& op, int k, const char* ctype);  // "nullptr" for an absent optional input
  std::string output(const OpSite& op, int k, const char* ctype);  // a fused next operator's output for k = 0
  std::string scratch(const OpSite& op);                           // arena address or nullptr
  // Defines `constinit const TYPE opN_params = INIT;` and returns its name.
  std::string params(const OpSite& op, const std::string& type, const std::string& init,
                     const std::string& suffix = "_params");
  // Keeps host data baked at compile time alive (and its address unique) until the files are written.
  template <typename T>
  const T* keep(std::vector<T> values) {
    auto owner = std::make_shared<std::vector<T>>(std::move(values));
    kept_.push_back(owner);
    return owner->data();
  }
  // One statement of the operator's part of invoke().
  void call(const std::string& statement) { calls_.push_back(statement); }
  // A failure names the operator (and its kernel).
  void fail(const OpSite& op, const std::string& why);

  // Results, for the model writer.
  std::vector<std::string> take_calls() { return std::exchange(calls_, {}); }
  const std::string& definitions() const { return definitions_; }
  const std::string& data_declarations() const { return declarations_; }
  const std::string& data_definitions() const { return data_; }
  size_t data_bytes() const { return data_bytes_; }
  bool has_arena_offset(const void* p, size_t* offset) const;
  const std::string& error() const { return error_; }
  const Model& model() const { return model_; }

  template <typename T>
  static const char* type_name();
  static void put(std::ostream& os, int64_t v);
  static void put(std::ostream& os, uint64_t v) { os << v << "u"; }
  static void put(std::ostream& os, int32_t v) { put(os, static_cast<int64_t>(v)); }
  static void put(std::ostream& os, int16_t v) { os << v; }
  static void put(std::ostream& os, int8_t v) { os << static_cast<int>(v); }
  static void put(std::ostream& os, uint8_t v) { os << static_cast<unsigned>(v); }
  static void put(std::ostream& os, uint16_t v) { os << v; }
  static void put(std::ostream& os, uint32_t v) { os << v << "u"; }
  static void put(std::ostream& os, float v);

 private:
  template <typename Put>
  std::string array_of(const void* p, const char* ctype, size_t size, size_t count, const std::string& what, Put put);

  const Model& model_;
  const Interpreter& interp_;
  const uint8_t* arena_;
  size_t activation_bytes_;
  std::map<std::pair<const void*, size_t>, std::string> arrays_;
  std::vector<std::string> calls_;
  std::string definitions_, declarations_, data_, error_;
  size_t data_bytes_ = 0;
  std::vector<std::shared_ptr<void>> kept_;
  int next_table_ = 0;
};

template <> inline const char* Emission::type_name<int8_t>() { return "int8_t"; }
template <> inline const char* Emission::type_name<uint8_t>() { return "uint8_t"; }
template <> inline const char* Emission::type_name<int16_t>() { return "int16_t"; }
template <> inline const char* Emission::type_name<uint16_t>() { return "uint16_t"; }
template <> inline const char* Emission::type_name<int32_t>() { return "int32_t"; }
template <> inline const char* Emission::type_name<uint32_t>() { return "uint32_t"; }
template <> inline const char* Emission::type_name<int64_t>() { return "int64_t"; }
template <> inline const char* Emission::type_name<float>() { return "float"; }

template <typename Put>
std::string Emission::array_of(const void* p, const char* ctype, size_t size, size_t count, const std::string& what,
                               Put put) {
  if (p == nullptr || count == 0) return "nullptr";
  const auto key = std::make_pair(p, size * count);
  if (auto it = arrays_.find(key); it != arrays_.end()) return it->second;
  const std::string name = "table" + std::to_string(next_table_++);
  arrays_[key] = name;
  std::ostringstream decl, def;
  decl << "extern const " << ctype << " " << name << "[" << count << "];  // " << what << "\n";
  def << "// " << what << "\nalignas(16) const " << ctype << " " << name << "[" << count << "] = {";
  for (size_t i = 0; i < count; ++i) {
    def << (i % 16 == 0 ? "\n    " : " ");
    put(def, i);
    def << ",";
  }
  def << "\n};\n\n";
  declarations_ += decl.str();
  data_ += def.str();
  data_bytes_ += size * count;
  return "data::" + name;
}

}  // namespace nib::compile
