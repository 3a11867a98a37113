// Helpers shared by the fuzz targets.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "nib/interpreter.h"

namespace nib::fuzz {

// The fuzzer's bytes copied to a 16-byte aligned buffer (Model::load needs it).
inline uint8_t* aligned_copy(const uint8_t* data, size_t size, std::vector<uint8_t>& buf) {
  buf.resize(size + 16);
  auto* p = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(buf.data()) + 15) & ~uintptr_t{15});
  if (size) std::memcpy(p, data, size);
  return p;
}

// Deterministic input bytes with extremes: int8 -128/127, and float NaN,
// infinities, huge and tiny values among ordinary ones.
inline void fill_pattern(const TensorView& t, uint32_t seed) {
  auto* p = static_cast<uint8_t*>(t.data);
  uint32_t x = 0x9E3779B9u ^ seed;
  for (size_t i = 0; i < t.bytes; ++i) {
    x = x * 1664525u + 1013904223u;
    p[i] = static_cast<uint8_t>(x >> 24);
  }
}

// Fills input `t` from the fuzzer's bytes, repeated as needed (zeros if none).
inline void fill_from(const TensorView& t, const uint8_t* data, size_t size) {
  auto* p = static_cast<uint8_t*>(t.data);
  for (size_t i = 0; i < t.bytes; ++i) p[i] = size ? data[i % size] : 0;
}

inline void copy_outputs(const Interpreter& interp, std::vector<std::vector<uint8_t>>& out) {
  out.clear();
  for (int i = 0; i < interp.output_count(); ++i) {
    const TensorView v = interp.output(i);
    const auto* p = static_cast<const uint8_t*>(v.data);
    out.emplace_back(p, p + v.bytes);
  }
}

// A property violation: report and abort so libFuzzer saves the input.
[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "nib fuzz finding: %s\n", what);
  std::abort();
}

}  // namespace nib::fuzz
