// RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR: the source-coordinate rules
// (default, align_corners, half_pixel_centers) and the int8 rounding, worked
// out by hand on one-row images.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/reference/resize.h"
#include "ops/op_test_util.h"

namespace nib::test {
namespace {

using fb::BuiltinOperator;
using fb::TensorType;

// [1,1,in_w,1] -> [1,1,out_w,1].
ModelBuilder resize_row(BuiltinOperator code, TensorType type, int32_t in_w, int32_t out_w, bool align, bool half) {
  ModelBuilder b;
  const bool q = type == TensorType::INT8;
  const int in = b.tensor(type, {1, 1, in_w, 1}, q ? 0.1f : 0.0f, q ? 4 : 0);
  const int size = b.constant(TensorType::INT32, {2}, std::vector<int32_t>{1, out_w});
  const int out = b.tensor(type, {1, 1, out_w, 1}, q ? 0.1f : 0.0f, q ? 4 : 0);
  fb::BuiltinOptionsUnion u;
  if (code == BuiltinOperator::RESIZE_BILINEAR) {
    fb::ResizeBilinearOptionsT o;
    o.align_corners = align;
    o.half_pixel_centers = half;
    u.Set(std::move(o));
  } else {
    fb::ResizeNearestNeighborOptionsT o;
    o.align_corners = align;
    o.half_pixel_centers = half;
    u.Set(std::move(o));
  }
  b.op(code, {in, size}, {out}, std::move(u));
  b.inputs({in});
  b.outputs({out});
  return b;
}

std::vector<int> bilinear_s8(const std::vector<int8_t>& row, int32_t out_w, bool align, bool half) {
  Status s;
  const auto out = run_values<int8_t>(
      resize_row(BuiltinOperator::RESIZE_BILINEAR, TensorType::INT8, static_cast<int32_t>(row.size()), out_w, align, half),
      row, &s);
  EXPECT_TRUE(s) << s.message();
  return ints(out);
}

TEST(ResizeBilinear, Int8DefaultHalvesTiesAwayFromZero) {
  // 2 -> 4: scale 512/1024; x = 1 sits halfway: 12.5 -> 13, -12.5 -> -13;
  // x = 3 maps to 1.5, clamped to the last column on both sides.
  EXPECT_EQ(bilinear_s8({10, 15}, 4, false, false), (std::vector<int>{10, 13, 15, 15}));
  EXPECT_EQ(bilinear_s8({-10, -15}, 4, false, false), (std::vector<int>{-10, -13, -15, -15}));
}

TEST(ResizeBilinear, Int8HalfPixelCenters) {
  // Source x = (i + 0.5) / 2 - 0.5: -0.25 (clamped to column 0), 0.25, 0.75, 1.25 (clamped):
  // 10, 10 * 0.75 + 15 * 0.25 = 11.25, 13.75, 15.
  EXPECT_EQ(bilinear_s8({10, 15}, 4, false, true), (std::vector<int>{10, 11, 14, 15}));
}

TEST(ResizeBilinear, Int8AlignCornersUsesATenBitScale) {
  // Scale (1024 + 1) / 3 = 341 (not 341.33): x = 1, 2, 3 take 341, 682, 1023
  // of column 1: 11.67 -> 12, 13.33 -> 13, 14.995 -> 15.
  EXPECT_EQ(bilinear_s8({10, 15}, 4, true, false), (std::vector<int>{10, 12, 13, 15}));
}

TEST(ResizeBilinear, Float32AlignCorners) {
  const auto b = resize_row(BuiltinOperator::RESIZE_BILINEAR, TensorType::FLOAT32, 3, 5, true, false);
  EXPECT_EQ(run_values<float>(b, std::vector<float>{0.0f, 4.0f, -4.0f}),
            (std::vector<float>{0.0f, 2.0f, 4.0f, 0.0f, -4.0f}));
}

TEST(ResizeBilinear, RefusesAlignCornersWithHalfPixelCenters) {
  const auto b = resize_row(BuiltinOperator::RESIZE_BILINEAR, TensorType::FLOAT32, 2, 4, true, true);
  const OpResult r = run_model(b, std::vector<float>(2).data(), 8);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(RESIZE_BILINEAR): align_corners and half_pixel_centers are both set"),
            std::string::npos)
      << r.message();
}

TEST(ResizeNearest, SourceIndexRules) {
  using kernels::reference::nearest_source;
  // 3 -> 2, scale 1.5: default floor(0, 1.5) = {0, 1}; half pixel floor(0.75, 2.25) = {0, 2};
  // align corners, scale 2: round(0, 2) = {0, 2}.
  EXPECT_EQ(nearest_source(1, 3, 2, false, false), 1);
  EXPECT_EQ(nearest_source(1, 3, 2, false, true), 2);
  EXPECT_EQ(nearest_source(1, 3, 2, true, false), 2);
  // 3 -> 5 align corners, scale 0.5: 0.5 and 1.5 round away from zero.
  EXPECT_EQ(nearest_source(1, 3, 5, true, false), 1);
  EXPECT_EQ(nearest_source(3, 3, 5, true, false), 2);
}

TEST(ResizeNearest, Int8AlignCornersEndToEnd) {
  const auto b = resize_row(BuiltinOperator::RESIZE_NEAREST_NEIGHBOR, TensorType::INT8, 3, 5, true, false);
  EXPECT_EQ(ints(run_values<int8_t>(b, std::vector<int8_t>{10, 20, 30})), (std::vector<int>{10, 20, 20, 30, 30}));
}

TEST(ResizeNearest, RefusesAnOutputThatIsNotTheSize) {
  ModelBuilder b;
  const int in = b.tensor(TensorType::FLOAT32, {1, 2, 2, 3});
  const int size = b.constant(TensorType::INT32, {2}, std::vector<int32_t>{4, 4});
  const int out = b.tensor(TensorType::FLOAT32, {1, 4, 3, 3});
  b.op(BuiltinOperator::RESIZE_NEAREST_NEIGHBOR, {in, size}, {out});
  b.inputs({in});
  b.outputs({out});
  const OpResult r = run_model(b, std::vector<float>(12).data(), 48);
  EXPECT_FALSE(r.status);
  EXPECT_NE(r.message().find("(RESIZE_NEAREST_NEIGHBOR): output shape does not match"), std::string::npos)
      << r.message();
}

}  // namespace
}  // namespace nib::test
