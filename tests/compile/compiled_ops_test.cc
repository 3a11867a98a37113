// Every single-operator model of ../shared/conformance/ops whose operator nib
// compile writes out, compiled (optimized kernels, falling back to the
// reference ones where prepare does) into this one binary: each case's
// output must be the golden bytes (float32 within tolerance). This covers
// the kernel variants the shared models do not reach (float32, 16x8,
// broadcasting ADD, int16 SOFTMAX tables, per-tensor weights...).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "compiled_ops_registry.h"  // kCompiledOps: file name -> the generated functions
#include "support/shared_data.h"

namespace nib::test {
namespace {

alignas(16) uint8_t g_arena[1 << 20];

bool float_close(const std::vector<uint8_t>& got, const std::vector<uint8_t>& want) {
  if (got.size() != want.size()) return false;
  for (size_t i = 0; i < got.size() / 4; ++i) {
    float g, w;
    std::memcpy(&g, got.data() + 4 * i, 4);
    std::memcpy(&w, want.data() + 4 * i, 4);
    if (!(std::fabs(g - w) <= 1e-5f + 1e-4f * std::fabs(w))) return false;
  }
  return true;
}

TEST(CompiledOps, EveryCaseMatchesGolden) {
  if (!have_ops_suite()) GTEST_SKIP() << "operator suite absent at " << ops_suite_dir();
  std::map<std::string, const CompiledOp*> by_file;
  for (const CompiledOp& op : kCompiledOps) by_file[op.file] = &op;
  int checked = 0;
  for (const ConformanceCase& c : suite_cases(ops_suite_dir(), ops_suite_dir() / "models")) {
    const auto it = by_file.find(std::filesystem::path(c.model).filename().string());
    if (it == by_file.end()) continue;
    SCOPED_TRACE(c.name);
    const CompiledOp& op = *it->second;
    ASSERT_LE(op.arena_bytes, sizeof g_arena);
    std::memset(g_arena, 0xA5, sizeof g_arena);
    ASSERT_TRUE(op.init(g_arena, op.arena_bytes));
    const std::vector<uint8_t> input = read_bytes(c.input);
    const TensorView in = op.input(0);
    ASSERT_EQ(input.size(), in.bytes);
    std::memcpy(in.data, input.data(), input.size());
    ASSERT_TRUE(op.invoke());
    const TensorView out = op.output(0);
    const std::vector<uint8_t> got(out.as<uint8_t>(), out.as<uint8_t>() + out.bytes);
    const std::vector<uint8_t> golden = read_bytes(c.golden);
    if (c.tolerance == "0")
      EXPECT_EQ(got, golden);
    else
      EXPECT_TRUE(float_close(got, golden));
    ++checked;
  }
  EXPECT_GE(checked, 2 * static_cast<int>(sizeof kCompiledOps / sizeof kCompiledOps[0]));
}

}  // namespace
}  // namespace nib::test
