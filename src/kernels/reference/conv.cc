// CONV_2D and DEPTHWISE_CONV_2D, int8 (per-channel) and float32.
// Padded input positions are skipped, which equals padding with the input
// zero point in the int8 case.
#include <algorithm>

#include "kernels/reference/conv_loops.h"
#include "kernels/reference/reference.h"
#include "quant/fixed_point.h"
#include "quant/requantize.h"

namespace nib::kernels::reference {
namespace {

inline int8_t requantize(int32_t acc, const Requant& r, int channel) {
  return quant::requantize_s8(acc, r.multiplier[channel], r.shift[channel], r.output_offset, r.act_min, r.act_max);
}

// int8: the input offset added to every input value, int32 wrapping sums.
auto int8_mac(const ConvParams& p) {
  return [offset = p.input_offset](int32_t acc, int8_t x, int8_t w) { return quant::wrap_mac(acc, x + offset, w); };
}
auto int8_finish(const ConvParams& p, const int32_t* bias) {
  return [&p, bias](int32_t acc, int32_t oc) {
    if (bias) acc = quant::wrap_add(acc, bias[oc]);
    return requantize(acc, p.requant, oc);
  };
}

constexpr auto float_mac = [](float acc, float x, float w) { return acc + x * w; };
auto float_finish(const ConvParams& p, const float* bias) {
  return [&p, bias](float acc, int32_t oc) {
    if (bias) acc += bias[oc];
    return std::clamp(acc, p.clamp.min, p.clamp.max);
  };
}

}  // namespace

void conv2d_s8(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias, int8_t* output) {
  for_each_conv_output<int32_t>(p, input, filter, output, int8_mac(p), int8_finish(p, bias));
}

void conv2d_f32(const ConvParams& p, const float* input, const float* filter, const float* bias, float* output) {
  for_each_conv_output<float>(p, input, filter, output, float_mac, float_finish(p, bias));
}

void depthwise_conv2d_s8(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                         int8_t* output) {
  for_each_depthwise_output<int32_t>(p, input, filter, output, int8_mac(p), int8_finish(p, bias));
}

void depthwise_conv2d_f32(const ConvParams& p, const float* input, const float* filter, const float* bias,
                          float* output) {
  for_each_depthwise_output<float>(p, input, filter, output, float_mac, float_finish(p, bias));
}

void fully_connected_s8(const FullyConnectedParams& p, const int8_t* input, const int8_t* filter,
                        const int32_t* bias, int8_t* output) {
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t o = 0; o < p.units; ++o) {
      int32_t acc = 0;
      const int8_t* in = input + b * p.depth;
      const int8_t* w = filter + o * p.depth;
      for (int32_t i = 0; i < p.depth; ++i) acc = quant::wrap_mac(acc, in[i] + p.input_offset, w[i] + p.filter_offset);
      if (bias) acc = quant::wrap_add(acc, bias[o]);
      output[b * p.units + o] = requantize(acc, p.requant, p.per_channel ? o : 0);
    }
}

void fully_connected_f32(const FullyConnectedParams& p, const float* input, const float* filter,
                         const float* bias, float* output) {
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t o = 0; o < p.units; ++o) {
      float acc = 0.0f;
      for (int32_t i = 0; i < p.depth; ++i) acc += input[b * p.depth + i] * filter[o * p.depth + i];
      if (bias) acc += bias[o];
      output[b * p.units + o] = std::clamp(acc, p.clamp.min, p.clamp.max);
    }
}

}  // namespace nib::kernels::reference
