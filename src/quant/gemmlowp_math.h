// Q-format fixed-point helpers for int8 SOFTMAX and LOGISTIC, following the
// gemmlowp arithmetic that TensorFlow Lite's reference kernels use (exp on
// negative values, 1/(1+x), logistic) so the int8 results match exactly.
// A value in "Qn" here has n integer bits and 31-n fractional bits.
#pragma once

#include <cstdint>

#include "quant/fixed_point.h"

namespace nib::quant {

// exp(x) for x <= 0, x in Q(integer_bits); result in Q0 (fraction of 1).
int32_t exp_on_negative_values(int32_t x, int integer_bits);

// 1 / (1 + x) for x in [0, 1) in Q0; result in Q0.
int32_t one_over_one_plus_x_for_x_in_0_1(int32_t x);

// 1 / (1 + exp(-x)) for x in Q(integer_bits); result in Q0.
int32_t logistic(int32_t x, int integer_bits);

// 1/x for a positive accumulator x in Q(integer_bits): returns the Q0
// reciprocal of x scaled into [1, 2) and how many bits x exceeds one by.
int32_t reciprocal(int32_t x, int integer_bits, int* num_bits_over_unit);

}  // namespace nib::quant
