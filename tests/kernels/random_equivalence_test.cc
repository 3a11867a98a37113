// Host side of the randomized optimized-vs-reference comparison (the same
// cases run on the emulated Cortex-M4 as firmware m4_kernel_equivalence).
#include <gtest/gtest.h>

#include "random_equivalence.h"

namespace nib::test {
namespace {

TEST(OptimizedKernels, BitExactWithReferenceOnRandomCases) {
  const EquivalenceReport rep = run_random_equivalence(20261126, 1500);
  EXPECT_GT(rep.cases, 4000);
  EXPECT_EQ(rep.mismatches, 0) << "first failure: " << rep.first_failure;
}

}  // namespace
}  // namespace nib::test
