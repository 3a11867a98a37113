#include "support/shared_data.h"

#include <fstream>
#include <sstream>

namespace nib::test {

std::vector<ConformanceCase> conformance_cases() {
  return suite_cases(shared_dir() / "conformance", shared_dir() / "models");
}

std::vector<ConformanceCase> suite_cases(const std::filesystem::path& dir, const std::filesystem::path& models_dir) {
  std::vector<ConformanceCase> cases;
  std::ifstream f(dir / "cases.tsv");
  std::string line;
  std::getline(f, line);  // header
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    std::istringstream row(line);
    ConformanceCase c;
    std::getline(row, c.name, '\t');
    std::getline(row, c.model, '\t');
    std::getline(row, c.input, '\t');
    std::getline(row, c.golden, '\t');
    std::getline(row, c.type, '\t');
    std::getline(row, c.tolerance, '\t');
    c.model = (models_dir / c.model).string();
    c.input = (dir / c.input).string();
    c.golden = (dir / c.golden).string();
    cases.push_back(c);
  }
  return cases;
}

}  // namespace nib::test
