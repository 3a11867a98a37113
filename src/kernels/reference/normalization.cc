#include "kernels/reference/normalization.h"

#include <algorithm>
#include <cmath>

#include "quant/gemmlowp_math.h"

namespace nib::kernels::reference {

void log_softmax_s8(const LogSoftmaxParams& p, const int8_t* input, int8_t* output) {
  constexpr int kInputIntegerBits = 5, kAccumIntegerBits = 12, kOutputIntegerBits = 4;
  for (int32_t o = 0; o < p.outer; ++o) {
    const int8_t* in = input + o * p.depth;
    int8_t* out = output + o * p.depth;
    int8_t max = -128;
    for (int32_t c = 0; c < p.depth; ++c) max = std::max(max, in[c]);
    // Sum of exp(x - max) in Q12, skipping differences too small to count.
    int32_t sum_q12 = 0;
    for (int32_t c = 0; c < p.depth; ++c) {
      const int32_t diff = in[c] - max;
      if (diff < p.diff_min) continue;
      const int32_t diff_q5 = quant::multiply_by_quantized_multiplier(diff, p.input_multiplier, p.input_left_shift);
      sum_q12 += quant::rounding_divide_by_pot(quant::exp_on_negative_values(diff_q5, kInputIntegerBits),
                                               kAccumIntegerBits);
    }
    const int32_t log_sum_q5 = quant::log_x_for_x_at_least_1_q12_to_q5(sum_q12);
    // Differences whose log-probability falls below the smallest Q5 value
    // give the lowest output.
    const int32_t shifted_log_sum = static_cast<int32_t>(static_cast<uint32_t>(log_sum_q5) + 0x80000000u);
    const int32_t adjusted_diff_min =
        std::max(p.diff_min - 1, quant::multiply_by_quantized_multiplier(shifted_log_sum, p.reverse_multiplier,
                                                                         p.reverse_shift));
    for (int32_t c = 0; c < p.depth; ++c) {
      const int32_t diff = in[c] - max;
      if (diff <= adjusted_diff_min) {
        out[c] = -128;
        continue;
      }
      const int32_t diff_q5 = quant::multiply_by_quantized_multiplier(diff, p.input_multiplier, p.input_left_shift);
      // Q5 -> output scale 2^-4, zero point 127.
      const int32_t v =
          quant::rounding_divide_by_pot(diff_q5 - log_sum_q5, 31 - kInputIntegerBits - kOutputIntegerBits) + 127;
      out[c] = static_cast<int8_t>(std::clamp<int32_t>(v, -128, 127));
    }
  }
}

void log_softmax_f32(const LogSoftmaxParams& p, const float* input, float* output) {
  for (int32_t o = 0; o < p.outer; ++o) {
    const float* in = input + o * p.depth;
    float* out = output + o * p.depth;
    float max = in[0];
    for (int32_t c = 1; c < p.depth; ++c) max = std::max(max, in[c]);
    float sum = 0.0f;
    for (int32_t c = 0; c < p.depth; ++c) sum += std::exp(in[c] - max);
    const float log_sum = std::log(sum);
    for (int32_t c = 0; c < p.depth; ++c) out[c] = in[c] - max - log_sum;
  }
}

void l2_normalization_s8(const L2NormParams& p, const int8_t* input, int8_t* output) {
  constexpr int kOutputShift = 7;  // output scale 1/128
  for (int32_t o = 0; o < p.outer; ++o) {
    const int8_t* in = input + o * p.depth;
    int8_t* out = output + o * p.depth;
    int32_t sum_sq = 0;
    for (int32_t c = 0; c < p.depth; ++c) {
      const int32_t v = in[c] - p.input_zero_point;
      sum_sq += v * v;
    }
    int32_t inv_norm = 0;
    int right_shift = 0;
    quant::inv_sqrt_multiplier(sum_sq, &inv_norm, &right_shift);
    for (int32_t c = 0; c < p.depth; ++c) {
      const int32_t v = quant::multiply_by_quantized_multiplier(in[c] - p.input_zero_point, inv_norm,
                                                                kOutputShift - right_shift);
      out[c] = static_cast<int8_t>(std::clamp<int32_t>(v, -128, 127));
    }
  }
}

void l2_normalization_f32(const L2NormParams& p, const float* input, float* output) {
  constexpr float kEpsilon = 1e-6f;
  for (int32_t o = 0; o < p.outer; ++o) {
    const float* in = input + o * p.depth;
    float* out = output + o * p.depth;
    float sum_sq = 0.0f;
    for (int32_t c = 0; c < p.depth; ++c) sum_sq += in[c] * in[c];
    const float norm = std::max(std::sqrt(sum_sq), kEpsilon);
    for (int32_t c = 0; c < p.depth; ++c) out[c] = in[c] / norm;
  }
}

}  // namespace nib::kernels::reference
