#include "kernels/cortex_m/conv_s8.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "kernels/cortex_m/bias_fold.h"
#include "kernels/cortex_m/conv3x3x1_pool_s8.h"
#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/pair_gemm_s8.h"
#include "kernels/cortex_m/pointwise_quad_s8.h"
#include "kernels/cortex_m/pointwise_small_s8.h"
#include "kernels/cortex_m/pooled_quad_s8.h"
#include "kernels/cortex_m/pooled_tile_s8.h"
#include "kernels/cortex_m/requant.h"
#include "quant/fixed_point.h"

namespace nib::kernels::cortex_m {
namespace {

// Is the receptive field at input (iy0, ix0) inside the input, with each
// filter row contiguous there (no horizontal dilation)?
inline bool field_inside(const ConvParams& c, int32_t iy0, int32_t ix0) {
  return c.dilation_w == 1 && iy0 >= 0 && ix0 >= 0 && iy0 + (c.filter_h - 1) * c.dilation_h < c.in_h &&
         ix0 + c.filter_w <= c.in_w;
}

// Copies the field at (iy0, ix0) to dst as filter_h x filter_w x in_c bytes,
// reading the input zero point where it leaves the input.
void gather_field(const ConvS8Params& p, const int8_t* input, int32_t iy0, int32_t ix0, int8_t* dst) {
  const ConvParams& c = p.conv;
  const size_t row = static_cast<size_t>(c.filter_w) * c.in_c;
  for (int32_t ky = 0; ky < c.filter_h; ++ky, dst += row) {
    const int32_t iy = iy0 + ky * c.dilation_h;
    if (iy < 0 || iy >= c.in_h) {
      std::memset(dst, p.pad_value, row);
      continue;
    }
    const int8_t* src = input + iy * c.in_w * c.in_c;
    if (c.dilation_w == 1) {  // the valid columns are one contiguous run
      const int32_t k0 = std::max<int32_t>(0, -ix0), k1 = std::min<int32_t>(c.filter_w, c.in_w - ix0);
      const size_t before = static_cast<size_t>(std::min(k0, c.filter_w)) * c.in_c;
      const size_t middle = k1 > k0 ? static_cast<size_t>(k1 - k0) * c.in_c : 0;
      std::memset(dst, p.pad_value, before);
      if (middle) std::memcpy(dst + before, src + (ix0 + k0) * c.in_c, middle);
      std::memset(dst + before + middle, p.pad_value, row - before - middle);
      continue;
    }
    int8_t* d = dst;
    for (int32_t kx = 0; kx < c.filter_w; ++kx, d += c.in_c) {
      const int32_t ix = ix0 + kx * c.dilation_w;
      if (ix >= 0 && ix < c.in_w)
        std::memcpy(d, src + ix * c.in_c, static_cast<size_t>(c.in_c));
      else
        std::memset(d, p.pad_value, static_cast<size_t>(c.in_c));
    }
  }
}

// See small_pair_count: per word (b0,b2), (b1,b3); a partial last word is
// read from a zero-padded copy.
inline void widen_bytes(const int8_t* bytes, int32_t count, uint32_t* pairs) {
  int32_t i = 0;
  for (; i + 4 <= count; i += 4, pairs += 2) {
    const uint32_t v = dsp::load4(bytes + i);
    pairs[0] = dsp::sxtb16(v);
    pairs[1] = dsp::sxtb16_odd(v);
  }
  if (i == count) return;
  int8_t last[4] = {0, 0, 0, 0};
  std::memcpy(last, bytes + i, static_cast<size_t>(count - i));
  const uint32_t v = dsp::load4(last);
  pairs[0] = dsp::sxtb16(v);
  if (count - i > 1) pairs[1] = dsp::sxtb16_odd(v);
}

// Convolutions run as a matrix product over their fields (pair_gemm_s8.h):
// read in place when inside the input with rows of whole words, gathered
// otherwise.
Field conv_field(const ConvS8Params& p, const int8_t* input, Pixel at, int8_t* buffer) {
  const ConvParams& c = p.conv;
  const int8_t* image = input + at.b * c.in_h * c.in_w * c.in_c;
  const int32_t iy0 = at.y * c.stride_h - c.pad_h, ix0 = at.x * c.stride_w - c.pad_w;
  const int32_t row = c.filter_w * c.in_c;
  if (row % 4 == 0 && field_inside(c, iy0, ix0))
    return {image + (iy0 * c.in_w + ix0) * c.in_c, c.dilation_h * c.in_w * c.in_c};
  if (buffer == nullptr) return {nullptr, 0};  // conv_widen_padded's
  gather_field(p, image, iy0, ix0, buffer);
  return {buffer, row};
}

// Without gather buffers (in_c a multiple of 4, so every tap is whole
// words): one pixel's field widened tap by tap, taps outside the input as
// the pad value in both lanes.
bool gather_free(const ConvParams& c) { return c.in_c % 4 == 0; }

void conv_widen_padded(const ConvS8Params& p, const int8_t* input, Pixel at, uint32_t* dst) {
  const ConvParams& c = p.conv;
  const int8_t* image = input + at.b * c.in_h * c.in_w * c.in_c;
  const int32_t iy0 = at.y * c.stride_h - c.pad_h, ix0 = at.x * c.stride_w - c.pad_w;
  const uint32_t pad = dsp::pack16(p.pad_value, p.pad_value);
  const int32_t groups = c.in_c / 4;
  for (int32_t ky = 0; ky < c.filter_h; ++ky) {
    const int32_t iy = iy0 + ky * c.dilation_h;
    for (int32_t kx = 0; kx < c.filter_w; ++kx) {
      const int32_t ix = ix0 + kx * c.dilation_w;
      if (iy < 0 || iy >= c.in_h || ix < 0 || ix >= c.in_w) {
        for (int32_t g = 0; g < groups; ++g, dst += 4) dst[0] = dst[1] = pad;
        continue;
      }
      const int8_t* src = image + (iy * c.in_w + ix) * c.in_c;
      for (int32_t g = 0; g < groups; ++g, src += 4, dst += 4) {
        const uint32_t v = dsp::load4(src);
        dst[0] = dsp::sxtb16(v);
        dst[1] = dsp::sxtb16_odd(v);
      }
    }
  }
}

inline int32_t requantize(const Requant& r, int32_t channel, int32_t acc) {
  return quant::requantize_s8(acc, r.multiplier[channel], r.shift[channel], r.output_offset, r.act_min, r.act_max);
}

inline int32_t requantize_fast(const Requant& r, int32_t channel, int32_t acc) {
  return requantize_fast_s8(acc, r.multiplier[channel], r.shift[channel], r.output_offset, r.act_min, r.act_max);
}

// ---- small receptive fields: per pixel, the field as int16 pairs --------

// One filter row of `row` bytes at src as its int16 pairs, reading whole
// words: the bytes past the row meet zero weights (conv_s8_widen_channel).
inline uint32_t* row_pairs(const int8_t* src, int32_t row, uint32_t* pairs) {
  for (; row > 0; row -= 4, src += 4) {
    const uint32_t v = dsp::load4(src);
    *pairs++ = dsp::sxtb16(v);
    if (row != 1) *pairs++ = dsp::sxtb16_odd(v);
  }
  return pairs;
}

// Field of output pixel (oy, ox) as K2 int16 pairs, filter row by filter
// row; padding reads the input zero point.
[[gnu::noinline]] void field_pairs(const ConvS8Params& p, const int8_t* input, int32_t oy, int32_t ox,
                                   uint32_t* pairs) {
  const ConvParams& c = p.conv;
  const int32_t iy0 = oy * c.stride_h - c.pad_h;
  const int32_t ix0 = ox * c.stride_w - c.pad_w;
  const int32_t row = c.filter_w * c.in_c;
  int8_t bytes[2 * kSmallFieldPairs];
  const int32_t last = ((iy0 + (c.filter_h - 1) * c.dilation_h) * c.in_w + ix0) * c.in_c;
  if (field_inside(c, iy0, ix0) && last + 4 * ((row + 3) / 4) <= c.in_h * c.in_w * c.in_c) {
    const int8_t* src = input + (iy0 * c.in_w + ix0) * c.in_c;
    for (int32_t ky = 0; ky < c.filter_h; ++ky, src += c.dilation_h * c.in_w * c.in_c) pairs = row_pairs(src, row, pairs);
    return;
  }
  gather_field(p, input, iy0, ix0, bytes);
  for (int32_t ky = 0; ky < c.filter_h; ++ky, pairs += small_pair_count(row)) widen_bytes(bytes + ky * row, row, pairs);
}

// acc + sum of K2 SMLADs of a field against weights held in registers. For
// the 3x3x1 field (K2 = 6) the loads are grouped in assembly so they
// pipeline (LDR after LDR costs one cycle on the M4), which GCC's schedule
// interleaving loads and SMLADs does not give.
template <int K2, size_t... J>
inline int32_t field_dot(const uint32_t* x, const uint32_t (&w)[K2], int32_t acc, std::index_sequence<J...>) {
#if NIB_HAVE_DSP
  if constexpr (K2 == 6) {
    uint32_t t0, t1, t2;
    __asm__("ldr %[t0], [%[x]]\n\t"
            "ldr %[t1], [%[x], #4]\n\t"
            "ldr %[t2], [%[x], #8]\n\t"
            "smlad %[acc], %[t0], %[w0], %[acc]\n\t"
            "smlad %[acc], %[t1], %[w1], %[acc]\n\t"
            "smlad %[acc], %[t2], %[w2], %[acc]\n\t"
            "ldr %[t0], [%[x], #12]\n\t"
            "ldr %[t1], [%[x], #16]\n\t"
            "ldr %[t2], [%[x], #20]\n\t"
            "smlad %[acc], %[t0], %[w3], %[acc]\n\t"
            "smlad %[acc], %[t1], %[w4], %[acc]\n\t"
            "smlad %[acc], %[t2], %[w5], %[acc]\n\t"
            : [acc] "+r"(acc), [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2)
            : [x] "r"(x), [w0] "r"(w[0]), [w1] "r"(w[1]), [w2] "r"(w[2]), [w3] "r"(w[3]), [w4] "r"(w[4]),
              [w5] "r"(w[5])
            : "memory");
    return acc;
  }
#endif
  ((acc = dsp::smlad(x[J], w[J], acc)), ...);
  return acc;
}

// Which convolution pixels an output of conv_small covers: with a fused pool
// its (clipped) window, otherwise the single pixel.
struct Window {
  int32_t y0, y1, x0, x1;
};

inline Window window_rows(const ConvS8Params& p, int32_t py) {
  const FusedPool& pool = p.pool;
  if (pool.filter_h == 0) return {py, py + 1, 0, 0};
  const int32_t y = py * pool.stride_h - pool.pad_h;
  return {std::max<int32_t>(y, 0), std::min<int32_t>(y + pool.filter_h, p.conv.out_h), 0, 0};
}

inline void window_cols(const ConvS8Params& p, int32_t px, Window* w) {
  const FusedPool& pool = p.pool;
  if (pool.filter_h == 0) {
    w->x0 = px;
    w->x1 = px + 1;
    return;
  }
  const int32_t x = px * pool.stride_w - pool.pad_w;
  w->x0 = std::max<int32_t>(x, 0);
  w->x1 = std::min<int32_t>(x + pool.filter_w, p.conv.out_w);
}

// One channel of one pooled output row for the usual 2x2 / stride 2 pool
// with whole windows: four fixed fields per output. Kept apart from the
// general loop so the weights stay in registers (few live values).
template <Stage kStage, int K2, size_t... J>
[[gnu::noinline]] void quad_row(const uint32_t* fields, int32_t stride, int32_t out_w, const uint32_t* w,
                                int32_t bias, int32_t oc, const Requantizer<kStage>& requant, int32_t lo, int32_t hi,
                                int8_t* out, int32_t out_step, std::index_sequence<J...> seq) {
  const uint32_t wr[K2] = {w[J]...};
  const bool clamp = lo > -128 || hi < 127;  // the pool's own activation
  for (int32_t px = 0; px < out_w; ++px, fields += 2 * K2, out += out_step) {
    // By value: std::max's references would send the sums through memory.
    const auto max = [](int32_t a, int32_t b) { return a > b ? a : b; };
    const int32_t best = max(max(field_dot<K2>(fields, wr, bias, seq), field_dot<K2>(fields + K2, wr, bias, seq)),
                             max(field_dot<K2>(fields + stride, wr, bias, seq),
                                 field_dot<K2>(fields + stride + K2, wr, bias, seq)));
    const int8_t v = requant(oc, best);
    *out = clamp ? static_cast<int8_t>(dsp::clamp(v, lo, hi)) : v;
  }
}

// One output row: `fields` holds the int16-pair fields of the convolution
// pixels of rows [win.y0, win.y1), all columns. Channel-outer, so a
// channel's weights and requantization stay in registers across the row.
template <int K2, size_t... J>
[[gnu::noinline]] void small_row(const ConvS8Params& p, const uint32_t* fields, Window win, int32_t out_w,
                                 int8_t* out, std::index_sequence<J...> seq) {
  const ConvParams& c = p.conv;
  const int32_t rows = win.y1 - win.y0, stride = c.out_w * K2;
  const uint32_t* w = p.weight_pairs;
  const FusedPool& pool = p.pool;
  // The usual 2x2 / stride 2 pool with whole windows: four fixed fields.
  const bool quad = pool.filter_h == 2 && pool.filter_w == 2 && pool.stride_w == 2 && pool.pad_w == 0 && rows == 2 &&
                    2 * out_w <= c.out_w;
  if (quad) {
    if (p.stage == Stage::kRightSat) {
      const Requantizer<Stage::kRightSat> requant(c.requant);
      for (int32_t oc = 0; oc < c.out_c; ++oc, w += K2)
        quad_row<Stage::kRightSat, K2>(fields, stride, out_w, w, p.bias[oc], oc, requant, pool.act_min, pool.act_max,
                                       out + oc, c.out_c, seq);
    } else {
      const Requantizer<Stage::kChecked> requant(c.requant);
      for (int32_t oc = 0; oc < c.out_c; ++oc, w += K2)
        quad_row<Stage::kChecked, K2>(fields, stride, out_w, w, p.bias[oc], oc, requant, pool.act_min, pool.act_max,
                                      out + oc, c.out_c, seq);
    }
    return;
  }
  for (int32_t oc = 0; oc < c.out_c; ++oc, w += K2) {
    const uint32_t wr[K2] = {w[J]...};
    const int32_t bias = p.bias[oc];
    for (int32_t px = 0; px < out_w; ++px) {
      window_cols(p, px, &win);
      int32_t best = quant::kInt32Min;
      for (int32_t r = 0; r < rows; ++r) {
        const uint32_t* x = fields + r * stride + win.x0 * K2;
        for (int32_t cx = win.x0; cx < win.x1; ++cx, x += K2) best = std::max(best, field_dot<K2>(x, wr, bias, seq));
      }
      const int32_t v = p.fast_requant ? requantize_fast(c.requant, oc, best) : requantize(c.requant, oc, best);
      out[px * c.out_c + oc] = static_cast<int8_t>(std::clamp<int32_t>(v, p.pool.act_min, p.pool.act_max));
    }
  }
}

[[gnu::noinline]] void small_row_any(const ConvS8Params& p, const uint32_t* fields, Window win, int32_t out_w,
                                     int8_t* out) {
  const ConvParams& c = p.conv;
  const int32_t rows = win.y1 - win.y0, stride = c.out_w * p.k2;
  const uint32_t* w = p.weight_pairs;
  for (int32_t oc = 0; oc < c.out_c; ++oc, w += p.k2)
    for (int32_t px = 0; px < out_w; ++px) {
      window_cols(p, px, &win);
      int32_t best = quant::kInt32Min;
      for (int32_t r = 0; r < rows; ++r)
        for (int32_t cx = win.x0; cx < win.x1; ++cx) {
          const uint32_t* x = fields + r * stride + cx * p.k2;
          int32_t acc = p.bias[oc];
          for (int32_t j = 0; j < p.k2; ++j) acc = dsp::smlad(x[j], w[j], acc);
          best = std::max(best, acc);
        }
      const int32_t v = p.fast_requant ? requantize_fast(c.requant, oc, best) : requantize(c.requant, oc, best);
      out[px * c.out_c + oc] = static_cast<int8_t>(std::clamp<int32_t>(v, p.pool.act_min, p.pool.act_max));
    }
}

// Dot products of two fields (a, b) with two channels' weights (u, v).
struct Dots2x2 {
  int32_t au, av, bu, bv;
};

// d += pair word J of each. The four loads are grouped (LDR after LDR
// costs one cycle on the M4) and address the bases with an immediate
// offset, so no per-word pointers are kept alive.
template <size_t J>
[[gnu::always_inline]] inline void pair_step(const uint32_t* a, const uint32_t* b, const uint32_t* u,
                                             const uint32_t* v, Dots2x2& d) {
#if NIB_HAVE_DSP
  uint32_t x, y, s, t;
  __asm__("ldr %[x], [%[a], %[o]]\n\t"
          "ldr %[y], [%[b], %[o]]\n\t"
          "ldr %[s], [%[u], %[o]]\n\t"
          "ldr %[t], [%[v], %[o]]\n\t"
          "smlad %[au], %[x], %[s], %[au]\n\t"
          "smlad %[av], %[x], %[t], %[av]\n\t"
          "smlad %[bu], %[y], %[s], %[bu]\n\t"
          "smlad %[bv], %[y], %[t], %[bv]\n\t"
          : [au] "+r"(d.au), [av] "+r"(d.av), [bu] "+r"(d.bu), [bv] "+r"(d.bv), [x] "=&r"(x), [y] "=&r"(y),
            [s] "=&r"(s), [t] "=&r"(t)
          : [a] "r"(a), [b] "r"(b), [u] "r"(u), [v] "r"(v), [o] "i"(4 * J)
          : "memory");
#else
  d.au = dsp::smlad(a[J], u[J], d.au);
  d.av = dsp::smlad(a[J], v[J], d.av);
  d.bu = dsp::smlad(b[J], u[J], d.bu);
  d.bv = dsp::smlad(b[J], v[J], d.bv);
#endif
}

template <size_t... J>
[[gnu::always_inline]] inline void pair_dots(const uint32_t* a, const uint32_t* b, const uint32_t* u,
                                             const uint32_t* v, Dots2x2& d, std::index_sequence<J...>) {
  (pair_step<J>(a, b, u, v, d), ...);
}

// Without a fused pool: two pixels x two channels per pass, so each loaded
// field word and weight word feeds two SMLADs. kK2 = 0: p.k2 at run time.
template <Stage kStage, int kK2>
[[gnu::noinline]] void small_pairs(const ConvS8Params& p, const uint32_t* fields, int32_t out_w, int8_t* out) {
  const int32_t k2 = kK2 > 0 ? kK2 : p.k2, out_c = p.conv.out_c;
  const Requantizer<kStage> requant(p.conv.requant);
  for (int32_t px = 0; px < out_w; px += 2) {
    const bool two = px + 1 < out_w;
    const uint32_t* xa = fields + px * k2;
    const uint32_t* xb = two ? xa + k2 : xa;
    int8_t* out_a = out + px * out_c;
    int8_t* out_b = two ? out_a + out_c : out_a;  // a lone last pixel writes twice
    const uint32_t* w0 = p.weight_pairs;
    for (int32_t oc = 0; oc < out_c; oc += 2, w0 += 2 * k2) {
      const bool pair = oc + 1 < out_c;
      const uint32_t* w1 = pair ? w0 + k2 : w0;  // a lone last channel computes twice
      const int32_t c1 = pair ? oc + 1 : oc;
      Dots2x2 d{p.bias[oc], p.bias[c1], p.bias[oc], p.bias[c1]};
      if constexpr (kK2 > 0)
        pair_dots(xa, xb, w0, w1, d, std::make_index_sequence<kK2>());
      else
        for (int32_t j = 0; j < k2; ++j) pair_step<0>(xa + j, xb + j, w0 + j, w1 + j, d);
      out_a[oc] = requant(oc, d.au);
      out_b[oc] = requant(oc, d.bu);
      out_a[c1] = requant(c1, d.av);
      out_b[c1] = requant(c1, d.bv);
    }
  }
}

template <Stage kStage>
void small_pairs_dispatch(const ConvS8Params& p, const uint32_t* fields, int32_t out_w, int8_t* out) {
  switch (p.k2) {
    case 6: return small_pairs<kStage, 6>(p, fields, out_w, out);    // 3x3x1
    case 15: return small_pairs<kStage, 15>(p, fields, out_w, out);  // 3x3x3
    default: return small_pairs<kStage, 0>(p, fields, out_w, out);
  }
}

// records: the 4-pixel tile's (pointwise_quad_s8.h), or null.
void small_dispatch(const ConvS8Params& p, const uint32_t* fields, Window win, int32_t out_w, int8_t* out,
                    const int32_t* records) {
  if (p.pool.filter_h == 0) {
    const int32_t done = records != nullptr ? field_quads(p, records, fields, out_w, out) : 0;
    fields += done * p.k2;
    out += done * p.conv.out_c;
    out_w -= done;
    if (out_w == 0) return;
    // The common case gets its own instances; the rest the exact-safe ones
    // (per-output requantization is a small part of the cost; flash is not).
    if (p.stage == Stage::kRightSat)
      return small_pairs_dispatch<Stage::kRightSat>(p, fields, out_w, out);
    return small_pairs_dispatch<Stage::kChecked>(p, fields, out_w, out);
  }
  switch (p.k2) {  // the receptive fields of common first layers
    case 2: return small_row<2>(p, fields, win, out_w, out, std::make_index_sequence<2>());    // 1x1x3, 1x1x4
    case 6: return small_row<6>(p, fields, win, out_w, out, std::make_index_sequence<6>());    // 3x3x1
    case 15: return small_row<15>(p, fields, win, out_w, out, std::make_index_sequence<15>());  // 3x3x3
    default: return small_row_any(p, fields, win, out_w, out);
  }
}

// The fields of every pixel of convolution row oy. Pixels whose rows are
// inside the input take a tight loop of word loads; the rest go through
// field_pairs.
void field_row(const ConvS8Params& p, const int8_t* input, int32_t oy, uint32_t* fields) {
  const ConvParams& c = p.conv;
  const int32_t row = c.filter_w * c.in_c;
  const int32_t iy0 = oy * c.stride_h - c.pad_h, iy1 = iy0 + (c.filter_h - 1) * c.dilation_h;
  const bool rows_inside = iy0 >= 0 && iy1 < c.in_h && c.dilation_w == 1;
  const int32_t row_step = c.dilation_h * c.in_w * c.in_c;
  // Bytes from a row start to the end of the input: the last row's words
  // must not read past it.
  const int32_t room = (c.in_h - iy1) * c.in_w * c.in_c, read = 4 * ((row + 3) / 4);
  // Locals: the stores through `fields` could alias p's fields.
  const int32_t out_w = c.out_w, stride = c.stride_w, pad = c.pad_w, in_c = c.in_c, filter_w = c.filter_w,
                filter_h = c.filter_h, in_w = c.in_w, k2 = p.k2;
  const int8_t* const row0 = input + iy0 * in_w * in_c;
  int32_t ox = 0;
  if (rows_inside && filter_h == 3 && row > 1 && row <= 4) {
    // The common first layers (3x3 over 1 channel, 1x3 rows...): the
    // columns inside the input in one tight run, three words per field.
    // The columns inside the input (ix0 >= 0, ix0 + filter_w <= in_w, the
    // last row's words within it): from the first ox with ix0 >= 0 to the
    // last with ix0 <= lim, computed rather than searched.
    const int32_t begin = std::min(out_w, (pad + stride - 1) / stride);
    const int32_t lim = std::min(in_w - filter_w, room >= read ? (room - read) / in_c : -1);
    const int32_t end = lim < 0 ? begin : std::clamp((lim + pad) / stride + 1, begin, out_w);
    for (; ox < begin; ++ox, fields += k2) field_pairs(p, input, oy, ox, fields);
    const int8_t* src = ox < end ? row0 + (ox * stride - pad) * in_c : row0;
    const int32_t step = stride * in_c;
    for (; ox < end; ++ox, fields += 6, src += step) {  // k2 = 3 rows x 2 pairs
      const uint32_t v0 = dsp::load4(src), v1 = dsp::load4(src + row_step), v2 = dsp::load4(src + 2 * row_step);
      fields[0] = dsp::sxtb16(v0);
      fields[1] = dsp::sxtb16_odd(v0);
      fields[2] = dsp::sxtb16(v1);
      fields[3] = dsp::sxtb16_odd(v1);
      fields[4] = dsp::sxtb16(v2);
      fields[5] = dsp::sxtb16_odd(v2);
    }
  }
  for (; ox < out_w; ++ox, fields += k2) {
    const int32_t ix0 = ox * stride - pad;
    const int32_t at = ix0 * in_c;
    if (!rows_inside || ix0 < 0 || ix0 + filter_w > in_w || at + read > room) {
      field_pairs(p, input, oy, ox, fields);
      continue;
    }
    const int8_t* src = row0 + at;
    uint32_t* out = fields;
    if (row <= 4) {  // the common first layers: one word per row
      for (int32_t ky = 0; ky < filter_h; ++ky, src += row_step) {
        const uint32_t v = dsp::load4(src);
        *out++ = dsp::sxtb16(v);
        if (row > 1) *out++ = dsp::sxtb16_odd(v);
      }
      continue;
    }
    for (int32_t ky = 0; ky < filter_h; ++ky, src += row_step) out = row_pairs(src, row, out);
  }
}

[[gnu::noinline]] void conv_small(const ConvS8Params& p, const int8_t* input, int8_t* output, uint32_t* fields,
                const int32_t* records) {
  const ConvParams& c = p.conv;
  const bool pooled = p.pool.filter_h > 0;
  const int32_t out_h = pooled ? p.pool.out_h : c.out_h, out_w = pooled ? p.pool.out_w : c.out_w;
  for (int32_t b = 0; b < c.batches; ++b) {
    const int8_t* in = input + b * c.in_h * c.in_w * c.in_c;
    for (int32_t py = 0; py < out_h; ++py) {
      const Window win = window_rows(p, py);
      for (int32_t oy = win.y0; oy < win.y1; ++oy) field_row(p, in, oy, fields + (oy - win.y0) * c.out_w * p.k2);
      small_dispatch(p, fields, win, out_w, output + (b * out_h + py) * out_w * c.out_c, records);
    }
  }
}

}  // namespace

bool conv_s8_supported(const ConvParams& p) { return p.filter_in_c == p.in_c; }

int64_t conv_s8_acc_bound(const ConvParams& p, const int32_t* bias) {
  return acc_bound(bias, p.out_c, int64_t{p.filter_h} * p.filter_w * p.filter_in_c);
}

bool conv_s8_fast_requant_ok(const ConvParams& p, const int8_t* filter, const int32_t* bias) {
  if (p.requant.shift == nullptr) return false;
  const int32_t k = p.filter_h * p.filter_w * p.filter_in_c;
  for (int32_t c = 0; c < p.out_c; ++c, filter += k) {
    int64_t weights = 0;
    for (int32_t j = 0; j < k; ++j) weights += filter[j] < 0 ? -filter[j] : filter[j];
    const int64_t b = bias == nullptr ? 0 : bias[c];
    const int64_t bound = (b < 0 ? -b : b) + 255 * weights;
    if (!requant_fast_ok(bound, p.requant.shift + c, 1)) return false;
  }
  return true;
}

namespace {

// Walks the channels, recording each kind into the arrays `plan` has.
ChannelPlan sort_channels(const ConvParams& p, const int8_t* filter, const int32_t* bias, const ChannelPlan& plan) {
  const int32_t k = p.filter_h * p.filter_w * p.in_c;
  ChannelPlan n;
  int32_t last_live = -1;
  for (int32_t c = 0; c < p.out_c; ++c, filter += k) {
    const int32_t b = bias == nullptr ? 0 : bias[c];
    int64_t weights = 0;
    for (int32_t j = 0; j < k; ++j) weights += filter[j] < 0 ? -filter[j] : filter[j];
    if (weights == 0) {  // the accumulator is the bias at every pixel
      if (plan.constant != nullptr) {
        plan.constant[n.constant_count] = static_cast<uint16_t>(c);
        plan.values[n.constant_count] = quant::requantize_s8(b, p.requant.multiplier[c], p.requant.shift[c],
                                                             p.requant.output_offset, p.requant.act_min,
                                                             p.requant.act_max);
      }
      ++n.constant_count;
      continue;
    }
    if (plan.live != nullptr) plan.live[n.live_count] = static_cast<uint16_t>(c);
    ++n.live_count;
    last_live = c;
    const int64_t bound = (b < 0 ? -int64_t{b} : int64_t{b}) + 255 * weights;
    const int32_t left = p.requant.shift[c] > 0 ? p.requant.shift[c] : 0;
    if (left >= 30 ? bound == 0 : bound < (int64_t{1} << 30) >> left) continue;  // bound << left < 2^30
    if (plan.exact != nullptr) plan.exact[n.exact_count] = static_cast<uint16_t>(c);
    ++n.exact_count;
  }
  if (n.live_count % 2 == 1) {  // pad: the last live channel once more
    if (plan.live != nullptr) plan.live[n.live_count] = static_cast<uint16_t>(last_live);
    ++n.live_count;
  }
  return n;
}

}  // namespace

ChannelPlan conv_s8_count_channels(const ConvParams& p, const int8_t* filter, const int32_t* bias) {
  return sort_channels(p, filter, bias, ChannelPlan{});
}

bool conv_s8_trim_plan(bool fast_requant, ChannelPlan* plan) {
  const bool too_many = plan->exact_count > plan->live_count / 4;
  if (fast_requant || too_many) plan->exact_count = 0;
  plan->exact_complete = !too_many;
  if (plan->constant_count == 0) plan->live_count = 0;
  return plan->constant_count > 0 || plan->exact_count > 0;
}

void conv_s8_fill_plan(const ConvParams& p, const int8_t* filter, const int32_t* bias, ChannelPlan* plan) {
  sort_channels(p, filter, bias, *plan);  // fills every array the plan has; the counts stay
}

int32_t conv_s8_small_k2(const ConvParams& p) {
  const int32_t row = p.filter_w * p.in_c;
  return p.filter_h * small_pair_count(row);
}

bool conv_s8_small_field(const ConvParams& p) {
  // First layers: few input channels under a spatial filter. (1x1 layers
  // and wider inputs run faster on the general path, without widened weights.)
  return p.in_c <= 4 && p.filter_h * p.filter_w > 1 && conv_s8_small_k2(p) <= kSmallFieldPairs;
}

size_t conv_s8_weight_pairs_bytes(const ConvParams& p) {
  return sizeof(uint32_t) * static_cast<size_t>(p.out_c) * static_cast<size_t>(conv_s8_small_k2(p));
}

void conv_s8_widen_channel(const ConvParams& p, const int8_t* taps, uint32_t* pairs) {
  const int32_t row = p.filter_w * p.in_c;
  for (int32_t ky = 0; ky < p.filter_h; ++ky, pairs += small_pair_count(row)) widen_bytes(taps + ky * row, row, pairs);
}

void conv_s8_widen_weights(const ConvParams& p, const int8_t* filter, uint32_t* pairs) {
  const int32_t k = p.filter_h * p.filter_w * p.in_c, k2 = conv_s8_small_k2(p);
  for (int32_t oc = 0; oc < p.out_c; ++oc) conv_s8_widen_channel(p, filter + oc * k, pairs + oc * k2);
}

namespace {

size_t folded_bytes(const ConvS8Params& p) { return p.fold_at_run ? 4 * static_cast<size_t>(p.conv.out_c) : 0; }

}  // namespace

// Scratch: [folded bias] then the int16 pairs of the fields of one output
// row's convolution rows (small fields), or the pair-GEMM buffers (with a
// fused pool, also the running maxima).
size_t conv_s8_scratch_bytes(const ConvS8Params& p) {
  const size_t k = static_cast<size_t>(p.conv.filter_h) * p.conv.filter_w * p.conv.in_c;
  const size_t folded = folded_bytes(p);
  // The first-layer kernel, when it applies, or else the other paths.
  const size_t first = conv3x3x1_pool_geometry(p) ? conv3x3x1_pool_scratch_bytes(p, false) : 0;
  if (p.k2 > 0) {  // [widened weights] and the fields of one output row's band of convolution rows
    const size_t rows = p.pool.filter_h > 0 ? static_cast<size_t>(p.pool.filter_h) : 1;
    const size_t weights = p.weight_pairs == nullptr ? conv_s8_weight_pairs_bytes(p.conv) : 0;
    const size_t records = field_quad_applies(p) ? field_quad_scratch_bytes(p) : 0;
    return folded + std::max(first, weights + records +
                                        4 * static_cast<size_t>(p.k2) * rows * static_cast<size_t>(p.conv.out_w));
  }
  const bool gathered = !gather_free(p.conv);
  if (pooled_quad_applies(p)) return folded + std::max(first, pooled_quad_scratch_bytes(p));
  if (pooled_tile_applies(p)) return folded + std::max(first, pooled_tile_scratch_bytes(p));
  if (p.pool.filter_h > 0)
    return folded + std::max(first, pair_gemm_pooled_scratch_bytes(static_cast<int32_t>(k), p.conv.out_c, gathered));
  const bool pointwise = pointwise_s8_applies(p.conv);
  const size_t gemm = pair_gemm_scratch_bytes(pointwise ? p.conv.in_c : static_cast<int32_t>(k), !pointwise && gathered);
  return folded + (pointwise_small_applies(p) ? std::max(gemm, pointwise_small_scratch_bytes(p)) : gemm);
}

size_t conv_s8_preferred_scratch_bytes(const ConvS8Params& p) {
  if (conv3x3x1_pool_geometry(p)) {  // the first-layer kernel's longer bands
    const size_t required = conv_s8_scratch_bytes(p);
    const size_t wide = folded_bytes(p) + conv3x3x1_pool_scratch_bytes(p, true);
    return wide > required ? wide : 0;
  }
  // Only layers that reach pair_gemm_s8 with padded fields (no gather buffers).
  if (p.k2 > 0 || p.pool.filter_h > 0 || pooled_tile_applies(p) ||
      pointwise_s8_applies(p.conv) || pointwise_small_applies(p) || !gather_free(p.conv))
    return 0;
  const size_t wide = pair_gemm_wide_scratch_bytes(p, {p.conv.filter_h, p.conv.filter_w * p.conv.in_c});
  return wide == 0 ? 0 : folded_bytes(p) + wide;
}

void conv_s8_fold_bias(const ConvParams& p, const int8_t* filter, const int32_t* bias, int32_t* folded) {
  const int32_t k = p.filter_h * p.filter_w * p.in_c;
  // Signed bytes b as b + 128 = b ^ 0x80 unsigned: USADA8 sums four per
  // word; the 128s come off at the end. Four words per turn: the loads pair.
  const uint32_t flip = 0x80808080u;
  for (int32_t oc = 0; oc < p.out_c; ++oc, filter += k) {
    uint32_t biased = 0;
    int32_t i = 0;
    for (; i + 16 <= k; i += 16) {
      const uint32_t v0 = dsp::load4(filter + i), v1 = dsp::load4(filter + i + 4), v2 = dsp::load4(filter + i + 8),
                     v3 = dsp::load4(filter + i + 12);
      biased = dsp::usada8(v3 ^ flip, dsp::usada8(v2 ^ flip, dsp::usada8(v1 ^ flip, dsp::usada8(v0 ^ flip, biased))));
    }
    for (; i + 8 <= k; i += 8) {
      const uint32_t v = dsp::load4(filter + i), w = dsp::load4(filter + i + 4);
      biased = dsp::usada8(w ^ flip, dsp::usada8(v ^ flip, biased));
    }
    for (; i + 4 <= k; i += 4) biased = dsp::usada8(dsp::load4(filter + i) ^ flip, biased);
    int32_t sum = static_cast<int32_t>(biased) - 128 * i;
    for (; i < k; ++i) sum += filter[i];
    folded[oc] = folded_bias(bias, oc, p.input_offset, sum);
  }
}

void conv_s8_set_stages(ConvS8Params* p) {
  const Requant& r = p->conv.requant;
  p->stage = r.shift != nullptr ? stage_for(p->fast_requant, r, p->conv.out_c) : Stage::kChecked;
  const bool all_right =
      r.shift != nullptr && std::all_of(r.shift, r.shift + p->conv.out_c, [](int32_t s) { return s < 0; });
  const bool full_range = r.act_min == -128 && r.act_max == 127;
  p->asm_mode = static_cast<int8_t>(all_right ? (full_range ? 2 : 1) : 0);
}

void conv_s8(const ConvS8Params& params, const int8_t* input, const int8_t* filter, const int32_t* model_bias,
             int8_t* output, void* scratch) {
  ConvS8Params folded_params;
  const ConvS8Params* pp = &params;
  auto* free_scratch = static_cast<uint8_t*>(scratch);
  if (params.fold_at_run) {
    auto* folded = reinterpret_cast<int32_t*>(free_scratch);
    conv_s8_fold_bias(params.conv, filter, model_bias, folded);
    folded_params = params;
    folded_params.bias = folded;
    pp = &folded_params;
    free_scratch += folded_bytes(params);
  }
  const ConvS8Params& p = *pp;
  if (filter != nullptr && conv3x3x1_pool_geometry(p) && conv3x3x1_pool_s8(p, input, filter, output, free_scratch)) return;
  if (p.k2 > 0) {
    auto* fields = reinterpret_cast<uint32_t*>(free_scratch);
    ConvS8Params widened = p;
    if (p.weight_pairs == nullptr) {
      // Widened here rather than kept: a few hundred cycles per run, and no
      // arena bytes that outlive the layer.
      conv_s8_widen_weights(p.conv, filter, fields);
      widened.weight_pairs = fields;
      fields += static_cast<size_t>(p.conv.out_c) * p.k2;
    }
    // The 4-pixel tile's records, built at each run like the weights.
    int32_t* records = nullptr;
    if (field_quad_applies(p)) {
      records = reinterpret_cast<int32_t*>(fields);
      fields += field_quad_scratch_bytes(p) / 4;
      if (!field_quad_records(widened, records)) records = nullptr;
    }
    return conv_small(widened, input, output, fields, records);
  }
  const FieldShape shape{p.conv.filter_h, p.conv.filter_w * p.conv.in_c};
  const PadWidenFn pad = gather_free(p.conv) ? conv_widen_padded : nullptr;
  if (pointwise_small_applies(p) && pointwise_small_s8(p, input, filter, output, free_scratch)) return;
  if (pooled_quad_applies(p))
    pooled_quad_s8(p, input, filter, output, free_scratch);
  else if (pooled_tile_applies(p))
    pooled_tile_s8(p, input, filter, output, free_scratch);
  else if (p.pool.filter_h > 0)
    pair_gemm_pooled_s8(p, shape, conv_field, pad, input, filter, output, free_scratch);
  else if (pointwise_s8_applies(p.conv))
    pair_gemm_s8(p, {1, p.conv.in_c}, pointwise_field, nullptr, input, filter, output, free_scratch);
  else
    pair_gemm_s8(p, shape, conv_field, pad, input, filter, output, free_scratch);
}

}  // namespace nib::kernels::cortex_m
