// Runs one small model built with ModelBuilder through Model::load and the
// Interpreter (prepare + kernel), so operator tests check what prepare
// accepts, refuses and computes, end to end.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "nib/interpreter.h"
#include "support/model_builder.h"

namespace nib::test {

template <typename T>
std::vector<uint8_t> bytes_of(const std::vector<T>& values) {
  std::vector<uint8_t> out(values.size() * sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), values.data(), out.size());
  return out;
}

template <typename T>
std::vector<T> values_of(const std::vector<uint8_t>& bytes) {
  std::vector<T> out(bytes.size() / sizeof(T));
  if (!out.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

// Widens int8 so that failures print numbers.
inline std::vector<int> ints(const std::vector<int8_t>& v) { return std::vector<int>(v.begin(), v.end()); }

struct OpRun {
  bool ok = false;
  std::string message;                     // why load or prepare refused the model
  std::vector<std::vector<uint8_t>> outputs;  // one per model output

  template <typename T>
  std::vector<T> output(size_t i = 0) const {
    return i < outputs.size() ? values_of<T>(outputs[i]) : std::vector<T>{};
  }
};

// Loads and prepares the model, copies `input` into input 0 and invokes it.
inline OpRun run_model(const ModelBuilder& b, const std::vector<uint8_t>& input,
                       Kernels kernels = Kernels::kReference) {
  OpRun r;
  const tools::AlignedBytes bytes = b.build();
  Model model;
  Status s = Model::load(bytes.data(), bytes.size(), model);
  std::vector<uint8_t> arena(1 << 20);
  Interpreter interp;
  Options options;
  options.kernels = kernels;
  if (s) s = interp.init(model, arena.data(), arena.size(), options);
  if (!s) {
    r.message = s.message();
    return r;
  }
  const TensorView in = interp.input(0);
  EXPECT_EQ(in.bytes, input.size()) << "input size";
  std::memcpy(in.data, input.data(), std::min(in.bytes, input.size()));
  s = interp.invoke();
  if (!s) {
    r.message = s.message();
    return r;
  }
  for (int i = 0; i < interp.output_count(); ++i) {
    const TensorView out = interp.output(i);
    r.outputs.emplace_back(out.as<uint8_t>(), out.as<uint8_t>() + out.bytes);
  }
  r.ok = true;
  return r;
}

// Refused at load or prepare with a message containing `part`.
inline ::testing::AssertionResult refused_with(const OpRun& r, const std::string& part) {
  if (r.ok) return ::testing::AssertionFailure() << "accepted, expected a refusal containing '" << part << "'";
  if (r.message.find(part) == std::string::npos)
    return ::testing::AssertionFailure() << "message '" << r.message << "' lacks '" << part << "'";
  return ::testing::AssertionSuccess();
}

template <typename T>
fb::BuiltinOptionsUnion options_union(T options) {
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(options));
  return u;
}

}  // namespace nib::test
