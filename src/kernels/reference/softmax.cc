// SOFTMAX over the last dimension. int8: fixed-point exp of (x - max) in
// Q5, accumulated in Q12, scaled by a fixed-point reciprocal; output has
// scale 1/256 and zero point -128.
#include <algorithm>
#include <cmath>

#include "kernels/reference/reference.h"
#include "quant/gemmlowp_math.h"

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
