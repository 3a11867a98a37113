// The operator suite of ../shared/conformance/ops: every case gives the
// golden bytes of TFLite Micro's reference kernels (float32 within
// 1e-5 + 1e-4 x |golden|), with both kernel sets, except the operators and
// models still listed in ops_unsupported.txt, whose entries must each still
// fail somewhere (see support/ops_tally.h).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "nib/interpreter.h"
#include "support/ops_tally.h"
#include "support/shared_data.h"

namespace nib::test {
namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  EXPECT_TRUE(f.good()) << "cannot read " << p;
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Empty when the outputs match the golden; otherwise why not.
std::string compare(const std::vector<uint8_t>& got, const std::vector<uint8_t>& want, bool exact) {
  if (got.size() != want.size())
    return "output is " + std::to_string(got.size()) + " bytes, golden " + std::to_string(want.size());
  if (exact) {
    for (size_t i = 0; i < got.size(); ++i)
      if (got[i] != want[i]) return "byte " + std::to_string(i) + " differs";
    return "";
  }
  for (size_t i = 0; i < got.size() / 4; ++i) {
    float g, w;
    std::memcpy(&g, got.data() + 4 * i, 4);
    std::memcpy(&w, want.data() + 4 * i, 4);
    if (!(std::fabs(g - w) <= 1e-5f + 1e-4f * std::fabs(w)))
      return "element " + std::to_string(i) + ": " + std::to_string(g) + " vs " + std::to_string(w);
  }
  return "";
}

// Runs one case; empty string on success, else the reason.
std::string run_case(const ConformanceCase& c, Kernels kernels) {
  const tools::AlignedBytes bytes = read_aligned(c.model);
  Model model;
  Status s = Model::load(bytes.data(), bytes.size(), model);
  std::vector<uint8_t> arena(1 << 20);  // the M4 firmware has the same
  Interpreter interp;
  Options options;
  options.kernels = kernels;
  if (s) s = interp.init(model, arena.data(), arena.size(), options);
  if (!s) return std::string("refused: ") + s.message();
  const std::vector<uint8_t> input = read_bytes(c.input);
  const TensorView in = interp.input(0);
  if (input.size() != in.bytes) return "input file has " + std::to_string(input.size()) + " bytes";
  std::memcpy(in.data, input.data(), input.size());
  s = interp.invoke();
  if (!s) return std::string("invoke: ") + s.message();
  // Several outputs: their bytes concatenated in output order.
  std::vector<uint8_t> got;
  for (int i = 0; i < interp.output_count(); ++i) {
    const TensorView out = interp.output(i);
    got.insert(got.end(), out.as<uint8_t>(), out.as<uint8_t>() + out.bytes);
  }
  return compare(got, read_bytes(c.golden), c.tolerance == "0");
}

class OpsSuite : public ::testing::TestWithParam<Kernels> {};

TEST_P(OpsSuite, EveryCaseMatchesGoldenUnlessListed) {
  if (!have_ops_suite()) GTEST_SKIP() << ops_suite_dir() << "/cases.tsv not found: operator suite absent";
  std::string ops_tsv = read_text(ops_suite_dir() / "ops.tsv");
  std::string unsupported = read_text(NIB_OPS_UNSUPPORTED);
  auto tally = std::make_unique<OpsTally>();
  ASSERT_TRUE(tally->parse(ops_tsv.data(), unsupported.data()));
  const auto cases = suite_cases(ops_suite_dir(), ops_suite_dir() / "models");
  ASSERT_GE(cases.size(), 600u);
  for (const ConformanceCase& c : cases) {
    const std::string model_file = std::filesystem::path(c.model).filename().string();
    ASSERT_NE(tally->op_of(model_file.c_str()), nullptr) << model_file << " is not in ops.tsv";
    const std::string why = run_case(c, GetParam());
    if (!tally->record(model_file.c_str(), why.empty()))
      ADD_FAILURE() << c.name << " (" << tally->op_of(model_file.c_str()) << "): " << why;
  }
  for (int i = 0; i < tally->entries(); ++i)
    EXPECT_FALSE(tally->stale(i)) << "ops_unsupported.txt: '" << tally->entry(i)
                                  << "' passes every case it covers (or covers none): remove it";
  std::printf("ops suite: %d passed, %d failed, %d not supported yet\n", tally->passed(), tally->failed(),
              tally->not_supported());
  EXPECT_GT(tally->passed(), 0);
}

INSTANTIATE_TEST_SUITE_P(Kernels, OpsSuite, ::testing::Values(Kernels::kReference, Kernels::kOptimized),
                         [](const auto& param_info) {
                           return param_info.param == Kernels::kReference ? "reference" : "optimized";
                         });

}  // namespace
}  // namespace nib::test
