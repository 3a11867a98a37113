// 16x8 kernels: int16 activations with int8 weights (TFLite's 16x8 scheme),
// and the int8 <-> int16 requantizations of QUANTIZE.
//
// CONV_2D / FULLY_CONNECTED accumulate input x weight (the input zero point
// is 0) in the bias's width: with an int32 bias the accumulator is int32 and
// requantized like the int8 kernels; with an int64 bias it is int64 and goes
// through the reduced-precision 64-bit multiply.
#include <algorithm>
#include <cmath>
#include <limits>

#include "kernels/reference/conv_loops.h"
#include "kernels/reference/reference.h"
#include "quant/fixed_point.h"

namespace nib::kernels::reference {
namespace {

template <typename Acc>
int16_t requantize_acc(Acc acc, const Requant& r, int channel) {
  int32_t v;
  if constexpr (sizeof(Acc) == 8) {
    v = quant::multiply_by_quantized_multiplier_64(acc, r.multiplier[channel], r.shift[channel]);
  } else {
    v = quant::multiply_by_quantized_multiplier(acc, r.multiplier[channel], r.shift[channel]);
  }
  return static_cast<int16_t>(std::clamp<int32_t>(v, r.act_min, r.act_max));
}

template <typename Acc>
void conv2d_s16_impl(const ConvParams& p, const int16_t* input, const int8_t* filter, const Acc* bias,
                     int16_t* output) {
  for_each_conv_output<Acc>(
      p, input, filter, output,
      [](Acc acc, int16_t x, int8_t w) { return quant::acc_add<Acc>(acc, static_cast<int32_t>(x) * w); },
      [&p, bias](Acc acc, int32_t oc) {
        if (bias) acc = quant::acc_add<Acc>(acc, bias[oc]);
        return requantize_acc(acc, p.requant, oc);
      });
}

template <typename Acc>
void fully_connected_s16_impl(const FullyConnectedParams& p, const int16_t* input, const int8_t* filter,
                              const Acc* bias, int16_t* output) {
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t o = 0; o < p.units; ++o) {
      Acc acc = 0;
      const int16_t* in = input + b * p.depth;
      const int8_t* w = filter + o * p.depth;
      for (int32_t i = 0; i < p.depth; ++i)
        acc = quant::acc_add<Acc>(acc, static_cast<int32_t>(in[i]) * (w[i] + p.filter_offset));
      if (bias) acc = quant::acc_add<Acc>(acc, bias[o]);
      output[b * p.units + o] = requantize_acc(acc, p.requant, p.per_channel ? o : 0);
    }
}

template <typename In, typename Out>
void requantize_impl(const RescaleParams& p, const In* input, Out* output) {
  for (int32_t i = 0; i < p.elements; ++i) {
    const int32_t v = p.output_offset +
                      quant::multiply_by_quantized_multiplier(input[i] + p.input_offset, p.multiplier, p.shift);
    output[i] = static_cast<Out>(
        std::clamp<int32_t>(v, std::numeric_limits<Out>::min(), std::numeric_limits<Out>::max()));
  }
}

}  // namespace

void conv2d_s16(const ConvParams& p, const int16_t* input, const int8_t* filter, const void* bias, int16_t* output) {
  if (p.bias64)
    conv2d_s16_impl(p, input, filter, static_cast<const int64_t*>(bias), output);
  else
    conv2d_s16_impl(p, input, filter, static_cast<const int32_t*>(bias), output);
}

void fully_connected_s16(const FullyConnectedParams& p, const int16_t* input, const int8_t* filter, const void* bias,
                         int16_t* output) {
  if (p.bias64)
    fully_connected_s16_impl(p, input, filter, static_cast<const int64_t*>(bias), output);
  else
    fully_connected_s16_impl(p, input, filter, static_cast<const int32_t*>(bias), output);
}

void requantize_s8_s16(const RescaleParams& p, const int8_t* input, int16_t* output) {
  requantize_impl(p, input, output);
}
void requantize_s16_s8(const RescaleParams& p, const int16_t* input, int8_t* output) {
  requantize_impl(p, input, output);
}
void requantize_s16_s16(const RescaleParams& p, const int16_t* input, int16_t* output) {
  requantize_impl(p, input, output);
}

void quantize_f32_s16(const AffineParams& p, const float* input, int16_t* output) {
  for (int32_t i = 0; i < p.elements; ++i) {
    // Saturating: any float input (huge, infinite, NaN) is a defined int16.
    const int64_t q = int64_t{quant::saturating_round(input[i] / p.scale)} + p.zero_point;
    output[i] = static_cast<int16_t>(std::clamp<int64_t>(q, -32768, 32767));
  }
}

}  // namespace nib::kernels::reference
