// Parameters of LOG_SOFTMAX and L2_NORMALIZATION (over the last axis).
#pragma once

#include <cstdint>

namespace nib::kernels {

struct LogSoftmaxParams {
  int32_t outer, depth;
  // int8: input differences rescaled to Q5 (beta 1), the reverse scaling
  // that bounds the smallest representable output, and the cut-off.
  int32_t input_multiplier, input_left_shift;
  int32_t reverse_multiplier, reverse_shift;
  int32_t diff_min;
};

struct L2NormParams {
  int32_t outer, depth;
  int32_t input_zero_point;  // int8
};

}  // namespace nib::kernels
