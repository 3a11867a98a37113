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

// (1 - x) / (1 + x) for x in [0, 1) in Q0; result in Q0.
int32_t one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t x);

// tanh(x) for x in Q(integer_bits); result in Q0.
int32_t tanh(int32_t x, int integer_bits);

// 1 / sqrt(x) for x >= 0 as a Q31 multiplier and a right shift (positive =
// right), by Newton-Raphson in Q3; x <= 1 gives (INT32_MAX, 0). The
// RSQRT and L2 normalization arithmetic of TFLite's reference kernels.
void inv_sqrt_multiplier(int32_t x, int32_t* multiplier, int* right_shift);

// log(x) for x >= 1 in Q12; result in Q5 (the LOG_SOFTMAX arithmetic).
int32_t log_x_for_x_at_least_1_q12_to_q5(int32_t x);

// Number of redundant sign bits of x (31 for 0 and -1).
constexpr int count_leading_sign_bits(int32_t x) {
  const uint32_t u = static_cast<uint32_t>(x < 0 ? ~x : x);
  return u == 0 ? 31 : __builtin_clz(u) - 1;
}

}  // namespace nib::quant
