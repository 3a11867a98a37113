// MEAN and SUM, hand-checked against TFLite Micro's arithmetic: the sum less
// zero point x count, times one multiplier into which prepare folded 1/count
// (for MEAN), i.e. two roundings.
#include <gtest/gtest.h>

#include <vector>

#include "ops/op_runner.h"

namespace nib::test {
namespace {

using fb::TensorType;

fb::BuiltinOptionsUnion reducer(bool keep_dims) {
  fb::ReducerOptionsT o;
  o.keep_dims = keep_dims;
  return options_union(o);
}

// MEAN or SUM of `in_shape` over `axes` into `out_shape`.
template <typename T>
OpRun reduce(fb::BuiltinOperator code, TensorType type, std::vector<int32_t> in_shape, std::vector<int32_t> axes,
             std::vector<int32_t> out_shape, bool keep_dims, const std::vector<T>& input, float in_scale = 0.0f,
             int in_zp = 0, float out_scale = 0.0f, int out_zp = 0) {
  ModelBuilder b;
  const int in = b.tensor(type, in_shape, in_scale, in_zp);
  const int ax = b.constant(TensorType::INT32, {static_cast<int32_t>(axes.size())}, axes);
  const int out = b.tensor(type, out_shape, out_scale, out_zp);
  b.op(code, {in, ax}, {out}, reducer(keep_dims));
  b.inputs({in});
  b.outputs({out});
  return run_model(b, bytes_of(input));
}

// 49 values (7x7) of which `ones` are zp + step and the rest zp.
std::vector<int8_t> spatial_49(int ones, int zp, int step) {
  std::vector<int8_t> v(49, static_cast<int8_t>(zp));
  for (int i = 0; i < ones; ++i) v[static_cast<size_t>(i * 2 % 49)] = static_cast<int8_t>(zp + step);
  return v;
}

// The example, MobileNetV2's global pool (n = 49, same quantization):
// the multiplier 2^30 (ratio 1, shift 1) becomes floor(2^30 * 2^5 / 49) =
// 701,219,150 with shift 1 - 5 = -4. S = 24: 24 * 701219150 / 2^31 = 7.83 ->
// 8, then 8 / 16 = 0.5 -> 1 (ties away from zero); once-rounded 24/49 -> 0.
TEST(Mean, Int8DoubleRoundingTieUp) {
  const OpRun r = reduce<int8_t>(fb::BuiltinOperator::MEAN, TensorType::INT8, {1, 7, 7, 1}, {1, 2}, {1, 1, 1, 1},
                                 true, spatial_49(24, -9, 1), 0.0705479f, -9, 0.0705479f, -9);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), std::vector<int>{-9 + 1});
}

// S = -24: -7.83 -> -8, -8 / 16 = -0.5 -> -1.
TEST(Mean, Int8DoubleRoundingTieDown) {
  const OpRun r = reduce<int8_t>(fb::BuiltinOperator::MEAN, TensorType::INT8, {1, 7, 7, 1}, {1, 2}, {1, 1, 1, 1},
                                 true, spatial_49(24, -9, -1), 0.0705479f, -9, 0.0705479f, -9);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), std::vector<int>{-9 - 1});
}

// S = 23: 7.51 -> 8 -> 1 (23/49 = 0.47 would be 0); S = 22: 7.18 -> 7 ->
// 0.44 -> 0. Two channels, axes given as [2, 1], keep_dims false.
TEST(Mean, Int8RoundsTheHighMultiplyFirst) {
  std::vector<int8_t> in(98, 0);
  for (int i = 0; i < 23; ++i) in[static_cast<size_t>(2 * i)] = 1;      // channel 0
  for (int i = 0; i < 22; ++i) in[static_cast<size_t>(2 * i + 1)] = 1;  // channel 1
  const OpRun r = reduce<int8_t>(fb::BuiltinOperator::MEAN, TensorType::INT8, {1, 7, 7, 2}, {2, 1}, {1, 2}, false,
                                 in, 0.5f, 0, 0.5f, 0);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{1, 0}));
}

// Different quantization over the last axis (n = 3): ratio 0.5 / 0.25 = 2 is
// 2^30 with shift 2; k = 1 gives floor(2^31 / 3) = 715,827,882, shift 1.
// Row [1, 2, 4] (zp 0): S = 7, (7 << 1) * M / 2^31 = 4.67 -> 5, + 10 = 15.
// Row [-1, -1, 0]: S = -2, -4 * M / 2^31 = -1.33 -> -1, + 10 = 9.
TEST(Mean, Int8DifferentQuantizationLastAxis) {
  const OpRun r = reduce<int8_t>(fb::BuiltinOperator::MEAN, TensorType::INT8, {1, 2, 3}, {-1}, {1, 2}, false,
                                 std::vector<int8_t>{1, 2, 4, -1, -1, 0}, 0.5f, 0, 0.25f, 10);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{15, 9}));
}

// Input zero point 3 taken off once per output: [5, 7] -> S = 12 - 6 = 6;
// ratio 2 (shift 2), n = 2 (k = 1): 6 * 2^30 * 2 / 2^31 = 6, - 2 = 4.
TEST(Mean, Int8ZeroPointsAndSaturation) {
  const OpRun r = reduce<int8_t>(fb::BuiltinOperator::MEAN, TensorType::INT8, {2, 2}, {1}, {2, 1}, true,
                                 std::vector<int8_t>{5, 7, 120, 126}, 1.0f, 3, 0.5f, -2);
  ASSERT_TRUE(r.ok) << r.message;
  // Second row: S = 246 - 6 = 240, mean 120 at scale 1 = 240 at scale 0.5, - 2 -> 238 -> 127.
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{4, 127}));
}

// int16 takes the same path: S = 24 over 49 -> 1 (zero points 0).
TEST(Mean, Int16DoubleRounding) {
  std::vector<int16_t> in(49, 0);
  for (int i = 0; i < 24; ++i) in[static_cast<size_t>(i)] = 1;
  const OpRun r = reduce<int16_t>(fb::BuiltinOperator::MEAN, TensorType::INT16, {1, 7, 7, 1}, {1, 2}, {1, 1, 1, 1},
                                  true, in, 0.001f, 0, 0.001f, 0);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.output<int16_t>(), std::vector<int16_t>{1});
}

// SUM over axis 0 of [3, 2]: ratio 1 / 2 = 2^30, shift 0. Column 0
// [2, 4, 7] (zp 1): S = 13 - 3 = 10 -> 5, - 3 = 2. Column 1 [0, 0, -2]:
// S = -2 - 3 = -5 -> -2.5, rounded toward +infinity in the high multiply -> -2, - 3 = -5.
TEST(Sum, Int8RequantizesTheSum) {
  const OpRun r = reduce<int8_t>(fb::BuiltinOperator::SUM, TensorType::INT8, {3, 2}, {0}, {2}, false,
                                 std::vector<int8_t>{2, 0, 4, 0, 7, -2}, 1.0f, 1, 2.0f, -3);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{2, -5}));
}

TEST(Sum, Int8SaturatesAndReducesEveryAxis) {
  const OpRun r = reduce<int8_t>(fb::BuiltinOperator::SUM, TensorType::INT8, {2, 2}, {0, 1}, {}, false,
                                 std::vector<int8_t>{100, 100, -100, 50}, 1.0f, 0, 1.0f, 0);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), std::vector<int>{127});
}

TEST(MeanSum, Float) {
  const OpRun mean = reduce<float>(fb::BuiltinOperator::MEAN, TensorType::FLOAT32, {2, 3}, {1}, {2}, false,
                                   std::vector<float>{1, 2, 6, -1, 0.5f, 3});
  ASSERT_TRUE(mean.ok) << mean.message;
  EXPECT_EQ(mean.output<float>(), (std::vector<float>{3.0f, 2.5f / 3.0f}));
  const OpRun sum = reduce<float>(fb::BuiltinOperator::SUM, TensorType::FLOAT32, {2, 3}, {0, 0}, {1, 3}, true,
                                  std::vector<float>{1, 2, 6, -1, 0.5f, 3});
  ASSERT_TRUE(sum.ok) << sum.message;
  EXPECT_EQ(sum.output<float>(), (std::vector<float>{0.0f, 2.5f, 9.0f}));
}

TEST(MeanSum, RefusesBadShapesAndAxes) {
  const std::vector<float> in(6, 1.0f);
  EXPECT_TRUE(refused_with(reduce<float>(fb::BuiltinOperator::MEAN, TensorType::FLOAT32, {2, 3}, {1}, {2, 1}, false, in),
                           "output shape does not match the reduction (keep_dims false)"));
  EXPECT_TRUE(refused_with(reduce<float>(fb::BuiltinOperator::MEAN, TensorType::FLOAT32, {2, 3}, {1}, {2}, true, in),
                           "output shape does not match the reduction (keep_dims true)"));
  EXPECT_TRUE(refused_with(reduce<float>(fb::BuiltinOperator::SUM, TensorType::FLOAT32, {2, 3}, {2}, {2}, false, in),
                           "axis 2 out of range for rank 2"));
}

}  // namespace
}  // namespace nib::test
