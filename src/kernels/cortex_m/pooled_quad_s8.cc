#include "kernels/cortex_m/pooled_quad_s8.h"

#include <algorithm>
#include <cstddef>

#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/lane_widen.h"
#include "kernels/cortex_m/pooled_tile_s8.h"
#include "kernels/cortex_m/requant.h"

namespace nib::kernels::cortex_m {
namespace {

constexpr int32_t kLanes = 4;   // conv pixels per window
constexpr int32_t kUnroll = 8;  // K-pairs are padded to a multiple of the assembly's half pass

// One window x every channel pair. Layouts:
//  - x, per K-pair j: the window's pixels (y, x), (y, x+1), (y+1, x), (y+1, x+1)
//  - w, per channel pair, per K-pair: channel c0 then c1
//  - best, per channel pair: max over the four pixels of c0, then of c1
struct QuadJob {
  const uint32_t* x;
  const uint32_t* x_end;  // x + kLanes * padded K-pairs (a multiple of kUnroll)
  const uint32_t* w;
  int32_t* best;
  int32_t pairs;
};

#if NIB_POOLED_QUAD_ASM
static_assert(offsetof(QuadJob, x_end) == 4 && offsetof(QuadJob, best) == 12 && offsetof(QuadJob, pairs) == 16);
extern "C" void nib_pooled_quad_m4(const QuadJob* job);
extern "C" void nib_pooled_quad_widen_m4(const int8_t* src, int32_t words, uint32_t* dst);
extern "C" void nib_pooled_quad_widen2_m4(const int8_t* src, int32_t shift, int32_t both, uint32_t* dst);
extern "C" void nib_pooled_quad_widen4_m4(const int8_t* src, int32_t shift, int32_t both, uint32_t* dst,
                                          uint32_t* dst2);
extern "C" void nib_pooled_quad_weights_m4(const int8_t* w0, const int8_t* w1, int32_t groups, uint32_t* dst);
#else
// The assembly's arithmetic (SMLADs in the same order) for other builds.
void quad_c(const QuadJob& job) {
  const uint32_t* w = job.w;
  int32_t* best = job.best;
  for (int32_t pair = 0; pair < job.pairs; ++pair, best += 2) {
    int32_t acc[2][kLanes] = {};
    for (const uint32_t* x = job.x; x != job.x_end; x += kLanes, w += 2)
      for (int32_t l = 0; l < kLanes; ++l) {
        acc[0][l] = dsp::smlad(x[l], w[0], acc[0][l]);
        acc[1][l] = dsp::smlad(x[l], w[1], acc[1][l]);
      }
    for (int32_t h = 0; h < 2; ++h)
      best[h] = std::max(std::max(acc[h][0], acc[h][1]), std::max(acc[h][2], acc[h][3]));
  }
}
#endif

int32_t pairs_of(const ConvParams& c) { return (c.out_c + 1) / 2; }
int32_t k_of(const ConvParams& c) { return c.filter_h * c.filter_w * c.in_c; }
// K-pairs rounded up to whole passes; the extra ones hold zeros.
int32_t padded_pairs(const ConvParams& c) { return (k_of(c) / 2 + kUnroll - 1) / kUnroll * kUnroll; }
size_t weight_bytes(const ConvParams& c) { return 4 * 2 * static_cast<size_t>(pairs_of(c)) * padded_pairs(c); }
size_t tile_bytes(const ConvParams& c) { return 4 * static_cast<size_t>(kLanes) * padded_pairs(c); }

// Channel pairs' weights as int16 pairs in the order of the pixels' pairs:
// per 4 bytes of K, (b0, b2) then (b1, b3), each for c0 then c1.
void widen_weights(const ConvParams& c, const int8_t* filter, uint32_t* dst) {
  const int32_t k = k_of(c), pad = 2 * (padded_pairs(c) - k / 2);
  for (int32_t pair = 0; pair < pairs_of(c); ++pair) {
    const int8_t* w0 = filter + 2 * pair * k;
    const int8_t* w1 = 2 * pair + 1 < c.out_c ? w0 + k : w0;  // a lone last channel pairs with itself
#if NIB_POOLED_QUAD_ASM
    nib_pooled_quad_weights_m4(w0, w1, k / 4, dst);
    dst += k;
#else
    dst = widen_weight_pair(w0, w1, k / 4, dst);
#endif
    dst = std::fill_n(dst, pad, 0u);
  }
}

// `words` words of input bytes into one lane of the tile.
inline void widen_run(const int8_t* src, int32_t words, uint32_t* dst) {
#if NIB_POOLED_QUAD_ASM
  nib_pooled_quad_widen_m4(src, words, dst);
#else
  for (; words > 0; --words, src += 4, dst += 2 * kLanes) {
    const uint32_t v = dsp::load4(src);
    dst[0] = dsp::sxtb16(v);
    dst[kLanes] = dsp::sxtb16_odd(v);
  }
#endif
}

// One filter row of two horizontally adjacent conv pixels (lanes l, l+1)
// from one run of the input: the second's field starts `shift` words
// later, and the `both` words in the middle serve both lanes, so each is
// loaded and widened once.
inline void widen_row_pair(const int8_t* src, int32_t shift, int32_t both, uint32_t* dst) {
#if NIB_POOLED_QUAD_ASM
  nib_pooled_quad_widen2_m4(src, shift, both, dst);
#else
  widen_run(src, shift + both, dst);
  widen_run(src + 4 * shift, both + shift, dst + 1);
#endif
}

// With stride_h = dilation_h = 1, input row ky + 1 of the upper pixels'
// field is row ky of the lower ones': one run feeds the four lanes.
inline void widen_row_quad(const int8_t* src, int32_t shift, int32_t both, uint32_t* upper, uint32_t* lower) {
#if NIB_POOLED_QUAD_ASM
  nib_pooled_quad_widen4_m4(src, shift, both, upper, lower);
#else
  widen_row_pair(src, shift, both, upper);
  widen_row_pair(src, shift, both, lower);
#endif
}

// The window's four fields, in two runs per filter row when the two
// pixels of a window row overlap inside the input (stride_w <= filter_w,
// no dilation, no padding reached), else pixel by pixel.
void widen_window(const ConvS8Params& p, const int8_t* image, int32_t y, int32_t x, uint32_t* tile) {
  const ConvParams& c = p.conv;
  const int32_t iy0 = y * c.stride_h - c.pad_h, ix0 = x * c.stride_w - c.pad_w;
  const int32_t iy1 = iy0 + c.stride_h + (c.filter_h - 1) * c.dilation_h;  // the lower pixels' last row
  if (c.dilation_w != 1 || c.stride_w > c.filter_w || ix0 < 0 || ix0 + c.stride_w + c.filter_w > c.in_w ||
      iy0 < 0 || iy1 >= c.in_h) {
    for (int32_t l = 0; l < kLanes; ++l) widen_field<kLanes>(p, image, y + l / 2, x + l % 2, tile + l, widen_run);
    return;
  }
  const int32_t words = c.in_c / 4, shift = c.stride_w * words, both = (c.filter_w - c.stride_w) * words;
  const int32_t row_words = 2 * kLanes * c.filter_w * words;  // tile words per filter row
  const int8_t* src = image + (iy0 * c.in_w + ix0) * c.in_c;
  if (c.stride_h == 1 && c.dilation_h == 1) {  // filter_h + 1 input rows
    const int32_t in_row = c.in_w * c.in_c;
    widen_row_pair(src, shift, both, tile);
    for (int32_t ky = 1; ky < c.filter_h; ++ky)
      widen_row_quad(src + ky * in_row, shift, both, tile + ky * row_words, tile + 2 + (ky - 1) * row_words);
    widen_row_pair(src + c.filter_h * in_row, shift, both, tile + 2 + (c.filter_h - 1) * row_words);
    return;
  }
  for (int32_t r = 0; r < 2; ++r)  // lanes 0, 1 then 2, 3
    for (int32_t ky = 0; ky < c.filter_h; ++ky) {
      const int32_t iy = iy0 + r * c.stride_h + ky * c.dilation_h;
      widen_row_pair(image + (iy * c.in_w + ix0) * c.in_c, shift, both, tile + 2 * r + ky * row_words);
    }
}

// Per channel, for layers whose shifts are all right shifts of 1 to 22
// (and fast requantization proven): the output byte of max x is
//   clamp(sat8((h + k + (h >> 31)) >> e), lo, hi),  h = SMMULR(2 bias + 2 x, m)
// with k = 2^(e-1) + (offset << e), the rounding and the offset in one add
// (exact while |h| + |k| < 2^31), and [lo, hi] the conv's and the pool's
// ranges together. Same bytes as Requantizer (requant.h).
struct Record {
  int32_t bias2, multiplier, k, e;
};

bool fill_records(const ConvS8Params& p, Record* rec) {
  const Requant& r = p.conv.requant;
  if (!p.fast_requant || r.shift == nullptr) return false;
  for (int32_t ch = 0; ch < p.conv.out_c; ++ch) {
    const int32_t e = -r.shift[ch];
    if (e < 1 || e > 22) return false;
    rec[ch] = {static_cast<int32_t>(static_cast<uint32_t>(p.bias[ch]) << 1), r.multiplier[ch],
               (int32_t{1} << (e - 1)) + r.output_offset * (int32_t{1} << e), e};
  }
  return true;
}

[[gnu::always_inline]] inline void conv_window(const ConvS8Params& p, const int8_t* image, int32_t py, int32_t px,
                                               uint32_t* tile, const QuadJob& job) {
  widen_window(p, image, 2 * py, 2 * px, tile);
#if NIB_POOLED_QUAD_ASM
  nib_pooled_quad_m4(&job);
#else
  quad_c(job);
#endif
}

void run_records(const ConvS8Params& p, const Record* rec, int32_t lo, int32_t hi, const int8_t* input,
                 int8_t* output, uint32_t* tile, const QuadJob& job) {
  const ConvParams& c = p.conv;
  const int32_t out_c = c.out_c, out_h = p.pool.out_h, out_w = p.pool.out_w;
  const int32_t* best = job.best;
  for (int32_t b = 0; b < c.batches; ++b) {
    const int8_t* image = input + b * c.in_h * c.in_w * c.in_c;
    for (int32_t py = 0; py < out_h; ++py)
      for (int32_t px = 0; px < out_w; ++px, output += out_c) {
        conv_window(p, image, py, px, tile, job);
        for (int32_t ch = 0; ch < out_c; ++ch) {
          const Record r = rec[ch];
          const uint32_t x2 = static_cast<uint32_t>(r.bias2) + (static_cast<uint32_t>(best[ch]) << 1);
          const int32_t h = smmulr(static_cast<int32_t>(x2), r.multiplier);
          const int32_t v = static_cast<int32_t>(static_cast<uint32_t>(h) + static_cast<uint32_t>(r.k + (h >> 31))) >> r.e;
          output[ch] = static_cast<int8_t>(dsp::clamp(dsp::sat8(v), lo, hi));
        }
      }
  }
}

template <Stage kStage>
void run(const ConvS8Params& p, const int8_t* input, int8_t* output, uint32_t* tile, const QuadJob& job) {
  const ConvParams& c = p.conv;
  const FusedPool& pool = p.pool;
  const Requantizer<kStage> requant(c.requant);
  const int32_t lo = pool.act_min, hi = pool.act_max, out_c = c.out_c;
  for (int32_t b = 0; b < c.batches; ++b) {
    const int8_t* image = input + b * c.in_h * c.in_w * c.in_c;
    for (int32_t py = 0; py < pool.out_h; ++py)
      for (int32_t px = 0; px < pool.out_w; ++px, output += out_c) {
        conv_window(p, image, py, px, tile, job);
        for (int32_t ch = 0; ch < out_c; ++ch)
          output[ch] = static_cast<int8_t>(dsp::clamp(requant(ch, job.best[ch] + p.bias[ch]), lo, hi));
      }
  }
}

}  // namespace

bool pooled_quad_applies(const ConvS8Params& p) {
  const ConvParams& c = p.conv;
  const FusedPool& pool = p.pool;
  return pool.filter_h == 2 && pool.filter_w == 2 && pool.stride_h == 2 && pool.stride_w == 2 && pool.pad_h == 0 &&
         pool.pad_w == 0 && 2 * pool.out_h <= c.out_h && 2 * pool.out_w <= c.out_w && c.in_c % 4 == 0 &&
         p.fast_requant && p.k2 == 0 && weight_bytes(c) <= kMaxWidenedWeightBytes;
}

size_t pooled_quad_scratch_bytes(const ConvS8Params& p) {
  const ConvParams& c = p.conv;
  return weight_bytes(c) + tile_bytes(c) + 4 * 2 * static_cast<size_t>(pairs_of(c)) +
         sizeof(Record) * static_cast<size_t>(c.out_c);
}

void pooled_quad_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output, void* scratch) {
  const ConvParams& c = p.conv;
  auto* weights = static_cast<uint32_t*>(scratch);
  uint32_t* tile = weights + weight_bytes(c) / 4;
  auto* best = reinterpret_cast<int32_t*>(tile + tile_bytes(c) / 4);
  auto* records = reinterpret_cast<Record*>(best + 2 * pairs_of(c));
  widen_weights(c, filter, weights);
  std::fill(tile, tile + tile_bytes(c) / 4, 0u);  // the padding pairs stay zero
  const QuadJob job{tile, tile + tile_bytes(c) / 4, weights, best, pairs_of(c)};
  const int32_t lo = std::max<int32_t>(c.requant.act_min, p.pool.act_min);
  const int32_t hi = std::min<int32_t>(c.requant.act_max, p.pool.act_max);
  if (lo <= hi && fill_records(p, records))  // (disjoint ranges: the two clamps in turn below)
    run_records(p, records, lo, hi, input, output, tile, job);
  else if (p.stage == Stage::kRightSat)
    run<Stage::kRightSat>(p, input, output, tile, job);
  else
    run<Stage::kChecked>(p, input, output, tile, job);
}

}  // namespace nib::kernels::cortex_m
