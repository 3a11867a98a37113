// CONV_2D reference kernels (int8 per-channel and float32) on hand-computed
// cases. Layouts: input NHWC, filter OHWI, output NHWC.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernel_test_util.h"
#include "kernels/reference/reference.h"

namespace nib::kernels::testing {
namespace {

namespace ref = reference;

// 3x3 single-channel image used by several cases:
//   1 2 3
//   4 5 6
//   7 8 9
const std::vector<int8_t> kImage3x3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};

// 4x4 single-channel image 1..16, row-major:
//    1  2  3  4
//    5  6  7  8
//    9 10 11 12
//   13 14 15 16
const std::vector<int8_t> kImage4x4 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

std::vector<int> run_s8(const ConvParams& p, const std::vector<int8_t>& input, const std::vector<int8_t>& filter,
                        const int32_t* bias = nullptr) {
  std::vector<int8_t> out(static_cast<size_t>(p.batches * p.out_h * p.out_w * p.out_c), 99);
  ref::conv2d_s8(p, input.data(), filter.data(), bias, out.data());
  return as_ints(out);
}

TEST(Conv2dS8, ValidPadding2x2Filter) {
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 3, .in_w = 3, .in_c = 1, .filter_h = 2, .filter_w = 2,
                              .out_h = 2, .out_w = 2, .out_c = 1});
  p.requant = m.requant();
  // Filter [[1,2],[3,4]].
  // (0,0): 1*1 + 2*2 + 4*3 + 5*4 = 37   (0,1): 2*1 + 3*2 + 5*3 + 6*4 = 47
  // (1,0): 4*1 + 5*2 + 7*3 + 8*4 = 67   (1,1): 5*1 + 6*2 + 8*3 + 9*4 = 77
  EXPECT_EQ(run_s8(p, kImage3x3, {1, 2, 3, 4}), (std::vector<int>{37, 47, 67, 77}));
}

TEST(Conv2dS8, SamePaddingEvenFilterPadsOnlyAfter) {
  // SAME, 2x2 filter, 3x3 input: out 3x3, total pad (3-1)*1 + 2 - 3 = 1,
  // before = 1/2 = 0: the extra row/column is at the bottom/right.
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 3, .in_w = 3, .in_c = 1, .filter_h = 2, .filter_w = 2,
                              .out_h = 3, .out_w = 3, .out_c = 1});
  p.requant = m.requant();
  // Filter [[1,2],[3,4]]; positions past the edge contribute nothing.
  // (0,2): 3*1 + 6*3 = 21     (1,2): 6*1 + 9*3 = 33
  // (2,0): 7*1 + 8*2 = 23     (2,1): 8*1 + 9*2 = 26    (2,2): 9*1 = 9
  EXPECT_EQ(run_s8(p, kImage3x3, {1, 2, 3, 4}), (std::vector<int>{37, 47, 21, 67, 77, 33, 23, 26, 9}));
}

TEST(Conv2dS8, SamePaddingOddFilterPadsBothSides) {
  // SAME, 3x3 filter: total pad 2, before 1. All-ones filter: each output is
  // the sum of the 3x3 neighbourhood clipped to the image.
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 3, .in_w = 3, .in_c = 1, .filter_h = 3, .filter_w = 3,
                              .out_h = 3, .out_w = 3, .out_c = 1});
  p.pad_h = p.pad_w = 1;
  p.requant = m.requant();
  // corners: 1+2+4+5=12, 2+3+5+6=16, 4+5+7+8=24, 5+6+8+9=28
  // edges: 1+..+6=21, 1+2+4+5+7+8=27, 2+3+5+6+8+9=33, 4+..+9=39; centre 45
  EXPECT_EQ(run_s8(p, kImage3x3, std::vector<int8_t>(9, 1)),
            (std::vector<int>{12, 21, 16, 27, 45, 33, 24, 39, 28}));
}

TEST(Conv2dS8, Stride2) {
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 4, .in_w = 4, .in_c = 1, .filter_h = 2, .filter_w = 2,
                              .out_h = 2, .out_w = 2, .out_c = 1});
  p.stride_h = p.stride_w = 2;
  p.requant = m.requant();
  // All-ones 2x2 filter over non-overlapping blocks:
  // 1+2+5+6 = 14, 3+4+7+8 = 22, 9+10+13+14 = 46, 11+12+15+16 = 54
  EXPECT_EQ(run_s8(p, kImage4x4, {1, 1, 1, 1}), (std::vector<int>{14, 22, 46, 54}));
}

TEST(Conv2dS8, Stride2SamePadding) {
  // SAME, 3x3 filter, stride 2, 4x4 input: out 2x2, total pad
  // (2-1)*2 + 3 - 4 = 1, before 0. Windows start at rows/cols 0 and 2.
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 4, .in_w = 4, .in_c = 1, .filter_h = 3, .filter_w = 3,
                              .out_h = 2, .out_w = 2, .out_c = 1});
  p.stride_h = p.stride_w = 2;
  p.requant = m.requant();
  // Filter picks the window's top-left and bottom-right: [[1,0,0],[0,0,0],[0,0,1]].
  // (0,0): in(0,0) + in(2,2) = 1 + 11 = 12
  // (0,1): in(0,2) + in(2,4: outside) = 3
  // (1,0): in(2,0) + in(4,2: outside) = 9
  // (1,1): in(2,2) = 11
  EXPECT_EQ(run_s8(p, kImage4x4, {1, 0, 0, 0, 0, 0, 0, 0, 1}), (std::vector<int>{12, 3, 9, 11}));
}

TEST(Conv2dS8, Dilation2) {
  ConvParams p = conv_params({.in_h = 4, .in_w = 4, .in_c = 1, .filter_h = 2, .filter_w = 2,
                              .out_h = 2, .out_w = 2, .out_c = 1});
  p.dilation_h = p.dilation_w = 2;
  // Filter [[1,2],[3,4]] taps at offsets (0,0), (0,2), (2,0), (2,2):
  // (0,0): 1*1 + 3*2 + 9*3 + 11*4 = 78    (0,1): 2*1 + 4*2 + 10*3 + 12*4 = 88
  // (1,0): 5*1 + 7*2 + 13*3 + 15*4 = 118  (1,1): 6*1 + 8*2 + 14*3 + 16*4 = 128 (> 127!)
  // so requantize by 0.5 (all even: exact): 39, 44, 59, 64.
  const Multipliers half({0.5});
  p.requant = half.requant();
  EXPECT_EQ(run_s8(p, kImage4x4, {1, 2, 3, 4}), (std::vector<int>{39, 44, 59, 64}));
}

TEST(Conv2dS8, GroupedConvolutionReadsItsOwnInputChannels) {
  // in_c 4, filter_in_c 2: two groups; out_c 4 -> two outputs per group.
  // Output channels 0,1 read input channels 0,1; channels 2,3 read 2,3.
  const Multipliers m({1.0, 1.0, 1.0, 1.0});
  ConvParams p = conv_params({.in_h = 1, .in_w = 2, .in_c = 4, .filter_h = 1, .filter_w = 1,
                              .out_h = 1, .out_w = 2, .out_c = 4});
  p.filter_in_c = 2;
  p.requant = m.requant();
  const std::vector<int8_t> input = {1, 2, 3, 4,    // pixel 0
                                     5, 6, 7, 8};   // pixel 1
  const std::vector<int8_t> filter = {1, 1,    // oc0 (group 0)
                                      1, -1,   // oc1 (group 0)
                                      1, 1,    // oc2 (group 1)
                                      2, 0};   // oc3 (group 1)
  // pixel 0: 1+2 = 3, 1-2 = -1, 3+4 = 7, 2*3 = 6
  // pixel 1: 5+6 = 11, 5-6 = -1, 7+8 = 15, 2*7 = 14
  EXPECT_EQ(run_s8(p, input, filter), (std::vector<int>{3, -1, 7, 6, 11, -1, 15, 14}));
}

TEST(Conv2dS8, PerChannelMultipliers) {
  const Multipliers m({1.0, 0.5, 0.25});
  ConvParams p = conv_params({.in_h = 1, .in_w = 1, .in_c = 1, .filter_h = 1, .filter_w = 1,
                              .out_h = 1, .out_w = 1, .out_c = 3});
  p.requant = m.requant();
  // acc = 10 * {1, 2, -3} = {10, 20, -30}
  // 10 * 1.0 = 10;  20 * 0.5 = 10;  -30 * 0.25 = -7.5 -> -8 (away from zero)
  EXPECT_EQ(run_s8(p, {10}, {1, 2, -3}), (std::vector<int>{10, 10, -8}));
}

TEST(Conv2dS8, RepeatedMultiplierActsPerTensor) {
  const Multipliers m({0.5, 0.5, 0.5});
  ConvParams p = conv_params({.in_h = 1, .in_w = 1, .in_c = 1, .filter_h = 1, .filter_w = 1,
                              .out_h = 1, .out_w = 1, .out_c = 3});
  p.requant = m.requant();
  // acc {10, 20, -30} * 0.5 = {5, 10, -15}
  EXPECT_EQ(run_s8(p, {10}, {1, 2, -3}), (std::vector<int>{5, 10, -15}));
}

TEST(Conv2dS8, InputZeroPointAlsoFillsPadding) {
  // Input zero point 5: q = real + 5, input_offset = -5. Padding positions
  // are real zeros, so the result equals the zero-point-free case above.
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 3, .in_w = 3, .in_c = 1, .filter_h = 3, .filter_w = 3,
                              .out_h = 3, .out_w = 3, .out_c = 1});
  p.pad_h = p.pad_w = 1;
  p.input_offset = -5;
  p.requant = m.requant();
  const std::vector<int8_t> input = {6, 7, 8, 9, 10, 11, 12, 13, 14};  // 1..9 + 5
  EXPECT_EQ(run_s8(p, input, std::vector<int8_t>(9, 1)),
            (std::vector<int>{12, 21, 16, 27, 45, 33, 24, 39, 28}));
}

TEST(Conv2dS8, BiasAndZeroPoints) {
  const Multipliers m({0.5, 0.5});
  ConvParams p = conv_params({.in_h = 1, .in_w = 1, .in_c = 2, .filter_h = 1, .filter_w = 1,
                              .out_h = 1, .out_w = 1, .out_c = 2});
  p.input_offset = 3;  // input zero point -3
  p.requant = m.requant(/*output_offset=*/5);
  // input {1, -1} - (-3) = {4, 2}
  // oc0: 4*1 + 2*2 = 8;   + bias 10  = 18;  * 0.5 = 9;  + 5 = 14
  // oc1: 4*-1 + 2*3 = 2;  + bias -20 = -18; * 0.5 = -9; + 5 = -4
  const std::vector<int32_t> bias = {10, -20};
  EXPECT_EQ(run_s8(p, {1, -1}, {1, 2, -1, 3}, bias.data()), (std::vector<int>{14, -4}));
}

TEST(Conv2dS8, OutputZeroPointShiftsResult) {
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 3, .in_w = 3, .in_c = 1, .filter_h = 2, .filter_w = 2,
                              .out_h = 2, .out_w = 2, .out_c = 1});
  p.requant = m.requant(/*output_offset=*/-100);
  // {37, 47, 67, 77} - 100
  EXPECT_EQ(run_s8(p, kImage3x3, {1, 2, 3, 4}), (std::vector<int>{-63, -53, -33, -23}));
}

TEST(Conv2dS8, FusedActivationClamps) {
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 3, .in_w = 3, .in_c = 1, .filter_h = 3, .filter_w = 3,
                              .out_h = 3, .out_w = 3, .out_c = 1});
  p.pad_h = p.pad_w = 1;
  p.requant = m.requant(0, /*act_min=*/20, /*act_max=*/40);
  // {12, 21, 16, 27, 45, 33, 24, 39, 28} clamped to [20, 40]
  EXPECT_EQ(run_s8(p, kImage3x3, std::vector<int8_t>(9, 1)),
            (std::vector<int>{20, 21, 20, 27, 40, 33, 24, 39, 28}));
}

TEST(Conv2dS8, ClampsAfterOutputOffset) {
  // The clamp applies in output units, i.e. after the zero point is added.
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 1, .in_w = 2, .in_c = 1, .filter_h = 1, .filter_w = 1,
                              .out_h = 1, .out_w = 2, .out_c = 1});
  p.requant = m.requant(/*output_offset=*/-128, /*act_min=*/-128, /*act_max=*/-100);
  // 10 - 128 = -118 (inside);  50 - 128 = -78 -> -100
  EXPECT_EQ(run_s8(p, {10, 50}, {1}), (std::vector<int>{-118, -100}));
}

TEST(Conv2dS8, SaturatesToInt8Range) {
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 1, .in_w = 4, .in_c = 1, .filter_h = 1, .filter_w = 1,
                              .out_h = 1, .out_w = 4, .out_c = 1});
  p.requant = m.requant();
  // 100*2 = 200 -> 127;  -100*2 = -200 -> -128;  63*2 = 126;  -64*2 = -128
  EXPECT_EQ(run_s8(p, {100, -100, 63, -64}, {2}), (std::vector<int>{127, -128, 126, -128}));
}

TEST(Conv2dS8, TwoBatches) {
  const Multipliers m({1.0});
  ConvParams p = conv_params({.in_h = 2, .in_w = 2, .in_c = 1, .filter_h = 2, .filter_w = 2,
                              .out_h = 2, .out_w = 2, .out_c = 1});
  p.batches = 2;
  p.requant = m.requant();
  // SAME 2x2 on 2x2: pad before 0. All-ones filter.
  // batch 0 [[1,2],[3,4]]:     1+2+3+4 = 10, 2+4 = 6, 3+4 = 7, 4
  // batch 1 [[10,20],[30,40]]: 100, 60, 70, 40
  const std::vector<int8_t> input = {1, 2, 3, 4, 10, 20, 30, 40};
  EXPECT_EQ(run_s8(p, input, {1, 1, 1, 1}), (std::vector<int>{10, 6, 7, 4, 100, 60, 70, 40}));
}

TEST(Conv2dF32, ValidWithBiasAndRelu6Clamp) {
  ConvParams p = conv_params({.in_h = 3, .in_w = 3, .in_c = 1, .filter_h = 2, .filter_w = 2,
                              .out_h = 2, .out_w = 2, .out_c = 1});
  p.clamp = {0.0f, 6.0f};
  const std::vector<float> input = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<float> filter = {0.5f, -1.0f, 0.25f, 2.0f};
  const float bias = -10.0f;
  // (0,0): 0.5*1 - 1*2 + 0.25*4 + 2*5 = 9.5;   (0,1): 0.5*2 - 3 + 0.25*5 + 2*6 = 11.25
  // (1,0): 0.5*4 - 5 + 0.25*7 + 2*8 = 14.75;   (1,1): 0.5*5 - 6 + 0.25*8 + 2*9 = 16.5
  // + bias: -0.5, 1.25, 4.75, 6.5; clamp [0, 6]: 0, 1.25, 4.75, 6 (all exact in binary)
  std::vector<float> out(4);
  ref::conv2d_f32(p, input.data(), filter.data(), &bias, out.data());
  EXPECT_EQ(out, (std::vector<float>{0.0f, 1.25f, 4.75f, 6.0f}));
}

TEST(Conv2dF32, SamePaddingStrideDilationAndGroups) {
  // 4x4 input with 2 channels (ch1 = -ch0), 2 groups of 1 channel, 2x2
  // filter with dilation 2 (effective 3x3), stride 2, SAME: out 2x2, total
  // pad (2-1)*2 + 3 - 4 = 1, before 0.
  ConvParams p = conv_params({.in_h = 4, .in_w = 4, .in_c = 2, .filter_h = 2, .filter_w = 2,
                              .out_h = 2, .out_w = 2, .out_c = 2});
  p.filter_in_c = 1;
  p.stride_h = p.stride_w = 2;
  p.dilation_h = p.dilation_w = 2;
  std::vector<float> input;
  for (int v = 1; v <= 16; ++v) {
    input.push_back(static_cast<float>(v));
    input.push_back(static_cast<float>(-v));
  }
  // oc0 (reads ch0): [[1,0],[0,1]];  oc1 (reads ch1): [[0,1],[1,0]]
  const std::vector<float> filter = {1, 0, 0, 1, 0, 1, 1, 0};
  // Window origins (0,0), (0,2), (2,0), (2,2); taps at +0 and +2.
  // oc0 = in(y,x) + in(y+2,x+2):  (0,0): 1+11 = 12; (0,2): 3 + outside = 3;
  //                               (2,0): 9 + outside = 9; (2,2): 11
  // oc1 = -(in(y,x+2) + in(y+2,x)): (0,0): -(3+9) = -12; (0,2): -(outside+11) = -11;
  //                               (2,0): -(11 + outside) = -11; (2,2): outside = 0
  std::vector<float> out(8);
  ref::conv2d_f32(p, input.data(), filter.data(), nullptr, out.data());
  EXPECT_EQ(out, (std::vector<float>{12, -12, 3, -11, 9, -11, 11, 0}));
}

}  // namespace
}  // namespace nib::kernels::testing
