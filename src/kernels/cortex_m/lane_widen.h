#pragma once
// Widening into the lane layout of the pixel tiles (pooled_tile: 3 lanes,
// pooled_quad: 4): per K-pair of a conv field, one int16-pair word per lane;
// per K-pair of a channel pair's weights, one word per channel.

#include <cstdint>

#include "kernels/cortex_m/conv_s8_params.h"
#include "kernels/cortex_m/dsp.h"

namespace nib::kernels::cortex_m {

// Conv pixel (y, x)'s field into the lane at dst (Lanes words per K-pair),
// taps outside the input as the pad value. `run(src, words, dst)` widens
// `words` input words into the lane: one call per filter row that lies
// inside the input, one per tap elsewhere.
template <int32_t Lanes, typename Run>
inline void widen_field(const ConvS8Params& p, const int8_t* image, int32_t y, int32_t x, uint32_t* dst, Run run) {
  const ConvParams& c = p.conv;
  const int32_t iy0 = y * c.stride_h - c.pad_h, ix0 = x * c.stride_w - c.pad_w, words = c.in_c / 4;
  const uint32_t pad = dsp::pack16(p.pad_value, p.pad_value);
  const bool cols_inside = c.dilation_w == 1 && ix0 >= 0 && ix0 + c.filter_w <= c.in_w;
  for (int32_t ky = 0; ky < c.filter_h; ++ky) {
    const int32_t iy = iy0 + ky * c.dilation_h;
    if (cols_inside && iy >= 0 && iy < c.in_h) {  // the filter row is one run of the input
      run(image + (iy * c.in_w + ix0) * c.in_c, words * c.filter_w, dst);
      dst += 2 * Lanes * words * c.filter_w;
      continue;
    }
    for (int32_t kx = 0; kx < c.filter_w; ++kx, dst += 2 * Lanes * words) {
      const int32_t ix = ix0 + kx * c.dilation_w;
      if (iy >= 0 && iy < c.in_h && ix >= 0 && ix < c.in_w) {
        run(image + (iy * c.in_w + ix) * c.in_c, words, dst);
        continue;
      }
      for (int32_t g = 0; g < words; ++g) dst[2 * Lanes * g] = dst[2 * Lanes * g + Lanes] = pad;
    }
  }
}

// `groups` words of two channels' weights (w0, w1) as, per word, (b0, b2)
// of c0 and c1, then (b1, b3) of c0 and c1; returns the end of dst.
inline uint32_t* widen_weight_pair(const int8_t* w0, const int8_t* w1, int32_t groups, uint32_t* dst) {
  for (int32_t g = 0; g < groups; ++g, dst += 4) {
    const uint32_t v0 = dsp::load4(w0 + 4 * g), v1 = dsp::load4(w1 + 4 * g);
    dst[0] = dsp::sxtb16(v0);
    dst[1] = dsp::sxtb16(v1);
    dst[2] = dsp::sxtb16_odd(v0);
    dst[3] = dsp::sxtb16_odd(v1);
  }
  return dst;
}

}  // namespace nib::kernels::cortex_m
