// Parameter structs of the math and activation kernels (SUB, DIV,
// SQUARED_DIFFERENCE, PRELU, the unary activations). Binary operators reuse
// BinaryParams (params.h) for their broadcast walk and requantization.
#pragma once

#include <cstdint>

#include "kernels/params.h"

namespace nib::kernels {

// Float unary operators, one loop with the operator chosen at prepare.
enum class UnaryOp : uint8_t { kAbs, kNeg, kExp, kRsqrt, kElu, kTanh, kHardSwish, kLeakyRelu };
struct UnaryF32Params {
  int32_t elements;
  UnaryOp op;
  float alpha;  // LEAKY_RELU
};

// int8 unary operators run through a 256-entry table that prepare fills with
// the per-value integer arithmetic below (indexed by the input byte).
struct LookupParams {
  int32_t elements;
  int8_t table[256];
};

// int8 ABS: |q - zp_in|, rescaled by in/out scale unless the scales match.
struct AbsParams {
  int32_t input_zero_point, output_zero_point;
  bool rescale;
  int32_t multiplier, shift;
};

// int8 RSQRT: 1/sqrt(q - zp_in) by fixed-point Newton-Raphson, then times
// 1 / (sqrt(in_scale) * out_scale).
struct RsqrtParams {
  int32_t input_zero_point, output_zero_point;
  int32_t multiplier, shift;
};

// int8 LEAKY_RELU: identity and alpha branches, each with its own multiplier.
struct LeakyReluParams {
  int32_t input_zero_point, output_zero_point;
  int32_t identity_multiplier, identity_shift;
  int32_t alpha_multiplier, alpha_shift;  // multiplier of |alpha|
  bool alpha_negative;
};

// int8 HARD_SWISH: 16-bit fixed point with Q15 multipliers.
struct HardSwishParams {
  int32_t input_zero_point, output_zero_point;
  int16_t output_multiplier;   // hires input scale / output scale
  int32_t output_exponent;     // <= 0
  int16_t reluish_multiplier;  // hires input scale / (3 / 32768)
  int32_t reluish_exponent;
};

// int8 TANH: input rescaled to Q4, gemmlowp tanh, output scale 1/128.
struct TanhParams {
  int32_t input_zero_point, input_range_radius;
  int32_t input_multiplier, input_shift;
};

// int16 TANH: input rescaled so that 2^17 is about 10.7, then the 256-entry
// sigmoid table with linear interpolation; output scale 1/32768.
struct TanhS16Params {
  int32_t elements;
  int32_t input_multiplier, input_left_shift;
};

// int8 ELU: the table entry of each input byte, computed in float.
struct EluParams {
  float input_scale;
  int32_t input_zero_point;
  float output_scale;
  int32_t output_zero_point;
};

// int8 PRELU: input broadcast against alpha.
struct PreluParams {
  BinaryParams shape;  // broadcast walk (input 1 = input, input 2 = alpha)
  int32_t input_offset, alpha_offset, output_offset;  // offsets: minus zero points
  int32_t identity_multiplier, identity_shift;        // in_scale / out_scale
  int32_t alpha_multiplier, alpha_shift;              // in_scale * alpha_scale / out_scale
};

}  // namespace nib::kernels
