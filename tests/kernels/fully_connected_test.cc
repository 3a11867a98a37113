// FULLY_CONNECTED reference kernels on hand-computed cases:
// out[b][o] = sum_i (in[b][i] + input_offset) * (w[o][i] + filter_offset) + bias[o].
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernel_test_util.h"
#include "kernels/reference/reference.h"

namespace nib::kernels::testing {
namespace {

namespace ref = reference;

FullyConnectedParams fc_params(int32_t batches, int32_t depth, int32_t units) {
  FullyConnectedParams p{};
  p.batches = batches;
  p.depth = depth;
  p.units = units;
  return p;
}

std::vector<int> run_s8(const FullyConnectedParams& p, const std::vector<int8_t>& input,
                        const std::vector<int8_t>& filter, const int32_t* bias) {
  std::vector<int8_t> out(static_cast<size_t>(p.batches * p.units), 99);
  ref::fully_connected_s8(p, input.data(), filter.data(), bias, out.data());
  return as_ints(out);
}

// Two batches, depth 3, two units, input zero point 1, filter zero point 2:
//   input  b0 {1, 2, 3} - 1 = {0, 1, 2};   b1 {-1, 0, 4} - 1 = {-2, -1, 3}
//   filter u0 {3, 4, 5} - 2 = {1, 2, 3};   u1 {2, 0, 1} - 2 = {0, -2, -1}
//   acc  b0u0 = 0+2+6 = 8    b0u1 = 0-2-2 = -4
//        b1u0 = -2-2+9 = 5   b1u1 = 0+2-3 = -1
const std::vector<int8_t> kInput = {1, 2, 3, -1, 0, 4};
const std::vector<int8_t> kFilter = {3, 4, 5, 2, 0, 1};
const std::vector<int32_t> kBias = {4, -4};

FullyConnectedParams offsets_case() {
  FullyConnectedParams p = fc_params(2, 3, 2);
  p.input_offset = -1;
  p.filter_offset = -2;
  p.per_channel = false;
  return p;
}

TEST(FullyConnectedS8, PerTensorWithFilterOffsetBiasAndBatches) {
  const Multipliers m({1.0});
  FullyConnectedParams p = offsets_case();
  p.requant = m.requant(/*output_offset=*/3);
  // acc + bias {4, -4}: b0 {12, -8}, b1 {9, -5}; * 1.0; + 3
  EXPECT_EQ(run_s8(p, kInput, kFilter, kBias.data()), (std::vector<int>{15, -5, 12, -2}));
}

TEST(FullyConnectedS8, NoBias) {
  const Multipliers m({1.0});
  FullyConnectedParams p = offsets_case();
  p.requant = m.requant(/*output_offset=*/3);
  // acc b0 {8, -4}, b1 {5, -1}; + 3
  EXPECT_EQ(run_s8(p, kInput, kFilter, nullptr), (std::vector<int>{11, -1, 8, 2}));
}

TEST(FullyConnectedS8, FusedActivationClamps) {
  const Multipliers m({1.0});
  FullyConnectedParams p = offsets_case();
  p.requant = m.requant(/*output_offset=*/3, /*act_min=*/-3, /*act_max=*/13);
  // {15, -5, 12, -2} clamped to [-3, 13]
  EXPECT_EQ(run_s8(p, kInput, kFilter, kBias.data()), (std::vector<int>{13, -3, 12, -2}));
}

TEST(FullyConnectedS8, PerTensorMultiplierIgnoresLaterEntries) {
  // per_channel = false uses multiplier[0] for every unit.
  const Multipliers m({0.5, 1.0});
  FullyConnectedParams p = fc_params(1, 2, 2);
  p.per_channel = false;
  p.requant = m.requant();
  // u0: 4*1 + 6*1 = 10 -> 5;  u1: 4*2 + 6*2 = 20 -> 10
  EXPECT_EQ(run_s8(p, {4, 6}, {1, 1, 2, 2}, nullptr), (std::vector<int>{5, 10}));
}

TEST(FullyConnectedS8, PerChannelMultipliers) {
  const Multipliers m({1.0, 0.5, 0.25});
  FullyConnectedParams p = fc_params(1, 2, 3);
  p.per_channel = true;
  p.requant = m.requant();
  // u0: 4*1 + 6*1 = 10;   * 1.0  = 10
  // u1: 4*2 + 6*1 = 14;   * 0.5  = 7
  // u2: 4*-1 + 6*-3 = -22; * 0.25 = -5.5 -> -6 (tie in the final shift: away from zero)
  EXPECT_EQ(run_s8(p, {4, 6}, {1, 1, 2, 1, -1, -3}, nullptr), (std::vector<int>{10, 7, -6}));
}

TEST(FullyConnectedS8, SaturatesToInt8Range) {
  const Multipliers m({1.0});
  FullyConnectedParams p = fc_params(2, 2, 1);
  p.per_channel = false;
  p.requant = m.requant();
  // b0: 100*1 + 100*1 = 200 -> 127;  b1: -100 - 100 = -200 -> -128
  EXPECT_EQ(run_s8(p, {100, 100, -100, -100}, {1, 1}, nullptr), (std::vector<int>{127, -128}));
}

TEST(FullyConnectedF32, BatchesBiasAndClamp) {
  FullyConnectedParams p = fc_params(2, 2, 2);
  p.clamp = {-1.0f, 4.0f};
  const std::vector<float> input = {1.0f, 2.0f, -1.0f, 0.5f};
  const std::vector<float> filter = {0.5f, 1.0f, -2.0f, 0.25f};
  const std::vector<float> bias = {0.25f, 1.0f};
  // b0u0: 0.5 + 2 + 0.25 = 2.75      b0u1: -2 + 0.5 + 1 = -0.5
  // b1u0: -0.5 + 0.5 + 0.25 = 0.25   b1u1: 2 + 0.125 + 1 = 3.125
  std::vector<float> out(4);
  ref::fully_connected_f32(p, input.data(), filter.data(), bias.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{2.75f, -0.5f, 0.25f, 3.125f}));
  // Tighter clamp [0, 3]: 2.75, 0, 0.25, 3
  p.clamp = {0.0f, 3.0f};
  ref::fully_connected_f32(p, input.data(), filter.data(), bias.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{2.75f, 0.0f, 0.25f, 3.0f}));
}

TEST(FullyConnectedF32, NoBias) {
  FullyConnectedParams p = fc_params(1, 3, 1);
  const std::vector<float> input = {1.0f, -2.0f, 4.0f};
  const std::vector<float> filter = {0.5f, 0.25f, -0.125f};
  // 0.5 - 0.5 - 0.5 = -0.5
  float out = 0.0f;
  ref::fully_connected_f32(p, input.data(), filter.data(), nullptr, &out);
  EXPECT_EQ(out, -0.5f);
}

}  // namespace
}  // namespace nib::kernels::testing
