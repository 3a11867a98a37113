// SOFTMAX reference kernels. int8 output has scale 1/256 and zero point -128,
// so probability p is stored as round(256 * p) - 128, saturated to 127.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "kernel_test_util.h"
#include "kernels/reference/reference.h"

namespace nib::kernels::testing {
namespace {

namespace ref = reference;

// The int8 parameters exactly as src/ops/softmax.cc derives them (and as
// TFLite's PreprocessSoftmaxScaling / CalculateInputRadius do): the input
// difference is rescaled by beta * input_scale into Q5 (26 fractional bits).
SoftmaxParams softmax_s8_params(int32_t outer, int32_t depth, double beta, double input_scale) {
  constexpr int kDiffIntegerBits = 5;
  SoftmaxParams p{};
  p.outer = outer;
  p.depth = depth;
  p.beta = static_cast<float>(beta);
  const double real = std::fmin(beta * input_scale * static_cast<double>(int64_t{1} << (31 - kDiffIntegerBits)),
                                static_cast<double>((int64_t{1} << 31) - 1));
  int shift = 0;
  quant::quantize_multiplier(real, &p.input_multiplier, &shift);
  p.input_left_shift = shift;
  const double radius = static_cast<double>((int64_t{1} << kDiffIntegerBits) - 1) *
                        static_cast<double>(int64_t{1} << (31 - kDiffIntegerBits)) /
                        static_cast<double>(int64_t{1} << shift);
  p.diff_min = -static_cast<int32_t>(std::floor(radius));
  return p;
}

std::vector<int> run_s8(const SoftmaxParams& p, const std::vector<int8_t>& input) {
  std::vector<int8_t> out(input.size(), 99);
  ref::softmax_s8(p, input.data(), out.data());
  return as_ints(out);
}

// Float softmax of the dequantized row, quantized to the output grid.
std::vector<int> float_reference(const std::vector<int8_t>& input, double input_scale) {
  double max_value = -1e9;
  for (const int8_t q : input) max_value = std::max(max_value, q * input_scale);
  double sum = 0.0;
  for (const int8_t q : input) sum += std::exp(q * input_scale - max_value);
  std::vector<int> out;
  for (const int8_t q : input) {
    const double prob = std::exp(q * input_scale - max_value) / sum;
    out.push_back(std::clamp(static_cast<int>(std::lround(prob * 256.0)) - 128, -128, 127));
  }
  return out;
}

void expect_within_one_lsb(const std::vector<int>& actual, const std::vector<int>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], 1) << "element " << i;
}

TEST(SoftmaxS8, ParamsForScaleOneSixteenth) {
  // beta * scale * 2^26 = 2^22 = 0.5 * 2^23: multiplier 2^30, left shift 23.
  // radius = 31 * 2^26 / 2^23 = 248.
  const SoftmaxParams p = softmax_s8_params(1, 4, 1.0, 1.0 / 16);
  EXPECT_EQ(p.input_multiplier, int32_t{1} << 30);
  EXPECT_EQ(p.input_left_shift, 23);
  EXPECT_EQ(p.diff_min, -248);
}

TEST(SoftmaxS8, UniformRowOfFourIsOneQuarter) {
  // 1/4 * 256 = 64 -> 64 - 128 = -64, whatever the common value.
  const SoftmaxParams p = softmax_s8_params(1, 4, 1.0, 1.0 / 16);
  EXPECT_EQ(run_s8(p, {7, 7, 7, 7}), (std::vector<int>{-64, -64, -64, -64}));
  EXPECT_EQ(run_s8(p, {-128, -128, -128, -128}), (std::vector<int>{-64, -64, -64, -64}));
}

TEST(SoftmaxS8, UniformRowOfTwoIsOneHalf) {
  // 1/2 * 256 = 128 -> 0.
  const SoftmaxParams p = softmax_s8_params(1, 2, 1.0, 1.0 / 16);
  EXPECT_EQ(run_s8(p, {100, 100}), (std::vector<int>{0, 0}));
}

TEST(SoftmaxS8, UniformRowOfTenIsOneTenth) {
  // 256 / 10 = 25.6 -> 26 - 128 = -102 (within one LSB).
  const SoftmaxParams p = softmax_s8_params(1, 10, 1.0, 1.0 / 16);
  const std::vector<int> out = run_s8(p, std::vector<int8_t>(10, -3));
  for (const int v : out) {
    EXPECT_NEAR(v, -102, 1);
    EXPECT_EQ(v, out[0]);  // all equal
  }
}

TEST(SoftmaxS8, DominantLogitSaturatesTo127) {
  // diff = -128 - 127 = -255 < diff_min (-248): the others are exactly 0
  // (-128) and the winner's 1.0 * 256 - 128 = 128 saturates to 127.
  const SoftmaxParams p = softmax_s8_params(1, 4, 1.0, 1.0 / 16);
  EXPECT_EQ(run_s8(p, {-128, 127, -128, -128}), (std::vector<int>{-128, 127, -128, -128}));
}

TEST(SoftmaxS8, TwoLogitsOneApart) {
  // Logits 1 and 0 (16 and 0 at scale 1/16): e/(1+e) = 0.7311 -> 187.2 -> 59;
  // 1/(1+e) = 0.2689 -> 68.8 -> -59 (each within one LSB).
  const SoftmaxParams p = softmax_s8_params(1, 2, 1.0, 1.0 / 16);
  expect_within_one_lsb(run_s8(p, {16, 0}), {59, -59});
}

TEST(SoftmaxS8, MatchesFloatSoftmaxWithinOneLsb) {
  const SoftmaxParams p = softmax_s8_params(3, 6, 1.0, 1.0 / 16);
  const std::vector<int8_t> rows[3] = {
      {0, 16, 32, -16, 8, -40},
      {-128, -100, -90, -127, -128, -120},
      {127, 120, 100, 60, 0, -128},
  };
  std::vector<int8_t> input;
  for (const auto& row : rows) input.insert(input.end(), row.begin(), row.end());
  const std::vector<int> out = run_s8(p, input);
  for (int r = 0; r < 3; ++r) {
    SCOPED_TRACE(r);
    expect_within_one_lsb(std::vector<int>(out.begin() + r * 6, out.begin() + (r + 1) * 6),
                          float_reference(rows[r], 1.0 / 16));
  }
}

TEST(SoftmaxS8, MatchesFloatSoftmaxForNonPowerOfTwoScale) {
  // scale 0.1: beta * scale * 2^26 = 6710886.4 = 0.8 * 2^23, left shift 23.
  const SoftmaxParams p = softmax_s8_params(1, 5, 1.0, 0.1);
  EXPECT_EQ(p.input_left_shift, 23);
  const std::vector<int8_t> input = {-20, 5, 10, 0, 13};
  expect_within_one_lsb(run_s8(p, input), float_reference(input, 0.1));
}

TEST(SoftmaxS8, MonotoneInTheInput) {
  const SoftmaxParams p = softmax_s8_params(1, 9, 1.0, 1.0 / 16);
  const std::vector<int> out = run_s8(p, {-128, -100, -50, -10, 0, 5, 20, 60, 127});
  for (size_t i = 1; i < out.size(); ++i) EXPECT_LE(out[i - 1], out[i]) << "at " << i;
}

TEST(SoftmaxF32, UniformRowIsExactQuarter) {
  SoftmaxParams p{};
  p.outer = 1;
  p.depth = 4;
  p.beta = 1.0f;
  const std::vector<float> input = {3.0f, 3.0f, 3.0f, 3.0f};
  // exp(0) = 1 each, sum 4, 1/4 exactly.
  std::vector<float> out(4);
  ref::softmax_f32(p, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.25f, 0.25f, 0.25f, 0.25f}));
}

TEST(SoftmaxF32, SubtractsTheMaxSoLargeLogitsDoNotOverflow) {
  SoftmaxParams p{};
  p.outer = 1;
  p.depth = 2;
  p.beta = 1.0f;
  const std::vector<float> input = {1000.0f, 1000.0f};
  std::vector<float> out(2);
  ref::softmax_f32(p, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.5f, 0.5f}));
}

TEST(SoftmaxF32, BetaScalesLogitsAndRowsAreIndependent) {
  SoftmaxParams p{};
  p.outer = 2;
  p.depth = 2;
  p.beta = 2.0f;
  // Row 0 {0, 0.5} * beta 2 = {0, 1}: {1/(1+e), e/(1+e)} = {0.268941, 0.731059}
  // Row 1 {5, 5}: {0.5, 0.5}
  const std::vector<float> input = {0.0f, 0.5f, 5.0f, 5.0f};
  std::vector<float> out(4);
  ref::softmax_f32(p, input.data(), out.data());
  const double e = std::exp(1.0);
  EXPECT_NEAR(out[0], 1.0 / (1.0 + e), 1e-6);
  EXPECT_NEAR(out[1], e / (1.0 + e), 1e-6);
  EXPECT_NEAR(out[0] + out[1], 1.0, 1e-6);
  EXPECT_EQ(out[2], 0.5f);
  EXPECT_EQ(out[3], 0.5f);
}

}  // namespace
}  // namespace nib::kernels::testing
