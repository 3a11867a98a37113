// LOG_SOFTMAX and L2_NORMALIZATION over the last axis, with TFLite Micro's
// fixed-point arithmetic for int8 (output scales 16/256 with zero point 127,
// and 1/128 with zero point 0).
#pragma once

#include <cstdint>

#include "kernels/normalization_params.h"

namespace nib::kernels::reference {

void log_softmax_s8(const LogSoftmaxParams& p, const int8_t* input, int8_t* output);
void log_softmax_f32(const LogSoftmaxParams& p, const float* input, float* output);
void l2_normalization_s8(const L2NormParams& p, const int8_t* input, int8_t* output);
void l2_normalization_f32(const L2NormParams& p, const float* input, float* output);

}  // namespace nib::kernels::reference
