// Runs a .tflite file that nib-train wrote with nib's own engine
// (nib::Model::load + nib::Interpreter), so the accuracy nib-train reports is
// the accuracy of exactly those bytes as the device will run them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "nib/interpreter.h"

namespace nib::train {

class EngineRunner {
 public:
  // Copies `bytes` into 16-byte aligned memory, loads them with nib's
  // verifier and prepares an interpreter with the given kernel set. Returns
  // null and sets `error` when nib refuses the model or the model is not an
  // MNIST classifier (one input of 784 int8/uint8/float32 elements, one
  // output of 10 int8/uint8/float32 elements).
  static std::unique_ptr<EngineRunner> load(std::span<const std::uint8_t> bytes,
                                            Kernels kernels, std::string* error);
  ~EngineRunner();

  // Runs one 28x28 image of 0..255 pixels (real value = pixel / 255,
  // quantized with the input tensor's scale and zero point) and returns the
  // argmax of the output. `scores`, when given, receives the output
  // dequantized (float outputs as they are).
  int classify(std::span<const std::uint8_t> pixels, std::vector<float>* scores = nullptr);

  // Runs the model on raw input tensor bytes and returns the output tensor's
  // raw bytes; empty when the input size is wrong or invoke() fails.
  std::vector<std::uint8_t> invoke_raw(std::span<const std::uint8_t> input);

  DType input_type() const;
  std::size_t arena_bytes() const;
  std::string describe() const;  // one line per operator: name, version, output shape, MACs, kernel

  struct Impl;

 private:
  explicit EngineRunner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nib::train
