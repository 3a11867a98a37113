// Which builtin operators nib runs, the versions it accepts and the options
// table each one carries, as the model verifier reads them from the one
// operator table (nib/operators.h, which documents the columns). The
// verifier rejects anything else at load time; ops/registry.cc expands the
// same table, so every entry has a prepare function (or does not link).
#pragma once

#include <cstdint>
#include <span>

#include "nib/model.h"

namespace nib {

struct OpSupport {
  OpCode code;
  int max_version;
  uint8_t options_type;    // the format's BuiltinOptions tag; 0 = none
  bool options_required;   // the op cannot run on defaults
  uint8_t min_rank = 0;    // rank input 0 and output 0 need at least
};

std::span<const OpSupport> supported_ops();
const OpSupport* find_op_support(int32_t code);

}  // namespace nib
