// Builds small .tflite models in memory through the project's schema (object
// API), so tests can craft exactly the model a case needs: a single operator
// to run end to end, or a deliberately broken file.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "file_io.h"
#include "nib/schema/tflite_generated.h"

namespace nib::test {

class ModelBuilder {
 public:
  ModelBuilder();

  // Activation tensor (no data). Returns its index.
  int tensor(fb::TensorType type, std::vector<int32_t> shape, float scale = 0.0f, int64_t zero_point = 0);
  // Constant tensor with raw little-endian bytes.
  int constant(fb::TensorType type, std::vector<int32_t> shape, const void* data, size_t bytes, float scale = 0.0f,
               int64_t zero_point = 0);
  template <typename T>
  int constant(fb::TensorType type, std::vector<int32_t> shape, const std::vector<T>& values, float scale = 0.0f,
               int64_t zero_point = 0) {
    return constant(type, std::move(shape), values.data(), values.size() * sizeof(T), scale, zero_point);
  }
  // Per-channel quantization on `dim` for an existing tensor.
  void per_channel(int t, std::vector<float> scales, int dim);

  // Operator; `options` is a packed union value (e.g. from make_conv_options).
  int op(fb::BuiltinOperator code, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
         fb::BuiltinOptionsUnion options = {}, int version = 1);

  void inputs(std::vector<int32_t> t);
  void outputs(std::vector<int32_t> t);

  // The object tree, for tests that corrupt it before packing.
  fb::ModelT& model() { return model_; }
  fb::SubGraphT& graph() { return *model_.subgraphs[0]; }

  // Serializes into 16-byte aligned memory.
  tools::AlignedBytes build() const;

 private:
  fb::ModelT model_;
};

fb::BuiltinOptionsUnion conv_options(fb::Padding padding, int stride_w, int stride_h,
                                     fb::ActivationFunctionType act = fb::ActivationFunctionType::NONE,
                                     int dilation_w = 1, int dilation_h = 1);

}  // namespace nib::test
