#include "support/shared_data.h"

#include <fstream>
#include <sstream>

namespace nib::test {

std::vector<ConformanceCase> conformance_cases() {
  std::vector<ConformanceCase> cases;
  const auto dir = shared_dir() / "conformance";
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
    c.model = (shared_dir() / "models" / c.model).string();
    c.input = (dir / c.input).string();
    c.golden = (dir / c.golden).string();
    cases.push_back(c);
  }
  return cases;
}

}  // namespace nib::test
