// A small, independent interpreter for the .tflite files that nib-train
// writes, used to measure the accuracy of exactly what was written: it reads
// the file back through the project's schema and runs integer arithmetic
// following TFLite's reference kernels for int8 (int32 accumulators, per
// channel fixed-point multipliers with TFLite's rounding, zero points,
// clamping) — or plain float32 for a float model.
//
// Supported: CONV_2D, DEPTHWISE_CONV_2D, MAX_POOL_2D, AVERAGE_POOL_2D,
// RESHAPE, FULLY_CONNECTED, SOFTMAX (classification uses the input of a final
// SOFTMAX, so softmax's own rounding never decides a label), batch 1, a
// single chain of operators, int8 or float32 activations.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace nib::train {

// TFLite's fixed-point helpers (gemmlowp semantics), exposed for tests.
void quantize_multiplier(double real_multiplier, std::int32_t* multiplier, int* shift);
std::int32_t multiply_by_quantized_multiplier(std::int32_t x, std::int32_t multiplier, int shift);

class TfliteRunner {
 public:
  // Parses and verifies `bytes` (kept inside). Returns null and sets `error`
  // when the file is not a model this runner supports.
  static std::unique_ptr<TfliteRunner> load(std::vector<std::uint8_t> bytes, std::string* error);
  ~TfliteRunner();

  // Runs one 28x28 image of 0..255 pixels and returns the predicted class.
  // `scores`, when given, receives the classifier's output dequantized.
  int classify(std::span<const std::uint8_t> pixels, std::vector<float>* scores = nullptr);

  // Runs the model on raw input tensor bytes (int8 or little-endian float32,
  // NHWC) and returns the output tensor's raw bytes; empty if the input size
  // is wrong.
  std::vector<std::uint8_t> invoke_raw(std::span<const std::uint8_t> input);

  bool is_int8() const;
  std::string describe() const;  // one line per operator

  struct Impl;

 private:
  explicit TfliteRunner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nib::train
