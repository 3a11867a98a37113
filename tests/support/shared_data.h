// Access to ../shared (real models and TFLite Micro goldens) for tests.
// Tests that need it skip with a clear message when it is absent.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "file_io.h"

namespace nib::test {

inline std::filesystem::path shared_dir() { return NIB_SHARED_DIR; }
inline bool have_shared() { return std::filesystem::exists(shared_dir() / "conformance" / "cases.tsv"); }

#define NIB_REQUIRE_SHARED()                                                                   \
  do {                                                                                         \
    if (!::nib::test::have_shared())                                                           \
      GTEST_SKIP() << "../shared not found at " << NIB_SHARED_DIR << ": conformance data absent"; \
  } while (0)

struct ConformanceCase {
  std::string name, model, input, golden, type, tolerance;
};

// Rows of conformance/cases.tsv (paths made absolute).
std::vector<ConformanceCase> conformance_cases();

// Rows of SUITE_DIR/cases.tsv: data paths relative to SUITE_DIR, models in
// MODELS_DIR (the operator suite keeps its own in ops/models).
std::vector<ConformanceCase> suite_cases(const std::filesystem::path& suite_dir,
                                         const std::filesystem::path& models_dir);

inline std::filesystem::path ops_suite_dir() { return shared_dir() / "conformance" / "ops"; }
inline bool have_ops_suite() { return std::filesystem::exists(ops_suite_dir() / "cases.tsv"); }

inline std::vector<uint8_t> read_bytes(const std::filesystem::path& p) {
  std::vector<uint8_t> out;
  std::string error;
  EXPECT_TRUE(tools::read_file(p.string(), &out, &error)) << error;
  return out;
}

inline tools::AlignedBytes read_aligned(const std::filesystem::path& p) {
  tools::AlignedBytes out;
  std::string error;
  EXPECT_TRUE(tools::read_file(p.string(), &out, &error)) << error;
  return out;
}

}  // namespace nib::test
