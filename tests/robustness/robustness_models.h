// The robustness regression models: one hostile .tflite per finding of the
// fuzzing and review campaign (issue 15), built with the test ModelBuilder.
// gen_robustness_models writes them to tests/robustness/models/ (committed,
// so the firmware test can read them too); robustness_test checks the
// committed files are exactly what this code builds.
#pragma once

#include <string>
#include <vector>

#include "file_io.h"

namespace nib::test {

struct RobustnessModel {
  std::string name;    // file name without .tflite
  std::string expect;  // "runs", or a fragment of the error message load/init must give
  std::string attack;  // one line: what it attacks
  tools::AlignedBytes bytes;
};

std::vector<RobustnessModel> robustness_models();

// The manifest (MODELS.tsv): name, expectation and attack, tab-separated.
std::string robustness_manifest(const std::vector<RobustnessModel>& models);

}  // namespace nib::test
