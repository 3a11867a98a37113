// The table of kernel emitters, keyed on operator and prepared kernel name.
#pragma once

#include "emission.h"

namespace nib::compile {

using EmitFn = void (*)(Emission&, const OpSite&);

// The emitter for a prepared operator, or nullptr when nib compile cannot write it out.
EmitFn find_emitter(const OpSite& op);

}  // namespace nib::compile
