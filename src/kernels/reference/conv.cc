// CONV_2D and DEPTHWISE_CONV_2D, int8 (per-channel) and float32.
// Padded input positions are skipped, which equals padding with the input
// zero point in the int8 case.
#include <algorithm>

#include "kernels/reference/reference.h"
#include "quant/fixed_point.h"
#include "quant/requantize.h"

namespace nib::kernels::reference {
namespace {

inline int8_t requantize(int32_t acc, const Requant& r, int channel) {
  return quant::requantize_s8(acc, r.multiplier[channel], r.shift[channel], r.output_offset, r.act_min, r.act_max);
}

}  // namespace

void conv2d_s8(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias, int8_t* output) {
  const int32_t out_per_group = p.out_c / (p.in_c / p.filter_in_c);
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox)
        for (int32_t oc = 0; oc < p.out_c; ++oc) {
          const int32_t group = oc / out_per_group;
          int32_t acc = 0;
          for (int32_t ky = 0; ky < p.filter_h; ++ky) {
            const int32_t iy = oy * p.stride_h - p.pad_h + ky * p.dilation_h;
            if (iy < 0 || iy >= p.in_h) continue;
            for (int32_t kx = 0; kx < p.filter_w; ++kx) {
              const int32_t ix = ox * p.stride_w - p.pad_w + kx * p.dilation_w;
              if (ix < 0 || ix >= p.in_w) continue;
              const int8_t* in = input + ((b * p.in_h + iy) * p.in_w + ix) * p.in_c + group * p.filter_in_c;
              const int8_t* w = filter + ((oc * p.filter_h + ky) * p.filter_w + kx) * p.filter_in_c;
              for (int32_t ic = 0; ic < p.filter_in_c; ++ic) acc = quant::wrap_mac(acc, in[ic] + p.input_offset, w[ic]);
            }
          }
          if (bias) acc = quant::wrap_add(acc, bias[oc]);
          output[((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] = requantize(acc, p.requant, oc);
        }
}

void conv2d_f32(const ConvParams& p, const float* input, const float* filter, const float* bias, float* output) {
  const int32_t out_per_group = p.out_c / (p.in_c / p.filter_in_c);
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox)
        for (int32_t oc = 0; oc < p.out_c; ++oc) {
          const int32_t group = oc / out_per_group;
          float acc = 0.0f;
          for (int32_t ky = 0; ky < p.filter_h; ++ky) {
            const int32_t iy = oy * p.stride_h - p.pad_h + ky * p.dilation_h;
            if (iy < 0 || iy >= p.in_h) continue;
            for (int32_t kx = 0; kx < p.filter_w; ++kx) {
              const int32_t ix = ox * p.stride_w - p.pad_w + kx * p.dilation_w;
              if (ix < 0 || ix >= p.in_w) continue;
              const float* in = input + ((b * p.in_h + iy) * p.in_w + ix) * p.in_c + group * p.filter_in_c;
              const float* w = filter + ((oc * p.filter_h + ky) * p.filter_w + kx) * p.filter_in_c;
              for (int32_t ic = 0; ic < p.filter_in_c; ++ic) acc += in[ic] * w[ic];
            }
          }
          if (bias) acc += bias[oc];
          output[((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] = std::clamp(acc, p.clamp.min, p.clamp.max);
        }
}

void depthwise_conv2d_s8(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                         int8_t* output) {
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox)
        for (int32_t ic = 0; ic < p.in_c; ++ic)
          for (int32_t m = 0; m < p.depth_multiplier; ++m) {
            const int32_t oc = ic * p.depth_multiplier + m;
            int32_t acc = 0;
            for (int32_t ky = 0; ky < p.filter_h; ++ky) {
              const int32_t iy = oy * p.stride_h - p.pad_h + ky * p.dilation_h;
              if (iy < 0 || iy >= p.in_h) continue;
              for (int32_t kx = 0; kx < p.filter_w; ++kx) {
                const int32_t ix = ox * p.stride_w - p.pad_w + kx * p.dilation_w;
                if (ix < 0 || ix >= p.in_w) continue;
                const int32_t in = input[((b * p.in_h + iy) * p.in_w + ix) * p.in_c + ic];
                const int32_t w = filter[(ky * p.filter_w + kx) * p.out_c + oc];
                acc = quant::wrap_mac(acc, in + p.input_offset, w);
              }
            }
            if (bias) acc = quant::wrap_add(acc, bias[oc]);
            output[((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] = requantize(acc, p.requant, oc);
          }
}

void depthwise_conv2d_f32(const ConvParams& p, const float* input, const float* filter, const float* bias,
                          float* output) {
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox)
        for (int32_t ic = 0; ic < p.in_c; ++ic)
          for (int32_t m = 0; m < p.depth_multiplier; ++m) {
            const int32_t oc = ic * p.depth_multiplier + m;
            float acc = 0.0f;
            for (int32_t ky = 0; ky < p.filter_h; ++ky) {
              const int32_t iy = oy * p.stride_h - p.pad_h + ky * p.dilation_h;
              if (iy < 0 || iy >= p.in_h) continue;
              for (int32_t kx = 0; kx < p.filter_w; ++kx) {
                const int32_t ix = ox * p.stride_w - p.pad_w + kx * p.dilation_w;
                if (ix < 0 || ix >= p.in_w) continue;
                acc += input[((b * p.in_h + iy) * p.in_w + ix) * p.in_c + ic] *
                       filter[(ky * p.filter_w + kx) * p.out_c + oc];
              }
            }
            if (bias) acc += bias[oc];
            output[((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] = std::clamp(acc, p.clamp.min, p.clamp.max);
          }
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
