#include "digits/recognizer.h"

#include <cmath>
#include <cstring>

namespace nib::digits {

void rank(Prediction& p) {
  bool used[kClasses] = {};
  for (int k = 0; k < 3; ++k) {
    int best = -1;
    for (int c = 0; c < kClasses; ++c)
      if (!used[c] && (best < 0 || p.probability[c] > p.probability[best])) best = c;
    p.top[k] = best;
    used[best] = true;
  }
  p.digit = p.top[0];
}

namespace {

float element(const TensorView& t, size_t i) {
  switch (t.type) {
    case DType::kInt8: return static_cast<float>(t.as<int8_t>()[i] - t.zero_point) * t.scale;
    case DType::kUInt8: return static_cast<float>(static_cast<int>(t.as<uint8_t>()[i]) - t.zero_point) * t.scale;
    case DType::kFloat32: return t.as<float>()[i];
    default: return 0.0f;
  }
}

void append(char* out, size_t cap, const char* s, size_t n) {
  size_t len = std::strlen(out);
  for (size_t i = 0; i < n && len + 1 < cap; ++i) out[len++] = s[i];
  out[len] = '\0';
}

// Is name[0..n) one of the ", "-separated components of list?
bool has_component(const char* list, const char* name, size_t n) {
  while (*list != '\0') {
    const char* end = std::strchr(list, ',');
    const size_t len = end != nullptr ? static_cast<size_t>(end - list) : std::strlen(list);
    if (len == n && std::strncmp(list, name, n) == 0) return true;
    if (end == nullptr) break;
    list = end + 2;
  }
  return false;
}

Status check_io(const TensorView& in, const TensorView& out) {
  if (in.elements() != kMnistSize * kMnistSize)
    return Status::error(StatusCode::kInvalidArgument, "model input has ", static_cast<long long>(in.elements()),
                         " elements, a digit model takes 784 (28x28x1)");
  if (out.elements() != kClasses)
    return Status::error(StatusCode::kInvalidArgument, "model output has ", static_cast<long long>(out.elements()),
                         " elements, a digit model gives 10");
  if (in.type != DType::kInt8 && in.type != DType::kUInt8 && in.type != DType::kFloat32)
    return Status::error(StatusCode::kUnsupported, "model input type ", dtype_name(in.type));
  if (out.type != DType::kInt8 && out.type != DType::kUInt8 && out.type != DType::kFloat32)
    return Status::error(StatusCode::kUnsupported, "model output type ", dtype_name(out.type));
  return Status::ok();
}

}  // namespace

Status Recognizer::init(const CompiledModel& model, void* arena, size_t arena_size) {
  ready_ = false;
  compiled_ = nullptr;
  kernels_ = model.kernels;
  NIB_RETURN_IF_ERROR(model.init(arena, arena_size));
  NIB_RETURN_IF_ERROR(check_io(model.input(0), model.output(0)));
  softmax_output_ = model.output_from_softmax;
  macs_ = model.macs;
  kernels_used_[0] = '\0';
  append(kernels_used_, sizeof kernels_used_, model.kernels_used, std::strlen(model.kernels_used));
  compiled_ = &model;
  ready_ = true;
  return Status::ok();
}

Status Recognizer::init(const void* model_data, size_t model_size, void* arena, size_t arena_size, Kernels kernels) {
  ready_ = false;
  compiled_ = nullptr;
  kernels_ = kernels;
  kernels_used_[0] = '\0';
  NIB_RETURN_IF_ERROR(Model::load(model_data, model_size, model_));
  Options options;
  options.kernels = kernels;
  NIB_RETURN_IF_ERROR(interp_.init(model_, arena, arena_size, options));
  if (interp_.input_count() < 1 || interp_.output_count() < 1)
    return Status::error(StatusCode::kInvalidArgument, "the model has no input or no output");
  NIB_RETURN_IF_ERROR(check_io(interp_.input(0), interp_.output(0)));

  // Does the output come straight out of a SOFTMAX?
  softmax_output_ = false;
  const int32_t out_index = model_.outputs()[0];
  for (int i = 0; i < model_.op_count(); ++i) {
    const OpInfo op = model_.op(i);
    for (int32_t t : op.outputs)
      if (t == out_index) softmax_output_ = op.code == static_cast<int32_t>(OpCode::kSoftmax);
  }

  macs_ = 0;
  for (int i = 0; i < model_.op_count(); ++i) macs_ += interp_.op_event(i).macs;

  // The distinct kernel variants the prepared operators run, by component
  // ("dsp-small+maxpool" and "dsp" give "dsp-small, maxpool, dsp").
  for (int i = 0; i < model_.op_count(); ++i) {
    const char* k = interp_.op_event(i).kernel;
    if (k == nullptr || std::strcmp(k, "alias") == 0 || std::strcmp(k, "fused") == 0) continue;
    while (*k != '\0') {
      const char* end = std::strchr(k, '+');
      const size_t n = end != nullptr ? static_cast<size_t>(end - k) : std::strlen(k);
      if (n > 0 && !has_component(kernels_used_, k, n)) {
        if (kernels_used_[0] != '\0') append(kernels_used_, sizeof kernels_used_, ", ", 2);
        append(kernels_used_, sizeof kernels_used_, k, n);
      }
      k += n;
      if (*k == '+') ++k;
    }
  }
  ready_ = true;
  return Status::ok();
}

const char* Recognizer::kernels_requested() const {
  return kernels_ == Kernels::kReference ? "reference" : "optimized";
}

Status Recognizer::classify(const Image28& image, Prediction& out) {
  if (!ready_) return Status::error(StatusCode::kInvalidArgument, "no model loaded");
  NIB_RETURN_IF_ERROR(quantize_into(image, compiled_ != nullptr ? compiled_->input(0) : interp_.input(0)));
  const uint64_t c0 = platform_->cycles();
  const uint64_t t0 = platform_->micros();
  NIB_RETURN_IF_ERROR(compiled_ != nullptr ? compiled_->invoke() : interp_.invoke());
  const uint64_t t1 = platform_->micros();
  const uint64_t c1 = platform_->cycles();
  out = Prediction{};
  out.micros = t1 - t0;
  out.cycles = c1 - c0;
  out.macs = macs_;

  const TensorView t = compiled_ != nullptr ? compiled_->output(0) : interp_.output(0);
  float v[kClasses];
  for (int c = 0; c < kClasses; ++c) v[c] = element(t, static_cast<size_t>(c));
  if (softmax_output_) {
    for (int c = 0; c < kClasses; ++c) out.probability[c] = v[c];
  } else {
    float m = v[0];
    for (int c = 1; c < kClasses; ++c) m = v[c] > m ? v[c] : m;
    float sum = 0.0f;
    for (int c = 0; c < kClasses; ++c) {
      out.probability[c] = std::exp(v[c] - m);
      sum += out.probability[c];
    }
    for (int c = 0; c < kClasses; ++c) out.probability[c] /= sum;
  }
  rank(out);
  return Status::ok();
}

}  // namespace nib::digits
