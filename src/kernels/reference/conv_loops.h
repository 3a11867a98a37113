// The output positions and taps of CONV_2D (grouped) and DEPTHWISE_CONV_2D,
// written once for every element type: for each output (b, y, x, oc) the
// accumulator starts at Acc{}, takes acc = mac(acc, input, weight) for every
// tap inside the input (padded positions are skipped, which equals padding
// with the input zero point), and the output is finish(acc, oc). Always
// inlined: as a call the reference kernels ran ~10 % more instructions.
#pragma once

#include <cstdint>

#include "kernels/params.h"

namespace nib::kernels::reference {

// NHWC input, OHWI filter, filter_in_c input channels per group.
template <typename Acc, typename In, typename W, typename Out, typename Mac, typename Finish>
[[gnu::always_inline]] inline void for_each_conv_output(const ConvParams& p, const In* input, const W* filter,
                                                       Out* output, Mac mac, Finish finish) {
  const int32_t out_per_group = p.out_c / (p.in_c / p.filter_in_c);
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox)
        for (int32_t oc = 0; oc < p.out_c; ++oc) {
          const int32_t group = oc / out_per_group;
          Acc acc{};
          for (int32_t ky = 0; ky < p.filter_h; ++ky) {
            const int32_t iy = oy * p.stride_h - p.pad_h + ky * p.dilation_h;
            if (iy < 0 || iy >= p.in_h) continue;
            for (int32_t kx = 0; kx < p.filter_w; ++kx) {
              const int32_t ix = ox * p.stride_w - p.pad_w + kx * p.dilation_w;
              if (ix < 0 || ix >= p.in_w) continue;
              const In* in = input + ((b * p.in_h + iy) * p.in_w + ix) * p.in_c + group * p.filter_in_c;
              const W* w = filter + ((oc * p.filter_h + ky) * p.filter_w + kx) * p.filter_in_c;
              for (int32_t ic = 0; ic < p.filter_in_c; ++ic) acc = mac(acc, in[ic], w[ic]);
            }
          }
          output[((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] = finish(acc, oc);
        }
}

// NHWC input, 1HWO filter, output channel ic * depth_multiplier + m.
template <typename Acc, typename In, typename W, typename Out, typename Mac, typename Finish>
[[gnu::always_inline]] inline void for_each_depthwise_output(const ConvParams& p, const In* input, const W* filter,
                                                            Out* output, Mac mac, Finish finish) {
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox)
        for (int32_t ic = 0; ic < p.in_c; ++ic)
          for (int32_t m = 0; m < p.depth_multiplier; ++m) {
            const int32_t oc = ic * p.depth_multiplier + m;
            Acc acc{};
            for (int32_t ky = 0; ky < p.filter_h; ++ky) {
              const int32_t iy = oy * p.stride_h - p.pad_h + ky * p.dilation_h;
              if (iy < 0 || iy >= p.in_h) continue;
              for (int32_t kx = 0; kx < p.filter_w; ++kx) {
                const int32_t ix = ox * p.stride_w - p.pad_w + kx * p.dilation_w;
                if (ix < 0 || ix >= p.in_w) continue;
                acc = mac(acc, input[((b * p.in_h + iy) * p.in_w + ix) * p.in_c + ic],
                          filter[(ky * p.filter_w + kx) * p.out_c + oc]);
              }
            }
            output[((b * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] = finish(acc, oc);
          }
}

}  // namespace nib::kernels::reference
