// Every integer rounding step nib's int8 kernels use, in one place.
//
// These follow TensorFlow Lite's reference arithmetic (its fixed-point
// multiplier + shift scheme and gemmlowp's Q-format helpers) so results are
// bit-identical: a real multiplier m is stored as a Q31 value in [0.5, 1) and
// a power-of-two exponent; x * m is a rounding doubling high multiply (ties
// toward +infinity) followed by a rounding right shift (ties away from zero).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace nib::quant {

inline constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

// Two's-complement wrapping int32 arithmetic for accumulators. TFLite's
// kernels add in plain int32; on models whose sums stay in range that is the
// same number, and where a hostile model makes them overflow this is the
// value every two's-complement target computes, without the undefined
// behaviour (C++20 defines the unsigned -> signed conversion).
constexpr int32_t wrap_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
constexpr int32_t wrap_sub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}
constexpr int32_t wrap_mul(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b));
}
// a + b for a kernel template's accumulator: int32 and int64 wrap in two's
// complement (a hostile int64 bias may be anywhere), float adds plainly.
template <typename Acc>
constexpr Acc acc_add(Acc a, Acc b) {
  if constexpr (std::is_same_v<Acc, int32_t>)
    return wrap_add(a, b);
  else if constexpr (std::is_same_v<Acc, int64_t>)
    return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
  else
    return a + b;
}
// acc + x * w for operands whose product fits int32 (offset int8 values).
constexpr int32_t wrap_mac(int32_t acc, int32_t x, int32_t w) { return wrap_add(acc, x * w); }

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
  // Wrapping 64-bit arithmetic and a shift kept in [1, 46]: defined for a
  // hostile accumulator or shift, the reference's value for every valid one.
  const int total_shift = std::clamp(15 - shift, 1, 46);
  const uint64_t rounded = static_cast<uint64_t>(x) * static_cast<uint64_t>(int64_t{reduced}) +
                           (uint64_t{1} << (total_shift - 1));
  return static_cast<int32_t>(static_cast<int64_t>(rounded) >> total_shift);
}

// Saturating x * 2^exponent for exponent > 0, rounding x / 2^-exponent otherwise.
constexpr int32_t saturating_rounding_multiply_by_pot(int32_t x, int exponent) {
  if (exponent <= 0) return rounding_divide_by_pot(x, -exponent);
  const int32_t threshold = static_cast<int32_t>((int64_t{1} << (31 - exponent)) - 1);
  if (x > threshold) return kInt32Max;
  if (x < -threshold) return kInt32Min;
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

// round(x) (half away from zero) as int32, saturating: where the rounded
// value fits int32 this is static_cast<int32_t>(std::round(x)), which is
// undefined anywhere else; NaN gives 0 (what the Cortex-M's VCVT gives).
int32_t saturating_round(float x);

// Real multiplier -> (Q31 significand, power-of-two exponent), rounding the
// significand half away from zero. Zero maps to (0, 0), and so does a
// non-finite value (prepare rejects those first; see ops::quantized_multiplier).
void quantize_multiplier(double real, int32_t* multiplier, int* shift);

// Quantizes a float to the grid (scale, zero_point) the way TFLite's kernels
// do for activation bounds: zero_point + round(value / scale), in float,
// saturated to int32 (callers clamp to int8 anyway; a tiny scale would
// otherwise overflow the conversion).
int32_t quantize_value(float value, float scale, int32_t zero_point);

}  // namespace nib::quant
