// LOG_SOFTMAX and L2_NORMALIZATION end to end on rows worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ops/op_test_util.h"

namespace nib::test {
namespace {

using fb::BuiltinOperator;
using fb::TensorType;

ModelBuilder last_axis_op(BuiltinOperator code, TensorType type, std::vector<int32_t> shape, float s_in = 0,
                          int zp_in = 0, float s_out = 0, int zp_out = 0) {
  ModelBuilder b;
  const int in = b.tensor(type, shape, s_in, zp_in);
  const int out = b.tensor(type, shape, s_out, zp_out);
  b.op(code, {in}, {out});
  b.inputs({in});
  b.outputs({out});
  return b;
}

TEST(L2Normalization, Int8RowsIncludingAZeroRow) {
  // {3, 4} / 5 = {0.6, 0.8} -> x128: 76.8, 102.4 -> 77, 102; {0, -5} -> {0, -1} -> -128;
  // an all-zero row stays zero.
  const auto b = last_axis_op(BuiltinOperator::L2_NORMALIZATION, TensorType::INT8, {3, 2}, 0.1f, 0, 1.0f / 128, 0);
  Status s;
  const auto out = ints(run_values<int8_t>(b, std::vector<int8_t>{3, 4, 0, -5, 0, 0}, &s));
  ASSERT_TRUE(s) << s.message();
  EXPECT_EQ(out, (std::vector<int>{77, 102, 0, -128, 0, 0}));
}

TEST(L2Normalization, Int8InputZeroPointIsSubtracted) {
  // Zero point 10: stored {13, 14} are {3, 4}.
  const auto b = last_axis_op(BuiltinOperator::L2_NORMALIZATION, TensorType::INT8, {1, 2}, 0.1f, 10, 1.0f / 128, 0);
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{13, 14})), (std::vector<int>{77, 102}));
}

TEST(L2Normalization, Float32) {
  const auto b = last_axis_op(BuiltinOperator::L2_NORMALIZATION, TensorType::FLOAT32, {2, 2});
  EXPECT_EQ(run_values<float>(b, std::vector<float>{3, 4, 0, 0}), (std::vector<float>{0.6f, 0.8f, 0.0f, 0.0f}));
}

TEST(L2Normalization, RefusesAnotherInt8OutputScale) {
  const auto b = last_axis_op(BuiltinOperator::L2_NORMALIZATION, TensorType::INT8, {1, 2}, 0.1f, 0, 1.0f / 64, 0);
  const OpResult r = run_model(b, std::vector<int8_t>(2).data(), 2);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(L2_NORMALIZATION): int8 output must have scale 1/128 and zero point 0"),
            std::string::npos)
      << r.message();
}

TEST(LogSoftmax, Int8EqualValuesAndAFarOutlier) {
  // Output scale 1/16, zero point 127. Two equal values: log(1/2) * 16 =
  // -11.09 -> 116; four equal: log(1/4) * 16 = -22.18 -> 105. A value 128
  // steps (8.0) below the max of a pair: the max gets -log(1 + e^-8) * 16 =
  // -0.005 -> 127, the other (-8 - 0.0003) * 16 = -128.005 -> 127 - 128 = -1.
  const auto pair = last_axis_op(BuiltinOperator::LOG_SOFTMAX, TensorType::INT8, {2, 2}, 0.0625f, 0, 16.0f / 256, 127);
  Status s;
  EXPECT_EQ(ints(run_values<int8_t>(pair, std::vector<int8_t>{5, 5, 127, -1}, &s)),
            (std::vector<int>{116, 116, 127, -1}));
  ASSERT_TRUE(s) << s.message();
  const auto four = last_axis_op(BuiltinOperator::LOG_SOFTMAX, TensorType::INT8, {1, 4}, 0.0625f, 0, 16.0f / 256, 127);
  EXPECT_EQ(ints(run_values<int8_t>(four, std::vector<int8_t>{-7, -7, -7, -7})), (std::vector<int>{105, 105, 105, 105}));
  // Input scale 1/8: 128 steps are 16.0, whose -256 clamps to the lowest output.
  const auto wide = last_axis_op(BuiltinOperator::LOG_SOFTMAX, TensorType::INT8, {1, 2}, 0.125f, 0, 16.0f / 256, 127);
  EXPECT_EQ(ints(run_values<int8_t>(wide, std::vector<int8_t>{127, -1})), (std::vector<int>{127, -128}));
}

TEST(LogSoftmax, Float32) {
  const auto b = last_axis_op(BuiltinOperator::LOG_SOFTMAX, TensorType::FLOAT32, {1, 3});
  const auto out = run_values<float>(b, std::vector<float>{1.0f, 1.0f, 1.0f});
  ASSERT_EQ(out.size(), 3u);
  for (const float v : out) EXPECT_NEAR(v, -std::log(3.0f), 1e-6f);
}

TEST(LogSoftmax, RefusesAnotherInt8OutputQuantization) {
  const auto b = last_axis_op(BuiltinOperator::LOG_SOFTMAX, TensorType::INT8, {1, 2}, 0.1f, 0, 1.0f / 256, -128);
  const OpResult r = run_model(b, std::vector<int8_t>(2).data(), 2);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(LOG_SOFTMAX): int8 output must have scale 16/256 and zero point 127"),
            std::string::npos)
      << r.message();
}

}  // namespace
}  // namespace nib::test
