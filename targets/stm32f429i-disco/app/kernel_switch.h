// The classifier the Controller talks to on the board: one of two
// Recognizers (optimized or reference kernels, each with its own arena),
// switched at run time by the user button so the board shows the two side
// by side, as the seed project compared CMSIS-NN with TFLM's portable kernels.
#pragma once

#include "digits/recognizer.h"

namespace nib::board {

class KernelSwitch final : public digits::Classifier {
 public:
  KernelSwitch(digits::Recognizer& optimized, digits::Recognizer& reference)
      : optimized_(&optimized), reference_(&reference) {}

  void toggle() { use_reference_ = !use_reference_; }
  bool reference() const { return use_reference_; }
  digits::Recognizer& active() { return use_reference_ ? *reference_ : *optimized_; }

  Status classify(const digits::Image28& image, digits::Prediction& out) override {
    return active().classify(image, out);
  }
  const char* kernels_requested() const override {
    return (use_reference_ ? reference_ : optimized_)->kernels_requested();
  }
  const char* kernels_used() const override { return (use_reference_ ? reference_ : optimized_)->kernels_used(); }

 private:
  digits::Recognizer* optimized_;
  digits::Recognizer* reference_;
  bool use_reference_ = false;
};

}  // namespace nib::board
