// Firmware-side helpers for reading the host's files through semihosting
// into fixed buffers (no heap): models, inputs, goldens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "nib/interpreter.h"

namespace nib::m4 {

// Big buffers live in the board's 16 MiB PSRAM region (zeroed at start).
inline constexpr size_t kModelCapacity = 2u << 20;
inline constexpr size_t kDataCapacity = 1u << 20;

// Reads `path` into `buf`; returns the bytes read or -1 (after printing why).
long load(const char* path, std::span<uint8_t> buf);

// Joins a/b into out (NUL-terminated); false if it does not fit.
bool join(char* out, size_t size, const char* a, const char* b);

// Reads a model from the host into `model_buffer` (kept: weights stay there),
// loads it and prepares `interp` in `arena`. Prints "<who>: <reason>" and
// returns false on any failure.
bool start_model(const char* who, const char* path, std::span<uint8_t> model_buffer, std::span<uint8_t> arena,
                 const Options& options, Model& model, Interpreter& interp);

// "reference" selects the reference kernels, anything else the optimized ones.
Options kernels_option(const char* name);

// Simple printing on the semihosting console.
void print(const char* s);
void print_int(long long v);

}  // namespace nib::m4
