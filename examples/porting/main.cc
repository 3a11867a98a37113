// The porting guide's worked example (docs/porting.md): a model compiled into
// the program as an aligned array by `nib embed`, a static arena sized from
// `nib inspect`, one inference, a DWT profiler on Cortex-M. What a firmware's
// main does, minus the board: here the input comes from a file and the output
// goes to one, so CI can compare it with TensorFlow Lite's golden bytes.
//   porting_example INPUT.bin OUTPUT.bin
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "dwt_profiler.h"
#include "model_data.h"  // written by: nib embed MODEL -o model_data.cc --name g_model
#include "nib/interpreter.h"
#include "nib/model.h"

namespace {

// From `nib inspect MODEL` ("arena: N bytes", 32-bit Cortex-M), rounded up;
// init() reports the exact size if this is too small.
constexpr size_t kArenaBytes = 20 * 1024;
alignas(16) uint8_t g_arena[kArenaBytes];

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: porting_example INPUT.bin OUTPUT.bin\n");
    return 2;
  }
  nib::Model model;
  nib::Interpreter interp;
  nib::Status s = nib::Model::load(g_model, g_model_size, model);
  if (s) s = interp.init(model, g_arena, sizeof g_arena);
  if (!s) {
    std::fprintf(stderr, "porting_example: %s\n", s.message());
    return 1;
  }
  nib::TensorView in = interp.input(0);
  std::FILE* f = std::fopen(argv[1], "rb");
  const bool read = f != nullptr && std::fread(in.data, 1, in.bytes, f) == in.bytes;
  if (f != nullptr) std::fclose(f);
  if (!read) {
    std::fprintf(stderr, "porting_example: %s: need %zu input bytes\n", argv[1], in.bytes);
    return 1;
  }
  DwtProfiler profiler;
  interp.set_profiler(&profiler);
  if (s = interp.invoke(); !s) {
    std::fprintf(stderr, "porting_example: %s\n", s.message());
    return 1;
  }
  const nib::TensorView out = interp.output(0);
  f = std::fopen(argv[2], "wb");
  const bool written = f != nullptr && std::fwrite(out.data, 1, out.bytes, f) == out.bytes;
  if (f == nullptr || std::fclose(f) != 0 || !written) return 1;
  std::printf("porting_example: arena %zu of %zu bytes, output %zu bytes, op 0 took %u cycles (0 off Cortex-M)\n",
              interp.arena_usage().total(), kArenaBytes, out.bytes, static_cast<unsigned>(profiler.cycles(0)));
  return 0;
}
