// Benchmark firmware for a model compiled by `nib compile` (namespace
// nib_aot_model, written into the build tree by `nib bench-m4 --aot`): the
// same fixed LCG input, warm-up and measured invoke as m4_bench, with
// cycle-count markers around init() (id kInitMark) and invoke() (id 0), and
// around each operator (id 1 + i) when built with NIB_COMPILED_PROFILE=1.
#include <cstring>

#include "host_files.h"
#include "nib_aot_model.h"
#include "nib_mark.h"

namespace {

constexpr uint32_t kInitMark = NIB_MARK_MAX_IDS - 1;

alignas(16) uint8_t g_arena[nib_aot_model::kArenaBytes + 16];

#if defined(NIB_COMPILED_PROFILE) && NIB_COMPILED_PROFILE
class MarkerProfiler : public nib::Profiler {
 public:
  void op_begin(const nib::OpEvent& e) override { nib_mark_begin(1 + static_cast<uint32_t>(e.index)); }
  void op_end(const nib::OpEvent& e) override { nib_mark_end(1 + static_cast<uint32_t>(e.index)); }
};
#endif

// x = x * 1664525 + 1013904223 from seed 12345; each byte is the new x >> 24.
void fill_lcg(uint8_t* data, size_t n) {
  uint32_t x = 12345;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1664525u + 1013904223u;
    data[i] = static_cast<uint8_t>(x >> 24);
  }
}

void fill_inputs() {
  for (int i = 0;; ++i) {
    const nib::TensorView in = nib_aot_model::input(i);
    if (in.data == nullptr) break;
    fill_lcg(static_cast<uint8_t*>(in.data), in.bytes);
  }
}

}  // namespace

int main() {
  nib_mark_begin(kInitMark);
  nib::Status s = nib_aot_model::init(g_arena, nib_aot_model::kArenaBytes);
  nib_mark_end(kInitMark);
  if (!s) {
    nib::m4::print("m4_bench_aot: ");
    nib::m4::print(s.message());
    nib::m4::print("\n");
    return 1;
  }
  fill_inputs();
  if (!nib_aot_model::invoke()) return 1;  // warm-up
  fill_inputs();
#if defined(NIB_COMPILED_PROFILE) && NIB_COMPILED_PROFILE
  MarkerProfiler profiler;
  nib_aot_model::set_profiler(&profiler);
#endif
  nib_mark_begin(0);
  s = nib_aot_model::invoke();
  nib_mark_end(0);
  if (!s) return 1;
  nib::m4::print("arena_bytes=");
  nib::m4::print_int(static_cast<long long>(nib_aot_model::kArenaBytes));
  nib::m4::print("\noutput=");
  const nib::TensorView out = nib_aot_model::output(0);
  for (size_t i = 0; i < out.bytes && i < 64; ++i) {
    if (i) nib::m4::print(",");
    nib::m4::print_int(out.type == nib::DType::kUInt8 ? out.as<uint8_t>()[i] : out.as<int8_t>()[i]);
  }
  nib::m4::print("\n");
  return 0;
}
