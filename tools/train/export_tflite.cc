#include "export_tflite.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <utility>

#include "nib/schema/tflite_generated.h"

namespace nib::train {
namespace {

namespace fbs = ::flatbuffers;
using fb::BuiltinOperator;
using fb::TensorType;

// A tensor of the graph being built, before serialization.
struct TensorDesc {
  std::string name;
  std::vector<std::int32_t> shape;
  TensorType type = TensorType::FLOAT32;
  std::vector<std::uint8_t> data;  // empty for activations
  bool quantized = false;
  std::vector<float> scale;
  std::vector<std::int64_t> zero_point;
  int quantized_dimension = 0;
};

using OptionsWriter =
    std::function<std::pair<fb::BuiltinOptions, fbs::Offset<void>>(fbs::FlatBufferBuilder&)>;

struct OpDesc {
  BuiltinOperator code;
  int version;
  std::vector<std::int32_t> inputs;
  std::vector<std::int32_t> outputs;
  OptionsWriter options;  // may be empty
};

class Graph {
 public:
  int add(TensorDesc t) {
    tensors_.push_back(std::move(t));
    return static_cast<int>(tensors_.size()) - 1;
  }
  void op(BuiltinOperator code, int version, std::vector<std::int32_t> inputs,
          std::vector<std::int32_t> outputs, OptionsWriter options = {}) {
    ops_.push_back({code, version, std::move(inputs), std::move(outputs), std::move(options)});
  }
  TensorDesc& tensor(int i) { return tensors_[static_cast<std::size_t>(i)]; }

  std::vector<std::uint8_t> serialize(int input, int output, const std::string& description) const;

 private:
  std::vector<TensorDesc> tensors_;
  std::vector<OpDesc> ops_;
};

std::vector<std::uint8_t> Graph::serialize(int input, int output,
                                           const std::string& description) const {
  fbs::FlatBufferBuilder fbb(64 * 1024);

  // Buffers: 0 is the empty sentinel; then one per tensor, in tensor order,
  // empty for activations (the layout TensorFlow's converter produces).
  std::vector<fbs::Offset<fb::Buffer>> buffers;
  buffers.push_back(fb::CreateBuffer(fbb));
  for (const auto& t : tensors_) {
    if (t.data.empty()) {
      buffers.push_back(fb::CreateBuffer(fbb));
      continue;
    }
    fbb.ForceVectorAlignment(t.data.size(), sizeof(std::uint8_t), 16);
    auto data = fbb.CreateVector(t.data);
    buffers.push_back(fb::CreateBuffer(fbb, data));
  }

  std::vector<fbs::Offset<fb::Tensor>> tensors;
  for (std::size_t i = 0; i < tensors_.size(); ++i) {
    const auto& t = tensors_[i];
    fbs::Offset<fb::QuantizationParameters> q = 0;
    if (t.quantized) {
      q = fb::CreateQuantizationParameters(fbb, 0, 0, fbb.CreateVector(t.scale),
                                           fbb.CreateVector(t.zero_point),
                                           fb::QuantizationDetails::NONE, 0, t.quantized_dimension);
    }
    tensors.push_back(fb::CreateTensor(fbb, fbb.CreateVector(t.shape), t.type,
                                       static_cast<std::uint32_t>(i + 1), fbb.CreateString(t.name),
                                       q));
  }

  // Operator codes in order of first use; both code fields are set.
  std::vector<std::pair<BuiltinOperator, int>> codes;
  std::vector<fbs::Offset<fb::Operator>> operators;
  for (const auto& o : ops_) {
    const auto key = std::make_pair(o.code, o.version);
    auto it = std::find(codes.begin(), codes.end(), key);
    if (it == codes.end()) it = codes.insert(codes.end(), key);
    const auto opcode_index = static_cast<std::uint32_t>(it - codes.begin());
    auto in = fbs::Offset<fbs::Vector<std::int32_t>>(fbb.CreateVector(o.inputs));
    auto out = fbs::Offset<fbs::Vector<std::int32_t>>(fbb.CreateVector(o.outputs));
    std::pair<fb::BuiltinOptions, fbs::Offset<void>> opts{fb::BuiltinOptions::NONE, 0};
    if (o.options) opts = o.options(fbb);
    operators.push_back(fb::CreateOperator(fbb, opcode_index, in, out, opts.first, opts.second));
  }
  std::vector<fbs::Offset<fb::OperatorCode>> opcodes;
  for (const auto& [code, version] : codes) {
    const auto value = static_cast<std::int32_t>(code);
    // deprecated_builtin_code holds codes below 127 (all of nib's do).
    const auto deprecated = static_cast<std::int8_t>(std::min(value, 127));
    opcodes.push_back(fb::CreateOperatorCode(fbb, deprecated, 0, version, code));
  }

  const std::vector<std::int32_t> inputs{input};
  const std::vector<std::int32_t> outputs{output};
  auto subgraph = fb::CreateSubGraph(fbb, fbb.CreateVector(tensors), fbb.CreateVector(inputs),
                                     fbb.CreateVector(outputs), fbb.CreateVector(operators),
                                     fbb.CreateString("main"));
  const std::vector<fbs::Offset<fb::SubGraph>> subgraphs{subgraph};
  auto model = fb::CreateModel(fbb, 3, fbb.CreateVector(opcodes), fbb.CreateVector(subgraphs),
                               fbb.CreateString(description), fbb.CreateVector(buffers));
  fb::FinishModelBuffer(fbb, model);
  return {fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize()};
}

template <typename T>
std::vector<std::uint8_t> to_bytes(const std::vector<T>& v) {
  std::vector<std::uint8_t> out(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(out.data(), v.data(), out.size());  // little-endian host
  return out;
}

std::vector<std::int32_t> nhwc(Shape s) { return {1, s.h, s.w, s.c}; }

fb::ActivationFunctionType act(bool relu) {
  return relu ? fb::ActivationFunctionType::RELU : fb::ActivationFunctionType::NONE;
}

fb::Padding padding(bool same) { return same ? fb::Padding::SAME : fb::Padding::VALID; }

std::string layer_name(std::size_t index, const LayerSpec& spec) {
  const char* kind = "layer";
  switch (spec.kind) {
    case LayerKind::Conv:
      kind = "conv";
      break;
    case LayerKind::Depthwise:
      kind = "dwconv";
      break;
    case LayerKind::MaxPool:
      kind = "maxpool";
      break;
    case LayerKind::AvgPool:
      kind = "avgpool";
      break;
    case LayerKind::Flatten:
      kind = "flatten";
      break;
    case LayerKind::Dense:
      kind = "dense";
      break;
  }
  return "l" + std::to_string(index) + "_" + kind;
}

// The options and opcode of one layer; shared by the int8 and float writers.
void add_layer_op(Graph& g, const FloatLayer& layer, bool int8, std::vector<std::int32_t> inputs,
                  int output) {
  const auto& s = layer.spec;
  switch (s.kind) {
    case LayerKind::Conv:
      g.op(BuiltinOperator::CONV_2D, int8 ? 3 : 1, std::move(inputs), {output},
           [s](fbs::FlatBufferBuilder& fbb) {
             return std::make_pair(fb::BuiltinOptions::Conv2DOptions,
                                   fb::CreateConv2DOptions(fbb, padding(s.same_padding), s.stride,
                                                           s.stride, act(s.relu))
                                       .Union());
           });
      break;
    case LayerKind::Depthwise:
      g.op(BuiltinOperator::DEPTHWISE_CONV_2D, int8 ? 3 : 1, std::move(inputs), {output},
           [s](fbs::FlatBufferBuilder& fbb) {
             return std::make_pair(
                 fb::BuiltinOptions::DepthwiseConv2DOptions,
                 fb::CreateDepthwiseConv2DOptions(fbb, padding(s.same_padding), s.stride, s.stride,
                                                  1, act(s.relu))
                     .Union());
           });
      break;
    case LayerKind::MaxPool:
    case LayerKind::AvgPool:
      g.op(s.kind == LayerKind::MaxPool ? BuiltinOperator::MAX_POOL_2D
                                        : BuiltinOperator::AVERAGE_POOL_2D,
           int8 ? 2 : 1, std::move(inputs), {output}, [s](fbs::FlatBufferBuilder& fbb) {
             return std::make_pair(fb::BuiltinOptions::Pool2DOptions,
                                   fb::CreatePool2DOptions(fbb, fb::Padding::VALID, s.stride,
                                                           s.stride, s.kernel, s.kernel)
                                       .Union());
           });
      break;
    case LayerKind::Flatten:
      // New shape given as a second (constant) input, as the converter does.
      g.op(BuiltinOperator::RESHAPE, 1, std::move(inputs), {output});
      break;
    case LayerKind::Dense:
      g.op(BuiltinOperator::FULLY_CONNECTED, int8 ? 4 : 1, std::move(inputs), {output},
           [s](fbs::FlatBufferBuilder& fbb) {
             return std::make_pair(fb::BuiltinOptions::FullyConnectedOptions,
                                   fb::CreateFullyConnectedOptions(fbb, act(s.relu)).Union());
           });
      break;
  }
}

std::vector<std::int32_t> weight_shape(const FloatLayer& l) {
  const int k = l.spec.kernel;
  switch (l.spec.kind) {
    case LayerKind::Conv:
      return {l.out.c, k, k, l.in.c};
    case LayerKind::Depthwise:
      return {1, k, k, l.in.c};
    case LayerKind::Dense:
      return {l.out.c, static_cast<std::int32_t>(l.in.size())};
    default:
      return {};
  }
}

bool has_weights(LayerKind k) {
  return k == LayerKind::Conv || k == LayerKind::Depthwise || k == LayerKind::Dense;
}

bool check_net(const FloatNet& net, std::string* error) {
  Shape in = net.input;
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const auto& l = net.layers[i];
    const auto expect_out = output_shape(l.spec, in);
    bool ok = l.in.h == in.h && l.in.w == in.w && l.in.c == in.c && l.out.h == expect_out.h &&
              l.out.w == expect_out.w && l.out.c == expect_out.c;
    if (ok && has_weights(l.spec.kind)) {
      std::size_t n = 1;
      for (auto d : weight_shape(l)) n *= static_cast<std::size_t>(d);
      ok = l.weights.size() == n && l.bias.size() == static_cast<std::size_t>(l.out.c);
    }
    if (l.spec.kind == LayerKind::Depthwise && l.out.c != l.in.c) ok = false;
    if (!ok) {
      *error = "layer " + std::to_string(i) + " (" + layer_label(l.spec) +
               "): shapes or parameter sizes are inconsistent";
      return false;
    }
    in = l.out;
  }
  if (net.layers.empty()) {
    *error = "network has no layers";
    return false;
  }
  return true;
}

// Symmetric int8 quantization of `w` (TFLite layout) with one scale per slice
// of dimension `dim` of `shape`, or one scale for all when per_channel is false.
struct QuantizedWeights {
  std::vector<std::int8_t> values;
  std::vector<float> scales;
};

QuantizedWeights quantize_weights(const std::vector<float>& w,
                                  const std::vector<std::int32_t>& shape, int dim,
                                  bool per_channel) {
  std::size_t channels =
      per_channel ? static_cast<std::size_t>(shape[static_cast<std::size_t>(dim)]) : 1;
  std::size_t inner = 1;  // elements after `dim`
  for (std::size_t d = static_cast<std::size_t>(dim) + 1; d < shape.size(); ++d) {
    inner *= static_cast<std::size_t>(shape[d]);
  }
  auto channel_of = [&](std::size_t i) { return per_channel ? (i / inner) % channels : 0; };

  std::vector<float> max_abs(channels, 0.0f);
  for (std::size_t i = 0; i < w.size(); ++i) {
    max_abs[channel_of(i)] = std::max(max_abs[channel_of(i)], std::fabs(w[i]));
  }
  QuantizedWeights q;
  q.scales.resize(channels);
  for (std::size_t c = 0; c < channels; ++c) {
    // An all-zero channel gets scale 1/127 (any positive scale represents it).
    q.scales[c] = (max_abs[c] > 0.0f ? max_abs[c] : 1.0f) / 127.0f;
  }
  q.values.resize(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    const float v = std::round(w[i] / q.scales[channel_of(i)]);
    q.values[i] = static_cast<std::int8_t>(std::clamp(v, -127.0f, 127.0f));
  }
  return q;
}

std::vector<std::int32_t> quantize_bias(const std::vector<float>& bias, float input_scale,
                                        const std::vector<float>& weight_scales,
                                        std::vector<float>* bias_scales) {
  std::vector<std::int32_t> out(bias.size());
  bias_scales->resize(weight_scales.size());
  for (std::size_t c = 0; c < weight_scales.size(); ++c) {
    (*bias_scales)[c] = input_scale * weight_scales[c];
  }
  for (std::size_t i = 0; i < bias.size(); ++i) {
    const float s = (*bias_scales)[weight_scales.size() == 1 ? 0 : i];
    const double v = std::round(static_cast<double>(bias[i]) / static_cast<double>(s));
    out[i] = static_cast<std::int32_t>(
        std::clamp(v, static_cast<double>(std::numeric_limits<std::int32_t>::min()),
                   static_cast<double>(std::numeric_limits<std::int32_t>::max())));
  }
  return out;
}

TensorDesc activation_tensor(std::string name, std::vector<std::int32_t> shape, ActivationQuant q) {
  TensorDesc t;
  t.name = std::move(name);
  t.shape = std::move(shape);
  t.type = TensorType::INT8;
  t.quantized = true;
  t.scale = {q.scale};
  t.zero_point = {q.zero_point};
  return t;
}

}  // namespace

ActivationQuant activation_quant(Range range) {
  // The range must contain 0 so that 0 is exactly representable.
  const float lo = std::min(range.min, 0.0f);
  float hi = std::max(range.max, 0.0f);
  if (hi - lo < 1e-6f) hi = lo + 1e-6f;
  ActivationQuant q;
  q.scale = (hi - lo) / 255.0f;
  const float zp = std::round(-128.0f - lo / q.scale);
  q.zero_point = static_cast<std::int32_t>(std::clamp(zp, -128.0f, 127.0f));
  return q;
}

std::vector<std::uint8_t> export_int8_tflite(const FloatNet& net,
                                             const std::vector<Range>& output_ranges,
                                             const ExportOptions& options, std::string* error) {
  if (!check_net(net, error)) return {};
  if (output_ranges.size() != net.layers.size()) {
    *error = "need one calibrated range per layer";
    return {};
  }
  Graph g;
  ActivationQuant cur_q{1.0f / 255.0f, -128};
  int cur = g.add(activation_tensor("input", nhwc(net.input), cur_q));
  const int input = cur;

  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const auto& l = net.layers[i];
    const std::string name = layer_name(i, l.spec);
    const auto kind = l.spec.kind;
    if (kind == LayerKind::MaxPool || kind == LayerKind::AvgPool) {
      const int out = g.add(activation_tensor(name, nhwc(l.out), cur_q));
      add_layer_op(g, l, true, {cur}, out);
      cur = out;
      continue;
    }
    if (kind == LayerKind::Flatten) {
      TensorDesc shape;
      shape.name = name + "/shape";
      shape.shape = {2};
      shape.type = TensorType::INT32;
      shape.data = to_bytes(std::vector<std::int32_t>{1, static_cast<std::int32_t>(l.out.c)});
      const int shape_t = g.add(std::move(shape));
      const int out = g.add(activation_tensor(name, {1, l.out.c}, cur_q));
      add_layer_op(g, l, true, {cur, shape_t}, out);
      cur = out;
      continue;
    }
    // Conv, Depthwise, Dense: int8 weights, int32 bias, new output params.
    const auto wshape = weight_shape(l);
    const int qdim = kind == LayerKind::Depthwise ? 3 : 0;
    const bool per_channel = kind != LayerKind::Dense || options.fc_per_channel;
    const auto qw = quantize_weights(l.weights, wshape, qdim, per_channel);
    TensorDesc w;
    w.name = name + "/weights";
    w.shape = wshape;
    w.type = TensorType::INT8;
    w.data = to_bytes(qw.values);
    w.quantized = true;
    w.scale = qw.scales;
    w.zero_point.assign(qw.scales.size(), 0);
    w.quantized_dimension = qdim;
    const int w_t = g.add(std::move(w));

    TensorDesc b;
    b.name = name + "/bias";
    b.shape = {l.out.c};
    b.type = TensorType::INT32;
    b.data = to_bytes(quantize_bias(l.bias, cur_q.scale, qw.scales, &b.scale));
    b.quantized = true;
    b.zero_point.assign(b.scale.size(), 0);
    const int b_t = g.add(std::move(b));

    const auto out_q = activation_quant(output_ranges[i]);
    const auto out_shape =
        kind == LayerKind::Dense ? std::vector<std::int32_t>{1, l.out.c} : nhwc(l.out);
    const int out = g.add(activation_tensor(name, out_shape, out_q));
    add_layer_op(g, l, true, {cur, w_t, b_t}, out);
    cur = out;
    cur_q = out_q;
  }
  if (options.softmax) {
    const int out = g.add(activation_tensor("probabilities", {1, net.layers.back().out.c},
                                            ActivationQuant{1.0f / 256.0f, -128}));
    g.op(BuiltinOperator::SOFTMAX, 2, {cur}, {out}, [](fbs::FlatBufferBuilder& fbb) {
      return std::make_pair(fb::BuiltinOptions::SoftmaxOptions,
                            fb::CreateSoftmaxOptions(fbb, 1.0f).Union());
    });
    cur = out;
  }
  return g.serialize(input, cur, options.description);
}

std::vector<std::uint8_t> export_float_tflite(const FloatNet& net, const ExportOptions& options,
                                              std::string* error) {
  if (!check_net(net, error)) return {};
  Graph g;
  auto f32 = [](std::string name, std::vector<std::int32_t> shape, std::vector<float> data = {}) {
    TensorDesc t;
    t.name = std::move(name);
    t.shape = std::move(shape);
    t.type = TensorType::FLOAT32;
    t.data = to_bytes(data);
    return t;
  };
  int cur = g.add(f32("input", nhwc(net.input)));
  const int input = cur;
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const auto& l = net.layers[i];
    const std::string name = layer_name(i, l.spec);
    std::vector<std::int32_t> inputs{cur};
    std::vector<std::int32_t> out_shape = nhwc(l.out);
    if (has_weights(l.spec.kind)) {
      inputs.push_back(g.add(f32(name + "/weights", weight_shape(l), l.weights)));
      inputs.push_back(g.add(f32(name + "/bias", {l.out.c}, l.bias)));
      if (l.spec.kind == LayerKind::Dense) out_shape = {1, l.out.c};
    } else if (l.spec.kind == LayerKind::Flatten) {
      TensorDesc shape;
      shape.name = name + "/shape";
      shape.shape = {2};
      shape.type = TensorType::INT32;
      shape.data = to_bytes(std::vector<std::int32_t>{1, static_cast<std::int32_t>(l.out.c)});
      inputs.push_back(g.add(std::move(shape)));
      out_shape = {1, l.out.c};
    }
    const int out = g.add(f32(name, out_shape));
    add_layer_op(g, l, false, std::move(inputs), out);
    cur = out;
  }
  if (options.softmax) {
    const int out = g.add(f32("probabilities", {1, net.layers.back().out.c}));
    g.op(BuiltinOperator::SOFTMAX, 1, {cur}, {out}, [](fbs::FlatBufferBuilder& fbb) {
      return std::make_pair(fb::BuiltinOptions::SoftmaxOptions,
                            fb::CreateSoftmaxOptions(fbb, 1.0f).Union());
    });
    cur = out;
  }
  return g.serialize(input, cur, options.description);
}

}  // namespace nib::train
