// Elementwise kernels: ADD and MUL with broadcasting, int8 rescale/clamp
// (RELU, RELU6, requantizing QUANTIZE), LOGISTIC, QUANTIZE and DEQUANTIZE.
#include <algorithm>
#include <cmath>

#include "kernels/reference/broadcast.h"
#include "kernels/reference/reference.h"
#include "quant/gemmlowp_math.h"

namespace nib::kernels::reference {
namespace {

// int8 and int16 (16x8, left_shift 15) ADD: both inputs rescaled to a
// shared fine scale, added, and the sum rescaled to the output.
template <typename T>
void add_quantized(const BinaryParams& p, const T* a, const T* b, T* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    const int32_t x1 = (a[i1] + p.input1_offset) * (int32_t{1} << p.left_shift);
    const int32_t x2 = (b[i2] + p.input2_offset) * (int32_t{1} << p.left_shift);
    const int32_t s1 = quant::multiply_by_quantized_multiplier(x1, p.input1_multiplier, p.input1_shift);
    const int32_t s2 = quant::multiply_by_quantized_multiplier(x2, p.input2_multiplier, p.input2_shift);
    const int32_t sum =
        quant::wrap_add(quant::multiply_by_quantized_multiplier(s1 + s2, p.output_multiplier, p.output_shift),
                        p.output_offset);
    output[o] = static_cast<T>(std::clamp<int32_t>(sum, p.act_min, p.act_max));
  });
}

}  // namespace

void add_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output) { add_quantized(p, a, b, output); }
void add_s16(const BinaryParams& p, const int16_t* a, const int16_t* b, int16_t* output) {
  add_quantized(p, a, b, output);
}

void add_f32(const BinaryParams& p, const float* a, const float* b, float* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    output[o] = std::clamp(a[i1] + b[i2], p.clamp.min, p.clamp.max);
  });
}

void mul_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    const int32_t product = (a[i1] + p.input1_offset) * (b[i2] + p.input2_offset);
    const int32_t value =
        quant::wrap_add(p.output_offset, quant::multiply_by_quantized_multiplier(product, p.output_multiplier, p.output_shift));
    output[o] = static_cast<int8_t>(std::clamp<int32_t>(value, p.act_min, p.act_max));
  });
}

void mul_f32(const BinaryParams& p, const float* a, const float* b, float* output) {
  for_each_broadcast(p, [&](int32_t o, int32_t i1, int32_t i2) {
    output[o] = std::clamp(a[i1] * b[i2], p.clamp.min, p.clamp.max);
  });
}

void rescale_s8(const RescaleParams& p, const int8_t* input, int8_t* output) {
  for (int32_t i = 0; i < p.elements; ++i) {
    const int32_t v = quant::wrap_add(
        p.output_offset, quant::multiply_by_quantized_multiplier(input[i] + p.input_offset, p.multiplier, p.shift));
    output[i] = static_cast<int8_t>(std::clamp<int32_t>(v, p.act_min, p.act_max));
  }
}

void clamp_s8(const RescaleParams& p, const int8_t* input, int8_t* output) {
  for (int32_t i = 0; i < p.elements; ++i) output[i] = static_cast<int8_t>(std::clamp<int32_t>(input[i], p.act_min, p.act_max));
}

void clamp_f32(int32_t elements, FloatClamp clamp, const float* input, float* output) {
  for (int32_t i = 0; i < elements; ++i) output[i] = std::clamp(input[i], clamp.min, clamp.max);
}

void logistic_s8(const LogisticParams& p, const int8_t* input, int8_t* output) {
  constexpr int kInputIntegerBits = 4;
  for (int32_t i = 0; i < p.elements; ++i) {
    const int32_t x = input[i] - p.input_zero_point;
    if (x <= -p.input_range_radius) {
      output[i] = -128;
    } else if (x >= p.input_range_radius) {
      output[i] = 127;
    } else {
      const int32_t x_q4 = quant::multiply_by_quantized_multiplier(x, p.input_multiplier, p.input_left_shift);
      const int32_t y_q0 = quant::logistic(x_q4, kInputIntegerBits);
      // Output scale 1/256, zero point -128: keep the top 8 fractional bits.
      const int32_t y = quant::rounding_divide_by_pot(y_q0, 31 - 8) - 128;
      output[i] = static_cast<int8_t>(std::clamp<int32_t>(y, -128, 127));
    }
  }
}

void logistic_f32(int32_t elements, const float* input, float* output) {
  for (int32_t i = 0; i < elements; ++i) output[i] = 1.0f / (1.0f + std::exp(-input[i]));
}

void quantize_f32_s8(const AffineParams& p, const float* input, int8_t* output) {
  for (int32_t i = 0; i < p.elements; ++i) {
    // Saturating: any float input (huge, infinite, NaN) is a defined int8.
    const int64_t q = int64_t{quant::saturating_round(input[i] / p.scale)} + p.zero_point;
    output[i] = static_cast<int8_t>(std::clamp<int64_t>(q, -128, 127));
  }
}

void dequantize_s8_f32(const AffineParams& p, const int8_t* input, float* output) {
  for (int32_t i = 0; i < p.elements; ++i)
    output[i] = static_cast<float>(static_cast<double>(p.scale) * (input[i] - p.zero_point));
}

}  // namespace nib::kernels::reference
