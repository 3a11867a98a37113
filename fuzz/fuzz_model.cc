// libFuzzer target: model bytes -> Model::load -> Interpreter::init ->
// invoke, with the reference and the optimized kernels. Any crash, hang or
// sanitizer report is a finding; so is a model both kernel sets run whose
// outputs differ (they must be bit-identical).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "fuzz_util.h"
#include "nib/interpreter.h"

namespace {

// A fixed arena, as on a microcontroller: bigger models fail init with a status.
constexpr size_t kArenaBytes = 1 << 20;
// Inference is skipped above this many MACs so the fuzzer keeps its pace
// (load and init, where the checks live, still run on every input).
constexpr uint64_t kMaxMacs = 4'000'000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::vector<uint8_t> model_buf, arena(kArenaBytes);
  uint8_t* bytes = nib::fuzz::aligned_copy(data, size, model_buf);
  nib::Model model;
  if (!nib::Model::load(bytes, size, model)) return 0;
  std::vector<std::vector<uint8_t>> outputs[2];
  int runs = 0;
  for (nib::Kernels k : {nib::Kernels::kReference, nib::Kernels::kOptimized}) {
    nib::Interpreter interp;
    if (!interp.init(model, arena.data(), arena.size(), nib::Options{k})) continue;
    uint64_t macs = 0;
    for (int i = 0; i < model.op_count(); ++i) macs += interp.op_event(i).macs;
    if (macs > kMaxMacs) continue;
    for (int i = 0; i < interp.input_count(); ++i) nib::fuzz::fill_pattern(interp.input(i), static_cast<uint32_t>(i));
    if (!interp.invoke()) continue;
    nib::fuzz::copy_outputs(interp, outputs[runs++]);
  }
  if (runs == 2 && outputs[0] != outputs[1]) nib::fuzz::finding("reference and optimized outputs differ");
  return 0;
}
