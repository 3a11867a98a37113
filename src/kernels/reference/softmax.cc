// SOFTMAX over the last dimension. int8: fixed-point exp of (x - max) in
// Q5, accumulated in Q12, scaled by a fixed-point reciprocal; output has
// scale 1/256 and zero point -128.
#include <algorithm>
#include <bit>
#include <cmath>

#include "kernels/reference/reference.h"
#include "quant/fixed_point.h"
#include "quant/gemmlowp_math.h"
#include "quant/lut.h"

namespace nib::kernels::reference {

void softmax_s8(const SoftmaxParams& p, const int8_t* input, int8_t* output) {
  constexpr int kDiffIntegerBits = 5;
  constexpr int kAccumulatorIntegerBits = 12;
  for (int32_t row = 0; row < p.outer; ++row) {
    const int8_t* in = input + row * p.depth;
    int8_t* out = output + row * p.depth;
    int32_t max_value = -128;
    for (int32_t c = 0; c < p.depth; ++c) max_value = std::max<int32_t>(max_value, in[c]);

    const auto scaled_exp = [&p, max_value](int32_t value) {
      const int32_t diff = value - max_value;
      // diff * beta * input_scale in Q5: a left shift then a Q31 multiply.
      const int32_t scaled = quant::saturating_rounding_doubling_high_mul(
          diff * (int32_t{1} << p.input_left_shift), p.input_multiplier);
      return quant::exp_on_negative_values(scaled, kDiffIntegerBits);
    };

    int32_t sum = 0;  // Q12
    for (int32_t c = 0; c < p.depth; ++c)
      if (in[c] - max_value >= p.diff_min)
        sum += quant::rounding_divide_by_pot(scaled_exp(in[c]), kAccumulatorIntegerBits);

    int num_bits_over_unit = 0;
    const int32_t inverse_sum = quant::reciprocal(sum, kAccumulatorIntegerBits, &num_bits_over_unit);
    for (int32_t c = 0; c < p.depth; ++c) {
      if (in[c] - max_value < p.diff_min) {
        out[c] = -128;
        continue;
      }
      const int32_t prob = quant::saturating_rounding_doubling_high_mul(inverse_sum, scaled_exp(in[c]));
      const int32_t value = quant::rounding_divide_by_pot(prob, num_bits_over_unit + 31 - 8) - 128;
      out[c] = static_cast<int8_t>(std::clamp<int32_t>(value, -128, 127));
    }
  }
}

void softmax_f32(const SoftmaxParams& p, const float* input, float* output) {
  for (int32_t row = 0; row < p.outer; ++row) {
    const float* in = input + row * p.depth;
    float* out = output + row * p.depth;
    float max_value = in[0];
    for (int32_t c = 1; c < p.depth; ++c) max_value = std::max(max_value, in[c]);
    float sum = 0.0f;
    for (int32_t c = 0; c < p.depth; ++c) {
      out[c] = std::exp((in[c] - max_value) * p.beta);
      sum += out[c];
    }
    for (int32_t c = 0; c < p.depth; ++c) out[c] /= sum;
  }
}

}  // namespace nib::kernels::reference

namespace nib::kernels::reference {

// int16 SOFTMAX as TFLite's reference computes it: x - max rescaled so that
// [-65535, 0] covers [-10, 0], exp from the table (Q0.15), the sum's
// reciprocal from the 1 / (1 + x) table after normalizing the sum into
// [1, 2), and a final rounding shift. The exp values wait in the output.
void softmax_s16(const SoftmaxParams& p, const int16_t* input, int16_t* output) {
  for (int32_t i = 0; i < p.outer; ++i) {
    const int16_t* in = input + i * p.depth;
    int16_t* out = output + i * p.depth;
    int16_t max = in[0];
    for (int32_t c = 1; c < p.depth; ++c) max = std::max(max, in[c]);
    int32_t sum = 0;  // Q16.15
    for (int32_t c = 0; c < p.depth; ++c) {
      const int32_t scaled = quant::multiply_by_quantized_multiplier(in[c] - max, p.input_multiplier, p.input_left_shift);
      const auto centered = static_cast<int16_t>(std::clamp<int32_t>(scaled + 32767, -32768, 32767));
      out[c] = quant::lut_lookup_int16(centered, p.exp_lut);
      sum += out[c];
    }
    // sum << (headroom - 1) puts its leading one at bit 30; in Q1.15 after
    // >> 14 that is [1, 2): x = sum - 1, recentered to [-32768, 32767].
    const int headroom_plus_one = std::countl_zero(static_cast<uint32_t>(sum));
    const auto normalized =
        static_cast<int32_t>(((static_cast<int64_t>(sum) << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    const auto centered = static_cast<int16_t>(std::clamp<int32_t>(normalized - (1 << 15) - (1 << 16), -32768, 32767));
    const int32_t reciprocal = quant::lut_lookup_int16(centered, p.reciprocal_lut);
    const int right_shift = 31 - headroom_plus_one;
    const int64_t round = int64_t{1} << (right_shift - 1);
    for (int32_t c = 0; c < p.depth; ++c) {
      const auto v = static_cast<int32_t>((static_cast<int64_t>(out[c]) * reciprocal + round) >> right_shift);
      out[c] = static_cast<int16_t>(std::clamp<int32_t>(v, 0, 32767));
    }
  }
}

}  // namespace nib::kernels::reference
