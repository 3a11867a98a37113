// Math and activation kernels (see math.h). Each follows the integer
// arithmetic of TFLite Micro's reference kernel for the operator, step by
// step, so that the bytes match.
#include "kernels/reference/math.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "kernels/reference/broadcast.h"
#include "quant/fixed_point.h"
#include "quant/gemmlowp_math.h"

namespace nib::kernels::reference {
namespace {

using quant::multiply_by_quantized_multiplier;
using quant::rounding_divide_by_pot;
using quant::saturating_rounding_doubling_high_mul;

int8_t clamp_s8(int32_t v, int32_t lo = -128, int32_t hi = 127) {
  return static_cast<int8_t>(std::clamp<int32_t>(v, lo, hi));
}

// v + offset, clamped. The sum wraps like the reference's int32 addition
// when a hostile model's multipliers push v to the edge of int32 (a valid
// model never does).
int8_t offset_clamp_s8(int32_t v, int32_t offset, int32_t lo = -128, int32_t hi = 127) {
  return clamp_s8(quant::wrap_add(v, offset), lo, hi);
}

// x * multiplier * 2^shift for a multiplier below one (shift <= 0); a
// positive shift (never produced for these operators' scale ratios) shifts left first.
int32_t scale_down(int32_t x, int32_t multiplier, int shift) { return multiply_by_quantized_multiplier(x, multiplier, shift); }

// Inputs of SUB and SQUARED_DIFFERENCE moved to their shared scale.
struct Scaled {
  int32_t a, b;
};
Scaled to_common_scale(const BinaryParams& p, int8_t a, int8_t b) {
  const int32_t x1 = (a + p.input1_offset) * (int32_t{1} << p.left_shift);
  const int32_t x2 = (b + p.input2_offset) * (int32_t{1} << p.left_shift);
  return {scale_down(x1, p.input1_multiplier, p.input1_shift), scale_down(x2, p.input2_multiplier, p.input2_shift)};
}

// 16-bit gemmlowp arithmetic of HARD_SWISH.
int16_t rounding_doubling_high_mul_16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  const int32_t ab = int32_t{a} * int32_t{b};
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((ab + nudge) / (1 << 15));  // truncating division
}
int16_t doubling_high_mul_16(int16_t a, int16_t b) {  // truncates instead of rounding
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  return static_cast<int16_t>((int32_t{a} * int32_t{b}) / (1 << 15));
}
int16_t saturating_left_shift_16(int16_t v, int amount) {
  return static_cast<int16_t>(std::clamp<int32_t>(int32_t{v} * (1 << amount), INT16_MIN, INT16_MAX));
}

}  // namespace

void sub_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    const Scaled s = to_common_scale(p, a[i1], b[i2]);
    const int32_t v = scale_down(quant::wrap_sub(s.a, s.b), p.output_multiplier, p.output_shift);
    output[o] = offset_clamp_s8(v, p.output_offset, p.act_min, p.act_max);
  });
}

void sub_f32(const BinaryParams& p, const float* a, const float* b, float* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    output[o] = std::clamp(a[i1] - b[i2], p.clamp.min, p.clamp.max);
  });
}

void squared_difference_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    const Scaled s = to_common_scale(p, a[i1], b[i2]);
    const int32_t diff = quant::wrap_sub(s.a, s.b);
    const int32_t v = multiply_by_quantized_multiplier(quant::wrap_mul(diff, diff), p.output_multiplier, p.output_shift);
    output[o] = offset_clamp_s8(v, p.output_offset, p.act_min, p.act_max);
  });
}

void squared_difference_f32(const BinaryParams& p, const float* a, const float* b, float* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    const float d = a[i1] - b[i2];
    output[o] = d * d;
  });
}

void div_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    int32_t num = a[i1] + p.input1_offset;
    int32_t den = b[i2] + p.input2_offset;
    if (den == 0) {  // prepare refuses constant zero divisors; a runtime zero saturates by sign
      output[o] = clamp_s8(num >= 0 ? p.act_max : p.act_min, p.act_min, p.act_max);
      return;
    }
    if (den < 0) {  // the reciprocal multiplier must be positive
      num = -num;
      den = -den;
    }
    // num / den = num * (1/den): the reciprocal as Q0 in [0.5, 1) times
    // 2^-recip_shift, num normalized to use every bit.
    int bits_over_unit = 0;
    const int32_t reciprocal = quant::reciprocal(den, 31, &bits_over_unit);
    const int headroom = quant::count_leading_sign_bits(num);
    const int32_t quotient =
        saturating_rounding_doubling_high_mul(static_cast<int32_t>(static_cast<uint32_t>(num) << headroom), reciprocal);
    const int total_shift = p.output_shift - bits_over_unit - headroom;
    int32_t scaled = 0;
    if (total_shift > 0) {
      scaled = multiply_by_quantized_multiplier(quotient, p.output_multiplier, total_shift);
    } else if (total_shift >= -31) {
      scaled = rounding_divide_by_pot(saturating_rounding_doubling_high_mul(quotient, p.output_multiplier), -total_shift);
    }  // else: a product below 2^31 divided by 2^32 or more rounds to 0
    output[o] = offset_clamp_s8(scaled, p.output_offset, p.act_min, p.act_max);
  });
}

void div_f32(const BinaryParams& p, const float* a, const float* b, float* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    output[o] = std::clamp(a[i1] / b[i2], p.clamp.min, p.clamp.max);
  });
}

template <typename T>
void maximum(const BinaryParams& p, const T* a, const T* b, T* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) { output[o] = a[i1] > b[i2] ? a[i1] : b[i2]; });
}
template <typename T>
void minimum(const BinaryParams& p, const T* a, const T* b, T* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) { output[o] = a[i1] < b[i2] ? a[i1] : b[i2]; });
}
template void maximum<int8_t>(const BinaryParams&, const int8_t*, const int8_t*, int8_t*);
template void maximum<float>(const BinaryParams&, const float*, const float*, float*);
template void minimum<int8_t>(const BinaryParams&, const int8_t*, const int8_t*, int8_t*);
template void minimum<float>(const BinaryParams&, const float*, const float*, float*);

void prelu_s8(const PreluParams& p, const int8_t* input, const int8_t* alpha, int8_t* output) {
  for_each_broadcast(p.shape, [&](int32_t o, int32_t i1, int32_t i2) {
    const int32_t x = input[i1] + p.input_offset;
    const int32_t v = x >= 0 ? multiply_by_quantized_multiplier(x, p.identity_multiplier, p.identity_shift)
                             : multiply_by_quantized_multiplier(x * (alpha[i2] + p.alpha_offset), p.alpha_multiplier,
                                                                p.alpha_shift);
    output[o] = offset_clamp_s8(v, p.output_offset);
  });
}

void prelu_f32(const BinaryParams& p, const float* input, const float* alpha, float* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    output[o] = input[i1] >= 0.0f ? input[i1] : input[i1] * alpha[i2];
  });
}

void unary_f32(const UnaryF32Params& p, const float* input, float* output) {
  for (int32_t i = 0; i < p.elements; ++i) {
    const float x = input[i];
    float y = x;
    switch (p.op) {
      case UnaryOp::kAbs: y = std::fabs(x); break;
      case UnaryOp::kNeg: y = -x; break;
      case UnaryOp::kExp: y = std::exp(x); break;
      case UnaryOp::kRsqrt: y = 1.0f / std::sqrt(x); break;
      case UnaryOp::kElu: y = x < 0.0f ? std::expm1(x) : x; break;
      case UnaryOp::kTanh: y = std::tanh(x); break;
      case UnaryOp::kHardSwish: y = x * std::min(6.0f, std::max(0.0f, x + 3.0f)) / 6.0f; break;
      case UnaryOp::kLeakyRelu: y = x > 0.0f ? x : x * p.alpha; break;
    }
    output[i] = y;
  }
}

void lookup_s8(const LookupParams& p, const int8_t* input, int8_t* output) {
  for (int32_t i = 0; i < p.elements; ++i) output[i] = p.table[static_cast<uint8_t>(input[i])];
}

int8_t abs_value_s8(const AbsParams& p, int8_t x) {
  const int32_t magnitude = std::abs(x - p.input_zero_point);
  if (!p.rescale) return offset_clamp_s8(magnitude, p.output_zero_point);
  return offset_clamp_s8(multiply_by_quantized_multiplier(magnitude, p.multiplier, p.shift), p.output_zero_point);
}

int8_t rsqrt_value_s8(const RsqrtParams& p, int8_t x) {
  const int32_t v = x - p.input_zero_point;
  if (v == 0) return 127;  // the largest output stands for 1/sqrt(0)
  // 1/sqrt(v) as a multiplier, applied to 1 with 20 extra bits of headroom
  // that the output multiplier takes back.
  constexpr int kHeadroom = 20;
  int32_t inv_sqrt = 0;
  int right_shift = 0;
  quant::inv_sqrt_multiplier(v, &inv_sqrt, &right_shift);
  const int32_t value = multiply_by_quantized_multiplier(1, inv_sqrt, -right_shift + kHeadroom);
  return offset_clamp_s8(multiply_by_quantized_multiplier(value, p.multiplier, p.shift - kHeadroom), p.output_zero_point);
}

int8_t leaky_relu_value_s8(const LeakyReluParams& p, int8_t x) {
  const int32_t v = x - p.input_zero_point;
  int32_t y = 0;
  if (v >= 0) {
    y = multiply_by_quantized_multiplier(v, p.identity_multiplier, p.identity_shift);
  } else {
    y = multiply_by_quantized_multiplier(v, p.alpha_multiplier, p.alpha_shift);
    if (p.alpha_negative) y = quant::wrap_sub(0, y);
  }
  return offset_clamp_s8(y, p.output_zero_point);
}

int8_t hard_swish_value_s8(const HardSwishParams& p, int8_t x) {
  // The input with 7 more fractional bits, on the output scale (not yet shifted).
  const int16_t hires = static_cast<int16_t>((x - p.input_zero_point) * (1 << 7));
  const int16_t on_output_scale = rounding_doubling_high_mul_16(hires, p.output_multiplier);
  // relu6(x + 3) / 6 as a Q15 value in [0, 1]: first x / 3 in [-1, 1],
  // saturating; a left shift is split so that saturation happens last.
  int16_t reluish = hires;
  if (p.reluish_exponent > 0) reluish = saturating_left_shift_16(reluish, p.reluish_exponent - 1);
  reluish = rounding_doubling_high_mul_16(reluish, p.reluish_multiplier);
  if (p.reluish_exponent > 0) reluish = saturating_left_shift_16(reluish, 1);
  if (p.reluish_exponent < 0) reluish = static_cast<int16_t>(rounding_divide_by_pot(reluish, -p.reluish_exponent));
  reluish = static_cast<int16_t>((reluish + (1 << 15)) >> 1);
  const int16_t product = doubling_high_mul_16(reluish, on_output_scale);
  const int32_t y = rounding_divide_by_pot(product, -p.output_exponent) + p.output_zero_point;
  return clamp_s8(y);
}

int8_t tanh_value_s8(const TanhParams& p, int8_t x) {
  constexpr int kInputIntegerBits = 4;
  const int32_t v = x - p.input_zero_point;
  if (v <= -p.input_range_radius) return -128;
  if (v >= p.input_range_radius) return 127;
  const int32_t v_q4 = multiply_by_quantized_multiplier(v, p.input_multiplier, p.input_shift);
  const int32_t y_q0 = quant::tanh(v_q4, kInputIntegerBits);
  return clamp_s8(rounding_divide_by_pot(y_q0, 31 - 7));  // output scale 1/128
}

int8_t elu_value_s8(const EluParams& p, int8_t x) {
  // Computed in float like TFLM's table (float32 throughout).
  const float in = p.input_scale * static_cast<float>(x - p.input_zero_point);
  const float y = in < 0.0f ? std::exp(in) - 1.0f : in;
  // Saturating float->int: a tiny output scale makes the quotient infinite.
  const int64_t q = int64_t{quant::saturating_round(y * (1.0f / p.output_scale))} + p.output_zero_point;
  return static_cast<int8_t>(std::clamp<int64_t>(q, -128, 127));
}

namespace {

// The first step int16 TANH and LOGISTIC share: the input rescaled for the
// sigmoid table. In 64 bits, truncated to int32: the int32 value for every
// valid scale, defined for a hostile multiplier.
class SigmoidTableInput {
 public:
  explicit SigmoidTableInput(const TanhS16Params& p) : multiplier_(p.input_multiplier), shift_(p.input_left_shift) {
    if (multiplier_ == 0) {  // power-of-two input scale: the factor 3 as a shift
      multiplier_ = 3 << shift_;
      shift_ = 0;
    }
    round_ = shift_ > 0 ? int64_t{1} << (shift_ - 1) : 0;
  }
  int32_t operator()(int16_t q) const { return static_cast<int32_t>((int64_t{q} * multiplier_ + round_) >> shift_); }

 private:
  int32_t multiplier_;
  int32_t shift_;
  int64_t round_ = 0;
};

}  // namespace

void tanh_s16(const TanhS16Params& p, const int16_t* input, int16_t* output) {
  const SigmoidTableInput scaled(p);
  for (int32_t i = 0; i < p.elements; ++i) {
    const int32_t x = scaled(input[i]);
    const uint32_t magnitude = x >= 0 ? static_cast<uint32_t>(x) : 0u - static_cast<uint32_t>(x);
    const uint32_t index = magnitude >> 8;
    int32_t y = 0;
    if (index >= 255) {
      y = 0xFFFF << 8;
    } else {
      // Linear interpolation between table entries, 8 fraction bits.
      const uint32_t lo = kSigmoidQ16Table[index], hi = kSigmoidQ16Table[index + 1];
      y = static_cast<int32_t>((lo << 8) + (magnitude & 0xFF) * (hi - lo));
    }
    // 2 sigmoid - 1 with the sign restored, rounded, from Q24 to Q15.
    y = x >= 0 ? (y - (1 << 23) + (1 << 7)) : (-y + (1 << 23) + (1 << 7) - 1);
    output[i] = static_cast<int16_t>(y >> 8);
  }
}

void logistic_s16(const TanhS16Params& p, const int16_t* input, int16_t* output) {
  const SigmoidTableInput scaled(p);
  for (int32_t i = 0; i < p.elements; ++i) {
    const int32_t x = scaled(input[i]);
    const uint32_t magnitude = x >= 0 ? static_cast<uint32_t>(x) : 0u - static_cast<uint32_t>(x);
    // sigmoid(x) at half tanh's input step: 9 fraction bits per table entry.
    const uint32_t index = magnitude >> 9;
    uint32_t y = 0;
    if (index >= 255) {
      y = 0x7FFFu << 10;
    } else {
      const uint32_t lo = kSigmoidQ16Table[index], hi = kSigmoidQ16Table[index + 1];
      y = (lo << 9) + (magnitude & 0x1FF) * (hi - lo);
    }
    // sigmoid(-x) = 1 - sigmoid(x); rounded from Q25 to Q15.
    y = x >= 0 ? y + (1u << 9) : (1u << 25) - y + (1u << 9) - 1;
    output[i] = static_cast<int16_t>(y >> 10);
  }
}

}  // namespace nib::kernels::reference
