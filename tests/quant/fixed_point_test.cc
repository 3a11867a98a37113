// The rounding primitives, on values worked out by hand.
#include "quant/fixed_point.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "quant/gemmlowp_math.h"

namespace nib::quant {
namespace {

TEST(FixedPoint, RoundingDoublingHighMul) {
  // a * b / 2^31 with b = 2^30 (0.5). Ties go up (toward +infinity): the
  // nudge is +2^30 for positive products and 1 - 2^30 for negative ones,
  // then the division truncates toward zero.
  EXPECT_EQ(saturating_rounding_doubling_high_mul(3, 1 << 30), 2);    // 1.5 -> 2
  EXPECT_EQ(saturating_rounding_doubling_high_mul(-3, 1 << 30), -1);  // (-3*2^30 + 1 - 2^30) / 2^31 = -1.99.. -> -1
  EXPECT_EQ(saturating_rounding_doubling_high_mul(5, 1 << 30), 3);    // 2.5 -> 3
  EXPECT_EQ(saturating_rounding_doubling_high_mul(-5, 1 << 30), -2);  // -2.5 -> -2
  EXPECT_EQ(saturating_rounding_doubling_high_mul(-7, 1 << 29), -2);  // -1.75 -> -2
  EXPECT_EQ(saturating_rounding_doubling_high_mul(kInt32Min, kInt32Min), kInt32Max);  // the one overflow
  EXPECT_EQ(saturating_rounding_doubling_high_mul(kInt32Max, kInt32Max), kInt32Max - 1);
}

TEST(FixedPoint, RoundingDivideByPowerOfTwo) {
  EXPECT_EQ(rounding_divide_by_pot(5, 1), 3);    // 2.5 -> 3
  EXPECT_EQ(rounding_divide_by_pot(-5, 1), -3);  // -2.5 -> -3
  EXPECT_EQ(rounding_divide_by_pot(7, 2), 2);    // 1.75 -> 2
  EXPECT_EQ(rounding_divide_by_pot(-6, 2), -2);  // -1.5 -> -2
  EXPECT_EQ(rounding_divide_by_pot(-5, 2), -1);  // -1.25 -> -1
  EXPECT_EQ(rounding_divide_by_pot(123, 0), 123);
}

TEST(FixedPoint, QuantizeMultiplier) {
  int32_t m;
  int s;
  quantize_multiplier(0.5, &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 0);
  quantize_multiplier(1.0, &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 1);
  quantize_multiplier(0.1, &m, &s);  // 0.1 = 0.8 * 2^-3; 0.8 * 2^31 = 1717986918.4
  EXPECT_EQ(m, 1717986918);
  EXPECT_EQ(s, -3);
  quantize_multiplier(0.0, &m, &s);
  EXPECT_EQ(m, 0);
  EXPECT_EQ(s, 0);
  // Just below a power of two the significand rounds up to 1.0 and renormalizes.
  quantize_multiplier(std::nextafter(1.0, 0.0), &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 1);
}

TEST(FixedPoint, MultiplyByQuantizedMultiplier) {
  // 100 * 0.1 = 10 ; 15 * 0.1 = 1.5 -> 2 ; -15 * 0.1 -> -2 (the high mul
  // gives -1.6 -> -2 after rounding and the final shift rounds half away from zero);
  // 3 * 2.0 (shift +2, m = 0.5) = 6.
  EXPECT_EQ(multiply_by_quantized_multiplier(100, 1717986918, -3), 10);
  EXPECT_EQ(multiply_by_quantized_multiplier(15, 1717986918, -3), 2);
  EXPECT_EQ(multiply_by_quantized_multiplier(-15, 1717986918, -3), -2);
  EXPECT_EQ(multiply_by_quantized_multiplier(3, 1 << 30, 2), 6);
}

TEST(FixedPoint, QuantizeValueRoundsHalfAwayFromZero) {
  EXPECT_EQ(quantize_value(0.0f, 0.1f, -128), -128);
  EXPECT_EQ(quantize_value(6.0f, 0.5f, 3), 15);
  EXPECT_EQ(quantize_value(1.25f, 0.5f, 0), 3);  // 2.5 -> 3
}

TEST(GemmlowpMath, ExpConstantsAreExpOfPowersOfTwo) {
  // The barrel-shifter factors inside exp_on_negative_values are
  // round(exp(-2^k) * 2^31): check through the function at exact inputs
  // -2^k in Q5 (exp of a power of two only uses one factor).
  for (int k = -2; k <= 4; ++k) {
    const int32_t x = -static_cast<int32_t>(std::ldexp(1.0, 26 + k));  // -2^k in Q5
    const double got = exp_on_negative_values(x, 5) / 2147483648.0;
    EXPECT_NEAR(got, std::exp(-std::ldexp(1.0, k)), 2e-7 + 1e-6 * std::exp(-std::ldexp(1.0, k))) << "k=" << k;
  }
}

TEST(GemmlowpMath, ExpApproximatesExp) {
  for (double v = 0.0; v > -31.0; v -= 0.173) {
    const int32_t x = static_cast<int32_t>(std::lround(v * (1 << 26)));
    const double got = exp_on_negative_values(x, 5) / 2147483648.0;
    EXPECT_NEAR(got, std::exp(x / 67108864.0), 1e-6) << v;
  }
  EXPECT_EQ(exp_on_negative_values(0, 5), kInt32Max);
}

TEST(GemmlowpMath, OneOverOnePlusX) {
  for (double v = 0.0; v < 1.0; v += 0.0625) {
    const int32_t x = static_cast<int32_t>(v * 2147483648.0);
    EXPECT_NEAR(one_over_one_plus_x_for_x_in_0_1(x) / 2147483648.0, 1.0 / (1.0 + v), 1e-8) << v;
  }
}

TEST(GemmlowpMath, LogisticApproximatesSigmoid) {
  EXPECT_EQ(logistic(0, 4), 1 << 30);
  for (double v = -7.5; v < 7.5; v += 0.37) {
    const int32_t x = static_cast<int32_t>(std::lround(v * (1 << 27)));  // Q4
    EXPECT_NEAR(logistic(x, 4) / 2147483648.0, 1.0 / (1.0 + std::exp(-v)), 1e-6) << v;
  }
}

TEST(GemmlowpMath, Reciprocal) {
  // x = 3.0 in Q12 (3 * 2^19): 1/3 = (2/3) / 2^1 -> num_bits_over_unit 1... with 12 integer bits:
  // clz(3*2^19) = 11, so num_bits_over_unit = 12 - 11 = 1 and the result
  // is 1/(x / 2^1) = 2/3 in Q0.
  int bits = 0;
  const int32_t r = reciprocal(3 << 19, 12, &bits);
  EXPECT_EQ(bits, 1);
  EXPECT_NEAR(r / 2147483648.0, 2.0 / 3.0, 1e-8);
}

// The 16x8 kernels' 64-bit variant: the multiplier rounded to 16 bits
// ((2^30 + 2^15) >> 16 = 2^14), then one shift by 15 - shift with ties
// toward +infinity.
TEST(FixedPoint, MultiplyByQuantizedMultiplier64) {
  constexpr int32_t kHalf = 1 << 30;  // 0.5
  EXPECT_EQ(multiply_by_quantized_multiplier_64(3, kHalf, 0), 2);    // 1.5 -> 2
  EXPECT_EQ(multiply_by_quantized_multiplier_64(-3, kHalf, 0), -1);  // -1.5 -> -1
  EXPECT_EQ(multiply_by_quantized_multiplier_64(5, kHalf, -1), 1);   // 1.25 -> 1
  EXPECT_EQ(multiply_by_quantized_multiplier_64(int64_t{1} << 40, kHalf, -20), 1 << 19);
  // Multipliers at the top saturate the reduced one to 0x7FFF: 2^16 * 0x7FFF / 2^15.
  EXPECT_EQ(multiply_by_quantized_multiplier_64(1 << 16, 0x7FFFFFFF, 0), 0xFFFE);
}

TEST(FixedPoint, WrappingArithmeticIsTwosComplement) {
  EXPECT_EQ(wrap_add(kInt32Max, 1), kInt32Min);
  EXPECT_EQ(wrap_add(kInt32Min, -1), kInt32Max);
  EXPECT_EQ(wrap_add(1000, -3), 997);
  EXPECT_EQ(wrap_mul(1 << 16, 1 << 16), 0);          // 2^32 mod 2^32
  EXPECT_EQ(wrap_mul(-128, 1 << 24), kInt32Min);     // -2^31 exactly
  EXPECT_EQ(wrap_mac(kInt32Max, 255, 127), kInt32Min + 255 * 127 - 1);
}

TEST(FixedPoint, SaturatingRoundIsDefinedEverywhere) {
  EXPECT_EQ(saturating_round(2.5f), 3);    // half away from zero
  EXPECT_EQ(saturating_round(-2.5f), -3);
  EXPECT_EQ(saturating_round(2147483520.0f), 2147483520);  // largest float below 2^31
  EXPECT_EQ(saturating_round(2147483648.0f), kInt32Max);
  EXPECT_EQ(saturating_round(-2147483648.0f), kInt32Min);
  EXPECT_EQ(saturating_round(-1e30f), kInt32Min);
  EXPECT_EQ(saturating_round(std::numeric_limits<float>::infinity()), kInt32Max);
  EXPECT_EQ(saturating_round(std::numeric_limits<float>::quiet_NaN()), 0);
  // Activation bounds with a denormal scale: 6 / scale is +inf.
  EXPECT_EQ(quantize_value(6.0f, std::numeric_limits<float>::denorm_min(), 5), kInt32Max);
  EXPECT_EQ(quantize_value(-6.0f, std::numeric_limits<float>::denorm_min(), -5), kInt32Min);
}

TEST(FixedPoint, NonFiniteMultiplierMapsToZero) {
  int32_t m = 1;
  int s = 1;
  quantize_multiplier(-std::numeric_limits<double>::infinity(), &m, &s);
  EXPECT_EQ(m, 0);
  EXPECT_EQ(s, 0);
  quantize_multiplier(std::numeric_limits<double>::quiet_NaN(), &m, &s);
  EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace nib::quant
