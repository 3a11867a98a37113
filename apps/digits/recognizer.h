// Digit classification with the nib engine, through its public API only:
// load the model, quantize the 28×28 image into its input, invoke, read the
// ten outputs as probabilities (dequantized, then softmax unless the model
// already ends in SOFTMAX).
#pragma once

#include <cstddef>
#include <cstdint>

#include "digits/platform.h"
#include "digits/preprocess.h"
#include "nib/interpreter.h"
#include "nib/model.h"
#include "nib/status.h"

namespace nib::digits {

inline constexpr int kClasses = 10;

struct Prediction {
  int digit = -1;                  // the most probable class, -1 before any
  float probability[kClasses] = {};
  int top[3] = {-1, -1, -1};       // classes by falling probability (ties: lower class first)
  uint64_t micros = 0;             // time of the engine's invoke()
  uint64_t cycles = 0;             // CPU cycles of invoke(), 0 if the platform cannot count
  uint64_t macs = 0;               // multiply-accumulates of one inference (the model's)
};

// Orders prediction.top and sets digit from prediction.probability.
void rank(Prediction& prediction);

// Anything that turns a preprocessed digit into a prediction. The controller
// talks to this interface; tests substitute a fake.
class Classifier {
 public:
  virtual Status classify(const Image28& image, Prediction& out) = 0;
  // Kernel selection asked for ("optimized", "reference").
  virtual const char* kernels_requested() const = 0;
  // Kernel variants the prepared operators actually run, e.g. "reference"
  // or "dsp-small, maxpool, dsp" (the components of what op_event()
  // reports, "alias"/"fused" aside).
  virtual const char* kernels_used() const = 0;

 protected:
  ~Classifier() = default;
};

// A model compiled by `nib compile` (docs/compile.md): its generated
// functions and constants, e.g. for namespace m:
//   {m::init, m::invoke, m::input, m::output, m::kArenaBytes, m::kMacs, m::kKernelsUsed, m::kOutputFromSoftmax, kOptimized}
struct CompiledModel {
  Status (*init)(void* arena, size_t arena_bytes);
  Status (*invoke)();
  TensorView (*input)(int index);
  TensorView (*output)(int index);
  size_t arena_bytes;
  uint64_t macs;
  const char* kernels_used;
  bool output_from_softmax;
  Kernels kernels;  // the set it was compiled with
};

class Recognizer final : public Classifier {
 public:
  explicit Recognizer(Platform& platform) : platform_(&platform) {}

  // model_data: the .tflite bytes, 16-byte aligned, kept alive by the caller.
  // The model must take 784 values (e.g. [1,28,28,1]) of int8, uint8 or
  // float32 and give 10.
  Status init(const void* model_data, size_t model_size, void* arena, size_t arena_size, Kernels kernels);
  // The same for a compiled model (no interpreter; `model` must outlive the
  // recognizer): checks its input and output.
  Status init(const CompiledModel& model, void* arena, size_t arena_size);
  bool ready() const { return ready_; }

  Status classify(const Image28& image, Prediction& out) override;
  const char* kernels_requested() const override;
  const char* kernels_used() const override { return kernels_used_; }

  const Interpreter& interpreter() const { return interp_; }
  // Arena bytes in use: the interpreter's total, or the compiled model's.
  size_t arena_bytes() const { return compiled_ != nullptr ? compiled_->arena_bytes : interp_.arena_usage().total(); }
  const Model& model() const { return model_; }
  bool output_is_softmax() const { return softmax_output_; }
  uint64_t macs() const { return macs_; }

 private:
  Platform* platform_;
  Model model_;
  Interpreter interp_;
  const CompiledModel* compiled_ = nullptr;
  Kernels kernels_ = Kernels::kOptimized;
  bool ready_ = false;
  bool softmax_output_ = false;
  uint64_t macs_ = 0;
  char kernels_used_[64] = {};
};

}  // namespace nib::digits
