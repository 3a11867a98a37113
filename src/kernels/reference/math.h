// Reference kernels of the math and activation operators, bit-exact with
// TensorFlow Lite Micro's reference arithmetic: SUB, DIV, MAXIMUM, MINIMUM,
// SQUARED_DIFFERENCE, PRELU (broadcasting), ABS, NEG, EXP, RSQRT, ELU,
// TANH, HARD_SWISH, LEAKY_RELU.
#pragma once

#include <cstdint>

#include "kernels/math_params.h"

namespace nib::kernels::reference {

// Broadcasting binary operators (BinaryParams as ADD's: SUB uses ADD's
// rescaling; SQUARED_DIFFERENCE the same with a left shift of 7; DIV only
// output_multiplier/shift; MAXIMUM/MINIMUM compare raw values).
void sub_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output);
void sub_f32(const BinaryParams& p, const float* a, const float* b, float* output);
void div_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output);
void div_f32(const BinaryParams& p, const float* a, const float* b, float* output);
void squared_difference_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output);
void squared_difference_f32(const BinaryParams& p, const float* a, const float* b, float* output);
template <typename T>
void maximum(const BinaryParams& p, const T* a, const T* b, T* output);
template <typename T>
void minimum(const BinaryParams& p, const T* a, const T* b, T* output);
void prelu_s8(const PreluParams& p, const int8_t* input, const int8_t* alpha, int8_t* output);
void prelu_f32(const BinaryParams& p, const float* input, const float* alpha, float* output);

// Float unary operators.
void unary_f32(const UnaryF32Params& p, const float* input, float* output);

// int8 unary operators: output[i] = table[input[i]].
void lookup_s8(const LookupParams& p, const int8_t* input, int8_t* output);

// The int8 arithmetic of one value, used by prepare to fill the table.
int8_t abs_value_s8(const AbsParams& p, int8_t x);
int8_t rsqrt_value_s8(const RsqrtParams& p, int8_t x);  // x must be >= the input zero point
int8_t leaky_relu_value_s8(const LeakyReluParams& p, int8_t x);
int8_t hard_swish_value_s8(const HardSwishParams& p, int8_t x);
int8_t tanh_value_s8(const TanhParams& p, int8_t x);
int8_t elu_value_s8(const EluParams& p, int8_t x);

void tanh_s16(const TanhS16Params& p, const int16_t* input, int16_t* output);
// int16 (16x8) LOGISTIC: the same input scaling and table as tanh_s16.
void logistic_s16(const TanhS16Params& p, const int16_t* input, int16_t* output);

// sigmoid(i / 24) in unsigned Q0.16 (saturated at 65535), i = 0..255: the
// table of the int16 TANH (tanh(x) = 2 sigmoid(2x) - 1).
extern const uint16_t kSigmoidQ16Table[256];

}  // namespace nib::kernels::reference
