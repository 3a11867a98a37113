// REDUCE_MAX, REDUCE_MIN, ARG_MAX, ARG_MIN end to end on hand-made tensors.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ops/op_test_util.h"

namespace nib::test {
namespace {

using fb::BuiltinOperator;
using fb::TensorType;

ModelBuilder reducer(BuiltinOperator code, TensorType type, std::vector<int32_t> in_shape, std::vector<int32_t> axes,
                     std::vector<int32_t> out_shape, bool keep_dims, float s_out = 0.5f, int zp_out = 3) {
  ModelBuilder b;
  const bool q = type == TensorType::INT8;
  const int in = b.tensor(type, std::move(in_shape), q ? 0.5f : 0.0f, q ? 3 : 0);
  const int ax = b.constant(TensorType::INT32, {static_cast<int32_t>(axes.size())}, axes);
  const int out = b.tensor(type, std::move(out_shape), q ? s_out : 0.0f, q ? zp_out : 0);
  fb::ReducerOptionsT o;
  o.keep_dims = keep_dims;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  b.op(code, {in, ax}, {out}, std::move(u));
  b.inputs({in});
  b.outputs({out});
  return b;
}

ModelBuilder arg(BuiltinOperator code, TensorType type, std::vector<int32_t> in_shape, int32_t axis,
                 std::vector<int32_t> out_shape) {
  ModelBuilder b;
  const int in = b.tensor(type, std::move(in_shape));
  const int ax = b.constant(TensorType::INT32, {1}, std::vector<int32_t>{axis});
  const int out = b.tensor(TensorType::INT32, std::move(out_shape));
  b.op(code, {in, ax}, {out});
  b.inputs({in});
  b.outputs({out});
  return b;
}

// x[i][j][k] = values laid out row-major over [2, 3, 2].
const std::vector<int8_t> kCube{5, -1, 7, 2, -9, 4,  //
                                0, 8, -3, 6, 1, -128};

TEST(ReduceOps, Int8MaxOverOuterAndInnerAxesNegativeAxis) {
  // Axes 0 and -1 (= 2) of [2,3,2]: per middle index j, over i and k:
  // j=0: {5,-1,0,8} -> 8; j=1: {7,2,-3,6} -> 7; j=2: {-9,4,1,-128} -> 4.
  const auto b = reducer(BuiltinOperator::REDUCE_MAX, TensorType::INT8, {2, 3, 2}, {0, -1}, {3}, false);
  Status s;
  const auto out = run_values<int8_t>(b, kCube, &s);
  ASSERT_TRUE(s) << s.message();
  EXPECT_EQ(ints(out), (std::vector<int>{8, 7, 4}));
}

TEST(ReduceOps, Int8MinKeepDims) {
  // Axis 1 with keep_dims: [2,1,2]; i=0: min over j of {5,7,-9}, {-1,2,4}; i=1: {0,-3,1}, {8,6,-128}.
  const auto b = reducer(BuiltinOperator::REDUCE_MIN, TensorType::INT8, {2, 3, 2}, {1}, {2, 1, 2}, true);
  EXPECT_EQ(ints(run_values<int8_t>(b, kCube)), (std::vector<int>{-9, -1, -3, -128}));
}

TEST(ReduceOps, Float32AllAxesToAScalar) {
  const auto b = reducer(BuiltinOperator::REDUCE_MIN, TensorType::FLOAT32, {2, 2}, {0, 1}, {}, false);
  EXPECT_EQ(run_values<float>(b, std::vector<float>{3.5f, -2.25f, 0.0f, 9.0f}), (std::vector<float>{-2.25f}));
}

TEST(ReduceOps, RefusesInt8WithDifferentOutputQuantization) {
  const auto b = reducer(BuiltinOperator::REDUCE_MAX, TensorType::INT8, {2, 3, 2}, {1}, {2, 2}, false, 0.25f, 3);
  const OpResult r = run_model(b, kCube.data(), kCube.size());
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(REDUCE_MAX): int8 needs equal input and output quantization"), std::string::npos)
      << r.message();
}

TEST(ReduceOps, RefusesAnOutputShapeThatIsNotTheReduction) {
  const auto b = reducer(BuiltinOperator::REDUCE_MAX, TensorType::FLOAT32, {2, 3}, {1}, {3}, false);
  const OpResult r = run_model(b, std::vector<float>(6).data(), 24);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(REDUCE_MAX): output shape does not match the reduction"), std::string::npos)
      << r.message();
}

TEST(ArgOps, FirstIndexWinsTies) {
  // [2,3] over axis 1: row {4,9,9} -> max at 1 (first of the tie), min at 0;
  // row {-2,-2,-7} -> max at 0, min at 2.
  const std::vector<float> in{4, 9, 9, -2, -2, -7};
  EXPECT_EQ(run_values<int32_t>(arg(BuiltinOperator::ARG_MAX, TensorType::FLOAT32, {2, 3}, 1, {2}), in),
            (std::vector<int32_t>{1, 0}));
  EXPECT_EQ(run_values<int32_t>(arg(BuiltinOperator::ARG_MIN, TensorType::FLOAT32, {2, 3}, 1, {2}), in),
            (std::vector<int32_t>{0, 2}));
}

TEST(ArgOps, Int8OverTheOuterAxisWithANegativeAxis) {
  // [2,3,2] over axis -3 (= 0): compare kCube[0][j][k] with kCube[1][j][k].
  EXPECT_EQ(run_values<int32_t>(arg(BuiltinOperator::ARG_MAX, TensorType::INT8, {2, 3, 2}, -3, {3, 2}), kCube),
            (std::vector<int32_t>{0, 1, 0, 1, 1, 0}));
}

TEST(ArgOps, RefusesAnAxisOutOfRange) {
  const auto b = arg(BuiltinOperator::ARG_MIN, TensorType::FLOAT32, {2, 3}, 2, {2});
  const OpResult r = run_model(b, std::vector<float>(6).data(), 24);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(ARG_MIN): axis 2 out of range for rank 2"), std::string::npos) << r.message();
}

}  // namespace
}  // namespace nib::test
