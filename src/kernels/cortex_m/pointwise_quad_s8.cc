#include "kernels/cortex_m/pointwise_quad_s8.h"

#include <cstddef>

#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/pair_gemm_s8.h"  // pointwise_s8_applies

namespace nib::kernels::cortex_m {
namespace {

// A channel pair's record, in words: K2 weight pairs of both channels
// interleaved (c0 j, c1 j), then bias c0, bias c1, then m, k, e of c0 and
// of c1. Weights and bias doubled: the accumulator is 2 acc, what SMMULR's
// doubling high multiply wants. k = 2^(e-1) + (output offset << e).
constexpr int32_t kConstants = 8;
constexpr int32_t kPixels = 4;

int32_t record_words(int32_t k2) { return 2 * k2 + kConstants; }

// sat8((2acc * m + ((k + [acc < 0]) << 32) + 2^31) >> 32 >> e): the rounding
// right shift of requant_fast_right plus the output offset. With m >= 0 the
// sign of acc stands for the sign of the high word (they differ only when
// that is 0, where both give the offset).
inline int32_t finish(int32_t acc2, const int32_t* q) {
  const int64_t high = (int64_t{q[1] + (acc2 >> 31)} * (int64_t{1} << 32)) + int64_t{acc2} * q[0] + (int64_t{1} << 31);
  return dsp::sat8(static_cast<int32_t>(high >> 32) >> q[2]);
}

// One pixel's K bytes as K/2 pairs (small_pair_count order), to `pairs`
// with `stride` words between pairs.
inline void widen(const int8_t* x, int32_t k, uint32_t* pairs, int32_t stride) {
  for (int32_t g = 0; g < k / 4; ++g, pairs += 2 * stride) {
    const uint32_t v = dsp::load4(x + 4 * g);
    pairs[0] = dsp::sxtb16(v);
    pairs[stride] = dsp::sxtb16_odd(v);
  }
}

// Four consecutive pixels (K2 pairs each, `x` 4K2 words), unrolled: this
// is most of the work outside the tile.
template <int K2>
inline void widen4(const int8_t* src, uint32_t* x) {
#pragma GCC unroll 8
  for (int32_t g = 0; g < K2 / 2; ++g) {
#pragma GCC unroll 4
    for (int32_t px = 0; px < kPixels; ++px) {
      const uint32_t v = dsp::load4(src + px * 2 * K2 + 4 * g);
      x[2 * g * kPixels + px] = dsp::sxtb16(v);
      x[(2 * g + 1) * kPixels + px] = dsp::sxtb16_odd(v);
    }
  }
}

// The tile: pixels (a, b, c, d) as x[j * 4 + pixel], every channel pair.
struct QuadJob {
  const uint32_t* x;
  const int32_t* rec;
  const int32_t* rec_end;
  int8_t* out;       // pixel a, channel 0
  int32_t out_step;  // bytes between the pixels' outputs
};

#if NIB_POINTWISE_SMALL_ASM
static_assert(sizeof(QuadJob) == 20 && offsetof(QuadJob, out_step) == 16);
extern "C" {
void nib_pointwise_quad8_m4(const QuadJob* job);  // pointwise_quad_m4.S
void nib_pointwise_quad16_m4(const QuadJob* job);
void nib_pointwise_quad32_m4(const QuadJob* job);
void nib_field_quad6_m4(const QuadJob* job);
void nib_field_quad15_m4(const QuadJob* job);
}
#endif

// kFields: x holds the pixels one after another (x[K2 * pixel + j]) rather
// than interleaved (x[4 j + pixel]).
template <int K2, bool kFields = false>
void quad(const QuadJob& job) {
#if NIB_POINTWISE_SMALL_ASM
  if constexpr (kFields) {
    static_assert(K2 == 6 || K2 == 15);
    return K2 == 6 ? nib_field_quad6_m4(&job) : nib_field_quad15_m4(&job);
  } else {
    static_assert(K2 == 4 || K2 == 8 || K2 == 16);
    return K2 == 4 ? nib_pointwise_quad8_m4(&job)
                   : (K2 == 8 ? nib_pointwise_quad16_m4(&job) : nib_pointwise_quad32_m4(&job));
  }
#else
  int8_t* out = job.out;
  for (const int32_t* rec = job.rec; rec != job.rec_end; rec += record_words(K2), out += 2)
    for (int32_t px = 0; px < kPixels; ++px)
      for (int32_t ch = 0; ch < 2; ++ch) {
        int32_t acc = rec[2 * K2 + ch];
        for (int32_t j = 0; j < K2; ++j) {
          const uint32_t xv = kFields ? job.x[px * K2 + j] : job.x[j * kPixels + px];
          acc = dsp::smlad(xv, static_cast<uint32_t>(rec[2 * j + ch]), acc);
        }
        out[px * job.out_step + ch] = static_cast<int8_t>(finish(acc, rec + 2 * K2 + 2 + 3 * ch));
      }
#endif
}

// A lone pixel (the last 1-3 of the layer), widened into x[j * 4].
template <int K2>
void single(const uint32_t* x, const int32_t* rec, const int32_t* rec_end, int8_t* out) {
  for (; rec != rec_end; rec += record_words(K2), out += 2)
    for (int32_t ch = 0; ch < 2; ++ch) {
      int32_t acc = rec[2 * K2 + ch];
      for (int32_t j = 0; j < K2; ++j) acc = dsp::smlad(x[j * kPixels], static_cast<uint32_t>(rec[2 * j + ch]), acc);
      out[ch] = static_cast<int8_t>(finish(acc, rec + 2 * K2 + 2 + 3 * ch));
    }
}

template <int K2>
void run(const ConvS8Params& p, const int8_t* input, const int32_t* rec, uint32_t* x, int8_t* output) {
  const ConvParams& c = p.conv;
  const int32_t pixels = c.batches * c.out_h * c.out_w;
  const int32_t* rec_end = rec + (c.out_c / 2) * record_words(K2);
  // The input pixel of each output pixel, walked without divisions.
  const int32_t x_step = c.stride_w * c.in_c, row_skip = (c.stride_h * c.in_w - c.out_w * c.stride_w) * c.in_c,
                image_skip = (c.in_h - c.out_h * c.stride_h) * c.in_w * c.in_c;
  const int8_t* src = input;
  int32_t ox = 0, oy = 0;
  const auto next = [&]() {
    const int8_t* at = src;
    src += x_step;
    if (++ox == c.out_w) {
      ox = 0;
      src += row_skip;
      if (++oy == c.out_h) {
        oy = 0;
        src += image_skip;
      }
    }
    return at;
  };
  QuadJob job{x, rec, rec_end, output, c.out_c};
  int32_t i = 0;
  if (row_skip == 0 && image_skip == 0 && x_step == c.in_c) {  // stride 1: the pixels are consecutive
    for (; i + kPixels <= pixels; i += kPixels, job.out += kPixels * c.out_c, src += kPixels * x_step) {
      widen4<K2>(src, x);
      quad<K2>(job);
    }
  }
  for (; i + kPixels <= pixels; i += kPixels, job.out += kPixels * c.out_c) {
    for (int32_t px = 0; px < kPixels; ++px) widen(next(), 2 * K2, x + px, kPixels);
    quad<K2>(job);
  }
  for (; i < pixels; ++i) {
    widen(next(), 2 * K2, x, kPixels);
    single<K2>(x, rec, rec_end, output + i * c.out_c);
  }
}

// A fused activation's clamp over saturated bytes, four at a time.
void clamp_bytes(int8_t* out, int32_t n, int32_t lo, int32_t hi) {
  const uint32_t lo4 = 0x01010101u * static_cast<uint8_t>(lo), hi4 = 0x01010101u * static_cast<uint8_t>(hi);
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) dsp::store4(out + i, dsp::clamp8x4(dsp::load4(out + i), lo4, hi4));
  for (; i < n; ++i) out[i] = static_cast<int8_t>(dsp::clamp(out[i], lo, hi));
}

}  // namespace

bool pointwise_quad_applies(const ConvS8Params& p) {
  const ConvParams& c = p.conv;
  return pointwise_s8_applies(c) && p.pool.filter_h == 0 && p.k2 == 0 && c.out_c % 2 == 0 &&
         (c.in_c == 8 || c.in_c == 16 || c.in_c == 32);
}

size_t pointwise_quad_scratch_bytes(const ConvS8Params& p) {
  const auto k2 = static_cast<size_t>(p.conv.in_c / 2);
  return 4 * (static_cast<size_t>(p.conv.out_c / 2) * (2 * k2 + kConstants) + kPixels * k2);
}

namespace {

// Whether the tile's requantization holds for every channel: accumulators
// proven small, right shifts of 1 to 22 (|high| + k stays below 2^31),
// multipliers not negative.
bool requant_fits(const ConvS8Params& p) {
  const Requant& r = p.conv.requant;
  if (!p.fast_requant || r.shift == nullptr || p.bias == nullptr) return false;
  for (int32_t ch = 0; ch < p.conv.out_c; ++ch)
    if (-r.shift[ch] < 1 || -r.shift[ch] > 22 || r.multiplier[ch] < 0) return false;
  return true;
}

// Channel ch's part of its pair's record; `pairs`: its K2 widened weights.
void fill_record(const ConvS8Params& p, int32_t ch, const uint32_t* pairs, int32_t k2, int32_t* rec) {
  const Requant& r = p.conv.requant;
  int32_t* q = rec + (ch / 2) * record_words(k2);
  const int32_t i = ch % 2, e = -r.shift[ch];
  for (int32_t j = 0; j < k2; ++j) q[2 * j + i] = static_cast<int32_t>(dsp::sadd16(pairs[j], pairs[j]));
  q[2 * k2 + i] = static_cast<int32_t>(2u * static_cast<uint32_t>(p.bias[ch]));
  int32_t* quant = q + 2 * k2 + 2 + 3 * i;
  quant[0] = r.multiplier[ch];
  quant[1] = (int32_t{1} << (e - 1)) + r.output_offset * (int32_t{1} << e);
  quant[2] = e;
}

}  // namespace

bool pointwise_quad_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output,
                       void* scratch) {
  const ConvParams& c = p.conv;
  const Requant& r = c.requant;
  if (!pointwise_quad_applies(p) || !requant_fits(p)) return false;
  const int32_t k2 = c.in_c / 2;
  auto* rec = static_cast<int32_t*>(scratch);
  uint32_t pairs[16];
  for (int32_t ch = 0; ch < c.out_c; ++ch) {
    widen(filter + ch * c.in_c, c.in_c, pairs, 1);
    fill_record(p, ch, pairs, k2, rec);
  }
  auto* x = reinterpret_cast<uint32_t*>(rec + (c.out_c / 2) * record_words(k2));
  switch (k2) {
    case 4: run<4>(p, input, rec, x, output); break;
    case 8: run<8>(p, input, rec, x, output); break;
    default: run<16>(p, input, rec, x, output); break;
  }
  if (r.act_min > -128 || r.act_max < 127)
    clamp_bytes(output, c.batches * c.out_h * c.out_w * c.out_c, r.act_min, r.act_max);
  return true;
}

bool field_quad_applies(const ConvS8Params& p) {
  return p.pool.filter_h == 0 && (p.k2 == 6 || p.k2 == 15) && p.conv.out_c % 2 == 0;
}

size_t field_quad_scratch_bytes(const ConvS8Params& p) {
  return 4 * static_cast<size_t>(p.conv.out_c / 2) * static_cast<size_t>(record_words(p.k2));
}

bool field_quad_records(const ConvS8Params& p, int32_t* rec) {
  if (!field_quad_applies(p) || p.weight_pairs == nullptr || !requant_fits(p)) return false;
  for (int32_t ch = 0; ch < p.conv.out_c; ++ch) fill_record(p, ch, p.weight_pairs + ch * p.k2, p.k2, rec);
  return true;
}

int32_t field_quads(const ConvS8Params& p, const int32_t* rec, const uint32_t* fields, int32_t out_w, int8_t* out) {
  const ConvParams& c = p.conv;
  QuadJob job{fields, rec, rec + (c.out_c / 2) * record_words(p.k2), out, c.out_c};
  int32_t px = 0;
  for (; px + kPixels <= out_w; px += kPixels, job.x += kPixels * p.k2, job.out += kPixels * c.out_c)
    p.k2 == 6 ? quad<6, true>(job) : quad<15, true>(job);
  const Requant& r = c.requant;
  if (r.act_min > -128 || r.act_max < 127) clamp_bytes(out, px * c.out_c, r.act_min, r.act_max);
  return px;
}

}  // namespace nib::kernels::cortex_m
