// Tests for tools/train's .tflite exporter: the written files follow
// TFLite's schema and quantization rules (read back with the flatbuffers
// API), and nib's own engine loads and runs them (EngineRunner, which
// nib-train uses to measure accuracy).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine_runner.h"
#include "export_tflite.h"
#include "file_io.h"
#include "nib/interpreter.h"
#include "nib/model.h"
#include "nib/schema/tflite_generated.h"

namespace nib::train {
namespace {

// ----------------------------------------------------------------- exporter

// A small float network with deterministic pseudo-random parameters.
FloatNet tiny_net(bool depthwise) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> u(-0.5f, 0.5f);
  auto fill = [&](std::size_t n) {
    std::vector<float> v(n);
    for (auto& x : v) x = u(rng);
    return v;
  };
  FloatNet net;
  net.arch = "tiny";
  Shape in = kInputShape;
  std::vector<LayerSpec> specs;
  specs.push_back({LayerKind::Conv, 4, 3, 1, true, true});
  specs.push_back({LayerKind::MaxPool, 0, 2, 2, false, false});
  if (depthwise) specs.push_back({LayerKind::Depthwise, 0, 3, 1, true, true});
  specs.push_back({LayerKind::Conv, 3, 3, 1, false, true});
  specs.push_back({LayerKind::MaxPool, 0, 2, 2, false, false});
  specs.push_back({LayerKind::Flatten, 0, 0, 1, false, false});
  specs.push_back({LayerKind::Dense, 10, 0, 1, false, false});
  for (const auto& s : specs) {
    FloatLayer l;
    l.spec = s;
    l.in = in;
    l.out = output_shape(s, in);
    const std::size_t k2 = static_cast<std::size_t>(s.kernel * s.kernel);
    switch (s.kind) {
      case LayerKind::Conv:
        l.weights = fill(k2 * l.in.c * l.out.c);
        break;
      case LayerKind::Depthwise:
        l.weights = fill(k2 * l.in.c);
        break;
      case LayerKind::Dense:
        l.weights = fill(static_cast<std::size_t>(l.in.size()) * l.out.c);
        break;
      default:
        break;
    }
    if (!l.weights.empty()) l.bias = fill(static_cast<std::size_t>(l.out.c));
    net.layers.push_back(std::move(l));
    in = net.layers.back().out;
  }
  return net;
}

// Calibrated ranges from the float model itself: run the float .tflite
// layer by layer is not exposed, so use generous analytic bounds instead.
std::vector<Range> loose_ranges(const FloatNet& net) {
  std::vector<Range> r;
  float bound = 1.0f;  // |activation| bound, input in [0, 1]
  for (const auto& l : net.layers) {
    if (!l.weights.empty()) {
      const std::size_t fan_in = l.weights.size() / static_cast<std::size_t>(l.out.c);
      const std::size_t taps =
          l.spec.kind == LayerKind::Depthwise ? l.weights.size() / l.out.c : fan_in;
      bound = bound * 0.5f * static_cast<float>(taps) * 0.25f + 0.5f;  // typical, not worst case
    }
    r.push_back({l.spec.relu ? 0.0f : -bound, bound});
  }
  return r;
}

const fb::Tensor* tensor(const fb::Model* m, int i) {
  return m->subgraphs()->Get(0)->tensors()->Get(static_cast<::flatbuffers::uoffset_t>(i));
}

std::map<fb::BuiltinOperator, int> opcode_versions(const fb::Model* m) {
  std::map<fb::BuiltinOperator, int> out;
  for (const auto* oc : *m->operator_codes()) {
    EXPECT_EQ(static_cast<int>(oc->deprecated_builtin_code()),
              static_cast<int>(oc->builtin_code()));
    out[oc->builtin_code()] = oc->version();
  }
  return out;
}

TEST(Export, ActivationQuantIncludesZero) {
  auto q = activation_quant({0.0f, 5.1f});
  EXPECT_EQ(q.zero_point, -128);
  EXPECT_FLOAT_EQ(q.scale, 5.1f / 255.0f);
  q = activation_quant({1.0f, 2.0f});  // widened to [0, 2]
  EXPECT_EQ(q.zero_point, -128);
  EXPECT_FLOAT_EQ(q.scale, 2.0f / 255.0f);
  q = activation_quant({-3.0f, -1.0f});  // widened to [-3, 0]
  EXPECT_EQ(q.zero_point, 127);
  q = activation_quant({-1.0f, 1.0f});
  EXPECT_EQ(q.zero_point, -1);  // round(-128 + 127.5) = round(-0.5) = -1 (half away from zero)
  // Real 0 maps exactly onto an integer within [-128, 127].
  q = activation_quant({-0.7f, 2.3f});
  EXPECT_GE(q.zero_point, -128);
  EXPECT_LE(q.zero_point, 127);
}

TEST(Export, Int8FileFollowsTheQuantizationSpec) {
  const FloatNet net = tiny_net(false);
  std::string error;
  const auto bytes = export_int8_tflite(net, loose_ranges(net), {}, &error);
  ASSERT_FALSE(bytes.empty()) << error;
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(std::string(bytes.begin() + 4, bytes.begin() + 8), "TFL3");
  ::flatbuffers::Verifier verifier(bytes.data(), bytes.size());
  ASSERT_TRUE(fb::VerifyModelBuffer(verifier));
  const fb::Model* m = fb::GetModel(bytes.data());
  EXPECT_EQ(m->version(), 3u);
  ASSERT_GE(m->buffers()->size(), 1u);
  EXPECT_TRUE(!m->buffers()->Get(0)->data() || m->buffers()->Get(0)->data()->size() == 0);

  const auto versions = opcode_versions(m);
  EXPECT_EQ(versions.at(fb::BuiltinOperator::CONV_2D), 3);
  EXPECT_EQ(versions.at(fb::BuiltinOperator::MAX_POOL_2D), 2);
  EXPECT_EQ(versions.at(fb::BuiltinOperator::RESHAPE), 1);
  EXPECT_EQ(versions.at(fb::BuiltinOperator::FULLY_CONNECTED), 4);

  const auto* sg = m->subgraphs()->Get(0);
  const auto* input = tensor(m, sg->inputs()->Get(0));
  EXPECT_EQ(input->type(), fb::TensorType::INT8);
  EXPECT_FLOAT_EQ(input->quantization()->scale()->Get(0), 1.0f / 255.0f);
  EXPECT_EQ(input->quantization()->zero_point()->Get(0), -128);

  for (const auto* op : *sg->operators()) {
    const auto code = m->operator_codes()->Get(op->opcode_index())->builtin_code();
    const auto* in = tensor(m, op->inputs()->Get(0));
    const auto* out = tensor(m, op->outputs()->Get(0));
    const float in_scale = in->quantization()->scale()->Get(0);
    if (code == fb::BuiltinOperator::MAX_POOL_2D || code == fb::BuiltinOperator::RESHAPE) {
      EXPECT_EQ(out->quantization()->scale()->Get(0), in_scale);
      EXPECT_EQ(out->quantization()->zero_point()->Get(0),
                in->quantization()->zero_point()->Get(0));
      continue;
    }
    ASSERT_TRUE(code == fb::BuiltinOperator::CONV_2D ||
                code == fb::BuiltinOperator::FULLY_CONNECTED);
    const auto* w = tensor(m, op->inputs()->Get(1));
    const auto* b = tensor(m, op->inputs()->Get(2));
    EXPECT_EQ(w->type(), fb::TensorType::INT8);
    EXPECT_EQ(b->type(), fb::TensorType::INT32);
    const auto* wq = w->quantization();
    const int channels = w->shape()->Get(0);
    const bool per_channel = code == fb::BuiltinOperator::CONV_2D;
    EXPECT_EQ(wq->quantized_dimension(), 0);
    ASSERT_EQ(static_cast<int>(wq->scale()->size()), per_channel ? channels : 1);
    ASSERT_EQ(wq->zero_point()->size(), wq->scale()->size());
    for (auto zp : *wq->zero_point()) EXPECT_EQ(zp, 0);
    ASSERT_EQ(b->quantization()->scale()->size(), wq->scale()->size());
    for (::flatbuffers::uoffset_t c = 0; c < wq->scale()->size(); ++c) {
      EXPECT_FLOAT_EQ(b->quantization()->scale()->Get(c), in_scale * wq->scale()->Get(c));
      EXPECT_EQ(b->quantization()->zero_point()->Get(c), 0);
    }
    // Symmetric in [-127, 127]; each channel's largest magnitude maps to 127.
    const auto* data = m->buffers()->Get(w->buffer())->data();
    const std::size_t per = data->size() / wq->scale()->size();
    for (std::size_t c = 0; c < wq->scale()->size(); ++c) {
      int max_abs = 0;
      for (std::size_t i = 0; i < per; ++i) {
        const int v =
            static_cast<std::int8_t>(data->Get(static_cast<::flatbuffers::uoffset_t>(c * per + i)));
        EXPECT_GE(v, -127);
        max_abs = std::max(max_abs, std::abs(v));
      }
      EXPECT_EQ(max_abs, 127);
    }
    // Constant data is 16-byte aligned in the file.
    EXPECT_EQ(static_cast<std::size_t>(data->data() - bytes.data()) % 16, 0u);
  }
}

TEST(Export, DepthwiseWeightsArePerChannelOnDimension3) {
  const FloatNet net = tiny_net(true);
  std::string error;
  const auto bytes = export_int8_tflite(net, loose_ranges(net), {}, &error);
  ASSERT_FALSE(bytes.empty()) << error;
  const fb::Model* m = fb::GetModel(bytes.data());
  EXPECT_EQ(opcode_versions(m).at(fb::BuiltinOperator::DEPTHWISE_CONV_2D), 3);
  bool found = false;
  for (const auto* op : *m->subgraphs()->Get(0)->operators()) {
    if (m->operator_codes()->Get(op->opcode_index())->builtin_code() !=
        fb::BuiltinOperator::DEPTHWISE_CONV_2D)
      continue;
    found = true;
    const auto* w = tensor(m, op->inputs()->Get(1));
    ASSERT_EQ(w->shape()->size(), 4u);
    EXPECT_EQ(w->shape()->Get(0), 1);
    EXPECT_EQ(w->quantization()->quantized_dimension(), 3);
    EXPECT_EQ(static_cast<int>(w->quantization()->scale()->size()), w->shape()->Get(3));
    const auto* opt = op->builtin_options_as_DepthwiseConv2DOptions();
    ASSERT_NE(opt, nullptr);
    EXPECT_EQ(opt->depth_multiplier(), 1);
  }
  EXPECT_TRUE(found);
}

TEST(Export, OptionsSoftmaxAndPerChannelFullyConnected) {
  const FloatNet net = tiny_net(false);
  ExportOptions options;
  options.softmax = true;
  options.fc_per_channel = true;
  std::string error;
  const auto bytes = export_int8_tflite(net, loose_ranges(net), options, &error);
  ASSERT_FALSE(bytes.empty()) << error;
  const fb::Model* m = fb::GetModel(bytes.data());
  EXPECT_EQ(opcode_versions(m).at(fb::BuiltinOperator::SOFTMAX), 2);
  const auto* sg = m->subgraphs()->Get(0);
  const auto* out = tensor(m, sg->outputs()->Get(0));
  EXPECT_FLOAT_EQ(out->quantization()->scale()->Get(0), 1.0f / 256.0f);
  EXPECT_EQ(out->quantization()->zero_point()->Get(0), -128);
  const auto* fc = sg->operators()->Get(sg->operators()->size() - 2);
  EXPECT_EQ(tensor(m, fc->inputs()->Get(1))->quantization()->scale()->size(), 10u);
}

// The int8 file, run by nib's engine, tracks the float file run by nib's engine.
TEST(Export, Int8OutputTracksFloatOutput) {
  for (bool dw : {false, true}) {
    const FloatNet net = tiny_net(dw);
    const auto ranges = loose_ranges(net);
    std::string error;
    auto q = EngineRunner::load(export_int8_tflite(net, ranges, {}, &error), Kernels::kReference,
                                &error);
    ASSERT_NE(q, nullptr) << error;
    auto f = EngineRunner::load(export_float_tflite(net, {}, &error), Kernels::kReference, &error);
    ASSERT_NE(f, nullptr) << error;
    EXPECT_EQ(q->input_type(), DType::kInt8);
    EXPECT_EQ(f->input_type(), DType::kFloat32);
    const float out_range = ranges.back().max - ranges.back().min;
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> px(0, 255);
    for (int n = 0; n < 20; ++n) {
      std::vector<std::uint8_t> image(784);
      for (auto& p : image) p = static_cast<std::uint8_t>(px(rng));
      std::vector<float> qs, fs;
      ASSERT_GE(q->classify(image, &qs), 0);
      ASSERT_GE(f->classify(image, &fs), 0);
      ASSERT_EQ(qs.size(), 10u);
      ASSERT_EQ(fs.size(), 10u);
      for (std::size_t c = 0; c < 10; ++c) {
        EXPECT_NEAR(qs[c], fs[c], 0.03 * out_range)
            << "dw=" << dw << " image " << n << " class " << c;
      }
    }
  }
}

TEST(Export, RejectsInconsistentNetworks) {
  FloatNet net = tiny_net(false);
  net.layers[0].weights.pop_back();
  std::string error;
  EXPECT_TRUE(export_int8_tflite(net, loose_ranges(net), {}, &error).empty());
  EXPECT_NE(error.find("layer 0"), std::string::npos) << error;
  error.clear();
  const FloatNet good = tiny_net(false);
  EXPECT_TRUE(export_int8_tflite(good, {}, {}, &error).empty());
  EXPECT_FALSE(error.empty());
}

// ------------------------------------------------------------ on nib's engine

struct Variant {
  const char* name;
  bool depthwise;
  bool int8;
  ExportOptions options;
};

std::vector<Variant> variants() {
  ExportOptions softmax_pc;
  softmax_pc.softmax = true;
  softmax_pc.fc_per_channel = true;
  return {
      {"int8", false, true, {}},
      {"int8 depthwise", true, true, {}},
      {"int8 softmax fc-per-channel", false, true, softmax_pc},
      {"int8 depthwise softmax fc-per-channel", true, true, softmax_pc},
      {"float32", false, false, {}},
      {"float32 depthwise softmax", true, false, softmax_pc},
  };
}

std::vector<std::uint8_t> export_variant(const Variant& v, std::string* error) {
  const FloatNet net = tiny_net(v.depthwise);
  return v.int8 ? export_int8_tflite(net, loose_ranges(net), v.options, error)
                : export_float_tflite(net, v.options, error);
}

// Every exported file passes nib's verifier (flatbuffers verification plus
// every check its kernels rely on) and prepares with both kernel sets.
TEST(Engine, ExportedModelsPassNibsVerifier) {
  for (const Variant& v : variants()) {
    SCOPED_TRACE(v.name);
    std::string error;
    const auto bytes = export_variant(v, &error);
    ASSERT_FALSE(bytes.empty()) << error;
    tools::AlignedBytes aligned(bytes.size());
    std::memcpy(aligned.data(), bytes.data(), bytes.size());
    Model model;
    const Status s = Model::load(aligned.data(), aligned.size(), model);
    ASSERT_TRUE(s.is_ok()) << s.message();
    EXPECT_EQ(model.op_count(), static_cast<int>(tiny_net(v.depthwise).layers.size()) +
                                    (v.options.softmax ? 1 : 0));
    for (Kernels k : {Kernels::kReference, Kernels::kOptimized}) {
      Options options;
      options.kernels = k;
      std::vector<std::uint8_t> arena(256 * 1024 + Interpreter::kArenaAlignment);
      auto* base = arena.data() + (Interpreter::kArenaAlignment -
                                   reinterpret_cast<std::uintptr_t>(arena.data()) %
                                       Interpreter::kArenaAlignment) %
                                      Interpreter::kArenaAlignment;
      Interpreter interp;
      const Status init = interp.init(model, base, 256 * 1024, options);
      ASSERT_TRUE(init.is_ok()) << init.message();
      EXPECT_EQ(interp.input(0).type, v.int8 ? DType::kInt8 : DType::kFloat32);
      EXPECT_EQ(interp.output(0).elements(), 10u);
    }
  }
}

// nib's reference and optimized kernels give the same output bytes on the
// exported files, for raw inputs over the whole int8 range and for images.
TEST(Engine, ReferenceAndOptimizedKernelsGiveIdenticalBytes) {
  for (const Variant& v : variants()) {
    SCOPED_TRACE(v.name);
    std::string error;
    const auto bytes = export_variant(v, &error);
    ASSERT_FALSE(bytes.empty()) << error;
    auto ref = EngineRunner::load(bytes, Kernels::kReference, &error);
    ASSERT_NE(ref, nullptr) << error;
    auto opt = EngineRunner::load(bytes, Kernels::kOptimized, &error);
    ASSERT_NE(opt, nullptr) << error;

    std::mt19937 rng(11);
    std::vector<std::uint8_t> first;
    bool varies = false;
    for (int n = 0; n < 8; ++n) {
      std::vector<std::uint8_t> input;
      if (v.int8) {
        std::uniform_int_distribution<int> byte(0, 255);
        input.resize(784);
        for (auto& b : input) b = static_cast<std::uint8_t>(byte(rng));
      } else {
        std::uniform_real_distribution<float> real(0.0f, 1.0f);
        input.resize(784 * sizeof(float));
        for (std::size_t i = 0; i < 784; ++i) {
          const float x = real(rng);
          std::memcpy(input.data() + i * sizeof x, &x, sizeof x);
        }
      }
      const auto want = ref->invoke_raw(input);
      const auto got = opt->invoke_raw(input);
      ASSERT_EQ(want.size(), v.int8 ? 10u : 40u) << "input " << n;
      EXPECT_EQ(got, want) << "input " << n;
      if (n == 0) first = want;
      varies = varies || want != first;
    }
    // The inputs exercise the network: not every output is the same.
    EXPECT_TRUE(varies);

    // A digit-like image: a bar and a ring, through the pixel quantization.
    std::vector<std::uint8_t> image(784, 0);
    for (int y = 4; y < 24; ++y) image[static_cast<std::size_t>(y * 28 + 14)] = 255;
    for (int a = 0; a < 64; ++a) {
      const double t = a * 2 * 3.14159265358979 / 64;
      const int x = 14 + static_cast<int>(std::lround(8 * std::cos(t)));
      const int y = 14 + static_cast<int>(std::lround(8 * std::sin(t)));
      image[static_cast<std::size_t>(y * 28 + x)] = 200;
    }
    std::vector<float> ref_scores, opt_scores;
    EXPECT_EQ(ref->classify(image, &ref_scores), opt->classify(image, &opt_scores));
    EXPECT_EQ(ref_scores, opt_scores);
  }
}

TEST(Engine, RejectsGarbage) {
  std::string error;
  EXPECT_EQ(EngineRunner::load(std::vector<std::uint8_t>(64, 0xab), Kernels::kReference, &error),
            nullptr);
  EXPECT_NE(error.find("nib refuses the model"), std::string::npos) << error;
}

}  // namespace
}  // namespace nib::train
