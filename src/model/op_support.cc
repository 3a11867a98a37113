#include "model/op_support.h"

#include "nib/schema/tflite_generated.h"

namespace nib {
namespace {

using O = fb::BuiltinOptions;
constexpr uint8_t tag(O o) { return static_cast<uint8_t>(o); }

constexpr OpSupport kOps[] = {
#define NIB_OP_SUPPORT(name, code, max_version, options, required, min_rank, prepare) \
  {OpCode::name, max_version, tag(O::options), required, min_rank},
    NIB_OPERATORS(NIB_OP_SUPPORT)
#undef NIB_OP_SUPPORT
};

}  // namespace

std::span<const OpSupport> supported_ops() { return kOps; }

const OpSupport* find_op_support(int32_t code) {
  for (const OpSupport& s : kOps)
    if (static_cast<int32_t>(s.code) == code) return &s;
  return nullptr;
}

}  // namespace nib
