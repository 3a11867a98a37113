// A model compiled by `nib compile` (NIB_COMPILED_NS, from NIB_COMPILED_HEADER)
// gives TFLite Micro's golden bytes for every conformance case of its model
// (float32 within the stated tolerance), with no interpreter in the binary's
// call path, and per-layer through the profiler hook.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include NIB_COMPILED_HEADER
#include "support/shared_data.h"

namespace nib::test {
namespace {

namespace compiled = NIB_COMPILED_NS;

alignas(16) uint8_t g_arena[compiled::kArenaBytes + 16];

void expect_float_close(const std::vector<uint8_t>& got, const std::vector<uint8_t>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size() / 4; ++i) {
    float g, w;
    std::memcpy(&g, got.data() + 4 * i, 4);
    std::memcpy(&w, want.data() + 4 * i, 4);
    EXPECT_LE(std::fabs(g - w), 1e-5f + 1e-4f * std::fabs(w)) << "element " << i << ": " << g << " vs " << w;
  }
}

TEST(Compiled, EveryCaseOfItsModelMatchesGolden) {
  NIB_REQUIRE_SHARED();
  int cases = 0;
  for (const ConformanceCase& c : conformance_cases()) {
    if (std::filesystem::path(c.model).filename() != NIB_COMPILED_MODEL) continue;
    SCOPED_TRACE(c.name);
    // Poison the arena: nothing may depend on what a previous run left.
    std::memset(g_arena, 0xA5, sizeof g_arena);
    ASSERT_TRUE(compiled::init(g_arena, compiled::kArenaBytes));
    const std::vector<uint8_t> input = read_bytes(c.input);
    const TensorView in = compiled::input(0);
    ASSERT_EQ(input.size(), in.bytes);
    std::memcpy(in.data, input.data(), input.size());
    ASSERT_TRUE(compiled::invoke());
    const TensorView out = compiled::output(0);
    const std::vector<uint8_t> golden = read_bytes(c.golden);
    const std::vector<uint8_t> got(out.as<uint8_t>(), out.as<uint8_t>() + out.bytes);
    if (c.tolerance == "0")
      EXPECT_EQ(got, golden);
    else
      expect_float_close(got, golden);
    ++cases;
  }
  EXPECT_GE(cases, 3) << "no conformance cases for " << NIB_COMPILED_MODEL;
}

TEST(Compiled, RefusesAMisalignedOrSmallArena) {
  EXPECT_EQ(compiled::init(g_arena + 1, compiled::kArenaBytes).code(), StatusCode::kInvalidArgument);
  const Status s = compiled::init(g_arena, compiled::kArenaBytes - 1);
  EXPECT_EQ(s.code(), StatusCode::kArenaTooSmall);
  EXPECT_NE(std::string(s.message()).find(std::to_string(compiled::kArenaBytes)), std::string::npos) << s.message();
  EXPECT_FALSE(compiled::invoke());  // not initialized
  EXPECT_EQ(compiled::input(0).data, nullptr);
}

}  // namespace
}  // namespace nib::test
