// DEPTHWISE_CONV_2D reference kernels on hand-computed cases. Layouts: input
// NHWC, filter 1HWO with output channel oc = ic * depth_multiplier + m.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernel_test_util.h"
#include "kernels/reference/reference.h"

namespace nib::kernels::testing {
namespace {

namespace ref = reference;

std::vector<int> run_s8(const ConvParams& p, const std::vector<int8_t>& input, const std::vector<int8_t>& filter,
                        const int32_t* bias = nullptr) {
  std::vector<int8_t> out(static_cast<size_t>(p.batches * p.out_h * p.out_w * p.out_c), 99);
  ref::depthwise_conv2d_s8(p, input.data(), filter.data(), bias, out.data());
  return as_ints(out);
}

// 2x2 image, 2 channels: pixel (y,x) = {v, 10v} with v = 1..4.
const std::vector<int8_t> kTwoChannelImage = {1, 10, 2, 20, 3, 30, 4, 40};

// 2x2 filter, depth multiplier 2 (4 outputs), listed per tap position:
//                                 oc0 = ic0,m0  oc1 = ic0,m1  oc2 = ic1,m0  oc3 = ic1,m1
const std::vector<int8_t> kDm2Filter = {1, 1, 1, 0,     // tap (0,0)
                                        1, -1, 1, 0,    // tap (0,1)
                                        1, 0, 1, 1,     // tap (1,0)
                                        1, 2, 1, -1};   // tap (1,1)

TEST(DepthwiseConv2dS8, DepthMultiplier2) {
  const Multipliers m({1.0, 1.0, 1.0, 1.0});
  ConvParams p = depthwise_params({.in_h = 2, .in_w = 2, .in_c = 2, .filter_h = 2, .filter_w = 2,
                                   .out_h = 1, .out_w = 1, .out_c = 4});
  p.requant = m.requant();
  // oc0: ch0 . {1,1,1,1}   = 1+2+3+4 = 10
  // oc1: ch0 . {1,-1,0,2}  = 1-2+0+8 = 7
  // oc2: ch1 . {1,1,1,1}   = 10+20+30+40 = 100
  // oc3: ch1 . {0,0,1,-1}  = 30-40 = -10
  EXPECT_EQ(run_s8(p, kTwoChannelImage, kDm2Filter), (std::vector<int>{10, 7, 100, -10}));
}

TEST(DepthwiseConv2dS8, SamePaddingStride2) {
  // 3x3 image 1..9, 3x3 all-ones filter, stride 2, SAME: out 2x2, total pad
  // (2-1)*2 + 3 - 3 = 2, before 1: windows centred on the four corners.
  const Multipliers m({1.0});
  ConvParams p = depthwise_params({.in_h = 3, .in_w = 3, .in_c = 1, .filter_h = 3, .filter_w = 3,
                                   .out_h = 2, .out_w = 2, .out_c = 1});
  p.stride_h = p.stride_w = 2;
  p.pad_h = p.pad_w = 1;
  p.requant = m.requant();
  // 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28
  EXPECT_EQ(run_s8(p, {1, 2, 3, 4, 5, 6, 7, 8, 9}, std::vector<int8_t>(9, 1)),
            (std::vector<int>{12, 16, 24, 28}));
}

TEST(DepthwiseConv2dS8, Dilation2KeepsChannelsApart) {
  // 4x4 image, channel 0 = 1..16 row-major, channel 1 = its negation;
  // 2x2 all-ones filter with dilation 2: taps at (0,0), (0,2), (2,0), (2,2).
  const Multipliers m({1.0, 1.0});
  ConvParams p = depthwise_params({.in_h = 4, .in_w = 4, .in_c = 2, .filter_h = 2, .filter_w = 2,
                                   .out_h = 2, .out_w = 2, .out_c = 2});
  p.dilation_h = p.dilation_w = 2;
  p.requant = m.requant();
  std::vector<int8_t> input;
  for (int v = 1; v <= 16; ++v) {
    input.push_back(static_cast<int8_t>(v));
    input.push_back(static_cast<int8_t>(-v));
  }
  // (0,0): 1+3+9+11 = 24  (0,1): 2+4+10+12 = 28  (1,0): 5+7+13+15 = 40  (1,1): 6+8+14+16 = 44
  EXPECT_EQ(run_s8(p, input, std::vector<int8_t>(8, 1)),
            (std::vector<int>{24, -24, 28, -28, 40, -40, 44, -44}));
}

TEST(DepthwiseConv2dS8, PerChannelRequantWithBiasAndZeroPoints) {
  const Multipliers m({0.5, 0.25});
  ConvParams p = depthwise_params({.in_h = 1, .in_w = 1, .in_c = 2, .filter_h = 1, .filter_w = 1,
                                   .out_h = 1, .out_w = 1, .out_c = 2});
  p.input_offset = -2;  // input zero point 2
  p.requant = m.requant(/*output_offset=*/-1);
  const std::vector<int32_t> bias = {1, 2};
  // ch0: (12-2)*3 = 30; +1 = 31;  * 0.5 = 15.5 -> 16 (positive tie rounds up); -1 = 15
  // ch1: (-8-2)*5 = -50; +2 = -48; * 0.25 = -12 (exact);                  -1 = -13
  EXPECT_EQ(run_s8(p, {12, -8}, {3, 5}, bias.data()), (std::vector<int>{15, -13}));
}

TEST(DepthwiseConv2dS8, TwoBatchesAndClamp) {
  const Multipliers m({1.0, 1.0});
  ConvParams p = depthwise_params({.in_h = 1, .in_w = 1, .in_c = 1, .filter_h = 1, .filter_w = 1,
                                   .out_h = 1, .out_w = 1, .out_c = 2});
  p.batches = 2;
  p.requant = m.requant(0, /*act_min=*/-12, /*act_max=*/12);
  // batch 0: 5 * {2, -3} = {10, -15} -> {10, -12}
  // batch 1: -5 * {2, -3} = {-10, 15} -> {-10, 12}
  EXPECT_EQ(run_s8(p, {5, -5}, {2, -3}), (std::vector<int>{10, -12, -10, 12}));
}

TEST(DepthwiseConv2dF32, DepthMultiplier2WithBias) {
  ConvParams p = depthwise_params({.in_h = 2, .in_w = 2, .in_c = 2, .filter_h = 2, .filter_w = 2,
                                   .out_h = 1, .out_w = 1, .out_c = 4});
  const std::vector<float> input(kTwoChannelImage.begin(), kTwoChannelImage.end());
  const std::vector<float> filter(kDm2Filter.begin(), kDm2Filter.end());
  const std::vector<float> bias = {0.5f, -0.5f, 0.25f, 0.0f};
  // {10, 7, 100, -10} (see DepthwiseConv2dS8.DepthMultiplier2) + bias
  std::vector<float> out(4);
  ref::depthwise_conv2d_f32(p, input.data(), filter.data(), bias.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{10.5f, 6.5f, 100.25f, -10.0f}));
}

TEST(DepthwiseConv2dF32, SamePaddingStride2Clamped) {
  ConvParams p = depthwise_params({.in_h = 3, .in_w = 3, .in_c = 1, .filter_h = 3, .filter_w = 3,
                                   .out_h = 2, .out_w = 2, .out_c = 1});
  p.stride_h = p.stride_w = 2;
  p.pad_h = p.pad_w = 1;
  p.clamp = {15.0f, 25.0f};
  const std::vector<float> input = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<float> filter(9, 1.0f);
  // {12, 16, 24, 28} clamped to [15, 25]
  std::vector<float> out(4);
  ref::depthwise_conv2d_f32(p, input.data(), filter.data(), nullptr, out.data());
  EXPECT_EQ(out, (std::vector<float>{15, 16, 24, 25}));
}

}  // namespace
}  // namespace nib::kernels::testing
