// MAX_POOL_2D and AVERAGE_POOL_2D reference kernels on hand-computed cases.
// Windows are clipped to the input; padding never contributes a value, and
// an average divides by the number of positions actually covered.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernel_test_util.h"
#include "kernels/reference/reference.h"

namespace nib::kernels::testing {
namespace {

namespace ref = reference;

struct PoolShape {
  int32_t in_h, in_w, channels;
  int32_t filter_h, filter_w, stride;
  int32_t out_h, out_w;
  int32_t pad;  // before, both dims
};

PoolParams pool_params(const PoolShape& s) {
  PoolParams p{};
  p.batches = 1;
  p.in_h = s.in_h;
  p.in_w = s.in_w;
  p.channels = s.channels;
  p.out_h = s.out_h;
  p.out_w = s.out_w;
  p.filter_h = s.filter_h;
  p.filter_w = s.filter_w;
  p.stride_h = p.stride_w = s.stride;
  p.pad_h = p.pad_w = s.pad;
  p.act_min = -128;
  p.act_max = 127;
  return p;
}

// 2x2 window, stride 2, SAME on a 3x3 input: out 2x2, total pad
// (2-1)*2 + 2 - 3 = 1, before 0. Windows cover
//   (0,0): rows 0-1 x cols 0-1 (4 values)   (0,1): rows 0-1 x col 2 (2 values)
//   (1,0): row 2 x cols 0-1 (2 values)      (1,1): row 2 x col 2 (1 value)
const PoolShape kSame2x2Stride2On3x3 = {.in_h = 3, .in_w = 3, .channels = 1, .filter_h = 2, .filter_w = 2,
                                       .stride = 2, .out_h = 2, .out_w = 2, .pad = 0};

std::vector<int> max_s8(const PoolParams& p, const std::vector<int8_t>& input) {
  std::vector<int8_t> out(static_cast<size_t>(p.batches * p.out_h * p.out_w * p.channels), 99);
  ref::max_pool_s8(p, input.data(), out.data());
  return as_ints(out);
}

std::vector<int> avg_s8(const PoolParams& p, const std::vector<int8_t>& input) {
  std::vector<int8_t> out(static_cast<size_t>(p.batches * p.out_h * p.out_w * p.channels), 99);
  ref::average_pool_s8(p, input.data(), out.data());
  return as_ints(out);
}

TEST(MaxPoolS8, SamePaddingClippedWindows) {
  //  1 -2  3
  // -4  5 -6
  //  7 -8  9
  // max(1,-2,-4,5) = 5; max(3,-6) = 3; max(7,-8) = 7; max(9) = 9
  EXPECT_EQ(max_s8(pool_params(kSame2x2Stride2On3x3), {1, -2, 3, -4, 5, -6, 7, -8, 9}),
            (std::vector<int>{5, 3, 7, 9}));
}

TEST(MaxPoolS8, PaddingDoesNotContributeToAllNegativeWindows) {
  // 3x3 window, stride 1, SAME (pad 1) on a 2x2 input: every window covers
  // all four values, so every output is max(-5,-3,-7,-9) = -3 (not 0).
  const PoolParams p = pool_params({.in_h = 2, .in_w = 2, .channels = 1, .filter_h = 3, .filter_w = 3,
                                    .stride = 1, .out_h = 2, .out_w = 2, .pad = 1});
  EXPECT_EQ(max_s8(p, {-5, -3, -7, -9}), (std::vector<int>{-3, -3, -3, -3}));
}

TEST(MaxPoolS8, ChannelsAndBatchesAreIndependent) {
  // 2x2 global pool over a 2-batch, 2-channel 2x2 input.
  PoolParams p = pool_params({.in_h = 2, .in_w = 2, .channels = 2, .filter_h = 2, .filter_w = 2,
                              .stride = 2, .out_h = 1, .out_w = 1, .pad = 0});
  p.batches = 2;
  const std::vector<int8_t> input = {1, -1, 2, -2, 3, -3, 4, -4,     // batch 0: ch0 1..4, ch1 -1..-4
                                     10, 0, 20, 5, 30, -5, 40, 1};  // batch 1: ch0 10..40, ch1 {0,5,-5,1}
  // batch 0: max ch0 = 4, ch1 = -1;  batch 1: ch0 = 40, ch1 = 5
  EXPECT_EQ(max_s8(p, input), (std::vector<int>{4, -1, 40, 5}));
}

TEST(MaxPoolS8, Clamps) {
  PoolParams p = pool_params(kSame2x2Stride2On3x3);
  p.act_min = 4;
  p.act_max = 8;
  // {5, 3, 7, 9} clamped to [4, 8]
  EXPECT_EQ(max_s8(p, {1, -2, 3, -4, 5, -6, 7, -8, 9}), (std::vector<int>{5, 4, 7, 8}));
}

TEST(AveragePoolS8, SamePaddingDividesByCoveredCount) {
  // 1 2 3 / 4 5 6 / 7 8 9
  // (1+2+4+5)/4 = 3;  (3+6)/2 = 4.5 -> 5;  (7+8)/2 = 7.5 -> 8;  9/1 = 9
  // (dividing by the full window, 4, would give 2 and 4 for the edges).
  EXPECT_EQ(avg_s8(pool_params(kSame2x2Stride2On3x3), {1, 2, 3, 4, 5, 6, 7, 8, 9}),
            (std::vector<int>{3, 5, 8, 9}));
}

TEST(AveragePoolS8, NegativeSumsRoundHalfAwayFromZero) {
  // Negated image: -12/4 = -3;  -9/2 = -4.5 -> -5;  -15/2 = -7.5 -> -8;  -9
  EXPECT_EQ(avg_s8(pool_params(kSame2x2Stride2On3x3), {-1, -2, -3, -4, -5, -6, -7, -8, -9}),
            (std::vector<int>{-3, -5, -8, -9}));
}

TEST(AveragePoolS8, RoundingOfTwoElementWindows) {
  // 1x2 window over 1x2 input, 4 channels:
  //   ch0 {-2,-3}: -5/2 = -2.5 -> -3     ch1 {2,3}: 5/2 = 2.5 -> 3
  //   ch2 {-1,-2}: -3/2 = -1.5 -> -2     ch3 {-1,0}: -1/2 = -0.5 -> -1
  const PoolParams p = pool_params({.in_h = 1, .in_w = 2, .channels = 4, .filter_h = 1, .filter_w = 2,
                                    .stride = 1, .out_h = 1, .out_w = 1, .pad = 0});
  EXPECT_EQ(avg_s8(p, {-2, 2, -1, -1, -3, 3, -2, 0}), (std::vector<int>{-3, 3, -2, -1}));
}

TEST(AveragePoolS8, NonHalfQuotientsRoundToNearest) {
  // 2x2 window, 4 channels:
  //   ch0 sum -7: -1.75 -> -2   ch1 sum -5: -1.25 -> -1
  //   ch2 sum 7: 1.75 -> 2      ch3 sum 5: 1.25 -> 1
  const PoolParams p = pool_params({.in_h = 2, .in_w = 2, .channels = 4, .filter_h = 2, .filter_w = 2,
                                    .stride = 2, .out_h = 1, .out_w = 1, .pad = 0});
  const std::vector<int8_t> input = {-4, -2, 4, 2,    // (0,0)
                                     -1, -1, 1, 1,    // (0,1)
                                     -1, -1, 1, 1,    // (1,0)
                                     -1, -1, 1, 1};   // (1,1)
  EXPECT_EQ(avg_s8(p, input), (std::vector<int>{-2, -1, 2, 1}));
}

TEST(AveragePoolS8, Clamps) {
  PoolParams p = pool_params(kSame2x2Stride2On3x3);
  p.act_min = -4;
  p.act_max = 6;
  // {3, 5, 8, 9} clamped to [-4, 6]
  EXPECT_EQ(avg_s8(p, {1, 2, 3, 4, 5, 6, 7, 8, 9}), (std::vector<int>{3, 5, 6, 6}));
}

TEST(PoolF32, AverageDividesByCoveredCount) {
  const PoolParams p = pool_params(kSame2x2Stride2On3x3);
  const std::vector<float> input = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  // 12/4 = 3, 9/2 = 4.5, 15/2 = 7.5, 9/1 = 9
  std::vector<float> out(4);
  ref::average_pool_f32(p, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{3.0f, 4.5f, 7.5f, 9.0f}));
}

TEST(PoolF32, MaxWithClamp) {
  PoolParams p = pool_params(kSame2x2Stride2On3x3);
  p.clamp = {3.5f, 8.0f};
  const std::vector<float> input = {1, -2, 3, -4, 5, -6, 7, -8, 9};
  // {5, 3, 7, 9} clamped to [3.5, 8]
  std::vector<float> out(4);
  ref::max_pool_f32(p, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{5.0f, 3.5f, 7.0f, 8.0f}));
}

}  // namespace
}  // namespace nib::kernels::testing
