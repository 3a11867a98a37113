// Conformance firmware: runs every case of ../shared/conformance on the
// emulated Cortex-M4 (both kernel sets), comparing the outputs and every
// per-layer activation with TFLite Micro's golden bytes.
//   m4_conformance SHARED_DIR
// Prints one line per case and "m4 conformance: N passed, M failed".
//   m4_conformance SHARED_DIR ops UNSUPPORTED_LIST
// runs the operator suite (SHARED_DIR/conformance/ops) instead, judged
// against the list of what is not supported yet (support/ops_tally.h), and
// prints "ops suite: N passed, M failed, K not supported yet".
#include <cmath>
#include <cstring>

#include "host_files.h"
#include "nib/interpreter.h"
#include "semihost.h"
#include "support/ops_tally.h"

namespace {

using namespace nib;

[[gnu::section(".psram")]] alignas(16) uint8_t g_model[m4::kModelCapacity];
[[gnu::section(".psram")]] alignas(16) uint8_t g_data[m4::kDataCapacity];
[[gnu::section(".psram")]] char g_cases[192 * 1024];
[[gnu::section(".psram")]] char g_ops_tsv[32 * 1024];
[[gnu::section(".psram")]] char g_unsupported[16 * 1024];
[[gnu::section(".psram")]] nib::test::OpsTally g_tally;
alignas(16) uint8_t g_arena[1024 * 1024];

const char* g_shared = nullptr;

bool output_matches(const TensorView& out, const uint8_t* golden, bool exact) {
  if (exact) return std::memcmp(out.data, golden, out.bytes) == 0;
  for (size_t i = 0; i < out.bytes / 4; ++i) {
    float g, w;
    std::memcpy(&g, out.as<uint8_t>() + 4 * i, 4);
    std::memcpy(&w, golden + 4 * i, 4);
    if (!(std::fabs(g - w) <= 1e-5f + 1e-4f * std::fabs(w))) return false;
  }
  return true;
}

// Several outputs: the golden holds their bytes concatenated in output order.
bool outputs_match(const Interpreter& interp, const uint8_t* golden, long golden_size, bool exact) {
  size_t offset = 0;
  for (int i = 0; i < interp.output_count(); ++i) {
    const TensorView out = interp.output(i);
    if (offset + out.bytes > static_cast<size_t>(golden_size)) return false;
    if (!output_matches(out, golden + offset, exact)) return false;
    offset += out.bytes;
  }
  return offset == static_cast<size_t>(golden_size);
}

// Where a suite keeps its files: SHARED/<data>/cases.tsv, models in SHARED/<models>.
struct Suite {
  const char* data;
  const char* models;
  bool layers;  // per-layer dumps in <data>/layers
};

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
bool run_case(const Suite& suite, const char* name, const char* model_file, const char* input_file,
              const char* golden_file, bool exact, Kernels kernels) {
  char path[512];
  m4::join(path, sizeof path, g_shared, suite.models);
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
    m4::print(" ");
    m4::print(s.message());
    return false;
  }
  m4::join(path, sizeof path, g_shared, suite.data);
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
  if (suite.layers) interp.set_profiler(&checker);
  if (!interp.invoke()) return false;

  m4::join(file, sizeof file, path, golden_file);
  const long golden_size = m4::load(file, g_data);
  if (golden_size < 0) return false;
  const bool ok = outputs_match(interp, g_data, golden_size, exact) && checker.mismatches() == 0;
  if (checker.checked() > 0) {
    m4::print(" (+");
    m4::print_int(checker.checked());
    m4::print(" layers)");
  }
  return ok;
}


// Reads a whole text file into buf (NUL-terminated); false if absent.
bool load_text(const char* path, char* buf, size_t size) {
  const long n = m4::load(path, {reinterpret_cast<uint8_t*>(buf), size - 1});
  if (n < 0) return false;
  buf[n] = '\0';
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && !(argc == 4 && std::strcmp(argv[2], "ops") == 0)) {
    m4::print("usage: m4_conformance SHARED_DIR [ops UNSUPPORTED_LIST]\n");
    return 2;
  }
  g_shared = argv[1];
  const bool ops = argc == 4;
  const Suite suite = ops ? Suite{"conformance/ops", "conformance/ops/models", false}
                          : Suite{"conformance", "models", true};
  char path[512], cases_path[512];
  m4::join(path, sizeof path, g_shared, suite.data);
  m4::join(cases_path, sizeof cases_path, path, "cases.tsv");
  if (!load_text(cases_path, g_cases, sizeof g_cases)) return 77;  // no shared data: skipped
  if (ops) {
    char ops_path[512];
    m4::join(ops_path, sizeof ops_path, path, "ops.tsv");
    if (!load_text(ops_path, g_ops_tsv, sizeof g_ops_tsv) || !load_text(argv[3], g_unsupported, sizeof g_unsupported))
      return 1;
    if (!g_tally.parse(g_ops_tsv, g_unsupported)) {
      m4::print("ops suite: too many models or list entries\n");
      return 1;
    }
  }

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
        const bool ok = run_case(suite, col[0], col[1], col[2], col[3], exact, k);
        if (ops) {
          const bool acceptable = g_tally.record(col[1], ok);
          m4::print(ok ? " ok\n" : acceptable ? " not supported yet\n" : " FAIL\n");
        } else {
          m4::print(ok ? " ok\n" : " FAIL\n");
          (ok ? passed : failed)++;
        }
      }
    }
    header = false;
    line = next;
  }
  if (ops) {
    for (int i = 0; i < g_tally.entries(); ++i) {
      if (!g_tally.stale(i)) continue;
      m4::print("stale entry in the unsupported list (passes every case it covers, or covers none): ");
      m4::print(g_tally.entry(i));
      m4::print("\n");
    }
    m4::print("ops suite: ");
    m4::print_int(g_tally.passed());
    m4::print(" passed, ");
    m4::print_int(g_tally.failed());
    m4::print(" failed, ");
    m4::print_int(g_tally.not_supported());
    m4::print(" not supported yet\n");
    return g_tally.all_good() ? 0 : 1;
  }
  m4::print("m4 conformance: ");
  m4::print_int(passed);
  m4::print(" passed, ");
  m4::print_int(failed);
  m4::print(" failed\n");
  return failed == 0 && passed > 0 ? 0 : 1;
}
