// BATCH_MATMUL and TRANSPOSE_CONV end to end on products worked out by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ops/op_test_util.h"

namespace nib::test {
namespace {

using fb::BuiltinOperator;
using fb::TensorType;

template <typename T>
ModelBuilder matmul(TensorType type, std::vector<int32_t> lhs_shape, std::vector<int32_t> rhs_shape,
                    const std::vector<T>& rhs, std::vector<int32_t> out_shape, bool adj_x = false, bool adj_y = false,
                    int lhs_zp = 0, int rhs_zp = 0) {
  ModelBuilder b;
  const bool q = type == TensorType::INT8;
  const int l = b.tensor(type, std::move(lhs_shape), q ? 1.0f : 0.0f, lhs_zp);
  const int r = b.constant(type, std::move(rhs_shape), rhs, q ? 1.0f : 0.0f, rhs_zp);
  const int out = b.tensor(type, std::move(out_shape), q ? 1.0f : 0.0f, 0);
  fb::BatchMatMulOptionsT o;
  o.adj_x = adj_x;
  o.adj_y = adj_y;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  b.op(BuiltinOperator::BATCH_MATMUL, {l, r}, {out}, std::move(u));
  b.inputs({l});
  b.outputs({out});
  return b;
}

TEST(BatchMatMul, Float32PlainAndAdjoint) {
  // [1 2; 3 4] x [5 6; 7 8] = [19 22; 43 50], with either operand stored transposed.
  const std::vector<float> expected{19, 22, 43, 50};
  EXPECT_EQ(run_values<float>(matmul<float>(TensorType::FLOAT32, {2, 2}, {2, 2}, {5, 6, 7, 8}, {2, 2}),
                              std::vector<float>{1, 2, 3, 4}),
            expected);
  EXPECT_EQ(run_values<float>(matmul<float>(TensorType::FLOAT32, {2, 2}, {2, 2}, {5, 7, 6, 8}, {2, 2}, false, true),
                              std::vector<float>{1, 2, 3, 4}),
            expected);
  EXPECT_EQ(run_values<float>(matmul<float>(TensorType::FLOAT32, {2, 2}, {2, 2}, {5, 6, 7, 8}, {2, 2}, true, false),
                              std::vector<float>{1, 3, 2, 4}),
            expected);
}

TEST(BatchMatMul, Float32BroadcastsBatchesEitherWay) {
  // Two lhs batches [1 2] and [3 4] against one rank-2 rhs [10; 1].
  EXPECT_EQ(run_values<float>(matmul<float>(TensorType::FLOAT32, {2, 1, 2}, {2, 1}, {10, 1}, {2, 1, 1}),
                              std::vector<float>{1, 2, 3, 4}),
            (std::vector<float>{12, 34}));
  // One lhs [1 2] against three rhs batches [1;0], [0;1], [2;3].
  EXPECT_EQ(run_values<float>(matmul<float>(TensorType::FLOAT32, {1, 1, 2}, {3, 2, 1}, {1, 0, 0, 1, 2, 3}, {3, 1, 1}),
                              std::vector<float>{1, 2}),
            (std::vector<float>{1, 2, 8}));
}

TEST(BatchMatMul, Int8ZeroPointsAndSaturation) {
  // Scales 1, lhs zero point 1, rhs zero point -2: (3-1, 5-1) = (2, 4) times
  // columns (0+2, 1+2) and (62+2, 100+2): 2*2 + 4*3 = 16; 2*64 + 4*102 = 536 -> 127.
  const auto b = matmul<int8_t>(TensorType::INT8, {1, 2}, {2, 2}, {0, 62, 1, 100}, {1, 2}, false, false, 1, -2);
  Status s;
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{3, 5}, &s)), (std::vector<int>{16, 127}));
  EXPECT_TRUE(s) << s.message();
}

TEST(BatchMatMul, RefusesMismatchedInnerDimensions) {
  const auto b = matmul<float>(TensorType::FLOAT32, {2, 3}, {2, 2}, {1, 2, 3, 4}, {2, 2});
  const OpResult r = run_model(b, std::vector<float>(6).data(), 24);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(BATCH_MATMUL): inner dimensions differ: 3 and 2"), std::string::npos) << r.message();
}

template <typename T>
ModelBuilder transpose_conv(TensorType type, std::vector<int32_t> in_shape, std::vector<int32_t> filter_shape,
                            const std::vector<T>& filter, std::vector<int32_t> out_shape, fb::Padding padding,
                            int stride, const void* bias, size_t bias_bytes, bool per_channel = false,
                            fb::ActivationFunctionType act = fb::ActivationFunctionType::NONE) {
  ModelBuilder b;
  const bool q = type == TensorType::INT8;
  const int in = b.tensor(type, std::move(in_shape), q ? 1.0f : 0.0f, q ? 1 : 0);
  const int shape = b.constant(TensorType::INT32, {4}, out_shape);
  const int32_t out_c = filter_shape[0];
  const int f = b.constant(type, std::move(filter_shape), filter, q ? 1.0f : 0.0f, 0);
  if (per_channel) b.per_channel(f, {1.0f, 0.5f}, 0);
  const int out = b.tensor(type, out_shape, q ? 1.0f : 0.0f, 0);
  std::vector<int32_t> inputs{shape, f, in};
  if (bias != nullptr) inputs.push_back(b.constant(q ? TensorType::INT32 : TensorType::FLOAT32, {out_c}, bias, bias_bytes));
  fb::TransposeConvOptionsT o;
  o.padding = padding;
  o.stride_w = stride;
  o.stride_h = stride;
  o.fused_activation_function = act;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  b.op(BuiltinOperator::TRANSPOSE_CONV, inputs, {out}, std::move(u));
  b.inputs({in});
  b.outputs({out});
  return b;
}

TEST(TransposeConv, Float32Stride2ExpandsEachPixelIntoABlock) {
  // 2x2 input, 2x2 filter [1 10; 100 1000], stride 2, VALID: out[2y+i][2x+j] =
  // in[y][x] * f[i][j], plus the bias 0.5.
  const float bias = 0.5f;
  const auto b = transpose_conv<float>(TensorType::FLOAT32, {1, 2, 2, 1}, {1, 2, 2, 1}, {1, 10, 100, 1000},
                                       {1, 4, 4, 1}, fb::Padding::VALID, 2, &bias, sizeof bias);
  Status s;
  const auto out = run_values<float>(b, std::vector<float>{1, 2, 3, 4}, &s);
  ASSERT_TRUE(s) << s.message();
  EXPECT_EQ(out, (std::vector<float>{1.5f, 10.5f, 2.5f, 20.5f, 100.5f, 1000.5f, 200.5f, 2000.5f,  //
                                     3.5f, 30.5f, 4.5f, 40.5f, 300.5f, 3000.5f, 400.5f, 4000.5f}));
}

TEST(TransposeConv, Float32OverlapsSumAndSamePaddingCrops) {
  // Row {1, 2, 3}, filter {1, 10}, stride 1. VALID: width 4, {1, 2+10, 3+20, 30};
  // SAME: width 3, total padding 1 -> 0 before, the last column dropped.
  const auto valid = transpose_conv<float>(TensorType::FLOAT32, {1, 1, 3, 1}, {1, 1, 2, 1}, {1, 10}, {1, 1, 4, 1},
                                           fb::Padding::VALID, 1, nullptr, 0);
  EXPECT_EQ(run_values<float>(valid, std::vector<float>{1, 2, 3}), (std::vector<float>{1, 12, 23, 30}));
  const auto same = transpose_conv<float>(TensorType::FLOAT32, {1, 1, 3, 1}, {1, 1, 2, 1}, {1, 10}, {1, 1, 3, 1},
                                          fb::Padding::SAME, 1, nullptr, 0);
  EXPECT_EQ(run_values<float>(same, std::vector<float>{1, 2, 3}), (std::vector<float>{1, 12, 23}));
}

TEST(TransposeConv, Int8PerChannelBiasAndRelu) {
  // Input zero point 1: values 2 and -1. Filter {2, 4} with scales {1, 0.5},
  // bias {10, -4}: pixel 0: 2*2+10 = 14, (2*4-4) * 0.5 = 2; pixel 1: -2+10 = 8,
  // (-4-4) * 0.5 = -4, which RELU clamps to 0.
  const std::vector<int32_t> bias{10, -4};
  for (const auto act : {fb::ActivationFunctionType::NONE, fb::ActivationFunctionType::RELU}) {
    const auto b = transpose_conv<int8_t>(TensorType::INT8, {1, 1, 2, 1}, {2, 1, 1, 1}, {2, 4}, {1, 1, 2, 2},
                                          fb::Padding::VALID, 1, bias.data(), 8, true, act);
    Status s;
    const auto out = ints(run_values<int8_t>(b, std::vector<int8_t>{3, 0}, &s));
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(out, (std::vector<int>{14, 2, 8, act == fb::ActivationFunctionType::RELU ? 0 : -4}));
  }
}

TEST(TransposeConv, RefusesAnInputThatDoesNotFitTheOutput) {
  // A 3x3 output from stride 2 and VALID padding takes a 1x1 input, not 2x2.
  const auto b = transpose_conv<float>(TensorType::FLOAT32, {1, 2, 2, 1}, {1, 2, 2, 1}, {1, 1, 1, 1}, {1, 3, 3, 1},
                                       fb::Padding::VALID, 2, nullptr, 0);
  const OpResult r = run_model(b, std::vector<float>(4).data(), 16);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(TRANSPOSE_CONV): input size does not match the output size"), std::string::npos)
      << r.message();
}

}  // namespace
}  // namespace nib::test
