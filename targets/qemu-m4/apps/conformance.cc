// Conformance firmware: runs every case of ../shared/conformance on the
// emulated Cortex-M4 (both kernel sets), comparing the outputs and every
// per-layer activation with TFLite Micro's golden bytes.
//   m4_conformance SHARED_DIR
// Prints one line per case and "m4 conformance: N passed, M failed".
#include <cmath>
#include <cstring>

#include "host_files.h"
#include "nib/interpreter.h"
#include "semihost.h"

namespace {

using namespace nib;

[[gnu::section(".psram")]] alignas(16) uint8_t g_model[m4::kModelCapacity];
[[gnu::section(".psram")]] alignas(16) uint8_t g_data[m4::kDataCapacity];
[[gnu::section(".psram")]] char g_cases[64 * 1024];
alignas(16) uint8_t g_arena[1024 * 1024];

const char* g_shared = nullptr;

bool outputs_match(const TensorView& out, const uint8_t* golden, long golden_size, bool exact) {
  if (static_cast<size_t>(golden_size) != out.bytes) return false;
  if (exact) return std::memcmp(out.data, golden, out.bytes) == 0;
  for (size_t i = 0; i < out.bytes / 4; ++i) {
    float g, w;
    std::memcpy(&g, out.as<uint8_t>() + 4 * i, 4);
    std::memcpy(&w, golden + 4 * i, 4);
    if (!(std::fabs(g - w) <= 1e-5f + 1e-4f * std::fabs(w))) return false;
  }
  return true;
}

// Compares each operator's outputs with layers/CASE/tNNN.bin where present.
class LayerChecker : public Profiler {
 public:
  LayerChecker(const Interpreter& interp, const Model& model, const char* dir)
      : interp_(interp), model_(model), dir_(dir) {}
  void op_begin(const OpEvent&) override {}
  void op_end(const OpEvent& e) override {
    for (int32_t t : model_.op(e.index).outputs) {
      char name[16] = "t000.bin";
      name[1] = static_cast<char>('0' + t / 100 % 10);
      name[2] = static_cast<char>('0' + t / 10 % 10);
      name[3] = static_cast<char>('0' + t % 10);
      char path[512];
      if (!m4::join(path, sizeof path, dir_, name)) continue;
      const int h = semihost::open(path, semihost::Mode::read);
      if (h < 0) continue;  // not dumped
      semihost::close(h);
      const TensorView v = interp_.tensor(t);
      if (v.data == nullptr) continue;  // fused away by an optimized kernel
      const long n = m4::load(path, g_data);
      ++checked_;
      if (n < 0 || static_cast<size_t>(n) != v.bytes || std::memcmp(v.data, g_data, v.bytes) != 0) {
        ++mismatches_;
        m4::print("  layer mismatch: operator ");
        m4::print_int(e.index);
        m4::print(" tensor ");
        m4::print_int(t);
        m4::print("\n");
      }
    }
  }
  int checked() const { return checked_; }
  int mismatches() const { return mismatches_; }

 private:
  const Interpreter& interp_;
  const Model& model_;
  const char* dir_;
  int checked_ = 0;
  int mismatches_ = 0;
};

// Runs one case; returns true when outputs (and layers, if dumped) match.
bool run_case(const char* name, const char* model_file, const char* input_file, const char* golden_file,
              bool exact, Kernels kernels) {
  char path[512];
  m4::join(path, sizeof path, g_shared, "models");
  char model_path[512];
  m4::join(model_path, sizeof model_path, path, model_file);
  const long model_size = m4::load(model_path, g_model);
  if (model_size < 0) return false;
  Model model;
  Status s = Model::load(g_model, static_cast<size_t>(model_size), model);
  Interpreter interp;
  Options options;
  options.kernels = kernels;
  if (s) s = interp.init(model, g_arena, sizeof g_arena, options);
  if (!s) {
    m4::print(s.message());
    m4::print("\n");
    return false;
  }
  m4::join(path, sizeof path, g_shared, "conformance");
  char file[512];
  m4::join(file, sizeof file, path, input_file);
  const TensorView in = interp.input(0);
  const long input_size = m4::load(file, {static_cast<uint8_t*>(in.data), in.bytes});
  if (input_size != static_cast<long>(in.bytes)) return false;

  // Per-layer dumps exist for the .mid cases of int8 models.
  char layers[512], layer_dir[512];
  m4::join(layers, sizeof layers, path, "layers");
  m4::join(layer_dir, sizeof layer_dir, layers, name);
  LayerChecker checker(interp, model, layer_dir);
  interp.set_profiler(&checker);
  if (!interp.invoke()) return false;

  m4::join(file, sizeof file, path, golden_file);
  const long golden_size = m4::load(file, g_data);
  if (golden_size < 0) return false;
  const bool ok = outputs_match(interp.output(0), g_data, golden_size, exact) && checker.mismatches() == 0;
  if (checker.checked() > 0) {
    m4::print(" (+");
    m4::print_int(checker.checked());
    m4::print(" layers)");
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    m4::print("usage: m4_conformance SHARED_DIR\n");
    return 2;
  }
  g_shared = argv[1];
  char path[512], cases_path[512];
  m4::join(path, sizeof path, g_shared, "conformance");
  m4::join(cases_path, sizeof cases_path, path, "cases.tsv");
  const long size = m4::load(cases_path, {reinterpret_cast<uint8_t*>(g_cases), sizeof g_cases - 1});
  if (size < 0) return 77;  // no shared data: skipped
  g_cases[size] = '\0';

  int passed = 0, failed = 0;
  char* line = g_cases;
  bool header = true;
  while (line != nullptr && *line != '\0') {
    char* next = std::strchr(line, '\n');
    if (next) *next++ = '\0';
    char* col[6] = {};
    int n = 0;
    for (char* p = line; n < 6 && p; ++n) {
      col[n] = p;
      p = std::strchr(p, '\t');
      if (p) *p++ = '\0';
    }
    if (!header && n == 6) {
      const bool exact = std::strcmp(col[5], "0") == 0;
      for (Kernels k : {Kernels::kReference, Kernels::kOptimized}) {
        m4::print(col[0]);
        m4::print(k == Kernels::kReference ? " [reference]" : " [optimized]");
        const bool ok = run_case(col[0], col[1], col[2], col[3], exact, k);
        m4::print(ok ? " ok\n" : " FAIL\n");
        (ok ? passed : failed)++;
      }
    }
    header = false;
    line = next;
  }
  m4::print("m4 conformance: ");
  m4::print_int(passed);
  m4::print(" passed, ");
  m4::print_int(failed);
  m4::print(" failed\n");
  return failed == 0 && passed > 0 ? 0 : 1;
}
