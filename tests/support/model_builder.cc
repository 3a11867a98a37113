#include "support/model_builder.h"

#include <cstring>

namespace nib::test {

ModelBuilder::ModelBuilder() {
  model_.version = 3;
  model_.buffers.push_back(std::make_unique<fb::BufferT>());  // buffer 0: empty, by convention
  model_.subgraphs.push_back(std::make_unique<fb::SubGraphT>());
}

int ModelBuilder::tensor(fb::TensorType type, std::vector<int32_t> shape, float scale, int64_t zero_point) {
  auto t = std::make_unique<fb::TensorT>();
  t->type = type;
  t->shape = std::move(shape);
  t->buffer = 0;
  t->name = "t" + std::to_string(graph().tensors.size());
  if (scale != 0.0f) {
    t->quantization = std::make_unique<fb::QuantizationParametersT>();
    t->quantization->scale = {scale};
    t->quantization->zero_point = {zero_point};
  }
  graph().tensors.push_back(std::move(t));
  return static_cast<int>(graph().tensors.size()) - 1;
}

int ModelBuilder::constant(fb::TensorType type, std::vector<int32_t> shape, const void* data, size_t bytes,
                           float scale, int64_t zero_point) {
  const int t = tensor(type, std::move(shape), scale, zero_point);
  auto b = std::make_unique<fb::BufferT>();
  b->data.resize(bytes);
  std::memcpy(b->data.data(), data, bytes);
  model_.buffers.push_back(std::move(b));
  graph().tensors[static_cast<size_t>(t)]->buffer = static_cast<uint32_t>(model_.buffers.size() - 1);
  return t;
}

void ModelBuilder::per_channel(int t, std::vector<float> scales, int dim) {
  auto& q = graph().tensors[static_cast<size_t>(t)]->quantization;
  if (!q) q = std::make_unique<fb::QuantizationParametersT>();
  q->zero_point.assign(scales.size(), 0);
  q->scale = std::move(scales);
  q->quantized_dimension = dim;
}

int ModelBuilder::op(fb::BuiltinOperator code, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                     fb::BuiltinOptionsUnion options, int version) {
  // One operator code entry per (code, version).
  uint32_t index = 0;
  for (; index < model_.operator_codes.size(); ++index) {
    const auto& oc = model_.operator_codes[index];
    if (oc->builtin_code == code && oc->version == version) break;
  }
  if (index == model_.operator_codes.size()) {
    auto oc = std::make_unique<fb::OperatorCodeT>();
    oc->builtin_code = code;
    oc->deprecated_builtin_code = static_cast<int8_t>(std::min(static_cast<int>(code), 127));
    oc->version = version;
    model_.operator_codes.push_back(std::move(oc));
  }
  auto o = std::make_unique<fb::OperatorT>();
  o->opcode_index = index;
  o->inputs = std::move(inputs);
  o->outputs = std::move(outputs);
  o->builtin_options = std::move(options);
  graph().operators.push_back(std::move(o));
  return static_cast<int>(graph().operators.size()) - 1;
}

void ModelBuilder::inputs(std::vector<int32_t> t) { graph().inputs = std::move(t); }
void ModelBuilder::outputs(std::vector<int32_t> t) { graph().outputs = std::move(t); }

tools::AlignedBytes ModelBuilder::build() const {
  flatbuffers::FlatBufferBuilder fbb;
  fb::FinishModelBuffer(fbb, fb::Model::Pack(fbb, &model_));
  tools::AlignedBytes out(fbb.GetSize());
  std::memcpy(out.data(), fbb.GetBufferPointer(), fbb.GetSize());
  return out;
}

fb::BuiltinOptionsUnion conv_options(fb::Padding padding, int stride_w, int stride_h, fb::ActivationFunctionType act,
                                     int dilation_w, int dilation_h) {
  fb::Conv2DOptionsT o;
  o.padding = padding;
  o.stride_w = stride_w;
  o.stride_h = stride_h;
  o.fused_activation_function = act;
  o.dilation_w_factor = dilation_w;
  o.dilation_h_factor = dilation_h;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  return u;
}

}  // namespace nib::test
