#include "robustness/robustness_models.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "support/model_builder.h"

namespace nib::test {
namespace {

using fb::BuiltinOperator;
using fb::TensorType;
using T = TensorType;

constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

fb::BuiltinOptionsUnion fc_options() {
  fb::BuiltinOptionsUnion u;
  u.Set(fb::FullyConnectedOptionsT{});
  return u;
}

tools::AlignedBytes fc_output_no_shape() {
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 4}, 0.5f, 0);
  const int w = b.constant(T::INT8, {2, 4}, std::vector<int8_t>(8, 1), 0.5f, 0);
  const int out = b.tensor(T::INT8, {}, 1.0f, 0);
  b.op(BuiltinOperator::FULLY_CONNECTED, {in, w}, {out}, fc_options());
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes planner_4gib() {
  // A 1 GiB input and three 1 GiB RELU outputs, all model outputs: 4 GiB
  // live at once, which 32-bit offsets wrapped to a 3 GiB "plan".
  ModelBuilder b;
  const int32_t n = 1 << 28;  // float32: 1 GiB
  const int in = b.tensor(T::FLOAT32, {n});
  std::vector<int32_t> outs;
  for (int i = 0; i < 3; ++i) {
    outs.push_back(b.tensor(T::FLOAT32, {n}));
    b.op(BuiltinOperator::RELU, {in}, {outs.back()});
  }
  b.inputs({in});
  b.outputs(outs);
  return b.build();
}

tools::AlignedBytes reshape_chain() {
  ModelBuilder b;
  int t = b.tensor(T::INT8, {1, 8}, 0.5f, 0);
  b.inputs({t});
  for (int i = 0; i < 1000; ++i) {
    const int next = b.tensor(T::INT8, i % 2 ? std::vector<int32_t>{1, 8} : std::vector<int32_t>{8}, 0.5f, 0);
    b.op(BuiltinOperator::RESHAPE, {t}, {next});
    t = next;
  }
  b.outputs({t});
  return b.build();
}

// int8 activations with zero point -128: every input byte 127 adds 255.
tools::AlignedBytes conv_acc_overflow() {
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 2, 2, 8}, 1.0f, -128);
  const int w = b.constant(T::INT8, {4, 1, 1, 8}, std::vector<int8_t>(32, 127), 1.0f, 0);
  const int bias = b.constant(T::INT32, {4}, std::vector<int32_t>{kInt32Max - 1000, kInt32Max, -kInt32Max, 5});
  const int out = b.tensor(T::INT8, {1, 2, 2, 4}, 1.0f, 0);
  b.op(BuiltinOperator::CONV_2D, {in, w, bias}, {out}, conv_options(fb::Padding::VALID, 1, 1), 3);
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes depthwise_acc_overflow() {
  // 3x3 so the optimized kernel folds the input offset into the bias.
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 3, 3, 4}, 1.0f, -128);
  const int w = b.constant(T::INT8, {1, 3, 3, 4}, std::vector<int8_t>(36, 127), 1.0f, 0);
  const int bias = b.constant(T::INT32, {4}, std::vector<int32_t>{kInt32Max, kInt32Max - 77, -kInt32Max, 0});
  const int out = b.tensor(T::INT8, {1, 3, 3, 4}, 1.0f, 0);
  fb::DepthwiseConv2DOptionsT o;
  o.padding = fb::Padding::SAME;
  o.stride_w = o.stride_h = 1;
  o.depth_multiplier = 1;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  b.op(BuiltinOperator::DEPTHWISE_CONV_2D, {in, w, bias}, {out}, std::move(u), 3);
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes fc_acc_overflow() {
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 16}, 1.0f, -128);
  const int w = b.constant(T::INT8, {5, 16}, std::vector<int8_t>(80, 127), 1.0f, 0);
  const int bias = b.constant(T::INT32, {5}, std::vector<int32_t>{kInt32Max, kInt32Max - 3, -kInt32Max, 1, kInt32Max});
  const int out = b.tensor(T::INT8, {1, 5}, 1.0f, 0);
  b.op(BuiltinOperator::FULLY_CONNECTED, {in, w, bias}, {out}, fc_options());
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes pad_int64_overflow() {
  // dim + before + after overflows int64 (undefined; wrapped in a release build).
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 4}, 1.0f, 0);
  const int64_t big = std::numeric_limits<int64_t>::max() - 2;
  const int pads = b.constant(T::INT64, {2, 2}, std::vector<int64_t>{0, 0, big, big});
  const int out = b.tensor(T::INT8, {1, 8}, 1.0f, 0);
  b.op(BuiltinOperator::PAD, {in, pads}, {out});
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes concat_axis_overflow() {
  // Five inputs of 2^30 along the axis wrap an int32 sum to 2^30, the
  // output's size: accepted, the copy would write 5 GiB into 1 GiB.
  ModelBuilder b;
  std::vector<int32_t> ins;
  for (int i = 0; i < 5; ++i) ins.push_back(b.tensor(T::INT8, {1, 1 << 30}, 1.0f, 0));
  const int out = b.tensor(T::INT8, {1, 1 << 30}, 1.0f, 0);
  fb::ConcatenationOptionsT o;
  o.axis = 1;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  b.op(BuiltinOperator::CONCATENATION, ins, {out}, std::move(u));
  b.inputs(ins);
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes conv_huge_stride() {
  ModelBuilder b;
  const int in = b.tensor(T::FLOAT32, {1, 4, 4, 1});
  const int w = b.constant(T::FLOAT32, {1, 3, 3, 1}, std::vector<float>(9, 1.0f));
  const int out = b.tensor(T::FLOAT32, {1, 1, 1, 1});
  b.op(BuiltinOperator::CONV_2D, {in, w}, {out},
       conv_options(fb::Padding::SAME, 1 << 30, 1 << 30, fb::ActivationFunctionType::NONE, 1 << 30, 1 << 30));
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

constexpr float kTiny = std::numeric_limits<float>::denorm_min();

tools::AlignedBytes relu6_tiny_scale() {
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 8}, kTiny, 0);
  const int out = b.tensor(T::INT8, {1, 8}, kTiny, 0);
  b.op(BuiltinOperator::RELU6, {in}, {out});
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes add_tiny_scale() {
  ModelBuilder b;
  const int a = b.tensor(T::INT8, {1, 8}, 1.0f, 0);
  const int c = b.tensor(T::INT8, {1, 8}, 1.0f, 0);
  const int out = b.tensor(T::INT8, {1, 8}, kTiny, 0);
  fb::BuiltinOptionsUnion u;
  u.Set(fb::AddOptionsT{});
  b.op(BuiltinOperator::ADD, {a, c}, {out}, std::move(u));
  b.inputs({a, c});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes quantize_tiny_scale() {
  ModelBuilder b;
  const int in = b.tensor(T::FLOAT32, {1, 8});
  const int out = b.tensor(T::INT8, {1, 8}, kTiny, 3);
  b.op(BuiltinOperator::QUANTIZE, {in}, {out});
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes softmax_beta_neg_inf() {
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 8}, 0.1f, 0);
  const int out = b.tensor(T::INT8, {1, 8}, 1.0f / 256, -128);
  fb::SoftmaxOptionsT o;
  o.beta = -std::numeric_limits<float>::infinity();
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  b.op(BuiltinOperator::SOFTMAX, {in}, {out}, std::move(u));
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes misaligned_zero_point() {
  // A valid per-channel CONV_2D, then every object moved 4 bytes down the
  // file: the int64 zero points end up 4 mod 8, which the flatbuffers
  // verifier accepts (it checks 4-byte alignment) and an int64 load does not.
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 3, 3, 2}, 0.5f, 1);
  const int w = b.constant(T::INT8, {3, 1, 1, 2}, std::vector<int8_t>{1, 2, 3, 4, 5, 6}, 0.0f, 0);
  b.per_channel(w, {0.25f, 0.5f, 1.0f}, 0);
  const int out = b.tensor(T::INT8, {1, 3, 3, 3}, 1.0f, -3);
  b.op(BuiltinOperator::CONV_2D, {in, w}, {out}, conv_options(fb::Padding::VALID, 1, 1), 3);
  b.inputs({in});
  b.outputs({out});
  const tools::AlignedBytes packed = b.build();
  // Root offset (bytes 0-3) is relative to the start; every other offset
  // is relative to its own position, so inserting 4 bytes after the file
  // identifier (bytes 4-7) only changes the root offset.
  tools::AlignedBytes moved(packed.size() + 4);
  uint32_t root;
  std::memcpy(&root, packed.data(), 4);
  root += 4;
  std::memcpy(moved.data(), &root, 4);
  std::memcpy(moved.data() + 4, packed.data() + 4, 4);
  std::memset(moved.data() + 8, 0, 4);
  std::memcpy(moved.data() + 12, packed.data() + 8, packed.size() - 8);
  return moved;
}

tools::AlignedBytes conv_no_bias_after_bias() {
  // 1x1 convolutions, weight 1, scales 1: op 0 adds its bias 100, op 1 has
  // no bias and must add nothing (it saw op 0's bias pointer, or stack garbage).
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 1, 1, 1}, 1.0f, 0);
  const int w = b.constant(T::INT8, {1, 1, 1, 1}, std::vector<int8_t>{1}, 1.0f, 0);
  const int bias = b.constant(T::INT32, {1}, std::vector<int32_t>{100});
  const int mid = b.tensor(T::INT8, {1, 1, 1, 1}, 1.0f, 0);
  const int out = b.tensor(T::INT8, {1, 1, 1, 1}, 1.0f, 0);
  b.op(BuiltinOperator::CONV_2D, {in, w, bias}, {mid}, conv_options(fb::Padding::VALID, 1, 1), 3);
  b.op(BuiltinOperator::CONV_2D, {mid, w}, {out}, conv_options(fb::Padding::VALID, 1, 1), 3);
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes conv_shifted_bound() {
  // A 2^18-tap 1x1 convolution with bias INT32_MAX and a requantization
  // multiplier near 2^29.5 (shift 30), followed by a MAX_POOL_2D: the
  // optimized kernel's prepare shifted the accumulator bound (about 2^33.3)
  // left by 30, past int64.
  ModelBuilder b;
  const int32_t taps = 1 << 18;
  const int in = b.tensor(T::INT8, {1, 1, 1, taps}, 1.0f, 0);
  const int w = b.constant(T::INT8, {1, 1, 1, taps}, std::vector<int8_t>(taps, 1), 1.0f, 0);
  const int bias = b.constant(T::INT32, {1}, std::vector<int32_t>{kInt32Max});
  const int mid = b.tensor(T::INT8, {1, 1, 1, 1}, 1.5e-9f, 0);
  const int out = b.tensor(T::INT8, {1, 1, 1, 1}, 1.5e-9f, 0);
  b.op(BuiltinOperator::CONV_2D, {in, w, bias}, {mid}, conv_options(fb::Padding::VALID, 1, 1), 3);
  fb::Pool2DOptionsT pool;
  pool.padding = fb::Padding::VALID;
  pool.stride_w = pool.stride_h = pool.filter_width = pool.filter_height = 1;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(pool));
  b.op(BuiltinOperator::MAX_POOL_2D, {mid}, {out}, std::move(u), 2);
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes add_offset_overflow() {
  // int8 ADD whose output multiplier is about 2^29 (output scale 2^-48):
  // the rescaled sum is any int32, and adding the zero point 127 overflowed.
  ModelBuilder b;
  const int a = b.tensor(T::INT8, {1, 16}, 1.0f, -128);
  const int c = b.tensor(T::INT8, {1, 16}, 1.0f, -128);
  const int out = b.tensor(T::INT8, {1, 16}, std::ldexp(1.0f, -48), 127);
  fb::BuiltinOptionsUnion u;
  u.Set(fb::AddOptionsT{});
  b.op(BuiltinOperator::ADD, {a, c}, {out}, std::move(u));
  b.inputs({a, c});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes strided_slice_huge_stride() {
  // STRIDED_SLICE with a stride of 2^30 on the rows of an [4, 64] tensor:
  // one row is taken, but stride x row size (2^30 x 64) overflowed int32.
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {4, 64}, 1.0f, 0);
  const int begin = b.constant(T::INT32, {2}, std::vector<int32_t>{0, 0});
  const int end = b.constant(T::INT32, {2}, std::vector<int32_t>{4, 64});
  const int stride = b.constant(T::INT32, {2}, std::vector<int32_t>{1 << 30, 1});
  const int out = b.tensor(T::INT8, {1, 64}, 1.0f, 0);
  fb::BuiltinOptionsUnion u;
  u.Set(fb::StridedSliceOptionsT{});
  b.op(BuiltinOperator::STRIDED_SLICE, {in, begin, end, stride}, {out}, std::move(u));
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes leaky_relu_huge_alpha() {
  // int8 LEAKY_RELU with alpha 2^32 on equal scales: the ratio saturates to
  // the multiplier 2^31 - 1 with shift 30, the input -2 scales to 1 - 2^31,
  // and adding the output zero point -100 overflowed int32 while prepare
  // filled the lookup table.
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 8}, 1.0f, 0);
  const int out = b.tensor(T::INT8, {1, 8}, 1.0f, -100);
  fb::LeakyReluOptionsT o;
  o.alpha = 4294967296.0f;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  b.op(BuiltinOperator::LEAKY_RELU, {in}, {out}, std::move(u));
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes depthwise_huge_dilation() {
  // int8 DEPTHWISE_CONV_2D 3x3 with dilation 2^28 and SAME padding on a
  // 4 x 4 x 8 input: only the centre tap lands inside, but the optimized
  // generic path's row step (dilation x row bytes) overflowed int32.
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 4, 4, 8}, 1.0f, 0);
  const int w = b.constant(T::INT8, {1, 3, 3, 8}, std::vector<int8_t>(72, 3), 1.0f, 0);
  const int out = b.tensor(T::INT8, {1, 4, 4, 8}, 1.0f, 0);
  fb::DepthwiseConv2DOptionsT o;
  o.padding = fb::Padding::SAME;
  o.stride_w = o.stride_h = 1;
  o.dilation_w_factor = o.dilation_h_factor = 1 << 28;
  o.depth_multiplier = 1;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  b.op(BuiltinOperator::DEPTHWISE_CONV_2D, {in, w}, {out}, std::move(u), 3);
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

tools::AlignedBytes avg_pool_huge_filter() {
  // int8 AVERAGE_POOL_2D with a 65536 x 65536 filter and SAME padding on a
  // 4 x 4 input: the windows clip to at most 16 inputs, but the optimized
  // kernel's support check multiplied the filter sides in int32 (2^32).
  ModelBuilder b;
  const int in = b.tensor(T::INT8, {1, 4, 4, 8}, 0.5f, 0);
  const int out = b.tensor(T::INT8, {1, 4, 4, 8}, 0.5f, 0);
  fb::Pool2DOptionsT o;
  o.padding = fb::Padding::SAME;
  o.stride_w = o.stride_h = 1;
  o.filter_width = o.filter_height = 1 << 16;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  b.op(BuiltinOperator::AVERAGE_POOL_2D, {in}, {out}, std::move(u));
  b.inputs({in});
  b.outputs({out});
  return b.build();
}

}  // namespace

std::vector<RobustnessModel> robustness_models() {
  std::vector<RobustnessModel> m;
  const auto add = [&m](const char* name, const char* expect, const char* attack, tools::AlignedBytes bytes) {
    m.push_back({name, expect, attack, std::move(bytes)});
  };
  add("fc_output_no_shape", "has rank 0, needs at least 1",
      "FULLY_CONNECTED output without a shape: prepare read dims[-1] (SIGSEGV)", fc_output_no_shape());
  add("planner_4gib_activations", "exceeds the arena limit",
      "four 1 GiB activations live together: 32-bit plan offsets wrapped, tensor 3 placed past the arena",
      planner_4gib());
  add("reshape_chain_1000", "runs",
      "1,000 chained RESHAPEs: recursive alias resolution, cubic time and stack depth", reshape_chain());
  add("conv_acc_overflow", "runs", "CONV_2D int32 accumulator + bias overflow (reference and optimized)",
      conv_acc_overflow());
  add("depthwise_acc_overflow", "runs",
      "DEPTHWISE_CONV_2D 3x3 accumulator + bias overflow, and the optimized kernel's folded bias",
      depthwise_acc_overflow());
  add("fc_acc_overflow", "runs", "FULLY_CONNECTED int32 accumulator + bias overflow", fc_acc_overflow());
  add("pad_int64_overflow", "output shape does not match paddings",
      "PAD paddings near 2^62: int64 overflow of dim + before + after", pad_int64_overflow());
  add("concat_axis_overflow", "inputs do not add up",
      "CONCATENATION of five 2^30 inputs: the int32 axis sum wraps to the output's size", concat_axis_overflow());
  add("conv_huge_stride", "output shape does not match",
      "CONV_2D stride and dilation 2^30: int32 overflow in the padding arithmetic", conv_huge_stride());
  add("relu6_tiny_scale", "runs", "int8 RELU6 with a denormal scale: 6 / scale overflows the float->int conversion",
      relu6_tiny_scale());
  add("add_tiny_scale", "output multiplier is 2^30 or more",
      "int8 ADD with a denormal output scale: the rescale multiplier's left shift is far past 31", add_tiny_scale());
  add("quantize_tiny_scale", "runs", "QUANTIZE to a denormal scale: x / scale overflows the float->int conversion",
      quantize_tiny_scale());
  add("softmax_beta_neg_inf", "beta must be positive and finite",
      "int8 SOFTMAX with beta -inf: float->int64 conversion of -inf", softmax_beta_neg_inf());
  add("misaligned_zero_point", "runs",
      "int64 zero points at an address 4 mod 8 (the verifier checks 4-byte alignment only)", misaligned_zero_point());
  add("conv_no_bias_after_bias", "runs",
      "CONV_2D without a bias after one with: the interpreter passed a stale or uninitialized bias pointer "
      "(found by fuzz_model)",
      conv_no_bias_after_bias());
  add("conv_shifted_bound", "runs",
      "CONV_2D + MAX_POOL_2D with 2^18 taps, bias INT32_MAX and shift 30: int64 overflow of bound << shift "
      "in the optimized prepare (found in review)",
      conv_shifted_bound());
  add("add_offset_overflow", "runs",
      "int8 ADD with an output multiplier near 2^29: rescaled sum + zero point overflowed int32 (found in review)",
      add_offset_overflow());
  add("leaky_relu_huge_alpha", "runs",
      "int8 LEAKY_RELU with alpha 2^32: the scaled input 1 - 2^31 plus the output zero point overflowed int32 "
      "(found by the CI fuzz step)",
      leaky_relu_huge_alpha());
  add("strided_slice_huge_stride", "runs",
      "STRIDED_SLICE stride 2^30 taking one row: stride x row size overflowed int32 (found by the CI fuzz step "
      "after the operator suite merged)",
      strided_slice_huge_stride());
  add("avg_pool_huge_filter", "runs",
      "int8 AVERAGE_POOL_2D with a 65536 x 65536 filter: the optimized support check's int32 filter area "
      "overflowed (found by a fuzz_model campaign)",
      avg_pool_huge_filter());
  add("depthwise_huge_dilation", "runs",
      "int8 DEPTHWISE_CONV_2D with dilation 2^28: the optimized generic path's int32 row step overflowed "
      "(found by a fuzz_model campaign)",
      depthwise_huge_dilation());
  return m;
}

std::string robustness_manifest(const std::vector<RobustnessModel>& models) {
  std::string s = "# name\texpect (runs, or a fragment of the error)\twhat it attacks\n";
  for (const RobustnessModel& m : models) s += m.name + "\t" + m.expect + "\t" + m.attack + "\n";
  return s;
}

}  // namespace nib::test
