// The robustness regression models on the emulated Cortex-M4: every model of
// tests/robustness/MODELS.tsv loads, prepares and runs with both kernel
// sets and gives its expected outcome (a status naming the fault, or a
// clean run), never a hard fault.
//   m4_robustness DIR       (DIR = tests/robustness/models)
#include <cstring>

#include "host_files.h"
#include "nib/interpreter.h"

namespace {

using namespace nib;

[[gnu::section(".psram")]] alignas(16) uint8_t g_model[m4::kModelCapacity];
[[gnu::section(".psram")]] char g_manifest[16 * 1024];
[[gnu::section(".psram")]] alignas(16) uint8_t g_arena[4 * 1024 * 1024];

// Load -> init -> invoke on a byte pattern; the first failing status.
Status run(const uint8_t* bytes, size_t size, Kernels kernels) {
  Model model;
  NIB_RETURN_IF_ERROR(Model::load(bytes, size, model));
  Interpreter interp;
  NIB_RETURN_IF_ERROR(interp.init(model, g_arena, sizeof g_arena, Options{kernels}));
  for (int i = 0; i < interp.input_count(); ++i) {
    const TensorView in = interp.input(i);
    auto* p = static_cast<uint8_t*>(in.data);
    for (size_t k = 0; k < in.bytes; ++k) p[k] = static_cast<uint8_t>(k % 4 == 3 ? 0x7f + (k & 0x80) : 0x80 + k);
  }
  return interp.invoke();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    m4::print("usage: m4_robustness DIR\n");
    return 2;
  }
  char path[512];
  if (!m4::join(path, sizeof path, argv[1], "MODELS.tsv")) return 2;
  const long n = m4::load(path, {reinterpret_cast<uint8_t*>(g_manifest), sizeof g_manifest - 1});
  if (n < 0) return 1;
  g_manifest[n] = '\0';
  int total = 0, good = 0;
  for (char* line = g_manifest; *line != '\0';) {
    char* end = std::strchr(line, '\n');
    if (end != nullptr) *end = '\0';
    char* next = end ? end + 1 : line + std::strlen(line);
    if (line[0] != '#' && line[0] != '\0') {
      // name \t expect \t attack
      char* expect = std::strchr(line, '\t');
      char* attack = expect ? std::strchr(expect + 1, '\t') : nullptr;
      if (attack == nullptr) {
        m4::print("m4_robustness: malformed manifest line\n");
        return 1;
      }
      *expect++ = '\0';
      *attack = '\0';
      char file[512], name[300];
      if (std::strlen(line) + sizeof ".tflite" > sizeof name) return 2;
      std::strcpy(name, line);
      std::strcat(name, ".tflite");
      if (!m4::join(file, sizeof file, argv[1], name)) return 2;
      const long size = m4::load(file, g_model);
      if (size < 0) return 1;
      for (Kernels k : {Kernels::kReference, Kernels::kOptimized}) {
        const Status s = run(g_model, static_cast<size_t>(size), k);
        const bool runs = std::strcmp(expect, "runs") == 0;
        const bool as_expected = runs ? s.is_ok() : (!s.is_ok() && std::strstr(s.message(), expect) != nullptr);
        ++total;
        good += as_expected;
        m4::print(as_expected ? "ok   " : "FAIL ");
        m4::print(line);
        m4::print(k == Kernels::kReference ? " (reference): " : " (optimized): ");
        m4::print(s.is_ok() ? "runs" : s.message());
        m4::print("\n");
      }
    }
    line = next;
  }
  m4::print("m4_robustness: ");
  m4::print_int(good);
  m4::print("/");
  m4::print_int(total);
  m4::print(" as expected\n");
  return good == total && total > 0 ? 0 : 1;
}
