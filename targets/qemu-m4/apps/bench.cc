// Benchmark firmware: one model, the fixed LCG input of ANCHORS.md, one
// warm-up invoke and one measured invoke framed by cycle-count markers
// (id 0 = the whole invoke, id 1 + i = operator i, id kInitMark = init()),
// for tools/cyclecount.
//   m4_bench MODEL [reference|optimized]
// Prints the arena bytes and the output bytes; the counts come from the
// QEMU plugin.
#include <cstring>

#include "host_files.h"
#include "nib/interpreter.h"
#include "nib_mark.h"

namespace {

using namespace nib;

// Interpreter::init (prepare and plan); the last distinct marker id.
constexpr uint32_t kInitMark = NIB_MARK_MAX_IDS - 1;

[[gnu::section(".psram")]] alignas(16) uint8_t g_model[m4::kModelCapacity];
alignas(16) uint8_t g_arena[1024 * 1024];

class MarkerProfiler : public Profiler {
 public:
  void op_begin(const OpEvent& e) override { nib_mark_begin(1 + static_cast<uint32_t>(e.index)); }
  void op_end(const OpEvent& e) override { nib_mark_end(1 + static_cast<uint32_t>(e.index)); }
};

// x = x * 1664525 + 1013904223 from seed 12345; each byte is the new x >> 24.
void fill_lcg(uint8_t* data, size_t n) {
  uint32_t x = 12345;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1664525u + 1013904223u;
    data[i] = static_cast<uint8_t>(x >> 24);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    m4::print("usage: m4_bench MODEL [reference|optimized]\n");
    return 2;
  }
  Model model;
  Interpreter interp;
  const long size = m4::load(argv[1], g_model);
  if (size < 0) return 1;
  Status s = Model::load(g_model, static_cast<size_t>(size), model);
  if (s) {
    nib_mark_begin(kInitMark);
    s = interp.init(model, g_arena, sizeof g_arena, m4::kernels_option(argc > 2 ? argv[2] : nullptr));
    nib_mark_end(kInitMark);
  }
  if (!s) {
    m4::print("m4_bench: ");
    m4::print(s.message());
    m4::print("\n");
    return 1;
  }
  for (int i = 0; i < interp.input_count(); ++i) fill_lcg(static_cast<uint8_t*>(interp.input(i).data), interp.input(i).bytes);
  if (!interp.invoke()) return 1;  // warm-up
  for (int i = 0; i < interp.input_count(); ++i) fill_lcg(static_cast<uint8_t*>(interp.input(i).data), interp.input(i).bytes);
  MarkerProfiler profiler;
  interp.set_profiler(&profiler);
  nib_mark_begin(0);
  const Status run = interp.invoke();
  nib_mark_end(0);
  if (!run) return 1;

  const ArenaUsage u = interp.arena_usage();
  m4::print("arena_bytes=");
  m4::print_int(static_cast<long long>(u.total()));
  m4::print(" persistent=");
  m4::print_int(static_cast<long long>(u.persistent));
  m4::print(" activations=");
  m4::print_int(static_cast<long long>(u.activations));
  m4::print("\noutput=");
  const TensorView out = interp.output(0);
  for (size_t i = 0; i < out.bytes && i < 64; ++i) {
    if (i) m4::print(",");
    m4::print_int(out.type == DType::kUInt8 ? out.as<uint8_t>()[i] : out.as<int8_t>()[i]);
  }
  m4::print("\n");
  for (int i = 0; i < 1000 && interp.op_event(i).op[0] != '\0'; ++i) {
    m4::print("op ");
    m4::print_int(i);
    m4::print(" kernel=");
    m4::print(interp.op_event(i).kernel);
    m4::print("\n");
  }
  return 0;
}
