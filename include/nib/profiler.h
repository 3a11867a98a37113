// Profiler hook: the interpreter calls it around every operator it runs.
// Implementations measure what their platform can (host clock, DWT cycle
// counter, QEMU markers); the interpreter itself measures nothing.
#pragma once

#include <cstdint>

namespace nib {

struct OpEvent {
  int index = 0;             // operator position in the model
  const char* op = "";       // builtin name, e.g. "CONV_2D"
  const char* kernel = "";   // kernel variant that ran, e.g. "reference"
  uint64_t macs = 0;         // multiply-accumulates this operator performs
};

class Profiler {
 public:
  virtual void op_begin(const OpEvent& event) = 0;
  virtual void op_end(const OpEvent& event) = 0;

 protected:
  ~Profiler() = default;
};

}  // namespace nib
