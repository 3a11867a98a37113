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

// Every channel of one output pixel: four channels per pass over the taps
// (rows x cols valid taps starting at `in` / `w` for channel 0).
[[gnu::noinline]] void pixel(const DepthwiseS8Params& p, const int8_t* in, const int8_t* w, int32_t rows,
                             int32_t cols, const int32_t* bias, int8_t* out) {
  const ConvParams& q = p.conv;
  const uint32_t offset2 = dsp::pack16(q.input_offset, q.input_offset);
  const int32_t x_step = q.dilation_w * q.in_c, w_step = q.out_c;
  const int32_t x_row = q.dilation_h * q.in_w * q.in_c - cols * x_step, w_row = q.filter_w * q.out_c - cols * w_step;
  int32_t c = 0;
  for (; c + 4 <= q.out_c; c += 4) {
    int32_t a0 = bias ? bias[c] : 0, a1 = bias ? bias[c + 1] : 0, a2 = bias ? bias[c + 2] : 0,
            a3 = bias ? bias[c + 3] : 0;
    const int8_t* x = in + c;
    const int8_t* f = w + c;
    for (int32_t r = 0; r < rows; ++r, x += x_row, f += w_row)
      for (int32_t k = 0; k < cols; ++k, x += x_step, f += w_step) {
        const uint32_t xv = dsp::load4(x), wv = dsp::load4(f);
        const uint32_t xe = dsp::sadd16(dsp::sxtb16(xv), offset2), xo = dsp::sadd16(dsp::sxtb16_odd(xv), offset2);
        const uint32_t we = dsp::sxtb16(wv), wo = dsp::sxtb16_odd(wv);
        a0 = dsp::smlabb(xe, we, a0);
        a2 = dsp::smlatt(xe, we, a2);
        a1 = dsp::smlabb(xo, wo, a1);
        a3 = dsp::smlatt(xo, wo, a3);
      }
    out[c] = finish(p, c, a0);
    out[c + 1] = finish(p, c + 1, a1);
    out[c + 2] = finish(p, c + 2, a2);
    out[c + 3] = finish(p, c + 3, a3);
  }
  for (; c < q.out_c; ++c) {
    int32_t acc = bias ? bias[c] : 0;
    const int8_t* x = in + c;
    const int8_t* f = w + c;
    for (int32_t r = 0; r < rows; ++r, x += x_row, f += w_row)
      for (int32_t k = 0; k < cols; ++k, x += x_step, f += w_step) acc += (*x + q.input_offset) * *f;
    out[c] = finish(p, c, acc);
  }
}

// Every channel of an interior output pixel of a 3x3, dilation-1 filter:
// `in` is tap (0, 0) at channel 0, `folded` the bias with the offset folded.
[[gnu::noinline]] void pixel3x3(const DepthwiseS8Params& p, const int8_t* in, const int8_t* w, const int32_t* folded,
                                int8_t* out) {
  const ConvParams& q = p.conv;
  const int32_t cs = q.in_c, row = q.in_w * q.in_c;
  int32_t c = 0;
  for (; c + 4 <= q.out_c; c += 4, in += 4, w += 4) {
    int32_t a0 = folded[c], a1 = folded[c + 1], a2 = folded[c + 2], a3 = folded[c + 3];
    const auto tap = [&](const int8_t* x, const int8_t* f) {
      const uint32_t xv = dsp::load4(x), wv = dsp::load4(f);
      const uint32_t xe = dsp::sxtb16(xv), xo = dsp::sxtb16_odd(xv);
      const uint32_t we = dsp::sxtb16(wv), wo = dsp::sxtb16_odd(wv);
      a0 = dsp::smlabb(xe, we, a0);
      a2 = dsp::smlatt(xe, we, a2);
      a1 = dsp::smlabb(xo, wo, a1);
      a3 = dsp::smlatt(xo, wo, a3);
    };
    tap(in, w);
    tap(in + cs, w + cs);
    tap(in + 2 * cs, w + 2 * cs);
    tap(in + row, w + 3 * cs);
    tap(in + row + cs, w + 4 * cs);
    tap(in + row + 2 * cs, w + 5 * cs);
    tap(in + 2 * row, w + 6 * cs);
    tap(in + 2 * row + cs, w + 7 * cs);
    tap(in + 2 * row + 2 * cs, w + 8 * cs);
    out[c] = finish(p, c, a0);
    out[c + 1] = finish(p, c + 1, a1);
    out[c + 2] = finish(p, c + 2, a2);
    out[c + 3] = finish(p, c + 3, a3);
  }
  for (; c < q.out_c; ++c, ++in, ++w) {
    int32_t acc = folded[c];
    for (int32_t ky = 0; ky < 3; ++ky)
      for (int32_t kx = 0; kx < 3; ++kx) acc += in[ky * row + kx * cs] * w[(ky * 3 + kx) * cs];
    out[c] = finish(p, c, acc);
  }
}

// Two horizontally adjacent interior pixels of a 3x3 filter: each weight
// word is loaded and widened once for both.
[[gnu::noinline]] void pixel3x3_pair(const DepthwiseS8Params& p, const int8_t* in, const int8_t* w,
                                     const int32_t* folded, int8_t* out) {
  const ConvParams& q = p.conv;
  const int32_t cs = q.in_c, row = q.in_w * q.in_c, next = q.stride_w * q.in_c;
  int32_t c = 0;
  for (; c + 4 <= q.out_c; c += 4, in += 4, w += 4) {
    int32_t a0 = folded[c], a1 = folded[c + 1], a2 = folded[c + 2], a3 = folded[c + 3];
    int32_t b0 = a0, b1 = a1, b2 = a2, b3 = a3;
    const auto tap = [&](int32_t x_off, int32_t w_off) {
      const uint32_t wv = dsp::load4(w + w_off);
      const uint32_t we = dsp::sxtb16(wv), wo = dsp::sxtb16_odd(wv);
      uint32_t xv = dsp::load4(in + x_off);
      uint32_t xe = dsp::sxtb16(xv), xo = dsp::sxtb16_odd(xv);
      a0 = dsp::smlabb(xe, we, a0);
      a2 = dsp::smlatt(xe, we, a2);
      a1 = dsp::smlabb(xo, wo, a1);
      a3 = dsp::smlatt(xo, wo, a3);
      xv = dsp::load4(in + next + x_off);
      xe = dsp::sxtb16(xv);
      xo = dsp::sxtb16_odd(xv);
      b0 = dsp::smlabb(xe, we, b0);
      b2 = dsp::smlatt(xe, we, b2);
      b1 = dsp::smlabb(xo, wo, b1);
      b3 = dsp::smlatt(xo, wo, b3);
    };
    tap(0, 0);
    tap(cs, cs);
    tap(2 * cs, 2 * cs);
    tap(row, 3 * cs);
    tap(row + cs, 4 * cs);
    tap(row + 2 * cs, 5 * cs);
    tap(2 * row, 6 * cs);
    tap(2 * row + cs, 7 * cs);
    tap(2 * row + 2 * cs, 8 * cs);
    out[c] = finish(p, c, a0);
    out[c + 1] = finish(p, c + 1, a1);
    out[c + 2] = finish(p, c + 2, a2);
    out[c + 3] = finish(p, c + 3, a3);
    out[q.out_c + c] = finish(p, c, b0);
    out[q.out_c + c + 1] = finish(p, c + 1, b1);
    out[q.out_c + c + 2] = finish(p, c + 2, b2);
    out[q.out_c + c + 3] = finish(p, c + 3, b3);
  }
  for (; c < q.out_c; ++c, ++in, ++w)
    for (int32_t px = 0; px < 2; ++px) {
      int32_t acc = folded[c];
      for (int32_t ky = 0; ky < 3; ++ky)
        for (int32_t kx = 0; kx < 3; ++kx) acc += in[px * next + ky * row + kx * cs] * w[(ky * 3 + kx) * cs];
      out[px * q.out_c + c] = finish(p, c, acc);
    }
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

size_t depthwise_s8_scratch_bytes(const ConvParams& p) { return 4 * static_cast<size_t>(p.out_c); }

void depthwise_s8(const DepthwiseS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                  int8_t* output, void* scratch) {
  const ConvParams& q = p.conv;
  const bool three = q.filter_h == 3 && q.filter_w == 3 && q.dilation_h == 1 && q.dilation_w == 1;
  auto* folded = static_cast<int32_t*>(scratch);
  if (three)
    for (int32_t c = 0; c < q.out_c; ++c) {
      int32_t sum = 0;
      for (int32_t t = 0; t < 9; ++t) sum += filter[t * q.out_c + c];
      folded[c] = (bias ? bias[c] : 0) + q.input_offset * sum;
    }
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
        if (three && t.ky1 - t.ky0 == 3 && t.kx1 - t.kx0 == 3) {
          // The next pixel is interior too when its window still ends inside.
          const int32_t next_ix0 = t.ix0 + q.stride_w;
          if (ox + 1 < q.out_w && next_ix0 + 2 < q.in_w) {
            pixel3x3_pair(p, in + (t.iy0 * q.in_w + t.ix0) * q.in_c, filter, folded, out);
            ++ox;
            continue;
          }
          pixel3x3(p, in + (t.iy0 * q.in_w + t.ix0) * q.in_c, filter, folded, out);
          continue;
        }
        const int8_t* first_in = in + ((t.iy0 + t.ky0 * q.dilation_h) * q.in_w + t.ix0 + t.kx0 * q.dilation_w) * q.in_c;
        const int8_t* first_w = filter + (t.ky0 * q.filter_w + t.kx0) * q.out_c;
        pixel(p, first_in, first_w, t.ky1 - t.ky0, t.kx1 - t.kx0, bias, out);
      }
    }
  }
}

}  // namespace nib::kernels::cortex_m
