// Runs a one-operator model built with ModelBuilder: tensor 0 is its input,
// the operator's single output its output.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "nib/interpreter.h"
#include "support/model_builder.h"

namespace nib::test {

struct OpResult {
  Status status;                // of Model::load, Interpreter::init or invoke
  std::vector<uint8_t> output;  // raw bytes of output 0
  std::string message() const { return status.message(); }
};

OpResult run_model(const ModelBuilder& b, const void* input, size_t bytes, Kernels kernels = Kernels::kReference);

template <typename Out, typename In>
std::vector<Out> run_values(const ModelBuilder& b, const std::vector<In>& input, Status* status = nullptr) {
  const OpResult r = run_model(b, input.data(), input.size() * sizeof(In));
  if (status != nullptr) *status = r.status;
  std::vector<Out> out(r.output.size() / sizeof(Out));
  if (!out.empty()) std::memcpy(out.data(), r.output.data(), out.size() * sizeof(Out));
  return out;
}

// int8 values as ints, so failures print numbers.
std::vector<int> ints(const std::vector<int8_t>& v);
std::vector<int> ints(const std::vector<int16_t>& v);

}  // namespace nib::test
