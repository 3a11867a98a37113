// 16x8 operators (int16 activations, int8 weights), hand-checked.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ops/op_runner.h"

namespace nib::test {
namespace {

using fb::TensorType;

// Both inputs at scale 0.5, output 1.0: twice the larger input scale is 1,
// each input's multiplier 0.5, the output's 1 / 2^15. (3 + 4) * 0.5 = 3.5
// rounds away from zero to 4, -3.5 to -4.
TEST(Int16, AddRescalesAndRounds) {
  ModelBuilder b;
  const int x = b.tensor(TensorType::INT16, {4}, 0.5f, 0);
  const int y = b.constant(TensorType::INT16, {4}, std::vector<int16_t>{4, -4, 1, 32767}, 0.5f, 0);
  const int out = b.tensor(TensorType::INT16, {4}, 1.0f, 0);
  b.op(fb::BuiltinOperator::ADD, {x, y}, {out});
  b.inputs({x});
  b.outputs({out});
  const OpRun r = run_model(b, bytes_of(std::vector<int16_t>{3, -3, 0, 32767}));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.output<int16_t>(), (std::vector<int16_t>{4, -4, 1, 32767}));
}

TEST(Int16, AddRefusesNonZeroZeroPoints) {
  ModelBuilder b;
  const int x = b.tensor(TensorType::INT16, {2}, 0.5f, 3);
  const int y = b.tensor(TensorType::INT16, {2}, 0.5f, 0);
  const int out = b.tensor(TensorType::INT16, {2}, 1.0f, 0);
  b.op(fb::BuiltinOperator::ADD, {x, y}, {out});
  b.inputs({x, y});
  b.outputs({out});
  EXPECT_TRUE(refused_with(run_model(b, bytes_of(std::vector<int16_t>{0, 0})), "int16 input 1 zero point must be 0"));
}

// 1x1 convolution of two channels: 100 * 2 + 50 * -3 + bias 1000 = 1050,
// scaled by 1 / 4 = 262.5 -> 263, through the int64 path (bias int64) and
// the int32 path (bias int32) alike. A fused RELU clamps -1050 / 4 to 0.
OpRun conv_1x1(TensorType bias_type, fb::ActivationFunctionType act, std::vector<int16_t> input) {
  ModelBuilder b;
  const int in = b.tensor(TensorType::INT16, {1, 1, 1, 2}, 1.0f, 0);
  const int w = b.constant(TensorType::INT8, {1, 1, 1, 2}, std::vector<int8_t>{2, -3}, 1.0f, 0);
  const int bias = bias_type == TensorType::INT64
                       ? b.constant(TensorType::INT64, {1}, std::vector<int64_t>{1000}, 1.0f, 0)
                       : b.constant(TensorType::INT32, {1}, std::vector<int32_t>{1000}, 1.0f, 0);
  const int out = b.tensor(TensorType::INT16, {1, 1, 1, 1}, 4.0f, 0);
  b.op(fb::BuiltinOperator::CONV_2D, {in, w, bias}, {out}, conv_options(fb::Padding::VALID, 1, 1, act));
  b.inputs({in});
  b.outputs({out});
  return run_model(b, bytes_of(input));
}

TEST(Int16, ConvBias64And32) {
  for (TensorType bias : {TensorType::INT64, TensorType::INT32}) {
    const OpRun r = conv_1x1(bias, fb::ActivationFunctionType::NONE, {100, 50});
    ASSERT_TRUE(r.ok) << r.message;
    EXPECT_EQ(r.output<int16_t>(), std::vector<int16_t>{263});
    const OpRun relu = conv_1x1(bias, fb::ActivationFunctionType::RELU, {-100, 300});
    ASSERT_TRUE(relu.ok) << relu.message;
    EXPECT_EQ(relu.output<int16_t>(), std::vector<int16_t>{0});  // -200 - 900 + 1000 = -100 -> -25 -> 0
  }
}

// Weights [3, -1] (scale 0.5), input scale 2, output scale 1: multiplier 1.
// [1000, 7]: 2993 -> 2993; [20000, 0]: 60000 -> saturates at 32767.
TEST(Int16, FullyConnectedSaturates) {
  ModelBuilder b;
  const int in = b.tensor(TensorType::INT16, {2, 2}, 2.0f, 0);
  const int w = b.constant(TensorType::INT8, {1, 2}, std::vector<int8_t>{3, -1}, 0.5f, 0);
  const int out = b.tensor(TensorType::INT16, {2, 1}, 1.0f, 0);
  b.op(fb::BuiltinOperator::FULLY_CONNECTED, {in, w, -1}, {out});
  b.inputs({in});
  b.outputs({out});
  const OpRun r = run_model(b, bytes_of(std::vector<int16_t>{1000, 7, 20000, 0}));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.output<int16_t>(), (std::vector<int16_t>{2993, 32767}));
}

// int8 -> int16: (q - (-3)) * 0.1 / 0.001 = (q + 3) * 100, beyond int16 saturates.
TEST(Int16, QuantizeInt8ToInt16AndBack) {
  ModelBuilder b;
  const int in = b.tensor(TensorType::INT8, {3}, 0.1f, -3);
  const int out = b.tensor(TensorType::INT16, {3}, 0.001f, 0);
  b.op(fb::BuiltinOperator::QUANTIZE, {in}, {out});
  b.inputs({in});
  b.outputs({out});
  const OpRun r = run_model(b, bytes_of(std::vector<int8_t>{-3, 7, 127}));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.output<int16_t>(), (std::vector<int16_t>{0, 1000, 13000}));

  ModelBuilder back;
  const int in16 = back.tensor(TensorType::INT16, {3}, 0.001f, 0);
  const int out8 = back.tensor(TensorType::INT8, {3}, 0.1f, -3);
  back.op(fb::BuiltinOperator::QUANTIZE, {in16}, {out8});
  back.inputs({in16});
  back.outputs({out8});
  // 1049 / 100 = 10.49 -> 10 - 3 = 7; -32768 -> -327.68 -> -328 - 3 -> -128.
  const OpRun r2 = run_model(back, bytes_of(std::vector<int16_t>{1049, 50, -32768}));
  ASSERT_TRUE(r2.ok) << r2.message;
  EXPECT_EQ(ints(r2.output<int8_t>()), (std::vector<int>{7, 1 - 3, -128}));
}

}  // namespace
}  // namespace nib::test

namespace nib::test {
namespace {

OpRun softmax16(const std::vector<int16_t>& input, float in_scale, float beta) {
  ModelBuilder b;
  const int n = static_cast<int>(input.size());
  const int in = b.tensor(TensorType::INT16, {1, n}, in_scale, 0);
  const int out = b.tensor(TensorType::INT16, {1, n}, 1.0f / 32768, 0);
  fb::SoftmaxOptionsT o;
  o.beta = beta;
  b.op(fb::BuiltinOperator::SOFTMAX, {in}, {out}, options_union(o));
  b.inputs({in});
  b.outputs({out});
  return run_model(b, bytes_of(input));
}

// Equal inputs share [0, 1] evenly (within the tables' rounding); an input
// far above the rest takes almost everything.
TEST(Int16, SoftmaxSplitsEvenlyAndSaturates) {
  const OpRun even = softmax16({100, 100, 100, 100}, 0.01f, 1.0f);
  ASSERT_TRUE(even.ok) << even.message;
  for (int16_t v : even.output<int16_t>()) EXPECT_NEAR(v, 8192, 2);
  // 20 apart: the small ones clamp to the exp table's floor, exp(-10) =
  // 1.5 / 32768, not 0; the large one gets the rest.
  const OpRun one = softmax16({2000, 0, 0}, 0.01f, 1.0f);
  ASSERT_TRUE(one.ok) << one.message;
  const std::vector<int16_t> o = one.output<int16_t>();
  EXPECT_GE(o[0], 32760);
  EXPECT_LE(o[1], 2);
  EXPECT_EQ(o[1], o[2]);
  // beta scales the differences: 2 apart at beta 0.5 is e^-1 relative.
  const OpRun two = softmax16({200, 0}, 0.01f, 0.5f);
  ASSERT_TRUE(two.ok) << two.message;
  const std::vector<int16_t> v = two.output<int16_t>();
  EXPECT_NEAR(v[0], 32768 / (1 + std::exp(-1.0)), 8);
  EXPECT_NEAR(v[1], 32768 / (1 + std::exp(1.0)), 8);
}

TEST(Int16, SoftmaxRefusesOtherOutputScales) {
  ModelBuilder b;
  const int in = b.tensor(TensorType::INT16, {1, 2}, 0.01f, 0);
  const int out = b.tensor(TensorType::INT16, {1, 2}, 1.0f / 256, 0);
  fb::SoftmaxOptionsT o;
  o.beta = 1.0f;
  b.op(fb::BuiltinOperator::SOFTMAX, {in}, {out}, options_union(o));
  b.inputs({in});
  b.outputs({out});
  EXPECT_TRUE(refused_with(run_model(b, bytes_of(std::vector<int16_t>{0, 0})),
                           "int16 output must have scale 1/32768 and zero point 0"));
}

}  // namespace
}  // namespace nib::test
