// A model compiled by `nib compile` (NIB_COMPILED_NS from NIB_COMPILED_HEADER)
// on the emulated Cortex-M: every conformance case of its model must give
// TFLite Micro's golden bytes (float32 within the stated tolerance).
//   m4_compiled_NAME SHARED_DIR MODEL_FILE
// Prints one line per case and "compiled NAME: N passed, M failed"; exits 77
// when the shared data is absent.
#include <cmath>
#include <cstring>

#include NIB_COMPILED_HEADER
#include "host_files.h"

namespace {

namespace compiled = NIB_COMPILED_NS;

[[gnu::section(".psram")]] alignas(16) uint8_t g_golden[nib::m4::kDataCapacity];
[[gnu::section(".psram")]] char g_cases[192 * 1024];
alignas(16) uint8_t g_arena[compiled::kArenaBytes + 16];

bool matches(const nib::TensorView& out, const uint8_t* golden, long golden_size, bool exact) {
  if (golden_size != static_cast<long>(out.bytes)) return false;
  if (exact) return std::memcmp(out.data, golden, out.bytes) == 0;
  for (size_t i = 0; i < out.bytes / 4; ++i) {
    float g, w;
    std::memcpy(&g, out.as<uint8_t>() + 4 * i, 4);
    std::memcpy(&w, golden + 4 * i, 4);
    if (!(std::fabs(g - w) <= 1e-5f + 1e-4f * std::fabs(w))) return false;
  }
  return true;
}

bool run_case(const char* dir, const char* input, const char* golden, bool exact) {
  char path[512];
  std::memset(g_arena, 0xA5, sizeof g_arena);  // nothing may depend on a previous run
  if (!compiled::init(g_arena, compiled::kArenaBytes)) return false;
  const nib::TensorView in = compiled::input(0);
  if (!nib::m4::join(path, sizeof path, dir, input)) return false;
  const long n = nib::m4::load(path, {static_cast<uint8_t*>(in.data), in.bytes});
  if (n != static_cast<long>(in.bytes)) return false;
  if (!compiled::invoke()) return false;
  if (!nib::m4::join(path, sizeof path, dir, golden)) return false;
  const long g = nib::m4::load(path, g_golden);
  return g >= 0 && matches(compiled::output(0), g_golden, g, exact);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    nib::m4::print("usage: m4_compiled SHARED_DIR MODEL_FILE\n");
    return 2;
  }
  char dir[512], cases_path[512];
  nib::m4::join(dir, sizeof dir, argv[1], "conformance");
  nib::m4::join(cases_path, sizeof cases_path, dir, "cases.tsv");
  const long size = nib::m4::load(cases_path, {reinterpret_cast<uint8_t*>(g_cases), sizeof g_cases - 1});
  if (size < 0) return 77;  // no shared data: skipped
  g_cases[size] = '\0';
  int passed = 0, failed = 0;
  bool header = true;
  for (char* line = g_cases; line != nullptr && *line != '\0';) {
    char* next = std::strchr(line, '\n');
    if (next) *next++ = '\0';
    char* col[6] = {};
    int n = 0;
    for (char* p = line; n < 6 && p; ++n) {
      col[n] = p;
      p = std::strchr(p, '\t');
      if (p) *p++ = '\0';
    }
    if (!header && n == 6 && std::strcmp(col[1], argv[2]) == 0) {
      const bool ok = run_case(dir, col[2], col[3], std::strcmp(col[5], "0") == 0);
      nib::m4::print(col[0]);
      nib::m4::print(ok ? " ok\n" : " FAIL\n");
      (ok ? passed : failed)++;
    }
    header = false;
    line = next;
  }
  nib::m4::print("compiled ");
  nib::m4::print(argv[2]);
  nib::m4::print(": ");
  nib::m4::print_int(passed);
  nib::m4::print(" passed, ");
  nib::m4::print_int(failed);
  nib::m4::print(" failed\n");
  return failed == 0 && passed > 0 ? 0 : 1;
}
