// `nib run` on the emulated Cortex-M4: loads a model and an input from the
// host through semihosting, runs one inference, prints the output and
// optionally writes it back to the host.
//   m4_run MODEL INPUT [OUTPUT] [reference|optimized]
//   m4_run MODEL --arena        arena the model needs on the Cortex-M4
//                               ("arena: TOTAL ACTIVATIONS PERSISTENT"), for nib inspect
#include <cstring>

#include "host_files.h"
#include "nib/interpreter.h"
#include "semihost.h"

namespace {

using namespace nib;

[[gnu::section(".psram")]] alignas(16) uint8_t g_model[m4::kModelCapacity];
alignas(16) uint8_t g_arena[1024 * 1024];

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    m4::print("usage: m4_run MODEL INPUT [OUTPUT] [reference|optimized]\n");
    return 2;
  }
  const char* output_path = argc > 3 && std::strcmp(argv[3], "-") != 0 ? argv[3] : nullptr;
  Model model;
  Interpreter interp;
  if (!m4::start_model("m4_run", argv[1], g_model, g_arena, m4::kernels_option(argc > 4 ? argv[4] : nullptr), model,
                       interp))
    return 1;
  if (std::strcmp(argv[2], "--arena") == 0) {
    const ArenaUsage u = interp.arena_usage();
    m4::print("arena: ");
    m4::print_int(static_cast<long long>(u.total()));
    m4::print(" ");
    m4::print_int(static_cast<long long>(u.activations));
    m4::print(" ");
    m4::print_int(static_cast<long long>(u.persistent));
    m4::print("\n");
    return 0;
  }
  const TensorView in = interp.input(0);
  if (m4::load(argv[2], {static_cast<uint8_t*>(in.data), in.bytes}) != static_cast<long>(in.bytes)) {
    m4::print("m4_run: input file size does not match the model input\n");
    return 1;
  }
  if (!interp.invoke()) return 1;

  const TensorView out = interp.output(0);
  m4::print("cortex-m4 output ");
  m4::print(dtype_name(out.type));
  m4::print(":");
  for (size_t i = 0; i < out.elements() && i < 16; ++i) {
    m4::print(" ");
    if (out.type == DType::kInt8) m4::print_int(out.as<int8_t>()[i]);
    else if (out.type == DType::kFloat32) m4::print_int(static_cast<long long>(out.as<float>()[i] * 1000.0f));
  }
  if (out.type == DType::kFloat32) m4::print(" (x1000)");
  m4::print("\narena bytes: ");
  m4::print_int(static_cast<long long>(interp.arena_usage().total()));
  m4::print("\n");
  if (output_path != nullptr &&
      !semihost::write_file(output_path, {static_cast<const std::byte*>(out.data), out.bytes})) {
    m4::print("m4_run: cannot write the output file\n");
    return 1;
  }
  return 0;
}
