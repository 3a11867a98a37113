#include "kernels/cortex_m/pointwise_small_s8.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/pair_gemm_s8.h"  // pointwise_s8_applies
#include "kernels/cortex_m/pointwise_quad_s8.h"
#include "kernels/cortex_m/requant.h"

namespace nib::kernels::cortex_m {
namespace {

constexpr int32_t kConstants = 4;  // bias, multiplier, k, e

// v = sat8((h + k + (h >> 31)) >> e), h = SMMULR(2 acc, m), with
// k = 2^(e-1) + (offset << e): requant_fast_right plus the offset.
inline int32_t finish(int32_t acc, const int32_t* q) {
  const int32_t h = smmulr(static_cast<int32_t>(static_cast<uint32_t>(acc) << 1), q[1]);
  return dsp::sat8(static_cast<int32_t>(static_cast<uint32_t>(h) + static_cast<uint32_t>(q[2] + (h >> 31))) >> q[3]);
}

// Pixels a and b (b may be a again) for every channel.
template <int K2, size_t... J>
[[gnu::noinline]] void pixel_pair(const uint32_t* xa, const uint32_t* xb, const int32_t* rec, int32_t channels,
                                  int32_t lo, int32_t hi, bool clamp, int8_t* out_a, int8_t* out_b,
                                  std::index_sequence<J...>) {
  const uint32_t a[K2] = {xa[J]...}, b[K2] = {xb[J]...};
  for (int32_t c = 0; c < channels; ++c, rec += K2 + kConstants) {
    int32_t acc_a = rec[K2], acc_b = rec[K2];
    ((acc_a = dsp::smlad(a[J], static_cast<uint32_t>(rec[J]), acc_a)), ...);
    ((acc_b = dsp::smlad(b[J], static_cast<uint32_t>(rec[J]), acc_b)), ...);
    int32_t va = finish(acc_a, rec + K2), vb = finish(acc_b, rec + K2);
    if (clamp) {
      va = dsp::clamp(va, lo, hi);
      vb = dsp::clamp(vb, lo, hi);
    }
    out_a[c] = static_cast<int8_t>(va);
    out_b[c] = static_cast<int8_t>(vb);
  }
}

#if NIB_POINTWISE_SMALL_ASM
// The assembly channel loop for 8 input channels (pointwise_small_m4.S).
struct Pointwise8Job {
  const uint32_t* xa;
  const uint32_t* xb;
  const int32_t* rec;
  const int32_t* rec_end;
  int8_t* out_a;
  int8_t* out_b;
};
static_assert(sizeof(Pointwise8Job) == 24 && offsetof(Pointwise8Job, out_a) == 16);
extern "C" void nib_pointwise8_m4(const Pointwise8Job* job);

// A fused activation's clamp over a pixel's saturated bytes, four at a time.
void clamp_bytes(int8_t* out, int32_t n, int32_t lo, int32_t hi) {
  const uint32_t lo4 = 0x01010101u * static_cast<uint8_t>(lo), hi4 = 0x01010101u * static_cast<uint8_t>(hi);
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) dsp::store4(out + i, dsp::clamp8x4(dsp::load4(out + i), lo4, hi4));
  for (; i < n; ++i) out[i] = static_cast<int8_t>(dsp::clamp(out[i], lo, hi));
}

template <>
[[gnu::noinline]] void pixel_pair<4, 0, 1, 2, 3>(const uint32_t* xa, const uint32_t* xb, const int32_t* rec,
                                                  int32_t channels, int32_t lo, int32_t hi, bool clamp, int8_t* out_a,
                                                  int8_t* out_b, std::index_sequence<0, 1, 2, 3>) {
  const Pointwise8Job job{xa, xb, rec, rec + channels * (4 + kConstants), out_a, out_b};
  nib_pointwise8_m4(&job);
  if (!clamp) return;
  clamp_bytes(out_a, channels, lo, hi);
  if (out_b != out_a) clamp_bytes(out_b, channels, lo, hi);
}
#endif

// One pixel's K bytes as K/2 pairs in the weights' order.
inline void widen(const int8_t* x, int32_t k, uint32_t* pairs) {
  for (int32_t g = 0; g < k / 4; ++g, pairs += 2) {
    const uint32_t v = dsp::load4(x + 4 * g);
    pairs[0] = dsp::sxtb16(v);
    pairs[1] = dsp::sxtb16_odd(v);
  }
}

template <int K2>
void run(const ConvS8Params& p, const int8_t* input, const int32_t* rec, int8_t* output) {
  const ConvParams& c = p.conv;
  const int32_t pixels = c.batches * c.out_h * c.out_w, lo = c.requant.act_min, hi = c.requant.act_max;
  const bool clamp = lo > -128 || hi < 127;
  uint32_t xa[K2], xb[K2];
  // The input pixel of each output pixel, walked without divisions.
  const int32_t x_step = c.stride_w * c.in_c, row_skip = (c.stride_h * c.in_w - c.out_w * c.stride_w) * c.in_c,
                image_skip = (c.in_h - c.out_h * c.stride_h) * c.in_w * c.in_c;
  const int8_t* src = input;
  int32_t x = 0, y = 0;
  const auto next = [&]() {
    const int8_t* at = src;
    src += x_step;
    if (++x == c.out_w) {
      x = 0;
      src += row_skip;
      if (++y == c.out_h) {
        y = 0;
        src += image_skip;
      }
    }
    return at;
  };
  for (int32_t i = 0; i < pixels; i += 2) {
    const bool two = i + 1 < pixels;
    const int8_t* a = next();
    widen(a, 2 * K2, xa);
    widen(two ? next() : a, 2 * K2, xb);
    int8_t* out_a = output + i * c.out_c;
    pixel_pair<K2>(xa, xb, rec, c.out_c, lo, hi, clamp, out_a, two ? out_a + c.out_c : out_a,
                   std::make_index_sequence<K2>());
  }
}

}  // namespace

namespace {

bool pair_loop_applies(const ConvS8Params& p) {
  const ConvParams& c = p.conv;
  return pointwise_s8_applies(c) && p.pool.filter_h == 0 && p.k2 == 0 &&
         (c.in_c == 4 || c.in_c == 8 || (c.in_c == 16 && !pair_gemm_quad_applies(p, 16)));  // the tile is faster
}

}  // namespace

bool pointwise_small_applies(const ConvS8Params& p) { return pointwise_quad_applies(p) || pair_loop_applies(p); }

size_t pointwise_small_scratch_bytes(const ConvS8Params& p) {
  const size_t pairs =
      pair_loop_applies(p) ? 4 * static_cast<size_t>(p.conv.out_c) * static_cast<size_t>(p.conv.in_c / 2 + kConstants)
                           : 0;
  return std::max(pairs, pointwise_quad_applies(p) ? pointwise_quad_scratch_bytes(p) : size_t{0});
}

bool pointwise_small_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output,
                        void* scratch) {
  const ConvParams& c = p.conv;
  const Requant& r = c.requant;
  // The 4-pixel tile first; the pixel-pair loop when its requantization or
  // shape does not allow it.
  if (pointwise_quad_applies(p) && pointwise_quad_s8(p, input, filter, output, scratch)) return true;
  if (!pair_loop_applies(p) || !p.fast_requant || r.shift == nullptr) return false;
  const int32_t k2 = c.in_c / 2;
  auto* rec = static_cast<int32_t*>(scratch);
  int32_t* q = rec;
  for (int32_t ch = 0; ch < c.out_c; ++ch, q += k2 + kConstants) {
    const int32_t e = -r.shift[ch];
    if (e < 1 || e > 22) return false;
    widen(filter + ch * c.in_c, c.in_c, reinterpret_cast<uint32_t*>(q));
    q[k2] = p.bias[ch];
    q[k2 + 1] = r.multiplier[ch];
    q[k2 + 2] = (int32_t{1} << (e - 1)) + r.output_offset * (int32_t{1} << e);
    q[k2 + 3] = e;
  }
  switch (k2) {
    case 2: run<2>(p, input, rec, output); break;
    case 4: run<4>(p, input, rec, output); break;
    default: run<8>(p, input, rec, output); break;
  }
  return true;
}

}  // namespace nib::kernels::cortex_m
