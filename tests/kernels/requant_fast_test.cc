// requant_fast (SMMULR-based, used by the optimized kernels) must equal the
// reference requantization for every accumulator below its 2^30 bound.
#include <gtest/gtest.h>

#include <random>

#include "kernels/cortex_m/requant.h"
#include "quant/fixed_point.h"

namespace nib::kernels::cortex_m {
namespace {

TEST(RequantFast, MatchesReferenceWithinBound) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200000; ++trial) {
    int32_t m;
    int shift;
    // Real multipliers from 2^-20 to 4, as conv/FC/ADD layers produce.
    const double real = std::ldexp(0.5 + std::uniform_real_distribution<double>(0.0, 0.5)(rng),
                                   std::uniform_int_distribution<int>(-19, 2)(rng));
    quant::quantize_multiplier(real, &m, &shift);
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t bound = (int32_t{1} << (30 - left)) - 1;
    int32_t x = std::uniform_int_distribution<int32_t>(-bound, bound)(rng);
    if (trial % 4 == 0) x = (x % 4096) * 2 + (trial % 8 == 0 ? 1 : 0);  // small values, exact ties
    ASSERT_EQ(requant_fast(x, m, shift), quant::multiply_by_quantized_multiplier(x, m, shift))
        << "x=" << x << " m=" << m << " shift=" << shift;
  }
}

TEST(RequantFast, BoundCheck) {
  const int32_t no_shift[1] = {-3};
  const int32_t left_two[1] = {2};
  EXPECT_TRUE(requant_fast_ok((int64_t{1} << 30) - 1, no_shift, 1));
  EXPECT_FALSE(requant_fast_ok(int64_t{1} << 30, no_shift, 1));
  EXPECT_TRUE(requant_fast_ok((int64_t{1} << 28) - 1, left_two, 1));
  EXPECT_FALSE(requant_fast_ok(int64_t{1} << 28, left_two, 1));
}

}  // namespace
}  // namespace nib::kernels::cortex_m
