#include "kernels/cortex_m/depthwise_conv_s8.h"

#include <algorithm>
#include <cstddef>

#include "kernels/cortex_m/bias_fold.h"
#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/requant.h"

namespace nib::kernels::cortex_m {
namespace {

// ---------------------------------------------------------------------------
// Generic path: any filter size, dilation or channel count.

inline int8_t finish(const DepthwiseS8Params& p, int32_t c, int32_t acc) {
  const Requant& r = p.conv.requant;
  return p.fast_requant
             ? requantize_fast_s8(acc, r.multiplier[c], r.shift[c], r.output_offset, r.act_min, r.act_max)
             : quant::requantize_s8(acc, r.multiplier[c], r.shift[c], r.output_offset, r.act_min, r.act_max);
}

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
      for (int32_t k = 0; k < cols; ++k, x += x_step, f += w_step) acc = quant::wrap_mac(acc, *x + q.input_offset, *f);
    out[c] = finish(p, c, acc);
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

void run_generic(const DepthwiseS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 int8_t* output) {
  const ConvParams& q = p.conv;
  for (int32_t b = 0; b < q.batches; ++b) {
    const int8_t* in = input + b * q.in_h * q.in_w * q.in_c;
    for (int32_t oy = 0; oy < q.out_h; ++oy) {
      const int32_t iy0 = oy * q.stride_h - q.pad_h;
      int32_t ky0, ky1;
      tap_range(iy0, q.dilation_h, q.filter_h, q.in_h, &ky0, &ky1);
      for (int32_t ox = 0; ox < q.out_w; ++ox) {
        const int32_t ix0 = ox * q.stride_w - q.pad_w;
        int32_t kx0, kx1;
        tap_range(ix0, q.dilation_w, q.filter_w, q.in_w, &kx0, &kx1);
        int8_t* out = output + ((b * q.out_h + oy) * q.out_w + ox) * q.out_c;
        const int8_t* first_in = in + ((iy0 + ky0 * q.dilation_h) * q.in_w + ix0 + kx0 * q.dilation_w) * q.in_c;
        const int8_t* first_w = filter + (ky0 * q.filter_w + kx0) * q.out_c;
        pixel(p, first_in, first_w, ky1 - ky0, kx1 - kx0, bias, out);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// 3x3 path (dilation 1, channels a multiple of 4), one group of four channels
// at a time. The input rows the group's current output row reads are copied
// into a band in scratch as words of four channels, [column][slot], with the
// input zero point in padded positions: a padded tap then adds
// (zero_point + input_offset) * weight = 0, exactly as the reference skipping
// it, so borders need no special case. Input row iy is written to slots
// iy mod 3 and iy mod 3 + 3 of every column, so the three rows of any output
// row are three consecutive slots: the nine taps of a pixel sit at fixed
// offsets from its first word, and each input row is copied only once.

constexpr int32_t kSlots = 6;  // words per band column

int32_t band_width(const ConvParams& q) { return (q.out_w - 1) * q.stride_w + 3; }

bool three_by_three(const ConvParams& q) {
  return q.filter_h == 3 && q.filter_w == 3 && q.dilation_h == 1 && q.dilation_w == 1 && q.in_c % 4 == 0;
}

// The band of a layer. Columns outside the input hold the zero point in
// every slot from the start (fill_band), so a row load writes only the
// inner columns, those inside the input. Output rows read input rows in
// increasing order: the band tracks the next row to load and its slot.
struct Band {
  uint32_t* words;    // [column][kSlots]; column j is input column j - pad_w
  uint32_t zp;        // four zero-point bytes
  int32_t inner;      // first inner column
  int32_t count;      // inner columns
  int32_t step;       // bytes between input columns (in_c)
  int32_t row_bytes;  // bytes between input rows
  int32_t in_h;
  int32_t next_row;   // first input row not loaded yet
  int32_t next_slot;  // its slot (0..2)
};

Band make_band(const ConvParams& q, uint32_t* words) {
  const int32_t width = band_width(q);
  Band band;
  band.words = words;
  band.zp = 0x01010101u * static_cast<uint8_t>(-q.input_offset);
  band.inner = std::min(q.pad_w, width);
  band.count = std::clamp(q.in_w + q.pad_w, band.inner, width) - band.inner;
  band.step = q.in_c;
  band.row_bytes = q.in_w * q.in_c;
  band.in_h = q.in_h;
  for (int32_t i = 0; i < width * kSlots; ++i) words[i] = band.zp;
  return band;
}

// Input row iy (first inner byte of row 0 at `src0`) into slots `slot` and
// slot + 3 of the inner columns; zero points for rows outside the input.
inline void load_row(const Band& band, const int8_t* src0, int32_t iy, int32_t slot) {
  uint32_t* dst = band.words + band.inner * kSlots + slot;
  int32_t n = band.count;
  if (iy < 0 || iy >= band.in_h) {
    for (; n > 0; --n, dst += kSlots) dst[0] = dst[3] = band.zp;
    return;
  }
  const int8_t* src = src0 + iy * band.row_bytes;
  const int32_t step = band.step;
  // Four columns per turn: the loads pair up and the loop costs less per
  // word (the copies are ~8% of a depthwise layer's cycles).
  for (; n >= 4; n -= 4, dst += 4 * kSlots, src += 4 * step) {
    const uint32_t v0 = dsp::load4(src), v1 = dsp::load4(src + step), v2 = dsp::load4(src + 2 * step),
                   v3 = dsp::load4(src + 3 * step);
    dst[0] = v0;
    dst[3] = v0;
    dst[kSlots] = v1;
    dst[kSlots + 3] = v1;
    dst[2 * kSlots] = v2;
    dst[2 * kSlots + 3] = v2;
    dst[3 * kSlots] = v3;
    dst[3 * kSlots + 3] = v3;
  }
  if (n >= 2) {
    const uint32_t v = dsp::load4(src), w = dsp::load4(src + step);
    dst[0] = v;
    dst[3] = v;
    dst[kSlots] = w;
    dst[kSlots + 3] = w;
    n -= 2;
    dst += 2 * kSlots;
    src += 2 * step;
  }
  if (n > 0) {
    const uint32_t v = dsp::load4(src);
    dst[0] = v;
    dst[3] = v;
  }
}

// Loads the input rows output row oy reads; returns its first band word.
inline const uint32_t* load_rows(const ConvParams& q, const int8_t* src0, int32_t oy, Band& band) {
  const int32_t iy0 = oy * q.stride_h - q.pad_h;
  if (band.next_row < iy0) {  // rows no output reads (stride_h > 3)
    band.next_slot = (band.next_slot + iy0 - band.next_row) % 3;
    band.next_row = iy0;
  }
  for (; band.next_row < iy0 + 3; ++band.next_row) {
    load_row(band, src0, band.next_row, band.next_slot);
    band.next_slot = band.next_slot == 2 ? 0 : band.next_slot + 1;
  }
  // Row iy0 is three rows before next_row: the same slot.
  return band.words + band.next_slot;
}

// Everything one channel group needs, at fixed offsets for the assembly.
struct GroupTable {
  uint32_t w[18];       // 0: per tap ky * 3 + kx, widened: channels (0, 2), (1, 3)
  int32_t bias[4];      // 72: with the input offset folded in
  int32_t quant[4][3];  // 88: multiplier, rounding constant, right shift
  uint32_t lo4, hi4;    // 136: activation bounds, one byte per channel
  const uint32_t* x;    // 144: first band word of the next pixel pair
  int8_t* out;          // 148: its output
  int32_t out_step;     // 152: bytes between output pixels
  const uint32_t* end;  // 156: x after the last pair
  int32_t tail;         // 160: nonzero: a lone pixel follows the pairs
};
#if NIB_HAVE_DSP
static_assert(offsetof(GroupTable, bias) == 72 && offsetof(GroupTable, quant) == 88 &&
              offsetof(GroupTable, lo4) == 136 && offsetof(GroupTable, x) == 144 && offsetof(GroupTable, end) == 156 &&
              offsetof(GroupTable, tail) == 160);
#endif

// Word offset of tap t's input from a pixel's first band word.
constexpr int32_t tap_word(int32_t t) { return (t % 3) * kSlots + t / 3; }

// How a channel group's accumulators become int8. kFused: every channel's
// accumulator provably fits SMMULR (|acc| < 2^30), its shift is a right
// shift of at most kMaxFusedShift and its multiplier non-negative; the
// kernel then keeps doubled accumulators (doubled weights and bias) and
// requantizes with one SMMLAR, the output offset folded into the rounding
// constant. kChecked: SMMULR where the accumulator is small enough, the
// 64-bit reference arithmetic otherwise. Chosen per group, so one channel
// with a huge bias (all-zero weights) does not slow its whole layer.
enum class Stage { kFused, kChecked };
constexpr int32_t kMaxFusedShift = 20;  // keeps |high| + rounding + (offset << e) < 2^31

// Also folds the input offset into the group's bias here, from the weight
// sums of the taps it widens anyway.
void build_table(const ConvParams& q, const int8_t* filter, const int32_t* bias, int32_t g, Stage stage,
                 GroupTable& t) {
  const bool fused = stage == Stage::kFused;
  uint32_t even = 0, odd = 0;  // the nine taps summed in int16 lanes (|sum| <= 9 * 128)
  for (int32_t tap = 0; tap < 9; ++tap) {
    const uint32_t v = dsp::load4(filter + tap * q.in_c + 4 * g);
    const uint32_t e = dsp::sxtb16(v), o = dsp::sxtb16_odd(v);
    even = dsp::sadd16(even, e);
    odd = dsp::sadd16(odd, o);
    t.w[2 * tap] = fused ? dsp::sadd16(e, e) : e;
    t.w[2 * tap + 1] = fused ? dsp::sadd16(o, o) : o;
  }
  const int32_t sums[4] = {static_cast<int16_t>(even), static_cast<int16_t>(odd), static_cast<int16_t>(even >> 16),
                           static_cast<int16_t>(odd >> 16)};
  const Requant& r = q.requant;
  for (int32_t i = 0; i < 4; ++i) {
    const int32_t c = 4 * g + i;
    const int32_t folded = folded_bias(bias, c, q.input_offset, sums[i]);
    t.bias[i] = fused ? quant::wrap_add(folded, folded) : folded;
    const int32_t e = fused ? -r.shift[c] : r.shift[c];
    t.quant[i][0] = r.multiplier[c];
    // (high + half - [x < 0] + offset * 2^e) >> e: the rounded high plus the offset.
    t.quant[i][1] = fused ? (int32_t{1} << (e - 1)) + r.output_offset * (int32_t{1} << e) : 0;
    t.quant[i][2] = e;
  }
  t.lo4 = 0x01010101u * static_cast<uint8_t>(r.act_min);
  t.hi4 = 0x01010101u * static_cast<uint8_t>(r.act_max);
  t.out_step = q.out_c;
}

// Portable forms of the fused pixel: doubled accumulators, SMMLAR requant,
// byte-wise clamp. The assembly below does the same.
inline void fused_mac(const uint32_t* x, const GroupTable& t, int32_t acc[4]) {
#pragma GCC unroll 9
  for (int32_t tap = 0; tap < 9; ++tap) {
    const uint32_t v = x[tap_word(tap)];
    const uint32_t xe = dsp::sxtb16(v), xo = dsp::sxtb16_odd(v);
    acc[0] = dsp::smlabb(xe, t.w[2 * tap], acc[0]);
    acc[2] = dsp::smlatt(xe, t.w[2 * tap], acc[2]);
    acc[1] = dsp::smlabb(xo, t.w[2 * tap + 1], acc[1]);
    acc[3] = dsp::smlatt(xo, t.w[2 * tap + 1], acc[3]);
  }
}

inline void fused_store(const int32_t acc[4], const GroupTable& t, int8_t* out) {
  for (int32_t i = 0; i < 4; ++i) {
    const int64_t rounding = int64_t{t.quant[i][1] + (acc[i] >> 31)} * (int64_t{1} << 32);
    const auto high = static_cast<int32_t>((rounding + int64_t{acc[i]} * t.quant[i][0] + (int64_t{1} << 31)) >> 32);
    const int32_t v = dsp::sat8(high >> t.quant[i][2]);
    out[i] = static_cast<int8_t>(std::clamp<int32_t>(v, static_cast<int8_t>(t.lo4), static_cast<int8_t>(t.hi4)));
  }
}

#if NIB_HAVE_DSP
extern "C" void nib_dw3x3_row_s1_m4(GroupTable* t);  // depthwise3x3_row_m4.S
extern "C" void nib_dw3x3_row_s2_m4(GroupTable* t);
extern "C" void nib_dw3x3_row_s1_full_m4(GroupTable* t);  // output range all of int8: no clamp
extern "C" void nib_dw3x3_row_s2_full_m4(GroupTable* t);
#endif

// One output row of the group on the fused path (stride_w 1 or 2): pixel
// pairs from t.x to t.end, then a lone pixel if t.tail.
using FusedRow = void (*)(GroupTable*);

#if !NIB_HAVE_DSP
template <int32_t kStride>
void fused_row(GroupTable* table) {
  GroupTable& t = *table;
  constexpr int32_t step = kSlots * kStride;
  for (; t.x != t.end; t.x += 2 * step, t.out += 2 * t.out_step)
    for (int32_t px = 0; px < 2; ++px) {
      int32_t acc[4] = {t.bias[0], t.bias[1], t.bias[2], t.bias[3]};
      fused_mac(t.x + px * step, t, acc);
      fused_store(acc, t, t.out + px * t.out_step);
    }
  if (t.tail) {
    int32_t acc[4] = {t.bias[0], t.bias[1], t.bias[2], t.bias[3]};
    fused_mac(t.x, t, acc);
    fused_store(acc, t, t.out);
  }
}
#endif

// The layer's row function, chosen once.
FusedRow fused_row_for(const ConvParams& q) {
#if NIB_HAVE_DSP
  const bool full = q.requant.act_min == -128 && q.requant.act_max == 127;
  if (q.stride_w == 1) return full ? nib_dw3x3_row_s1_full_m4 : nib_dw3x3_row_s1_m4;
  return full ? nib_dw3x3_row_s2_full_m4 : nib_dw3x3_row_s2_m4;
#else
  return q.stride_w == 1 ? fused_row<1> : fused_row<2>;
#endif
}

// One output row of the group with the reference-exact requantization
// helpers (layers the fused path cannot take).
void checked_row(const DepthwiseS8Params& p, const uint32_t* x, int8_t* out, const GroupTable& t) {
  const ConvParams& q = p.conv;
  for (int32_t ox = 0; ox < q.out_w; ++ox, x += kSlots * q.stride_w, out += q.out_c) {
    int32_t acc[4] = {t.bias[0], t.bias[1], t.bias[2], t.bias[3]};
    fused_mac(x, t, acc);
    for (int32_t i = 0; i < 4; ++i) {
      const int32_t m = t.quant[i][0], s = t.quant[i][2];
      out[i] = requantize_checked_s8(acc[i], m, s, q.requant.output_offset, q.requant.act_min, q.requant.act_max);
    }
  }
}

Stage group_stage(const DepthwiseS8Params& p, const int32_t* bias, int32_t g) {
  const Requant& r = p.conv.requant;
  if (p.conv.stride_w > 2) return Stage::kChecked;  // the row assembly steps 1 or 2 columns
  for (int32_t c = 4 * g; c < 4 * g + 4; ++c) {
    const bool small = p.fast_requant || acc_bound(bias ? bias + c : nullptr, 1, 9) < (int64_t{1} << 30);
    if (!small || r.shift[c] >= 0 || r.shift[c] < -kMaxFusedShift || r.multiplier[c] < 0) return Stage::kChecked;
  }
  return Stage::kFused;
}

void run_3x3(const DepthwiseS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
             int8_t* output, uint32_t* band_words) {
  const ConvParams& q = p.conv;
  GroupTable table;
  // Fused rows: out_w / 2 pixel pairs, then the odd pixel.
  const int32_t pair_words = (q.out_w / 2) * 2 * kSlots * q.stride_w;
  table.tail = q.out_w % 2;
  Band band = make_band(q, band_words);
  const FusedRow fused_row = fused_row_for(q);
  const int32_t out_row = q.out_w * q.out_c;
  for (int32_t g = 0; g < q.in_c / 4; ++g) {
    const Stage stage = group_stage(p, bias, g);
    build_table(q, filter, bias, g, stage, table);
    for (int32_t b = 0; b < q.batches; ++b) {
      // Row 0's first inner byte of the group (never read when no column is inner).
      const int8_t* src0 = input + b * q.in_h * q.in_w * q.in_c + 4 * g +
                           (band.count > 0 ? (band.inner - q.pad_w) * q.in_c : 0);
      band.next_row = -q.pad_h;
      band.next_slot = 0;
      int8_t* out = output + b * q.out_h * out_row + 4 * g;
      for (int32_t oy = 0; oy < q.out_h; ++oy, out += out_row) {
        const uint32_t* x = load_rows(q, src0, oy, band);
        if (stage == Stage::kFused) {
          table.x = x;
          table.out = out;
          table.end = x + pair_words;
          fused_row(&table);
        } else
          checked_row(p, x, out, table);
      }
    }
  }
}

}  // namespace

// Tap offsets (dilation x filter side x row bytes) stay far inside int32:
// a hostile model's dilation may be anything up to 2^31 - 1, and the
// portable kernels take such layers.
bool depthwise_s8_supported(const ConvParams& p) {
  constexpr int64_t kLimit = int64_t{1} << 29;
  return p.depth_multiplier == 1 && int64_t{p.dilation_h} * p.filter_h * p.in_w * p.in_c <= kLimit &&
         int64_t{p.dilation_w} * p.filter_w * p.in_c <= kLimit;
}

size_t depthwise_s8_scratch_bytes(const ConvParams& p) {
  if (!three_by_three(p)) return 0;
  return 4 * kSlots * static_cast<size_t>(band_width(p));
}

void depthwise_s8(const DepthwiseS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                  int8_t* output, void* scratch) {
  const ConvParams& q = p.conv;
  if (!three_by_three(q)) return run_generic(p, input, filter, bias, output);
  run_3x3(p, input, filter, bias, output, static_cast<uint32_t*>(scratch));
}

}  // namespace nib::kernels::cortex_m
