// Writes the robustness regression models and their manifest:
//   gen_robustness_models tests/robustness/models
#include <cstdio>
#include <string>

#include "robustness/robustness_models.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen_robustness_models OUTDIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  const auto models = nib::test::robustness_models();
  std::string error;
  for (const auto& m : models)
    if (!nib::tools::write_file(dir + "/" + m.name + ".tflite", m.bytes.data(), m.bytes.size(), &error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
  const std::string manifest = nib::test::robustness_manifest(models);
  if (!nib::tools::write_file(dir + "/MODELS.tsv", manifest.data(), manifest.size(), &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  std::printf("wrote %zu models to %s\n", models.size(), dir.c_str());
  return 0;
}
