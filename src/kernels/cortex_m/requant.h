// Requantization on the Cortex-M4 with one SMMULR instead of a 64-bit
// multiply-add-shift. For |x * 2^left_shift| < 2^30 the result equals
// quant::multiply_by_quantized_multiplier exactly:
//   SRDHM(a, m) = floor((a*m + 2^30) / 2^31) = floor((2a*m + 2^31) / 2^32) = SMMULR(2a, m),
// and 2a does not overflow. Kernels use it only when prepare proved the bound
// (requant_fast_ok); otherwise they call the reference helper.
#pragma once

#include <cstdint>

#include "kernels/cortex_m/dsp.h"
#include "kernels/params.h"
#include "quant/fixed_point.h"
#include "quant/requantize.h"

namespace nib::kernels::cortex_m {

inline int32_t smmulr(int32_t a, int32_t b) {
#if NIB_HAVE_DSP
  int32_t r;
  __asm__("smmulr %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
#else
  return static_cast<int32_t>((static_cast<int64_t>(a) * b + (int64_t{1} << 31)) >> 32);
#endif
}

// requant_fast for a negative shift -e (e >= 1), the usual case: rounding
// right shift, ties away from zero, as quant::rounding_divide_by_pot: add
// half, minus one for negatives (high >> 31 is 0 or -1), then shift.
// |high| < 2^30, so the additions cannot overflow.
inline int32_t requant_fast_right(int32_t x, int32_t multiplier, int32_t e) {
  const int32_t high = smmulr(static_cast<int32_t>(static_cast<uint32_t>(x) << 1), multiplier);
  return (high + (int32_t{1} << (e - 1)) + (high >> 31)) >> e;
}

inline int32_t requant_fast(int32_t x, int32_t multiplier, int32_t shift) {
  if (shift < 0) return requant_fast_right(x, multiplier, -shift);
  return smmulr(static_cast<int32_t>(static_cast<uint32_t>(x) << (shift + 1)), multiplier);
}

// The run-time form of requant_fast_ok for one accumulator:
// |x * 2^max(shift, 0)| < 2^30.
inline bool fits_fast(int32_t x, int32_t shift) {
  const uint32_t limit = shift >= 30 ? 1u : uint32_t{1} << (30 - (shift > 0 ? shift : 0));
  return static_cast<uint32_t>(x) + limit < 2 * limit;
}

// Requantize-and-clamp (quant/requantize.h) with requant_fast: when
// prepare proved every accumulator fits ...
inline int8_t requantize_fast_s8(int32_t acc, int32_t multiplier, int32_t shift, int32_t output_offset,
                                 int32_t act_min, int32_t act_max) {
  return quant::offset_and_clamp(requant_fast(acc, multiplier, shift), output_offset, act_min, act_max);
}
// ... or checking each accumulator (the exact path for those that do not).
inline int8_t requantize_checked_s8(int32_t acc, int32_t multiplier, int32_t shift, int32_t output_offset,
                                    int32_t act_min, int32_t act_max) {
  const int32_t scaled = fits_fast(acc, shift) ? requant_fast(acc, multiplier, shift)
                                               : quant::multiply_by_quantized_multiplier(acc, multiplier, shift);
  return quant::offset_and_clamp(scaled, output_offset, act_min, act_max);
}

// Largest |accumulator| of a kernel summing `taps` int8 x int8 products
// (inputs with their offset: up to 255 in magnitude) onto an optional bias.
inline int64_t acc_bound(const int32_t* bias, int32_t channels, int64_t taps) {
  int64_t max_bias = 0;
  for (int32_t c = 0; bias != nullptr && c < channels; ++c) {
    const int64_t b = bias[c] < 0 ? -int64_t{bias[c]} : int64_t{bias[c]};
    max_bias = b > max_bias ? b : max_bias;
  }
  return max_bias + taps * 255 * 128;
}

// True when every accumulator with |acc| <= bound can take requant_fast.
template <typename Shift>
inline bool requant_fast_ok(int64_t bound, const Shift* shifts, int32_t count) {
  for (int32_t i = 0; i < count; ++i) {
    const int32_t left = shifts[i] > 0 ? shifts[i] : 0;
    // bound << left >= 2^30, without shifting a large bound out of int64.
    if (left >= 30 ? bound > 0 : bound >= (int64_t{1} << 30) >> left) return false;
  }
  return true;
}

// How a kernel turns accumulators into int8, chosen once per run: kRight
// when prepare proved every accumulator small enough for SMMULR and every
// shift is negative (the usual case); otherwise kChecked, SMMULR for each
// accumulator found small enough and the 64-bit reference arithmetic for
// the rest (layers with a few huge biases, e.g. channels whose weights are
// all zero).
// kRightSat: kRight with all of int8 as the output range, so the clamp is a
// saturation.
enum class Stage : uint8_t { kRight, kRightSat, kChecked };

inline Stage stage_for(bool proven, const Requant& r, int32_t channels) {
  if (!proven) return Stage::kChecked;
  for (int32_t c = 0; c < channels; ++c)
    if (r.shift[c] >= 0) return Stage::kChecked;
  return r.act_min == -128 && r.act_max == 127 ? Stage::kRightSat : Stage::kRight;
}

// A layer's requantization with its scalars copied out of the parameter
// struct, so the kernel's byte stores to the output do not force reloads.
// Stage::kRightSat or Stage::kChecked (kRight is only taken by assembly).
template <Stage kStage>
struct Requantizer {
  static_assert(kStage != Stage::kRight, "no C++ kernel uses Requantizer<kRight>");
  const int32_t* multiplier;
  const int8_t* shift;
  int32_t offset, lo, hi;

  explicit Requantizer(const Requant& r)
      : multiplier(r.multiplier), shift(r.shift), offset(r.output_offset), lo(r.act_min), hi(r.act_max) {}

  int8_t operator()(int32_t c, int32_t acc) const {
    int32_t v;
    if constexpr (kStage == Stage::kRightSat)
      return static_cast<int8_t>(dsp::sat8(requant_fast_right(acc, multiplier[c], -shift[c]) + offset));
    else if (fits_fast(acc, shift[c]))
      v = requant_fast(acc, multiplier[c], shift[c]);
    else
      v = quant::multiply_by_quantized_multiplier(acc, multiplier[c], shift[c]);
    v = quant::wrap_add(v, offset);  // kChecked: v may be any int32
    return static_cast<int8_t>(dsp::clamp(v, lo, hi));
  }
};

}  // namespace nib::kernels::cortex_m
