// Which builtin operators nib runs, the versions it accepts and the options
// table each one carries. The model verifier rejects anything else at load
// time; ops/ provides a kernel for every entry (a unit test checks this).
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
  // Rank input 0 and output 0 need at least: the loader rejects a model
  // below it, so prepare may index dims[rank - 1] (or fixed dims) without
  // checking. An operator whose prepare indexes dims must set it.
  uint8_t min_rank = 0;
};

std::span<const OpSupport> supported_ops();
const OpSupport* find_op_support(int32_t code);

}  // namespace nib
