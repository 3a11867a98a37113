#include "kernels/cortex_m/depthwise_conv_s8.h"

#include <algorithm>

#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/requant.h"

namespace nib::kernels::cortex_m {
namespace {

inline int8_t finish(const DepthwiseS8Params& p, int32_t c, int32_t acc) {
  const Requant& r = p.conv.requant;
  const int32_t v = (p.fast_requant ? requant_fast(acc, r.multiplier[c], r.shift[c])
                                    : quant::multiply_by_quantized_multiplier(acc, r.multiplier[c], r.shift[c])) +
                    r.output_offset;
  return static_cast<int8_t>(std::clamp<int32_t>(v, r.act_min, r.act_max));
}

struct Taps {
  int32_t ky0, ky1, kx0, kx1;  // valid filter rows/columns for this output pixel
  int32_t iy0, ix0;            // input position of tap (0, 0)
};

// Four channels c..c+3 of one output pixel.
[[gnu::noinline]] void channels4(const DepthwiseS8Params& p, const Taps& t, const int8_t* input,
                                 const int8_t* filter, const int32_t* bias, int32_t c, int8_t* out) {
  const ConvParams& q = p.conv;
  const uint32_t offset2 = dsp::pack16(q.input_offset, q.input_offset);
  int32_t a0 = bias ? bias[c] : 0, a1 = bias ? bias[c + 1] : 0, a2 = bias ? bias[c + 2] : 0,
          a3 = bias ? bias[c + 3] : 0;
  const int32_t x_step = q.dilation_w * q.in_c, w_step = q.out_c, columns = t.kx1 - t.kx0;
  const int8_t* in_row = input + ((t.iy0 + t.ky0 * q.dilation_h) * q.in_w + t.ix0 + t.kx0 * q.dilation_w) * q.in_c + c;
  const int8_t* w_row = filter + (t.ky0 * q.filter_w + t.kx0) * q.out_c + c;
  for (int32_t ky = t.ky0; ky < t.ky1; ++ky, in_row += q.dilation_h * q.in_w * q.in_c, w_row += q.filter_w * q.out_c) {
    const int8_t* in = in_row;
    const int8_t* w = w_row;
    for (int32_t kx = 0; kx < columns; ++kx, in += x_step, w += w_step) {
      const uint32_t xv = dsp::load4(in);
      const uint32_t wv = dsp::load4(w);
      const uint32_t xe = dsp::sadd16(dsp::sxtb16(xv), offset2), xo = dsp::sadd16(dsp::sxtb16_odd(xv), offset2);
      const uint32_t we = dsp::sxtb16(wv), wo = dsp::sxtb16_odd(wv);
      a0 = dsp::smlabb(xe, we, a0);
      a2 = dsp::smlatt(xe, we, a2);
      a1 = dsp::smlabb(xo, wo, a1);
      a3 = dsp::smlatt(xo, wo, a3);
    }
  }
  out[c] = finish(p, c, a0);
  out[c + 1] = finish(p, c + 1, a1);
  out[c + 2] = finish(p, c + 2, a2);
  out[c + 3] = finish(p, c + 3, a3);
}

void channel1(const DepthwiseS8Params& p, const Taps& t, const int8_t* input, const int8_t* filter,
              const int32_t* bias, int32_t c, int8_t* out) {
  const ConvParams& q = p.conv;
  int32_t acc = bias ? bias[c] : 0;
  for (int32_t ky = t.ky0; ky < t.ky1; ++ky)
    for (int32_t kx = t.kx0; kx < t.kx1; ++kx) {
      const int32_t x = input[((t.iy0 + ky * q.dilation_h) * q.in_w + t.ix0 + kx * q.dilation_w) * q.in_c + c];
      acc += (x + q.input_offset) * filter[(ky * q.filter_w + kx) * q.out_c + c];
    }
  out[c] = finish(p, c, acc);
}

// First tap index k with origin + k * dilation >= 0, and one past the last
// with origin + k * dilation < size.
inline void tap_range(int32_t origin, int32_t dilation, int32_t taps, int32_t size, int32_t* k0, int32_t* k1) {
  int32_t lo = 0, hi = taps;
  while (lo < taps && origin + lo * dilation < 0) ++lo;
  while (hi > lo && origin + (hi - 1) * dilation >= size) --hi;
  *k0 = lo;
  *k1 = hi;
}

}  // namespace

bool depthwise_s8_supported(const ConvParams& p) { return p.depth_multiplier == 1; }

void depthwise_s8(const DepthwiseS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                  int8_t* output) {
  const ConvParams& q = p.conv;
  for (int32_t b = 0; b < q.batches; ++b) {
    const int8_t* in = input + b * q.in_h * q.in_w * q.in_c;
    for (int32_t oy = 0; oy < q.out_h; ++oy) {
      Taps t;
      t.iy0 = oy * q.stride_h - q.pad_h;
      tap_range(t.iy0, q.dilation_h, q.filter_h, q.in_h, &t.ky0, &t.ky1);
      for (int32_t ox = 0; ox < q.out_w; ++ox) {
        t.ix0 = ox * q.stride_w - q.pad_w;
        tap_range(t.ix0, q.dilation_w, q.filter_w, q.in_w, &t.kx0, &t.kx1);
        int8_t* out = output + ((b * q.out_h + oy) * q.out_w + ox) * q.out_c;
        int32_t c = 0;
        for (; c + 4 <= q.out_c; c += 4) channels4(p, t, in, filter, bias, c, out);
        for (; c < q.out_c; ++c) channel1(p, t, in, filter, bias, c, out);
      }
    }
  }
}

}  // namespace nib::kernels::cortex_m
