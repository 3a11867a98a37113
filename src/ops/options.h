// Typed access to an operator's options table from the generated schema.
#pragma once

#include "nib/schema/tflite_generated.h"
#include "ops/context.h"

namespace nib::ops {

template <typename Options>
const Options* PrepareContext::options_as() const {
  // The model verifier already checked the union tag matches the operator.
  return op_.op->builtin_options_as<Options>();
}

}  // namespace nib::ops
