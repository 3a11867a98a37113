// nib compile: a model prepared on the host, written out as plain C++.
//
// The interpreter's init() runs verification, every operator's prepare and
// the memory planner; this library reads what they produced (kernel choice,
// parameter structs, per-channel tables, arena offsets) and writes it as
// const data plus an invoke() that calls the kernels directly. Host-only:
// never linked into a firmware.
#pragma once

#include <string>

#include "nib/interpreter.h"
#include "nib/model.h"
#include "nib/status.h"

namespace nib::compile {

struct CompileOptions {
  std::string name;  // C++ namespace and file stem
  Kernels kernels = Kernels::kOptimized;
};

struct CompiledFiles {
  std::string header;  // NAME.h
  std::string source;  // NAME.cc: parameters, tables, invoke()
  std::string data;    // NAME_data.cc: weights and constant tensors
  size_t arena_bytes = 0;   // kArenaBytes
  size_t weight_bytes = 0;  // bytes of const data emitted (weights, tables, parameters)
};

// Fails with the operator and kernel named when an operator has no emitter.
Status compile_model(const Model& model, const CompileOptions& options, CompiledFiles* out);

// A file stem made a C++ identifier ("seed_mnist_int8.tflite" -> "seed_mnist_int8", "1x" -> "m_1x").
std::string identifier_from_path(const std::string& path);

}  // namespace nib::compile
