// nib::Options — what Interpreter::init is asked for (today: which kernel
// set prepares every operator). Apart from interpreter.h so that the
// operators' prepare step can read the options without depending on the
// interpreter that calls it.
#pragma once

#include <cstdint>

namespace nib {

enum class Kernels : uint8_t {
  kReference,  // portable kernels, bit-exact with TFLite's reference kernels
  kOptimized,  // fastest available for the target; same output bytes
};

struct Options {
  Kernels kernels = Kernels::kOptimized;
};

}  // namespace nib
