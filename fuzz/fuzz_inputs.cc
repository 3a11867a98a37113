// libFuzzer target: fuzzed input tensors for each model of a directory
// (NIB_FUZZ_MODELS, default ../shared/models): byte 0 picks the model, the
// rest fill its inputs (repeated). Both kernel sets must run and give the
// same bytes.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "file_io.h"
#include "fuzz_util.h"
#include "nib/interpreter.h"

namespace {

struct Loaded {
  std::string name;
  nib::tools::AlignedBytes bytes;
  nib::Model model;
  std::vector<uint8_t> arena[2];
  nib::Interpreter interp[2];
};

std::vector<Loaded>& models() {
  static std::vector<Loaded> m;
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* env = std::getenv("NIB_FUZZ_MODELS");
  const std::filesystem::path dir = env ? env : NIB_SHARED_DIR "/models";
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".tflite") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  auto& all = models();
  all.reserve(files.size());  // Interpreter keeps pointers into its Model
  for (const auto& f : files) {
    Loaded& m = all.emplace_back();
    m.name = f.filename().string();
    std::string error;
    bool ok = nib::tools::read_file(f.string(), &m.bytes, &error) &&
              nib::Model::load(m.bytes.data(), m.bytes.size(), m.model).is_ok();
    for (int k = 0; k < 2 && ok; ++k) {
      m.arena[k].assign(4 << 20, 0);
      ok = m.interp[k]
               .init(m.model, m.arena[k].data(), m.arena[k].size(),
                     nib::Options{k == 0 ? nib::Kernels::kReference : nib::Kernels::kOptimized})
               .is_ok();
    }
    if (!ok) {
      std::fprintf(stderr, "fuzz_inputs: cannot prepare %s, dropped\n", m.name.c_str());
      all.pop_back();
    }
  }
  std::fprintf(stderr, "fuzz_inputs: %zu models from %s\n", all.size(), dir.c_str());
  if (all.empty()) std::exit(1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  Loaded& m = models()[data[0] % models().size()];
  std::vector<std::vector<uint8_t>> outputs[2];
  for (int k = 0; k < 2; ++k) {
    nib::Interpreter& interp = m.interp[k];
    for (int i = 0; i < interp.input_count(); ++i) nib::fuzz::fill_from(interp.input(i), data + 1, size - 1);
    if (!interp.invoke()) nib::fuzz::finding("invoke failed on a prepared model");
    nib::fuzz::copy_outputs(interp, outputs[k]);
  }
  if (outputs[0] != outputs[1]) nib::fuzz::finding("reference and optimized outputs differ");
  return 0;
}
