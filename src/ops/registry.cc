// Builtin code -> prepare function, expanded from the one operator table
// (nib/operators.h).
#include "nib/operators.h"
#include "ops/context.h"

namespace nib::ops {

#define NIB_DECLARE_PREPARE(name, code, max_version, options, required, min_rank, prepare) \
  Status prepare(PrepareContext&);
NIB_OPERATORS(NIB_DECLARE_PREPARE)
#undef NIB_DECLARE_PREPARE

namespace {

struct Registration {
  int32_t code;
  PrepareFn prepare;
};

constexpr Registration kRegistry[] = {
#define NIB_REGISTRATION(name, code, max_version, options, required, min_rank, prepare) {code, prepare},
    NIB_OPERATORS(NIB_REGISTRATION)
#undef NIB_REGISTRATION
};

}  // namespace

PrepareFn find_prepare(int32_t code) {
  for (const Registration& r : kRegistry)
    if (r.code == code) return r.prepare;
  return nullptr;
}

}  // namespace nib::ops
