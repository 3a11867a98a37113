#include "kernels/cortex_m/pooled_tile_s8.h"

#include <algorithm>
#include <cstddef>

#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/lane_widen.h"
#include "kernels/cortex_m/requant.h"
#include "quant/fixed_point.h"

namespace nib::kernels::cortex_m {
namespace {

constexpr int32_t kTile = 3;  // conv pixels per tile

struct TileJob {
  const uint32_t* x;      // per K-pair j: pixels a, b, c
  const uint32_t* x_end;
  const uint32_t* w;      // per channel pair, per K-pair: c0, c1
  int32_t* acc;           // per channel pair: c0 a b c, c1 a b c (advanced)
  int32_t pairs;          // counted down
};

#if NIB_POOLED_TILE_ASM
static_assert(offsetof(TileJob, acc) == 12 && offsetof(TileJob, pairs) == 16);
extern "C" void nib_pooled_tile_m4(TileJob* job);
#else
void tile_c(TileJob& job) {
  for (; job.pairs > 0; --job.pairs, job.acc += 2 * kTile) {
    int32_t acc[2 * kTile] = {};
    for (const uint32_t* x = job.x; x != job.x_end; x += kTile, job.w += 2)
      for (int32_t l = 0; l < kTile; ++l) {
        acc[l] = dsp::smlad(x[l], job.w[0], acc[l]);
        acc[kTile + l] = dsp::smlad(x[l], job.w[1], acc[kTile + l]);
      }
    std::copy(acc, acc + 2 * kTile, job.acc);
  }
}
#endif

int32_t pairs_of(const ConvParams& c) { return (c.out_c + 1) / 2; }
int32_t k_of(const ConvParams& c) { return c.filter_h * c.filter_w * c.in_c; }
size_t weight_bytes(const ConvParams& c) { return 4 * 2 * static_cast<size_t>(pairs_of(c)) * (k_of(c) / 2); }

// Channel pairs' weights as int16 pairs in the order of the pixels' pairs.
void widen_weights(const ConvParams& c, const int8_t* filter, uint32_t* dst) {
  const int32_t k = k_of(c);
  for (int32_t pair = 0; pair < pairs_of(c); ++pair) {
    const int8_t* w0 = filter + 2 * pair * k;
    const int8_t* w1 = 2 * pair + 1 < c.out_c ? w0 + k : w0;  // a lone last channel pairs with itself
    dst = widen_weight_pair(w0, w1, k / 4, dst);
  }
}

// `groups` words of input bytes into one lane of the tile: two groups per
// pass, the stores at fixed offsets.
[[gnu::noinline]] void widen_run(const int8_t* src, int32_t groups, uint32_t* dst) {
  for (; groups >= 2; groups -= 2, src += 8, dst += 4 * kTile) {
    const uint32_t v = dsp::load4(src), u = dsp::load4(src + 4);
    dst[0] = dsp::sxtb16(v);
    dst[kTile] = dsp::sxtb16_odd(v);
    dst[2 * kTile] = dsp::sxtb16(u);
    dst[3 * kTile] = dsp::sxtb16_odd(u);
  }
  if (groups == 1) {
    const uint32_t v = dsp::load4(src);
    dst[0] = dsp::sxtb16(v);
    dst[kTile] = dsp::sxtb16_odd(v);
  }
}

struct Scratch {
  uint32_t* weights;
  uint32_t* tile;
  int32_t* acc;
  int32_t* best;  // [pooled column][channel]
};

Scratch carve(const ConvS8Params& p, void* scratch) {
  const ConvParams& c = p.conv;
  auto* words = static_cast<uint32_t*>(scratch);
  Scratch s;
  s.weights = words;
  s.tile = s.weights + weight_bytes(c) / 4;
  s.acc = reinterpret_cast<int32_t*>(s.tile + kTile * (k_of(c) / 2));
  s.best = s.acc + 2 * kTile * pairs_of(c);
  return s;
}

// The pooled row's pending conv pixels, computed kTile at a time.
struct Pending {
  int32_t y[kTile], x[kTile], column[kTile];
  int32_t count = 0;
};

void flush(const ConvS8Params& p, const int8_t* image, const Scratch& s, Pending& pend) {
  if (pend.count == 0) return;
  const ConvParams& c = p.conv;
  for (int32_t l = 0; l < kTile; ++l) {
    const int32_t i = l < pend.count ? l : pend.count - 1;  // a short tile repeats its last pixel
    widen_field<kTile>(p, image, pend.y[i], pend.x[i], s.tile + l, widen_run);
  }
  TileJob job{s.tile, s.tile + kTile * (k_of(c) / 2), s.weights, s.acc, pairs_of(c)};
#if NIB_POOLED_TILE_ASM
  nib_pooled_tile_m4(&job);
#else
  tile_c(job);
#endif
  for (int32_t pair = 0; pair < pairs_of(c); ++pair) {
    const int32_t* acc = s.acc + 2 * kTile * pair;
    for (int32_t h = 0; h < 2; ++h) {
      const int32_t ch = 2 * pair + h;
      if (ch >= c.out_c) break;
      for (int32_t l = 0; l < pend.count; ++l) {
        int32_t& best = s.best[pend.column[l] * c.out_c + ch];
        best = std::max(best, acc[h * kTile + l]);
      }
    }
  }
  pend.count = 0;
}

}  // namespace

bool pooled_tile_applies(const ConvS8Params& p) {
  const ConvParams& c = p.conv;
  return p.pool.filter_h > 0 && c.in_c % 4 == 0 && k_of(c) % 8 == 0 && p.fast_requant && p.k2 == 0 &&
         weight_bytes(c) <= kMaxWidenedWeightBytes;
}

size_t pooled_tile_scratch_bytes(const ConvS8Params& p) {
  const ConvParams& c = p.conv;
  return weight_bytes(c) + 4 * static_cast<size_t>(kTile) * (k_of(c) / 2) +
         4 * static_cast<size_t>(2 * kTile * pairs_of(c)) + 4 * static_cast<size_t>(p.pool.out_w) * c.out_c;
}

void pooled_tile_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output, void* scratch) {
  const ConvParams& c = p.conv;
  const FusedPool& pool = p.pool;
  const Scratch s = carve(p, scratch);
  widen_weights(c, filter, s.weights);
  const Requantizer<Stage::kChecked> requant(c.requant);
  for (int32_t b = 0; b < c.batches; ++b) {
    const int8_t* image = input + b * c.in_h * c.in_w * c.in_c;
    for (int32_t py = 0; py < pool.out_h; ++py) {
      std::fill(s.best, s.best + pool.out_w * c.out_c, quant::kInt32Min);
      const int32_t wy = py * pool.stride_h - pool.pad_h;
      const int32_t y0 = std::max<int32_t>(wy, 0), y1 = std::min<int32_t>(wy + pool.filter_h, c.out_h);
      Pending pend;
      for (int32_t px = 0; px < pool.out_w; ++px) {
        const int32_t wx = px * pool.stride_w - pool.pad_w;
        const int32_t x0 = std::max<int32_t>(wx, 0), x1 = std::min<int32_t>(wx + pool.filter_w, c.out_w);
        for (int32_t y = y0; y < y1; ++y)
          for (int32_t x = x0; x < x1; ++x) {
            pend.y[pend.count] = y;
            pend.x[pend.count] = x;
            pend.column[pend.count] = px;
            if (++pend.count == kTile) flush(p, image, s, pend);
          }
      }
      flush(p, image, s, pend);
      int8_t* out = output + (b * pool.out_h + py) * pool.out_w * c.out_c;
      for (int32_t i = 0; i < pool.out_w * c.out_c; ++i) {
        const int32_t ch = i % c.out_c;
        out[i] = static_cast<int8_t>(dsp::clamp(requant(ch, s.best[i] + p.bias[ch]), pool.act_min, pool.act_max));
      }
    }
  }
}

}  // namespace nib::kernels::cortex_m
