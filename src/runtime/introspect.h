// A read-only view of what Interpreter::init prepared, for host tools that
// turn it into something else (nib compile writes it out as C++). Not part
// of the public API; the MCU core never calls it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "nib/interpreter.h"

namespace nib::detail {

struct PreparedOp {
  const char* op = "";        // builtin name
  const char* kernel = "";    // as the profiler reports it: "reference", "dsp", "alias", "fused", ...
  const void* params = nullptr;  // the kernel's parameter struct (its type follows from op, types and kernel)
  void* scratch = nullptr;    // planned scratch inside the arena, or null
  size_t scratch_bytes = 0;
  uint64_t macs = 0;
  bool alias = false;       // output 0 shares input 0's memory; nothing runs
  bool fuses_next = false;  // also performs the next operator and writes its output 0
  bool skipped = false;     // performed by the previous operator
};

struct InterpreterAccess {
  // Operator `index` of an initialized interpreter.
  static PreparedOp op(const Interpreter& interp, int index);
  // Where tensor `index` lives: an arena address, the model's constant data, or null.
  static void* tensor_data(const Interpreter& interp, int index);
};

}  // namespace nib::detail
