// Math and activation operators (src/ops/math_ops.cc) end to end. Expected
// values are worked out by hand in the comments; where the fixed-point
// rounding decides, the comment says which rule applies (see
// tests/kernels/kernel_test_util.h: the rounding doubling multiply ties
// toward +infinity, the rounding shift ties away from zero).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/reference/math.h"
#include "ops/op_test_util.h"
#include "quant/gemmlowp_math.h"

namespace nib::test {
namespace {

using fb::BuiltinOperator;
using fb::TensorType;
constexpr auto kI8 = TensorType::INT8;
constexpr auto kI16 = TensorType::INT16;
constexpr auto kF32 = TensorType::FLOAT32;

template <typename T>
fb::BuiltinOptionsUnion options(T o) {
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  return u;
}

// input (tensor 0, variable) OP constant -> output.
template <typename T>
ModelBuilder binary(BuiltinOperator code, TensorType type, std::vector<int32_t> in_shape, std::vector<int32_t> c_shape,
                    const std::vector<T>& c, std::vector<int32_t> out_shape, float s_in = 0, int zp_in = 0,
                    float s_c = 0, int zp_c = 0, float s_out = 0, int zp_out = 0, fb::BuiltinOptionsUnion opt = {}) {
  ModelBuilder b;
  const int in = b.tensor(type, std::move(in_shape), s_in, zp_in);
  const int k = b.constant(type, std::move(c_shape), c, s_c, zp_c);
  const int out = b.tensor(type, std::move(out_shape), s_out, zp_out);
  b.op(code, {in, k}, {out}, std::move(opt));
  b.inputs({in});
  b.outputs({out});
  return b;
}

ModelBuilder unary(BuiltinOperator code, TensorType type, std::vector<int32_t> shape, float s_in = 0, int zp_in = 0,
                   float s_out = 0, int zp_out = 0, fb::BuiltinOptionsUnion opt = {}) {
  ModelBuilder b;
  const int in = b.tensor(type, shape, s_in, zp_in);
  const int out = b.tensor(type, shape, s_out, zp_out);
  b.op(code, {in}, {out}, std::move(opt));
  b.inputs({in});
  b.outputs({out});
  return b;
}

std::vector<int8_t> all_int8() {
  std::vector<int8_t> v;
  for (int x = -128; x <= 127; ++x) v.push_back(static_cast<int8_t>(x));
  return v;
}

// --- SUB ---

TEST(SubOp, Int8UnitScalesBroadcastRank3AgainstRank1AndSaturate) {
  // Scale 1 everywhere: the shared-scale arithmetic is exact (x * 2^20 * 0.5,
  // then * 2^-19), so out = clamp(a - b). [2,2,1] - [3] -> [2,2,3].
  const auto b = binary<int8_t>(BuiltinOperator::SUB, kI8, {2, 2, 1}, {3}, {-100, 30, -28}, {2, 2, 3}, 1, 0, 1, 0, 1, 0);
  Status s;
  const auto out = run_values<int8_t>(b, std::vector<int8_t>{100, -100, 0, 5}, &s);
  ASSERT_TRUE(s) << s.message();
  EXPECT_EQ(ints(out), (std::vector<int>{127, 70, 127, 0, -128, -72, 100, -30, 28, 105, -25, 33}));
}

TEST(SubOp, Int8HalvingRoundsTiesAwayFromZero) {
  // Output scale 2: (a - b) / 2, the final rounding shift takes 1.5 -> 2 and
  // -1.5 -> -2; output zero point 10 is added after rounding.
  const auto b = binary<int8_t>(BuiltinOperator::SUB, kI8, {4}, {4}, {0, 0, 1, -1}, {4}, 1, 0, 1, 0, 2, 10);
  const auto out = run_values<int8_t>(b, std::vector<int8_t>{3, -3, 2, -2});
  EXPECT_EQ(ints(out), (std::vector<int>{12, 8, 11, 9}));  // 1.5, -1.5, 0.5, -0.5 -> 2, -2, 1, -1
}

TEST(SubOp, Float32ScalarWithRelu6) {
  fb::SubOptionsT o;
  o.fused_activation_function = fb::ActivationFunctionType::RELU6;
  const auto b = binary<float>(BuiltinOperator::SUB, kF32, {1, 4}, {}, {1.5f}, {1, 4}, 0, 0, 0, 0, 0, 0, options(o));
  const auto out = run_values<float>(b, std::vector<float>{0.0f, 2.0f, 9.0f, 3.25f});
  EXPECT_EQ(out, (std::vector<float>{0.0f, 0.5f, 6.0f, 1.75f}));
}

TEST(SubOp, RefusesShapesThatDoNotBroadcast) {
  const auto b = binary<float>(BuiltinOperator::SUB, kF32, {2, 3}, {2}, {1, 2}, {2, 3});
  const OpResult r = run_model(b, std::vector<float>(6).data(), 24);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(SUB): input shapes cannot be broadcast"), std::string::npos) << r.message();
}

// --- MAXIMUM / MINIMUM ---

TEST(MaxMinOp, Int8Rank4AgainstRank2Broadcast) {
  // [1,2,2,2] against [2,1]: b[w] applies to both channels of column w.
  const std::vector<int8_t> in{0, 1, 2, 3, 4, 5, 6, 7};
  const auto mx = binary<int8_t>(BuiltinOperator::MAXIMUM, kI8, {1, 2, 2, 2}, {2, 1}, {3, -1}, {1, 2, 2, 2}, 0.5f, 2,
                                 0.5f, 2, 0.5f, 2);
  EXPECT_EQ(ints(run_values<int8_t>(mx, in)), (std::vector<int>{3, 3, 2, 3, 4, 5, 6, 7}));
  const auto mn = binary<int8_t>(BuiltinOperator::MINIMUM, kI8, {1, 2, 2, 2}, {2, 1}, {3, -1}, {1, 2, 2, 2}, 0.5f, 2,
                                 0.5f, 2, 0.5f, 2);
  EXPECT_EQ(ints(run_values<int8_t>(mn, in)), (std::vector<int>{0, 1, -1, -1, 3, 3, -1, -1}));
}

TEST(MaxMinOp, Float32Rank6AgainstRank3) {
  // [2,1,1,1,1,3] against [1,2,1] -> [2,1,1,1,2,3]: out[i][j][k] = max(a[i][k], b[j]).
  const auto b = binary<float>(BuiltinOperator::MAXIMUM, kF32, {2, 1, 1, 1, 1, 3}, {1, 2, 1}, {5, -5},
                               {2, 1, 1, 1, 2, 3});
  Status s;
  const auto out = run_values<float>(b, std::vector<float>{0, 1, 2, 10, 11, 12}, &s);
  ASSERT_TRUE(s) << s.message();
  EXPECT_EQ(out, (std::vector<float>{5, 5, 5, 0, 1, 2, 10, 11, 12, 10, 11, 12}));
}

TEST(MaxMinOp, Float32) {
  const auto b = binary<float>(BuiltinOperator::MAXIMUM, kF32, {3}, {1}, {0.5f}, {3});
  EXPECT_EQ(run_values<float>(b, std::vector<float>{-1.0f, 0.5f, 2.0f}), (std::vector<float>{0.5f, 0.5f, 2.0f}));
}

// --- SQUARED_DIFFERENCE ---

TEST(SquaredDifferenceOp, Int8UnitScalesSaturate) {
  // (a - b)^2 exactly (each input * 2^7 * 0.5, squared, * 2^-12); 144 saturates.
  const auto b = binary<int8_t>(BuiltinOperator::SQUARED_DIFFERENCE, kI8, {4}, {4}, {1, 1, 0, -11}, {4}, 1, 0, 1, 0, 1, 0);
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{3, -5, 12, 0})), (std::vector<int>{4, 36, 127, 121}));
}

// --- DIV ---

TEST(DivOp, Int8QuotientsSignsAndSaturation) {
  // Scales 1: out = round(a / b) through the reciprocal of b; none of these is
  // near a tie. A negative divisor flips both signs first.
  const auto b = binary<int8_t>(BuiltinOperator::DIV, kI8, {7}, {7}, {3, 3, -7, 1, 4, 4, 1}, {7}, 1, 0, 1, 0, 1, 0);
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{10, -10, 100, 127, 1, 7, -128})),
            (std::vector<int>{3, -3, -14, 127, 0, 2, -128}));
  // Output scale 0.5 doubles the quotient: 100 / 1 -> 200 saturates.
  const auto half = binary<int8_t>(BuiltinOperator::DIV, kI8, {2}, {2}, {1, 3}, {2}, 1, 0, 1, 0, 0.5f, 0);
  EXPECT_EQ(ints(run_values<int8_t>(half, std::vector<int8_t>{100, 10})), (std::vector<int>{127, 7}));  // 6.67 -> 7
}

TEST(DivOp, Int8ZeroReachingAVariableDivisorSaturatesByTheDividendsSign) {
  // TFLite Micro stops on a zero divisor; nib cannot fail at invoke.
  ModelBuilder b;
  const int den = b.tensor(kI8, {3}, 1.0f, 0);
  const int num = b.constant(kI8, {3}, std::vector<int8_t>{5, -5, 0}, 1.0f, 0);
  const int out = b.tensor(kI8, {3}, 1.0f, 0);
  b.op(BuiltinOperator::DIV, {num, den}, {out});
  b.inputs({den});
  b.outputs({out});
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{0, 0, 0})), (std::vector<int>{127, -128, 127}));
}

TEST(DivOp, RefusesAConstantZeroDivisor) {
  const auto b = binary<int8_t>(BuiltinOperator::DIV, kI8, {2}, {2}, {5, 3}, {2}, 1, 0, 1, 3, 1, 0);  // 3 is zero
  const OpResult r = run_model(b, std::vector<int8_t>(2).data(), 2);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(DIV): constant divisor (input 2) holds a zero at element 1"), std::string::npos)
      << r.message();
}

TEST(DivOp, Float32Broadcast) {
  const auto b = binary<float>(BuiltinOperator::DIV, kF32, {2, 2}, {2}, {2.0f, -4.0f}, {2, 2});
  EXPECT_EQ(run_values<float>(b, std::vector<float>{1, 2, 3, 4}), (std::vector<float>{0.5f, -0.5f, 1.5f, -1.0f}));
}

// --- PRELU ---

TEST(PreluOp, Int8PerChannelAlphaRank1AgainstRank4) {
  // alpha = q * 0.25: 0.25 and 0.5. Negative inputs: x * alpha_q * 0.25,
  // multiplier 0.25 = 0.5 * 2^-1: -3 * 1 -> -1.5 -> -1 (tie up), then
  // -0.5 -> -1 (tie away); -3 * 2 -> -3 exactly, then -1.5 -> -2.
  const auto b = binary<int8_t>(BuiltinOperator::PRELU, kI8, {1, 2, 2, 2}, {2}, {1, 2}, {1, 2, 2, 2}, 1, 0, 0.25f, 0,
                                1, 0);
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{-8, -8, 8, 8, -3, -3, 0, 0})),
            (std::vector<int>{-2, -4, 8, 8, -1, -2, 0, 0}));
}

TEST(PreluOp, RefusesAlphaLargerThanTheInput) {
  const auto b = binary<float>(BuiltinOperator::PRELU, kF32, {1, 2}, {2, 2}, {1, 1, 1, 1}, {2, 2});
  const OpResult r = run_model(b, std::vector<float>(2).data(), 8);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(PRELU): alpha must broadcast to the input's shape"), std::string::npos) << r.message();
}

// --- unary int8 ---

TEST(AbsOp, Int8WithAndWithoutRescale) {
  // Same scale: |q - 5| + (-128), no multiplier.
  const auto same = unary(BuiltinOperator::ABS, kI8, {3}, 1, 5, 1, -128);
  EXPECT_EQ(ints(run_values<int8_t>(same, std::vector<int8_t>{-128, 5, 127})), (std::vector<int>{5, -128, -6}));
  // Output scale 2: |q - 5| * 0.5: 3 -> 1.5 -> 2 (tie up), 133 -> 66.5 -> 67.
  const auto half = unary(BuiltinOperator::ABS, kI8, {2}, 1, 5, 2, -128);
  EXPECT_EQ(ints(run_values<int8_t>(half, std::vector<int8_t>{8, -128})), (std::vector<int>{-126, -61}));
}

TEST(LeakyReluOp, Int8PositiveAndNegativeAlpha) {
  // alpha 0.5, scales 1: -5 * 0.5 = -2.5 rounds to -2 (tie toward +inf).
  fb::LeakyReluOptionsT o;
  o.alpha = 0.5f;
  const auto b = unary(BuiltinOperator::LEAKY_RELU, kI8, {4}, 1, 0, 1, 0, options(o));
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{-5, 7, -128, 127})), (std::vector<int>{-2, 7, -64, 127}));
  o.alpha = -1.0f;  // negative inputs flip sign: -128 -> 128 saturates
  const auto neg = unary(BuiltinOperator::LEAKY_RELU, kI8, {3}, 1, 0, 1, 0, options(o));
  EXPECT_EQ(ints(run_values<int8_t>(neg, std::vector<int8_t>{-5, 7, -128})), (std::vector<int>{5, 7, 127}));
}

TEST(TanhOp, Int8SaturatesAndIsOdd) {
  // Input scale 1/16: 8 -> tanh(0.5) * 128 = 59.15, 16 -> tanh(1) * 128 = 97.48;
  // +-8 and beyond saturate (128 clamps to 127).
  const auto b = unary(BuiltinOperator::TANH, kI8, {7}, 0.0625f, 0, 1.0f / 128, 0);
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{0, 8, -8, 16, -16, 127, -128})),
            (std::vector<int>{0, 59, -59, 97, -97, 127, -128}));
}

TEST(TanhOp, RefusesInt8OutputScaleOtherThanOneOver128) {
  const auto b = unary(BuiltinOperator::TANH, kI8, {2}, 0.1f, 0, 0.01f, 0);
  const OpResult r = run_model(b, std::vector<int8_t>(2).data(), 2);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(TANH): int8 output must have scale 1/128 and zero point 0"), std::string::npos)
      << r.message();
}

TEST(TanhOp, Int16SaturationAndZero) {
  // Input scale 2^-12 (input x 3 indexes the table): 0 -> 0; +-8.0 is past
  // the table's end: 2^24 - 2^8 - 2^23 + 2^7 = 8388480 >> 8 = 32767, and the
  // negative branch gives -8388225 >> 8 = -32767.
  const auto b = unary(BuiltinOperator::TANH, kI16, {3}, 1.0f / 4096, 0, 1.0f / 32768, 0);
  EXPECT_EQ(ints(run_values<int16_t>(b, std::vector<int16_t>{0, 32767, -32768})), (std::vector<int>{0, 32767, -32767}));
}

TEST(TanhOp, Int16TracksTanhWithinThreeSteps) {
  // A non-power-of-two input scale takes the multiplier path.
  const float s_in = 3.0f / 32768;
  const auto b = unary(BuiltinOperator::TANH, kI16, {9}, s_in, 0, 1.0f / 32768, 0);
  const std::vector<int16_t> in{-30000, -9000, -2000, -100, 1, 100, 2000, 9000, 30000};
  const auto out = run_values<int16_t>(b, in);
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i)
    EXPECT_NEAR(out[i], std::tanh(in[i] * s_in) * 32768.0, 3.0) << "input " << in[i];
}

TEST(RsqrtOp, Int8ExactPowersAndZero) {
  // Input 0.25 (q - zp), output 1/64: v = 4 -> 1/sqrt(1) = 1 -> 64; v = 16 ->
  // 0.5 -> 32; v = 1 -> 2 -> 128; v = 0 -> the largest output. Inputs below
  // the zero point (negative reals) give the output of 0.
  const auto b = unary(BuiltinOperator::RSQRT, kI8, {5}, 0.25f, -100, 1.0f / 64, -128);
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{-96, -84, -99, -100, -128})),
            (std::vector<int>{-64, -96, 0, 127, 127}));
}

TEST(EluOp, Int8Table) {
  // Scales 0.1: -12.8 -> e^-12.8 - 1 = -0.999997 -> -10; -1.0 -> -0.632 -> -6;
  // positives unchanged.
  const auto b = unary(BuiltinOperator::ELU, kI8, {4}, 0.1f, 0, 0.1f, 0);
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{-128, -10, 0, 127})), (std::vector<int>{-10, -6, 0, 127}));
}

TEST(HardSwishOp, Int8ClampsBelowMinusThreeAndPassesAboveThree) {
  // Scales 0.05: x <= -3 gives 0, x >= 3 gives x; in between x (x + 3) / 6.
  const auto b = unary(BuiltinOperator::HARD_SWISH, kI8, {256}, 0.05f, 0, 0.05f, 0);
  const auto in = all_int8();
  const auto out = run_values<int8_t>(b, in);
  ASSERT_EQ(out.size(), 256u);
  for (size_t i = 0; i < in.size(); ++i) {
    const double x = in[i] * 0.05;
    const double expected = x * std::min(6.0, std::max(0.0, x + 3.0)) / 6.0 / 0.05;
    if (x <= -3.0) {
      EXPECT_EQ(out[i], 0) << "input " << int{in[i]};
    } else if (x >= 3.0) {
      EXPECT_EQ(out[i], in[i]) << "input " << int{in[i]};
    } else {
      EXPECT_NEAR(out[i], expected, 1.0) << "input " << int{in[i]};
    }
  }
}

TEST(FloatOnlyOps, RefuseInt8LikeTfliteMicro) {
  for (const auto code : {BuiltinOperator::NEG, BuiltinOperator::EXP}) {
    const auto b = unary(code, kI8, {2}, 0.1f, 0, 0.1f, 0);
    const OpResult r = run_model(b, std::vector<int8_t>(2).data(), 2);
    EXPECT_FALSE(r.status);
    EXPECT_NE(r.message().find("input type int8 (float32 only, as in TFLite Micro)"), std::string::npos)
        << r.message();
  }
}

TEST(FloatUnaryOps, Values) {
  const std::vector<float> in{-2.0f, 0.25f, 4.0f};
  EXPECT_EQ(run_values<float>(unary(BuiltinOperator::NEG, kF32, {3}), in), (std::vector<float>{2.0f, -0.25f, -4.0f}));
  EXPECT_EQ(run_values<float>(unary(BuiltinOperator::ABS, kF32, {3}), in), (std::vector<float>{2.0f, 0.25f, 4.0f}));
  const auto rs = run_values<float>(unary(BuiltinOperator::RSQRT, kF32, {2}), std::vector<float>{0.25f, 4.0f});
  EXPECT_EQ(rs, (std::vector<float>{2.0f, 0.5f}));
  const auto hs = run_values<float>(unary(BuiltinOperator::HARD_SWISH, kF32, {3}), std::vector<float>{-4.0f, 1.5f, 3.0f});
  EXPECT_EQ(hs, (std::vector<float>{-0.0f, 1.125f, 3.0f}));  // 1.5 * 4.5 / 6
}

// --- fixed-point helpers the operators rely on ---

TEST(MathHelpers, InvSqrtMultiplierMatchesOneOverSqrt) {
  for (const int32_t v : {2, 3, 4, 16, 100, 12345, 1 << 28, (1 << 30) + 7}) {
    int32_t m = 0;
    int right_shift = 0;
    quant::inv_sqrt_multiplier(v, &m, &right_shift);
    const double value = m / 2147483648.0 * std::ldexp(1.0, -right_shift);
    EXPECT_NEAR(value, 1.0 / std::sqrt(static_cast<double>(v)), 1e-5 / std::sqrt(static_cast<double>(v))) << v;  // 5 Newton steps from 1
  }
}

TEST(MathHelpers, CountLeadingSignBits) {
  EXPECT_EQ(quant::count_leading_sign_bits(0), 31);
  EXPECT_EQ(quant::count_leading_sign_bits(-1), 31);
  EXPECT_EQ(quant::count_leading_sign_bits(1), 30);
  EXPECT_EQ(quant::count_leading_sign_bits(-2), 30);
  EXPECT_EQ(quant::count_leading_sign_bits(INT32_MAX), 0);
  EXPECT_EQ(quant::count_leading_sign_bits(INT32_MIN), 0);
}

TEST(MathHelpers, FixedPointTanh) {
  for (const double x : {-7.5, -1.0, -0.01, 0.3, 2.0, 7.9}) {
    const auto raw = static_cast<int32_t>(std::lround(x * (1 << 27)));  // Q4
    EXPECT_NEAR(quant::tanh(raw, 4) / 2147483648.0, std::tanh(x), 1e-6) << x;
  }
}

TEST(MathHelpers, SigmoidTableIsMidpointCorrectedSigmoidOfIOver24) {
  const auto sigmoid = [](double x) { return 65536.0 / (1.0 + std::exp(-x)); };
  constexpr double kStep = 1.0 / 24;
  for (int i = 0; i < 255; ++i) {
    const double x = i * kStep;
    // Half the error linear interpolation makes at the midpoint, taken off.
    const double midpoint_error = (sigmoid(x) + sigmoid(x + kStep)) / 2 - sigmoid(x + kStep / 2);
    const double expected = std::round(sigmoid(x) - midpoint_error / 2);
    EXPECT_EQ(kernels::reference::kSigmoidQ16Table[i], expected) << i;
  }
  EXPECT_EQ(kernels::reference::kSigmoidQ16Table[255], 65535);  // saturated end
}

}  // namespace
}  // namespace nib::test
