// RELU and RELU6 on int8 with different input and output quantization, as
// TFLite Micro computes them (hand-checked).
#include <gtest/gtest.h>

#include <vector>

#include "ops/op_runner.h"

namespace nib::test {
namespace {

using fb::TensorType;

OpRun unary_s8(fb::BuiltinOperator code, const std::vector<int8_t>& input, float in_scale, int in_zp,
               float out_scale, int out_zp) {
  ModelBuilder b;
  const int n = static_cast<int>(input.size());
  const int in = b.tensor(TensorType::INT8, {n}, in_scale, in_zp);
  const int out = b.tensor(TensorType::INT8, {n}, out_scale, out_zp);
  b.op(code, {in}, {out});
  b.inputs({in});
  b.outputs({out});
  return run_model(b, bytes_of(input));
}

// RELU6 clamps to [zp_in, zp_in + round(6 / s_in)] = [-10, 50] in the
// input's quantization and copies: the output's scale and zero point are
// ignored (TFLite would requantize to them).
TEST(Relu6, Int8ClampsInInputQuantization) {
  const OpRun r = unary_s8(fb::BuiltinOperator::RELU6, {-128, -11, -10, 0, 49, 50, 51, 127}, 0.1f, -10, 0.05f, 3);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{-10, -10, -10, 0, 49, 50, 50, 50}));
}

// 6 / 0.01 = 600 is beyond int8: the upper bound is 127.
TEST(Relu6, Int8UpperBoundSaturates) {
  const OpRun r = unary_s8(fb::BuiltinOperator::RELU6, {-5, 0, 127}, 0.01f, 0, 1.0f, 0);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{0, 0, 127}));
}

// RELU requantizes (x - 0) * 0.5 / 0.25 - 5 and clamps below at the output
// zero point -5: -3 -> -11 -> -5, 1 -> -3, 60 -> 115, 70 -> 135 -> 127.
TEST(Relu, Int8RequantizesThenClamps) {
  const OpRun r = unary_s8(fb::BuiltinOperator::RELU, {-3, 0, 1, 60, 70}, 0.5f, 0, 0.25f, -5);
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{-5, -5, -3, 115, 127}));
}

}  // namespace
}  // namespace nib::test
