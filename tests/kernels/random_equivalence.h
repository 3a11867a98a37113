// Randomized bit-exactness of the optimized (Cortex-M4) kernels against the
// reference kernels: random shapes, strides, paddings, dilations, zero
// points, per-channel multipliers and shifts, biases up to extreme values.
// Plain C++ with static buffers, so the same cases run in a host unit test
// (the DSP operations emulated in C++) and in firmware under QEMU (the real
// instructions and the assembly loops).
#pragma once

#include <cstdint>

namespace nib::test {

struct EquivalenceReport {
  int cases = 0;
  int mismatches = 0;
  char first_failure[96] = "";
};

// Runs `cases` random cases of each kernel family starting from `seed`.
EquivalenceReport run_random_equivalence(uint32_t seed, int cases);

}  // namespace nib::test
