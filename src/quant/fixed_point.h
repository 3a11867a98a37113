// Every integer rounding step nib's int8 kernels use, in one place.
//
// These follow TensorFlow Lite's reference arithmetic (its fixed-point
// multiplier + shift scheme and gemmlowp's Q-format helpers) so results are
// bit-identical: a real multiplier m is stored as a Q31 value in [0.5, 1) and
// a power-of-two exponent; x * m is a rounding doubling high multiply (ties
// toward +infinity) followed by a rounding right shift (ties away from zero).
#pragma once

#include <cstdint>
#include <limits>

namespace nib::quant {

inline constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

// round(a * b / 2^31), ties toward +infinity, saturating the single overflow
// case a == b == INT32_MIN.
constexpr int32_t saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
  if (a == kInt32Min && b == kInt32Min) return kInt32Max;
  const int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int64_t nudge = ab >= 0 ? (int64_t{1} << 30) : (1 - (int64_t{1} << 30));
  // Division (not shift) truncates toward zero, which the nudge relies on.
  return static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
}

// x / 2^exponent rounded to nearest, ties away from zero. exponent in [0, 31].
constexpr int32_t rounding_divide_by_pot(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// x * multiplier * 2^shift, the requantization step of every int8 kernel.
// A positive shift is applied before the multiply, a negative one after.
constexpr int32_t multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift);
  return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(shifted, multiplier), right_shift);
}

// The 64-bit accumulator variant (16x8 kernels with int64 bias): the
// multiplier is first rounded to 16 bits, then one rounding shift by
// 15 - shift, ties toward +infinity. shift in [-31, 7]; the result is
// truncated to 32 bits like the reference.
constexpr int32_t multiply_by_quantized_multiplier_64(int64_t x, int32_t multiplier, int shift) {
  const int32_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int total_shift = 15 - shift;
  const int64_t rounded = x * reduced + (int64_t{1} << (total_shift - 1));
  return static_cast<int32_t>(rounded >> total_shift);
}

// Saturating x * 2^exponent for exponent > 0, rounding x / 2^-exponent otherwise.
constexpr int32_t saturating_rounding_multiply_by_pot(int32_t x, int exponent) {
  if (exponent <= 0) return rounding_divide_by_pot(x, -exponent);
  const int32_t threshold = static_cast<int32_t>((int64_t{1} << (31 - exponent)) - 1);
  if (x > threshold) return kInt32Max;
  if (x < -threshold) return kInt32Min;
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

// Real multiplier -> (Q31 significand, power-of-two exponent), rounding the
// significand half away from zero. Zero maps to (0, 0).
void quantize_multiplier(double real, int32_t* multiplier, int* shift);

// Quantizes a float to the grid (scale, zero_point) the way TFLite's kernels
// do for activation bounds: zero_point + round(value / scale), in float.
int32_t quantize_value(float value, float scale, int32_t zero_point);

}  // namespace nib::quant
