// Elementwise reference kernels: ADD / MUL (with broadcasting), int8 rescale
// (RELU, RELU6, requantize), LOGISTIC, QUANTIZE / DEQUANTIZE, float variants.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "kernel_test_util.h"
#include "kernels/reference/reference.h"

namespace nib::kernels::testing {
namespace {

namespace ref = reference;

void set_same_shape(BinaryParams& p, int32_t elements) {
  p.rank = 1;
  p.out_dims[0] = elements;
  p.stride1[0] = p.stride2[0] = 1;
  p.elements = elements;
  p.same_shape = true;
}

// Broadcasting over out_dims; a broadcast dimension has stride 0.
void set_broadcast(BinaryParams& p, std::initializer_list<int32_t> out_dims, std::initializer_list<int32_t> stride1,
                   std::initializer_list<int32_t> stride2) {
  p.rank = static_cast<int32_t>(out_dims.size());
  std::copy(out_dims.begin(), out_dims.end(), p.out_dims);
  std::copy(stride1.begin(), stride1.end(), p.stride1);
  std::copy(stride2.begin(), stride2.end(), p.stride2);
  p.elements = 1;
  for (const int32_t d : out_dims) p.elements *= d;
  p.same_shape = false;
}

int32_t multiplier_of(double real, int32_t* shift) {
  int32_t multiplier = 0;
  int s = 0;
  quant::quantize_multiplier(real, &multiplier, &s);
  *shift = s;
  return multiplier;
}

// int8 ADD parameters as src/ops/elementwise.cc (and TFLite) derive them:
// both inputs move to the scale 2 * max(s1, s2) / 2^20 and the sum is
// rescaled to the output.
BinaryParams add_params(double s1, int32_t zp1, double s2, int32_t zp2, double s_out, int32_t zp_out) {
  BinaryParams p{};
  p.input1_offset = -zp1;
  p.input2_offset = -zp2;
  p.output_offset = zp_out;
  p.left_shift = 20;
  const double twice_max = 2.0 * std::max(s1, s2);
  p.input1_multiplier = multiplier_of(s1 / twice_max, &p.input1_shift);
  p.input2_multiplier = multiplier_of(s2 / twice_max, &p.input2_shift);
  p.output_multiplier = multiplier_of(twice_max / (static_cast<double>(1 << 20) * s_out), &p.output_shift);
  p.act_min = -128;
  p.act_max = 127;
  return p;
}

// int8 MUL parameters: one multiplier s1 * s2 / s_out.
BinaryParams mul_params(double s1, int32_t zp1, double s2, int32_t zp2, double s_out, int32_t zp_out) {
  BinaryParams p{};
  p.input1_offset = -zp1;
  p.input2_offset = -zp2;
  p.output_offset = zp_out;
  p.output_multiplier = multiplier_of(s1 * s2 / s_out, &p.output_shift);
  p.act_min = -128;
  p.act_max = 127;
  return p;
}

template <void (*Kernel)(const BinaryParams&, const int8_t*, const int8_t*, int8_t*)>
std::vector<int> run_binary(const BinaryParams& p, const std::vector<int8_t>& a, const std::vector<int8_t>& b) {
  std::vector<int8_t> out(static_cast<size_t>(p.elements), 99);
  Kernel(p, a.data(), b.data(), out.data());
  return as_ints(out);
}

// ---------------------------------------------------------------- ADD int8

TEST(AddS8, EqualScalesAddExactly) {
  // All scales 0.5: input multipliers 0.5 / (2*0.5) = 0.5 (Q31 2^30, shift 0),
  // output 1 / (2^20 * 0.5) = 2^-19 (2^30, shift -18). (q - zp) * 2^20 -> * 0.5
  // -> sum -> * 2^-19 is exact: out = (a - zp1) + (b - zp2) + zp_out.
  BinaryParams p = add_params(0.5, 1, 0.5, -2, 0.5, 3);
  EXPECT_EQ(p.input1_multiplier, int32_t{1} << 30);
  EXPECT_EQ(p.input1_shift, 0);
  EXPECT_EQ(p.output_shift, -18);
  set_same_shape(p, 3);
  // a - 1 = {0, 9, -51};  b + 2 = {0, 22, -68};  sums {0, 31, -119};  + 3
  EXPECT_EQ(run_binary<ref::add_s8>(p, {1, 10, -50}, {-2, 20, -70}), (std::vector<int>{3, 34, -116}));
}

TEST(AddS8, BroadcastsRowVectorOverMatrix) {
  // [2,3] + [3]: out dims {2,3}; input 1 strides {3,1}; input 2 strides {0,1}.
  BinaryParams p = add_params(0.5, 1, 0.5, -2, 0.5, 3);
  set_broadcast(p, {2, 3}, {3, 1}, {0, 1});
  // a - 1 = [[0,1,2],[3,4,5]];  b + 2 = [0,10,20]
  // row 0: {0, 11, 22} + 3 = {3, 14, 25};  row 1: {3, 14, 25} + 3 = {6, 17, 28}
  EXPECT_EQ(run_binary<ref::add_s8>(p, {1, 2, 3, 4, 5, 6}, {-2, 8, 18}), (std::vector<int>{3, 14, 25, 6, 17, 28}));
}

TEST(AddS8, DifferentScalesRoundHalfAwayFromZero) {
  // s1 = 1, s2 = 0.5, s_out = 1: input 2 is multiplied by 0.25, so
  // 3 + 5*0.5 = 5.5 -> 6;  -3 - 2.5 = -5.5 -> -6;  1 - 0.5 = 0.5 -> 1;  -0.5 -> -1.
  // (The ties land in the final shift by 18, which rounds away from zero:
  // e.g. 11 * 2^18 * 2^-19 = 11 * 2^17 / 2^18.)
  BinaryParams p = add_params(1.0, 0, 0.5, 0, 1.0, 0);
  set_same_shape(p, 4);
  EXPECT_EQ(run_binary<ref::add_s8>(p, {3, -3, 1, -1}, {5, -5, -1, 1}), (std::vector<int>{6, -6, 1, -1}));
}

TEST(AddS8, ClampsAndSaturates) {
  BinaryParams p = add_params(0.5, 1, 0.5, -2, 0.5, 3);
  set_same_shape(p, 3);
  p.act_min = 0;
  p.act_max = 30;
  // {3, 34, -116} clamped to [0, 30]
  EXPECT_EQ(run_binary<ref::add_s8>(p, {1, 10, -50}, {-2, 20, -70}), (std::vector<int>{3, 30, 0}));
  // Default range: 100 + 100 = 200 -> 127;  -100 - 100 = -200 -> -128
  BinaryParams q = add_params(0.5, 0, 0.5, 0, 0.5, 0);
  set_same_shape(q, 2);
  EXPECT_EQ(run_binary<ref::add_s8>(q, {100, -100}, {100, -100}), (std::vector<int>{127, -128}));
}

// ---------------------------------------------------------------- MUL int8

TEST(MulS8, ZeroPointsAndRounding) {
  // s1 = s2 = 0.5, s_out = 1: multiplier 0.25 (Q31 2^30, shift -1).
  // a = {2, -3, 4, 10};  b - 1 = {2, 2, -6, 12}
  // products {4, -6, -24, 120} * 0.25 = {1, -1.5 -> -2 (away from zero), -6, 30}; + (-5)
  BinaryParams p = mul_params(0.5, 0, 0.5, 1, 1.0, -5);
  set_same_shape(p, 4);
  EXPECT_EQ(run_binary<ref::mul_s8>(p, {2, -3, 4, 10}, {3, 3, -5, 13}), (std::vector<int>{-4, -7, -11, 25}));
}

TEST(MulS8, Clamps) {
  BinaryParams p = mul_params(0.5, 0, 0.5, 1, 1.0, -5);
  set_same_shape(p, 4);
  p.act_min = -10;
  p.act_max = 20;
  // {-4, -7, -11, 25} clamped to [-10, 20]
  EXPECT_EQ(run_binary<ref::mul_s8>(p, {2, -3, 4, 10}, {3, 3, -5, 13}), (std::vector<int>{-4, -7, -10, 20}));
}

TEST(MulS8, BroadcastsScalar) {
  // [2,2] * [1]: input 2 has stride 0 in both dims. Scales 1,1,1: multiplier 1.
  BinaryParams p = mul_params(1.0, 0, 1.0, 0, 1.0, 0);
  set_broadcast(p, {2, 2}, {2, 1}, {0, 0});
  // {1, 2, -3, 40} * 3 = {3, 6, -9, 120}
  EXPECT_EQ(run_binary<ref::mul_s8>(p, {1, 2, -3, 40}, {3}), (std::vector<int>{3, 6, -9, 120}));
}

// ---------------------------------------------------------------- rescale

RescaleParams rescale_params(int32_t elements, double in_scale, int32_t in_zp, double out_scale, int32_t out_zp,
                             int32_t act_min, int32_t act_max) {
  RescaleParams p{};
  p.elements = elements;
  p.input_offset = -in_zp;
  p.output_offset = out_zp;
  p.multiplier = multiplier_of(in_scale / out_scale, &p.shift);
  p.act_min = act_min;
  p.act_max = act_max;
  return p;
}

std::vector<int> run_rescale(const RescaleParams& p, const std::vector<int8_t>& input) {
  std::vector<int8_t> out(input.size(), 99);
  ref::rescale_s8(p, input.data(), out.data());
  return as_ints(out);
}

TEST(RescaleS8, ReluClampsAtTheZeroPoint) {
  // Same quantization (scale 0.5, zp -10): multiplier 1.0; RELU's lower
  // bound is quantize(0) = -10.
  const RescaleParams p = rescale_params(5, 0.5, -10, 0.5, -10, -10, 127);
  EXPECT_EQ(run_rescale(p, {-128, -11, -10, -9, 127}), (std::vector<int>{-10, -10, -10, -9, 127}));
}

TEST(RescaleS8, Relu6ClampsToZeroAndSix) {
  // Scale 0.25, zp 0: 0 -> 0 and 6 -> 6 / 0.25 = 24.
  const RescaleParams p = rescale_params(6, 0.25, 0, 0.25, 0, 0, 24);
  EXPECT_EQ(run_rescale(p, {-5, 0, 10, 24, 25, 100}), (std::vector<int>{0, 0, 10, 24, 24, 24}));
}

TEST(RescaleS8, HalvingRoundsTiesTowardPositiveInfinity) {
  // in scale 1 (zp 3) -> out scale 2 (zp -1): multiplier 0.5 = Q31 2^30 with
  // shift 0, so all rounding happens in SaturatingRoundingDoublingHighMul,
  // whose ties go toward +infinity (TFLite/gemmlowp, like VQRDMULH):
  //   q - 3 = {0, 3, -3, 5, -5, 124, -131}
  //   * 0.5 = {0, 1.5 -> 2, -1.5 -> -1, 2.5 -> 3, -2.5 -> -2, 62, -65.5 -> -65}
  //   - 1   = {-1, 1, -2, 2, -3, 61, -66}
  const RescaleParams p = rescale_params(7, 1.0, 3, 2.0, -1, -128, 127);
  EXPECT_EQ(p.multiplier, int32_t{1} << 30);
  EXPECT_EQ(p.shift, 0);
  EXPECT_EQ(run_rescale(p, {3, 6, 0, 8, -2, 127, -128}), (std::vector<int>{-1, 1, -2, 2, -3, 61, -66}));
}

TEST(RescaleS8, QuarteringRoundsTiesAwayFromZero) {
  // in scale 1 -> out scale 4: multiplier 0.25 = Q31 2^30 with shift -1.
  // The doubling high mul halves exactly for even inputs, then the rounding
  // right shift by 1 rounds ties away from zero:
  //   {-6, -2, 2, 6, -10, 10} * 0.25 = {-1.5 -> -2, -0.5 -> -1, 0.5 -> 1, 1.5 -> 2, -2.5 -> -3, 2.5 -> 3}
  const RescaleParams p = rescale_params(6, 1.0, 0, 4.0, 0, -128, 127);
  EXPECT_EQ(p.shift, -1);
  EXPECT_EQ(run_rescale(p, {-6, -2, 2, 6, -10, 10}), (std::vector<int>{-2, -1, 1, 2, -3, 3}));
}

TEST(RescaleS8, SaturatesAfterOutputOffset) {
  // Multiplier 1.0, output zp 20: 120 + 20 = 140 -> 127;  -128 + 20 = -108.
  const RescaleParams p = rescale_params(2, 1.0, 0, 1.0, 20, -128, 127);
  EXPECT_EQ(run_rescale(p, {120, -128}), (std::vector<int>{127, -108}));
}

// ---------------------------------------------------------------- LOGISTIC

// Parameters as src/ops/elementwise.cc (and TFLite) derive them: the input
// goes to Q4 (27 fractional bits); beyond the radius the output saturates.
LogisticParams logistic_params(int32_t elements, double in_scale, int32_t in_zp) {
  constexpr int kInputIntegerBits = 4;
  LogisticParams p{};
  p.elements = elements;
  p.input_zero_point = in_zp;
  p.input_multiplier = multiplier_of(in_scale * static_cast<double>(1 << (31 - kInputIntegerBits)), &p.input_left_shift);
  const double radius = static_cast<double>((1 << kInputIntegerBits) - 1) *
                        static_cast<double>(int64_t{1} << (31 - kInputIntegerBits)) /
                        std::ldexp(1.0, p.input_left_shift);
  p.input_range_radius = static_cast<int32_t>(std::min(std::floor(radius), 2147483647.0));
  return p;
}

std::vector<int> run_logistic(const LogisticParams& p, const std::vector<int8_t>& input) {
  std::vector<int8_t> out(input.size(), 99);
  ref::logistic_s8(p, input.data(), out.data());
  return as_ints(out);
}

TEST(LogisticS8, ParamsForScaleOneSixteenth) {
  // 2^-4 * 2^27 = 2^23 = 0.5 * 2^24: multiplier 2^30, shift 24;
  // radius = 15 * 2^27 / 2^24 = 120 (15 * 16 in input units).
  const LogisticParams p = logistic_params(1, 1.0 / 16, 0);
  EXPECT_EQ(p.input_multiplier, int32_t{1} << 30);
  EXPECT_EQ(p.input_left_shift, 24);
  EXPECT_EQ(p.input_range_radius, 120);
}

TEST(LogisticS8, ZeroIsOneHalf) {
  // sigmoid(0) = 0.5 -> 0.5 * 256 - 128 = 0, also with a nonzero input zp.
  EXPECT_EQ(run_logistic(logistic_params(1, 1.0 / 16, 0), {0}), (std::vector<int>{0}));
  EXPECT_EQ(run_logistic(logistic_params(1, 1.0 / 16, 10), {10}), (std::vector<int>{0}));
}

TEST(LogisticS8, SaturatesOutsideTheRadius) {
  // |x| >= 120 (7.5 in real units) saturates: large -> 127, small -> -128.
  const LogisticParams p = logistic_params(4, 1.0 / 16, 0);
  EXPECT_EQ(run_logistic(p, {127, 120, -120, -128}), (std::vector<int>{127, 127, -128, -128}));
}

TEST(LogisticS8, RadiusGuardsQ4OverflowAtCoarseScales) {
  // Scale 0.25: 2^-2 * 2^27 = 2^25 = 0.5 * 2^26 -> shift 26; radius
  // 15 * 2^27 / 2^26 = 30. Without the guard, 64 << 26 = 2^32 would wrap.
  const LogisticParams p = logistic_params(6, 0.25, 0);
  EXPECT_EQ(p.input_left_shift, 26);
  EXPECT_EQ(p.input_range_radius, 30);
  EXPECT_EQ(run_logistic(p, {127, 64, 30, -30, -64, -128}), (std::vector<int>{127, 127, 127, -128, -128, -128}));
}

TEST(LogisticS8, MatchesFloatSigmoidWithinOneLsb) {
  // x = 16 (1.0): 0.731059 * 256 = 187.15 -> 59;  x = -16: 68.85 -> -59.
  const LogisticParams p = logistic_params(1, 1.0 / 16, 0);
  std::vector<int8_t> input;
  for (int q = -128; q <= 127; ++q) input.push_back(static_cast<int8_t>(q));
  LogisticParams all = p;
  all.elements = 256;
  const std::vector<int> out = run_logistic(all, input);
  for (int i = 0; i < 256; ++i) {
    const double y = 1.0 / (1.0 + std::exp(-input[i] / 16.0));
    const int expected = std::clamp(static_cast<int>(std::lround(y * 256.0)) - 128, -128, 127);
    EXPECT_NEAR(out[i], expected, 1) << "input " << int{input[i]};
  }
  EXPECT_NEAR(out[128 + 16], 59, 1);
  EXPECT_NEAR(out[128 - 16], -59, 1);
}

TEST(LogisticS8, Monotone) {
  const LogisticParams p = logistic_params(9, 0.05, -3);
  const std::vector<int> out = run_logistic(p, {-128, -90, -40, -10, -3, 4, 30, 90, 127});
  for (size_t i = 1; i < out.size(); ++i) EXPECT_LE(out[i - 1], out[i]) << "at " << i;
}

// ---------------------------------------------------------------- QUANTIZE / DEQUANTIZE

TEST(QuantizeF32S8, RoundsHalfAwayFromZeroAndSaturates) {
  // scale 0.5, zp -3: q = round(x / 0.5) - 3
  //   0 -> -3;  1 -> 2 - 3 = -1;  -1 -> -5;  0.25 -> round(0.5) = 1 -> -2;
  //   -0.25 -> -1 -> -4;  0.75 -> round(1.5) = 2 -> -1;  100 -> 197 -> 127;  -100 -> -203 -> -128
  const AffineParams p{8, 0.5f, -3};
  const std::vector<float> input = {0.0f, 1.0f, -1.0f, 0.25f, -0.25f, 0.75f, 100.0f, -100.0f};
  std::vector<int8_t> out(8);
  ref::quantize_f32_s8(p, input.data(), out.data());
  EXPECT_EQ(as_ints(out), (std::vector<int>{-3, -1, -5, -2, -4, -1, 127, -128}));
}

TEST(DequantizeS8F32, ScalesAroundTheZeroPoint) {
  // scale 0.5, zp -3: x = 0.5 * (q + 3)
  const AffineParams p{5, 0.5f, -3};
  const std::vector<int8_t> input = {-3, -1, -5, 127, -128};
  std::vector<float> out(5);
  ref::dequantize_s8_f32(p, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.0f, 1.0f, -1.0f, 65.0f, -62.5f}));
}

TEST(QuantizeDequantize, RoundTripsEveryInt8Value) {
  for (const AffineParams p : {AffineParams{256, 0.5f, -3}, AffineParams{256, 0.1f, 17},
                               AffineParams{256, 1.0f / 255, -128}}) {
    std::vector<int8_t> q(256);
    for (int i = 0; i < 256; ++i) q[static_cast<size_t>(i)] = static_cast<int8_t>(i - 128);
    std::vector<float> x(256);
    std::vector<int8_t> back(256);
    ref::dequantize_s8_f32(p, q.data(), x.data());
    ref::quantize_f32_s8(p, x.data(), back.data());
    EXPECT_EQ(as_ints(back), as_ints(q)) << "scale " << p.scale << " zp " << p.zero_point;
  }
}

// ---------------------------------------------------------------- float32

TEST(AddF32, BroadcastsColumnAgainstRow) {
  // [2,1] + [1,3] -> [2,3]: strides {1,0} and {0,1}.
  BinaryParams p{};
  set_broadcast(p, {2, 3}, {1, 0}, {0, 1});
  const std::vector<float> a = {1, 2}, b = {10, 20, 30};
  std::vector<float> out(6);
  ref::add_f32(p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{11, 21, 31, 12, 22, 32}));
}

TEST(AddF32, BroadcastsMiddleDimensionOf3d) {
  // [2,2,2] + [2,1,2]: strides {4,2,1} and {2,0,1}; out[i][j][k] = a[i][j][k] + b[i][k].
  BinaryParams p{};
  set_broadcast(p, {2, 2, 2}, {4, 2, 1}, {2, 0, 1});
  const std::vector<float> a = {0, 1, 2, 3, 4, 5, 6, 7}, b = {100, 200, 300, 400};
  // i=0: {0+100, 1+200, 2+100, 3+200};  i=1: {4+300, 5+400, 6+300, 7+400}
  std::vector<float> out(8);
  ref::add_f32(p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{100, 201, 102, 203, 304, 405, 306, 407}));
}

TEST(AddF32, Clamps) {
  BinaryParams p{};
  set_same_shape(p, 3);
  p.clamp = {0.0f, 6.0f};
  const std::vector<float> a = {-1.0f, 2.5f, 5.0f}, b = {0.5f, 1.0f, 2.0f};
  // {-0.5, 3.5, 7} -> {0, 3.5, 6}
  std::vector<float> out(3);
  ref::add_f32(p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.0f, 3.5f, 6.0f}));
}

TEST(MulF32, BroadcastsScalarAndClamps) {
  BinaryParams p{};
  set_broadcast(p, {4}, {1}, {0});
  p.clamp = {-1.0f, 3.0f};
  const std::vector<float> a = {1.0f, -3.0f, 0.5f, 4.0f}, b = {0.75f};
  // {0.75, -2.25, 0.375, 3} -> {0.75, -1, 0.375, 3}
  std::vector<float> out(4);
  ref::mul_f32(p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.75f, -1.0f, 0.375f, 3.0f}));
}

TEST(ClampF32, ClampsToRange) {
  const std::vector<float> input = {-2.0f, 0.0f, 3.0f, 7.5f};
  std::vector<float> out(4);
  ref::clamp_f32(4, FloatClamp{0.0f, 6.0f}, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.0f, 0.0f, 3.0f, 6.0f}));
}

TEST(LogisticF32, Values) {
  const std::vector<float> input = {0.0f, 1.0f, -1.0f, 40.0f, -40.0f};
  std::vector<float> out(5);
  ref::logistic_f32(5, input.data(), out.data());
  EXPECT_EQ(out[0], 0.5f);  // 1 / (1 + e^0)
  EXPECT_NEAR(out[1], 0.7310586, 1e-6);
  EXPECT_NEAR(out[2], 0.2689414, 1e-6);
  EXPECT_EQ(out[3], 1.0f);
  EXPECT_NEAR(out[4], 0.0, 1e-17);
}

}  // namespace
}  // namespace nib::kernels::testing
