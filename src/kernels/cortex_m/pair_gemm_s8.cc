#include "kernels/cortex_m/pair_gemm_s8.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/requant.h"
#include "quant/fixed_point.h"

namespace nib::kernels::cortex_m {
namespace {

// Two pixels' inputs, per group of 4 channels: (a0,a2) (a1,a3) (b0,b2)
// (b1,b3), the lanes SXTB16 and SXTB16 ROR #8 give, so they meet a weight
// word's two halves directly. The K % 4 tail is left to the caller.
void widen_pair(const int8_t* xa, const int8_t* xb, int32_t groups, uint32_t* dst) {
  for (int32_t g = 0; g < groups; ++g, xa += 4, xb += 4, dst += 4) {
    const uint32_t va = dsp::load4(xa), vb = dsp::load4(xb);
    dst[0] = dsp::sxtb16(va);
    dst[1] = dsp::sxtb16_odd(va);
    dst[2] = dsp::sxtb16(vb);
    dst[3] = dsp::sxtb16_odd(vb);
  }
}

// acc = {a·w0, a·w1, b·w0, b·w1} += over `groups` groups of 4 channels.
inline void mac_block(const uint32_t* x, const int8_t* w0, const int8_t* w1, int32_t groups, int32_t acc[4]) {
#if NIB_HAVE_DSP
  // Per group: 6 loads, 4 SXTB16, 8 SMLAD. All 14 allocatable registers:
  // 3 pointers, the end, 4 accumulators, 4 input words, 2 weight halves.
  int32_t a0 = acc[0], a1 = acc[1], b0 = acc[2], b1 = acc[3];
  const uint32_t* const end = x + 4 * groups;
  uint32_t xae, xao, xbe, xbo, we, wo;
#define NIB_PW_STEP                        \
  "ldr %[we], [%[w0]], #4\n\t"             \
  "ldr %[xae], [%[x]], #16\n\t"            \
  "ldr %[xao], [%[x], #-12]\n\t"           \
  "ldr %[xbe], [%[x], #-8]\n\t"            \
  "ldr %[xbo], [%[x], #-4]\n\t"            \
  "sxtb16 %[wo], %[we], ror #8\n\t"        \
  "sxtb16 %[we], %[we]\n\t"                \
  "smlad %[a0], %[xae], %[we], %[a0]\n\t"  \
  "smlad %[a0], %[xao], %[wo], %[a0]\n\t"  \
  "smlad %[b0], %[xbe], %[we], %[b0]\n\t"  \
  "smlad %[b0], %[xbo], %[wo], %[b0]\n\t"  \
  "ldr %[we], [%[w1]], #4\n\t"             \
  "sxtb16 %[wo], %[we], ror #8\n\t"        \
  "sxtb16 %[we], %[we]\n\t"                \
  "smlad %[a1], %[xae], %[we], %[a1]\n\t"  \
  "smlad %[a1], %[xao], %[wo], %[a1]\n\t"  \
  "smlad %[b1], %[xbe], %[we], %[b1]\n\t"  \
  "smlad %[b1], %[xbo], %[wo], %[b1]\n\t"
#define NIB_PW_OPERANDS                                                                                        \
  : [x] "+r"(x), [w0] "+r"(w0), [w1] "+r"(w1), [a0] "+r"(a0), [a1] "+r"(a1), [b0] "+r"(b0), [b1] "+r"(b1),   \
    [xae] "=&r"(xae), [xao] "=&r"(xao), [xbe] "=&r"(xbe), [xbo] "=&r"(xbo), [we] "=&r"(we), [wo] "=&r"(wo) \
  : [end] "r"(end)                                                                                             \
  : "cc", "memory"
  if (groups & 1) __asm__ volatile(NIB_PW_STEP NIB_PW_OPERANDS);
  if (groups >= 2)
    __asm__ volatile("1:\n\t" NIB_PW_STEP NIB_PW_STEP
                     "cmp %[x], %[end]\n\t"
                     "bne 1b\n\t" NIB_PW_OPERANDS);
#undef NIB_PW_OPERANDS
#undef NIB_PW_STEP
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = b0;
  acc[3] = b1;
#else
  for (int32_t g = 0; g < groups; ++g, x += 4, w0 += 4, w1 += 4) {
    const uint32_t v0 = dsp::load4(w0), v1 = dsp::load4(w1);
    const uint32_t e0 = dsp::sxtb16(v0), o0 = dsp::sxtb16_odd(v0);
    const uint32_t e1 = dsp::sxtb16(v1), o1 = dsp::sxtb16_odd(v1);
    acc[0] = dsp::smlad(x[1], o0, dsp::smlad(x[0], e0, acc[0]));
    acc[1] = dsp::smlad(x[1], o1, dsp::smlad(x[0], e1, acc[1]));
    acc[2] = dsp::smlad(x[3], o0, dsp::smlad(x[2], e0, acc[2]));
    acc[3] = dsp::smlad(x[3], o1, dsp::smlad(x[2], e1, acc[3]));
  }
#endif
}

// K the 4-pixel tile may take: its widened area holds two pixel pairs.
constexpr bool quad_k(int32_t k) {
  return k == 16 || k == 32 || k == 64 || k == 128 || k == 256 || k == 288 || k == 576;
}
// K whose tile also has a clamping variant (an activation range inside int8).
constexpr bool quad_k_clamped(int32_t k) { return k == 16 || k == 32 || k == 288 || k == 576; }

// The pixel after `at` in row-major order over batches, rows and columns.
inline Pixel next_pixel(const ConvParams& c, Pixel at) {
  if (++at.x < c.out_w) return at;
  at.x = 0;
  if (++at.y < c.out_h) return at;
  at.y = 0;
  ++at.b;
  return at;
}

#if NIB_PAIR_GEMM_ASM
// The assembly channel loop (pair_gemm_m4.S), for K a multiple of 4 and an
// even number of channels, all proven fit for requant_fast but those in
// ChannelPlan::exact (redone exactly afterwards); offsets fixed there.
struct PairGemmJob {
  const uint32_t* x;
  const uint32_t* x_end;
  const int8_t* w;
  int32_t k;
  const int32_t* bias;
  const int32_t* multiplier;
  const int8_t* shift;
  int8_t* out_a;
  int8_t* out_b;
  int32_t slots;  // even
  int32_t offset, lo, hi;
  const uint16_t* live;  // slot -> channel, or null: slot = channel
  int32_t mode;          // 0: any shift; 1: every shift negative; 2: and all of int8 as range
};
static_assert(offsetof(PairGemmJob, x_end) == 4 && offsetof(PairGemmJob, k) == 12 &&
              offsetof(PairGemmJob, multiplier) == 20 && offsetof(PairGemmJob, out_a) == 28 &&
              offsetof(PairGemmJob, slots) == 36 && offsetof(PairGemmJob, hi) == 48 &&
              offsetof(PairGemmJob, live) == 52 && offsetof(PairGemmJob, mode) == 56);
extern "C" void nib_pair_gemm_channels_m4(const PairGemmJob* job);

// The 4-pixel tile (pair_gemm_quad_m4.S) for the K it has a variant for,
// every channel live and fit for requant_fast, right shifts only.
struct QuadJob {
  const uint32_t* x;  // pixel pairs (a, b) and (c, d), widened_bytes(k) apart
  const int8_t* w;
  const int32_t* bias;
  const int32_t* multiplier;
  const int8_t* shift;
  int8_t* out;
  int32_t step;  // out_c
  int32_t ke;    // 2 * output offset + 1
  const int8_t* w_end;
  int32_t lo, hi;  // activation range (clamped variants)
};
static_assert(offsetof(QuadJob, shift) == 16 && offsetof(QuadJob, ke) == 28 && offsetof(QuadJob, w_end) == 32 &&
              offsetof(QuadJob, hi) == 40);
using QuadFn = void (*)(QuadJob*);
extern "C" {
void nib_pair_gemm_quad16_m4(QuadJob*);
void nib_pair_gemm_quad32_m4(QuadJob*);
void nib_pair_gemm_quad64_m4(QuadJob*);
void nib_pair_gemm_quad128_m4(QuadJob*);
void nib_pair_gemm_quad16c_m4(QuadJob*);
void nib_pair_gemm_quad32c_m4(QuadJob*);
void nib_pair_gemm_quad256_m4(QuadJob*);
void nib_pair_gemm_quad288_m4(QuadJob*);
void nib_pair_gemm_quad576_m4(QuadJob*);
void nib_pair_gemm_quad288c_m4(QuadJob*);
void nib_pair_gemm_quad576c_m4(QuadJob*);
void nib_pair_gemm_window144_m4(QuadJob*);
void nib_pair_gemm_quad144_m4(QuadJob*);  // only with granted scratch (wide_bytes)
void nib_pair_gemm_window288_m4(QuadJob*);
void nib_pair_gemm_window576_m4(QuadJob*);
void nib_widen_words_m4(const int8_t* src, uint32_t* dst, const int8_t* src_end);
}

// The live-channel variants (pruned layers): channel pairs from the plan's
// list; full int8 range only.
struct LiveQuadJob {
  const uint32_t* x;
  const int8_t* filter;
  const int32_t* bias;
  const int32_t* multiplier;
  const int8_t* shift;
  int8_t* out;
  int32_t step, ke;
  const uint16_t* live_end;
  int32_t lo, hi;
  const uint16_t* live;
};
static_assert(offsetof(LiveQuadJob, ke) == 28 && offsetof(LiveQuadJob, live_end) == 32 &&
              offsetof(LiveQuadJob, live) == 44);
extern "C" {
void nib_pair_gemm_live64_m4(LiveQuadJob*);
void nib_pair_gemm_live128_m4(LiveQuadJob*);
}

// The variant for K: `full_range` saturates, otherwise clamps (null: none).
struct QuadVariant {
  int32_t k;
  QuadFn full_range, clamped;
};
constexpr QuadVariant kQuads[] = {
    {16, nib_pair_gemm_quad16_m4, nib_pair_gemm_quad16c_m4},    {32, nib_pair_gemm_quad32_m4, nib_pair_gemm_quad32c_m4},
    {64, nib_pair_gemm_quad64_m4, nullptr},                     {128, nib_pair_gemm_quad128_m4, nullptr},
    {256, nib_pair_gemm_quad256_m4, nullptr},
    {288, nib_pair_gemm_quad288_m4, nib_pair_gemm_quad288c_m4}, {576, nib_pair_gemm_quad576_m4, nib_pair_gemm_quad576c_m4},
};

// The variants are exactly the K quad_k and quad_k_clamped list.
constexpr bool variants_match_k_lists() {
  for (const QuadVariant& v : kQuads)
    if (!quad_k(v.k) || (v.full_range == nullptr) || ((v.clamped != nullptr) != quad_k_clamped(v.k))) return false;
  int32_t listed = 0;
  for (int32_t k = 1; k <= 1024; ++k) listed += quad_k(k);
  return listed == static_cast<int32_t>(sizeof kQuads / sizeof kQuads[0]);
}
static_assert(variants_match_k_lists());

QuadFn quad_fn(int32_t k, bool full_range) {
  for (const QuadVariant& v : kQuads)
    if (v.k == k) return full_range ? v.full_range : v.clamped;
  return nullptr;
}
#endif

// Whether the tile takes the layer: K with a variant, every channel live and
// proven fit for requant_fast, an even channel count, right shifts only.
// Decided alike in every build, assembly or not, so that prepare's choices
// (and the code nib compile writes on the host) are the target's.
bool quad_eligible(const ConvS8Params& p, int32_t k) {
  const ConvParams& c = p.conv;
  const bool live_list = p.plan != nullptr && p.plan->live_count > 0;
  if (!p.fast_requant || live_list || c.out_c % 2 != 0 || c.requant.shift == nullptr) return false;
  if (!std::all_of(c.requant.shift, c.requant.shift + c.out_c, [](int32_t s) { return s < 0; })) return false;
  const bool full_range = c.requant.act_min == -128 && c.requant.act_max == 127;
  return quad_k(k) && (full_range || quad_k_clamped(k));
}

size_t widened_bytes(int32_t k) { return 4 * 4 * static_cast<size_t>(k / 4); }
size_t widened_area_bytes(int32_t k) { return (quad_k(k) ? 2 : 1) * widened_bytes(k); }
size_t gather_bytes(int32_t k) { return (static_cast<size_t>(k) + 3) & ~size_t{3}; }

// The row-window tiles (3x3 over C = 16, 32 or 64 channels at stride 1,
// whole 4-pixel row tiles): a window of 3 input rows x 6 columns, 36 C
// bytes, within the widened area the layer's scratch already has (576
// bytes at C = 16: the 2-pixel loop's widened pair), so no scratch changes.
constexpr int32_t kWindowCols = 6;
size_t window_bytes(int32_t in_c) { return 3 * kWindowCols * 2 * static_cast<size_t>(in_c); }
bool window_eligible(const ConvS8Params& p, FieldShape shape, PadWidenFn pad) {
  const ConvParams& c = p.conv;
  if (pad == nullptr || p.pool.filter_h > 0) return false;
  if (c.in_c != 16 && c.in_c != 32 && c.in_c != 64) return false;
  if (c.filter_h != 3 || c.filter_w != 3 || shape.rows != 3 || shape.row_bytes != 3 * c.in_c) return false;
  if (window_bytes(c.in_c) > widened_area_bytes(9 * c.in_c)) return false;
  if (c.stride_h != 1 || c.stride_w != 1 || c.dilation_h != 1 || c.dilation_w != 1 || c.out_w % 4 != 0) return false;
  const bool live_list = p.plan != nullptr && p.plan->live_count > 0;
  if (!p.fast_requant || live_list || c.out_c % 2 != 0 || c.requant.shift == nullptr) return false;
  if (c.requant.act_min != -128 || c.requant.act_max != 127) return false;
  return std::all_of(c.requant.shift, c.requant.shift + c.out_c, [](int32_t s) { return s < 0; });
}

// K = 144 through the 4-pixel tile with granted scratch (two widened pairs):
// padded fields, the tile's conditions, and not the row-window tile.
constexpr int32_t kWideK = 144;
size_t wide_bytes(const ConvS8Params& p, FieldShape shape) {
  if (shape.rows * shape.row_bytes != kWideK || shape.row_bytes % 4 != 0 || p.pool.filter_h > 0) return 0;
  const ConvParams& c = p.conv;
  const bool live_list = p.plan != nullptr && p.plan->live_count > 0;
  if (!p.fast_requant || live_list || c.out_c % 2 != 0 || c.requant.shift == nullptr) return 0;
  if (c.requant.act_min != -128 || c.requant.act_max != 127) return 0;
  if (!std::all_of(c.requant.shift, c.requant.shift + c.out_c, [](int32_t s) { return s < 0; })) return 0;
  const PadWidenFn any_pad = [](const ConvS8Params&, const int8_t*, Pixel, uint32_t*) {};
  if (window_eligible(p, shape, any_pad)) return 0;
  return 2 * widened_bytes(kWideK);
}

// One pixel's lanes (dst = widened + 2 * lane) from its field's rows.
void widen_one(Field f, FieldShape shape, uint32_t* dst) {
  for (int32_t r = 0; r < shape.rows; ++r) {
    const int8_t* x = f.ptr + r * f.row_stride;
    for (int32_t g = 0; g < shape.row_bytes / 4; ++g, x += 4, dst += 4) {
      const uint32_t v = dsp::load4(x);
      dst[0] = dsp::sxtb16(v);
      dst[1] = dsp::sxtb16_odd(v);
    }
  }
}

// widen_fields without gather buffers (whole-word rows, no K % 4 tail):
// fields outside the input are widened by `pad`. Out of line, so the
// gathering form stays inlined in the pixel loops.
[[gnu::noinline]] void widen_fields_padded(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad,
                                           const int8_t* input, Pixel a, Pixel b, bool two, uint32_t* widened) {
  const Field fa = field(p, input, a, nullptr);
  const Field fb = two ? field(p, input, b, nullptr) : fa;
  if (fa.ptr != nullptr && fb.ptr != nullptr) {
    for (int32_t r = 0; r < shape.rows; ++r)
      widen_pair(fa.ptr + r * fa.row_stride, fb.ptr + r * fb.row_stride, shape.row_bytes / 4,
                 widened + r * shape.row_bytes);
    return;
  }
  if (fa.ptr != nullptr) widen_one(fa, shape, widened);
  else pad(p, input, a, widened);
  if (fb.ptr != nullptr) widen_one(fb, shape, widened + 2);
  else pad(p, input, two ? b : a, widened + 2);
}

// Widens the fields of pixels a and b into `widened` and returns their
// int8 bytes (contiguous unless the rows are whole words) for the K % 4 tail.
// With `pad` nothing is gathered (widen_fields_padded).
[[gnu::always_inline]] inline void widen_fields(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad,
                         const int8_t* input, Pixel a, Pixel b, bool two, int8_t* buffer_a, int8_t* buffer_b,
                         uint32_t* widened, const int8_t** xa, const int8_t** xb) {
  if (pad != nullptr) return widen_fields_padded(p, shape, field, pad, input, a, b, two, widened);
  const Field fa = field(p, input, a, buffer_a);
  const Field fb = two ? field(p, input, b, buffer_b) : fa;
  *xa = fa.ptr;
  *xb = fb.ptr;
  if (shape.row_bytes % 4 == 0)
    for (int32_t r = 0; r < shape.rows; ++r)
      widen_pair(fa.ptr + r * fa.row_stride, fb.ptr + r * fb.row_stride, shape.row_bytes / 4,
                 widened + r * shape.row_bytes);
  else
    widen_pair(fa.ptr, fb.ptr, shape.rows * shape.row_bytes / 4, widened);
}

// acc {a·w0, a·w1, b·w0, b·w1} = bias + the dot products, K % 4 tail included.
inline void dots(const uint32_t* widened, const int8_t* xa, const int8_t* xb, const int8_t* w0, const int8_t* w1,
                 int32_t k, int32_t b0, int32_t b1, int32_t acc[4]) {
  const int32_t groups = k / 4;
  acc[0] = b0;
  acc[1] = b1;
  acc[2] = b0;
  acc[3] = b1;
  mac_block(widened, w0, w1, groups, acc);
  for (int32_t j = 4 * groups; j < k; ++j) {
    acc[0] = quant::wrap_mac(acc[0], xa[j], w0[j]);
    acc[1] = quant::wrap_mac(acc[1], xa[j], w1[j]);
    acc[2] = quant::wrap_mac(acc[2], xb[j], w0[j]);
    acc[3] = quant::wrap_mac(acc[3], xb[j], w1[j]);
  }
}

// With a max pool fused in: per pooled pixel, the conv pixels of its window
// (clipped to the conv output) in pairs along each row, a running max of
// the accumulators per channel, then one requantization (monotone, so it
// commutes with the max), the exact-safe one: few outputs.
void run_pooled(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad, const int8_t* input,
                const int8_t* filter, int8_t* output, uint8_t* scratch) {
  const int32_t k = shape.rows * shape.row_bytes;
  const ConvParams& c = p.conv;
  const FusedPool& pool = p.pool;
  const Requantizer<Stage::kChecked> out_stage(c.requant);
  const int32_t out_c = c.out_c;
  auto* widened = reinterpret_cast<uint32_t*>(scratch);
  const size_t gather = pad != nullptr ? 0 : gather_bytes(k);
  int8_t* buffer_a = pad != nullptr ? nullptr : reinterpret_cast<int8_t*>(scratch + widened_bytes(k));
  int8_t* buffer_b = pad != nullptr ? nullptr : buffer_a + gather;
  auto* best = reinterpret_cast<int32_t*>(scratch + widened_bytes(k) + 2 * gather);
  for (int32_t b = 0; b < c.batches; ++b)
    for (int32_t py = 0; py < pool.out_h; ++py)
      for (int32_t px = 0; px < pool.out_w; ++px) {
        const int32_t wy = py * pool.stride_h - pool.pad_h, wx = px * pool.stride_w - pool.pad_w;
        const int32_t y0 = std::max<int32_t>(wy, 0), y1 = std::min<int32_t>(wy + pool.filter_h, c.out_h);
        const int32_t x0 = std::max<int32_t>(wx, 0), x1 = std::min<int32_t>(wx + pool.filter_w, c.out_w);
        std::fill(best, best + out_c, quant::kInt32Min);
        for (int32_t y = y0; y < y1; ++y)
          for (int32_t x = x0; x < x1; x += 2) {
            const bool two = x + 1 < x1;  // else the pixel pairs with itself
            const int8_t *xa = nullptr, *xb = nullptr;
            widen_fields(p, shape, field, pad, input, {b, y, x}, {b, y, x + 1}, two, buffer_a, buffer_b, widened,
                         &xa, &xb);
            for (int32_t oc = 0; oc < out_c; oc += 2) {
              const int32_t c1 = oc + 1 < out_c ? oc + 1 : oc;  // a lone last channel computes twice
              int32_t acc[4];
              dots(widened, xa, xb, filter + oc * k, filter + c1 * k, k, p.bias[oc], p.bias[c1], acc);
              best[oc] = std::max(best[oc], std::max(acc[0], acc[2]));
              best[c1] = std::max(best[c1], std::max(acc[1], acc[3]));
            }
          }
        int8_t* out = output + ((b * pool.out_h + py) * pool.out_w + px) * out_c;
        for (int32_t oc = 0; oc < out_c; ++oc)
          out[oc] = static_cast<int8_t>(dsp::clamp(out_stage(oc, best[oc]), pool.act_min, pool.act_max));
      }
}

#if NIB_PAIR_GEMM_ASM
// The tile's variant for the layer, or null: K with a variant, every
// channel live and proven fit for requant_fast, an even channel count,
// right shifts only.
QuadFn quad_for(const ConvS8Params& p, int32_t k) {
  if (!quad_eligible(p, k)) return nullptr;
  return quad_fn(k, p.conv.requant.act_min == -128 && p.conv.requant.act_max == 127);
}

// Whole 4-pixel tiles from pixel 0 (the conditions: QuadJob); returns the
// pixels done, `at` the next pixel. Out of line: run's register allocation
// stays that of its 2-pixel loop.
[[gnu::noinline]] int32_t run_quads(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad,
                                    const int8_t* input, const int8_t* filter, int8_t* output, uint32_t* widened,
                                    int8_t* buffer_a, int8_t* buffer_b, QuadFn quad, Pixel* at) {
  const ConvParams& c = p.conv;
  const int32_t k = shape.rows * shape.row_bytes, out_c = c.out_c;
  const int32_t pixels = c.batches * c.out_h * c.out_w;
  const auto next = [&c](Pixel q) { return next_pixel(c, q); };
  QuadJob job{widened, nullptr, nullptr, nullptr, nullptr, nullptr, out_c, 2 * c.requant.output_offset + 1,
              filter + out_c * k, c.requant.act_min, c.requant.act_max};
  int32_t i = 0;
  for (; i + 4 <= pixels; i += 4) {
    const int8_t *xa = nullptr, *xb = nullptr;
    const Pixel b = next(*at), cc = next(b), d = next(cc);
    widen_fields(p, shape, field, pad, input, *at, b, true, buffer_a, buffer_b, widened, &xa, &xb);
    widen_fields(p, shape, field, pad, input, cc, d, true, buffer_a, buffer_b, widened + k, &xa, &xb);
    *at = next(d);
    job.w = filter;
    job.bias = p.bias;
    job.multiplier = c.requant.multiplier;
    job.shift = c.requant.shift;
    job.out = output + i * out_c;
    quad(&job);
  }
  return i;
}
#endif

#if NIB_PAIR_GEMM_ASM
// The window of the 4-pixel row tile at `at` (window_eligible): 3 input
// rows x 6 columns of C channels, columns outside the input as the pad
// value (pair_gemm_quad_m4.S has the layout). C a constant: the column
// loops unroll.
template <int32_t in_c>
void widen_window(const ConvS8Params& p, const int8_t* input, Pixel at, uint32_t* dst) {
  const ConvParams& c = p.conv;
  constexpr int32_t column = in_c / 2;  // words per column
  const int8_t* image = input + at.b * c.in_h * c.in_w * in_c;
  const int32_t iy0 = at.y - c.pad_h, ix0 = at.x - c.pad_w;
  const uint32_t pad = dsp::pack16(p.pad_value, p.pad_value);
  for (int32_t r = 0; r < 3; ++r, dst += kWindowCols * column) {
    const int32_t iy = iy0 + r;
    if (iy < 0 || iy >= c.in_h) {
      std::fill(dst, dst + kWindowCols * column, pad);
      continue;
    }
    const int8_t* row = image + iy * c.in_w * in_c;
    if (ix0 >= 0 && ix0 + kWindowCols <= c.in_w) {  // the usual case: one contiguous run of bytes
      const int8_t* src = row + ix0 * in_c;
      if ((reinterpret_cast<uintptr_t>(src) & 3) == 0) {
        nib_widen_words_m4(src, dst, src + kWindowCols * in_c);
        continue;
      }
      for (int32_t g = 0; g < kWindowCols * in_c / 4; ++g, src += 4) {
        const uint32_t v = dsp::load4(src);
        dst[2 * g] = dsp::sxtb16(v);
        dst[2 * g + 1] = dsp::sxtb16_odd(v);
      }
      continue;
    }
    for (int32_t j = 0; j < kWindowCols; ++j) {
      uint32_t* d = dst + j * column;
      const int32_t ix = ix0 + j;
      if (ix < 0 || ix >= c.in_w) {
        std::fill(d, d + column, pad);
        continue;
      }
      const int8_t* src = row + ix * in_c;
      for (int32_t g = 0; g < in_c / 4; ++g, src += 4, d += 2) {
        const uint32_t v = dsp::load4(src);
        d[0] = dsp::sxtb16(v);
        d[1] = dsp::sxtb16_odd(v);
      }
    }
  }
}

// Every pixel as 4-pixel row tiles through the row-window variant for C.
[[gnu::noinline]] void run_window_quads(const ConvS8Params& p, const int8_t* input, const int8_t* filter,
                                        int8_t* output, uint32_t* window) {
  const ConvParams& c = p.conv;
  const int32_t out_c = c.out_c, k = 9 * c.in_c;
  const QuadFn tile = c.in_c == 16   ? nib_pair_gemm_window144_m4
                      : c.in_c == 32 ? nib_pair_gemm_window288_m4
                                     : nib_pair_gemm_window576_m4;
  const auto widen = c.in_c == 16 ? widen_window<16> : c.in_c == 32 ? widen_window<32> : widen_window<64>;
  QuadJob job{window, nullptr, nullptr, nullptr, nullptr, nullptr, out_c, 2 * c.requant.output_offset + 1,
              filter + out_c * k, c.requant.act_min, c.requant.act_max};
  int8_t* out = output;
  for (int32_t b = 0; b < c.batches; ++b)
    for (int32_t y = 0; y < c.out_h; ++y)
      for (int32_t x = 0; x < c.out_w; x += 4, out += 4 * out_c) {
        widen(p, input, {b, y, x}, window);
        job.w = filter;
        job.bias = p.bias;
        job.multiplier = c.requant.multiplier;
        job.shift = c.requant.shift;
        job.out = out;
        tile(&job);
      }
}
#endif

#if NIB_PAIR_GEMM_ASM
// Whole 4-pixel tiles over the live channels of a pruned layer (K 64 or
// 128, right shifts, full int8 range, every live channel proven or listed
// exact with none listed); constant channels written here. Returns the
// pixels done, `at` the next pixel.
[[gnu::noinline]] int32_t run_live_quads(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad,
                                         const int8_t* input, const int8_t* filter, int8_t* output,
                                         uint32_t* widened, int8_t* buffer_a, int8_t* buffer_b, Pixel* at) {
  const ConvParams& c = p.conv;
  const ChannelPlan& plan = *p.plan;
  const int32_t k = shape.rows * shape.row_bytes, out_c = c.out_c;
  if (k != 64 && k != 128) return 0;
  if (!p.fast_requant && !(plan.exact_complete && plan.exact_count == 0)) return 0;
  if (c.requant.act_min != -128 || c.requant.act_max != 127) return 0;
  if (!std::all_of(c.requant.shift, c.requant.shift + out_c, [](int32_t s) { return s < 0; })) return 0;
  const int32_t pixels = c.batches * c.out_h * c.out_w;
  const auto next = [&c](Pixel q) { return next_pixel(c, q); };
  LiveQuadJob job{widened, filter, p.bias, c.requant.multiplier, c.requant.shift, nullptr, out_c,
                  2 * c.requant.output_offset + 1, plan.live + plan.live_count, c.requant.act_min, c.requant.act_max,
                  nullptr};
  int32_t i = 0;
  for (; i + 4 <= pixels; i += 4) {
    const int8_t *xa = nullptr, *xb = nullptr;
    const Pixel b = next(*at), cc = next(b), d = next(cc);
    widen_fields(p, shape, field, pad, input, *at, b, true, buffer_a, buffer_b, widened, &xa, &xb);
    widen_fields(p, shape, field, pad, input, cc, d, true, buffer_a, buffer_b, widened + k, &xa, &xb);
    *at = next(d);
    job.out = output + i * out_c;
    job.live = plan.live;
    if (k == 64)
      nib_pair_gemm_live64_m4(&job);
    else
      nib_pair_gemm_live128_m4(&job);
    for (int32_t j = 0; j < plan.constant_count; ++j)
      for (int32_t px = 0; px < 4; ++px) job.out[px * out_c + plan.constant[j]] = plan.values[j];
  }
  return i;
}
#endif

// The assembly loop picks its own requantization (its mode); the C++ loop
// (the host, odd last channels, K % 4 tails) takes the exact-safe one.
void run(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad, const int8_t* input,
         const int8_t* filter, int8_t* output, uint8_t* scratch, bool gathered) {
  const int32_t k = shape.rows * shape.row_bytes;
  const ConvParams& c = p.conv;
  const Requantizer<Stage::kChecked> out_stage(c.requant);
  const int32_t out_c = c.out_c;
  const int32_t pixels = c.batches * c.out_h * c.out_w;
  const int32_t* const bias = p.bias;
  const ChannelPlan plan = p.plan != nullptr ? *p.plan : ChannelPlan{};
  auto* widened = reinterpret_cast<uint32_t*>(scratch);
  int8_t* buffer_a = gathered ? reinterpret_cast<int8_t*>(scratch + widened_area_bytes(k)) : nullptr;
  int8_t* buffer_b = gathered ? buffer_a + gather_bytes(k) : nullptr;
  const auto next = [&c](Pixel q) { return next_pixel(c, q); };
  // Channel slots, taken in pairs (c0, c1): the live list (padded to an
  // even length), or all channels (a lone last one pairs with itself).
  const uint16_t* live = plan.live_count > 0 ? plan.live : nullptr;
  const int32_t slots = live != nullptr ? plan.live_count : out_c;
  const auto channel = [live, out_c](int32_t slot) {
    if (live != nullptr) return static_cast<int32_t>(live[slot]);
    return slot < out_c ? slot : out_c - 1;
  };
#if NIB_PAIR_GEMM_ASM
  // Every channel but the listed ones can take the fast requantization.
  const int32_t groups = k / 4;
  const bool in_asm = k % 4 == 0 && slots >= 2 && (p.fast_requant || plan.exact_count > 0 || plan.exact_complete);
  const int32_t mode = p.asm_mode;  // decided at prepare (conv_s8_set_stages)
#endif
  Pixel at{0, 0, 0};
  int32_t i = 0;
#if NIB_PAIR_GEMM_ASM
  if (window_eligible(p, shape, pad)) return run_window_quads(p, input, filter, output, widened);
  if (p.wide_scratch && pad != nullptr && wide_bytes(p, shape) > 0)
    i = run_quads(p, shape, field, pad, input, filter, output, widened, buffer_a, buffer_b,
                  nib_pair_gemm_quad144_m4, &at);
  else if (const QuadFn quad = quad_for(p, k); quad != nullptr)
    i = run_quads(p, shape, field, pad, input, filter, output, widened, buffer_a, buffer_b, quad, &at);
  else if (live != nullptr && in_asm)
    i = run_live_quads(p, shape, field, pad, input, filter, output, widened, buffer_a, buffer_b, &at);
#endif
  for (; i < pixels; i += 2, at = next(next(at))) {
    const bool two = i + 1 < pixels;
    const int8_t *xa = nullptr, *xb = nullptr;
    widen_fields(p, shape, field, pad, input, at, next(at), two, buffer_a, buffer_b, widened, &xa, &xb);
    int8_t* out_a = output + i * out_c;
    int8_t* out_b = two ? out_a + out_c : out_a;  // a lone last pixel writes twice
    int32_t first = 0;  // the first slot left to the C++ loop
#if NIB_PAIR_GEMM_ASM
    if (in_asm) {
      first = slots & ~1;
      const PairGemmJob job{widened,  widened + 4 * groups, filter, k, bias, c.requant.multiplier,
                            c.requant.shift, out_a, out_b, first, c.requant.output_offset, c.requant.act_min,
                            c.requant.act_max, live, mode};
      nib_pair_gemm_channels_m4(&job);
    }
#endif
    for (int32_t slot = first; slot < slots; slot += 2) {
      const int32_t c0 = channel(slot), c1 = channel(slot + 1);
      const int8_t* w0 = filter + c0 * k;
      const int8_t* w1 = filter + c1 * k;
      int32_t acc[4];
      dots(widened, xa, xb, w0, w1, k, bias[c0], bias[c1], acc);
      out_a[c0] = out_stage(c0, acc[0]);
      out_b[c0] = out_stage(c0, acc[2]);
      out_a[c1] = out_stage(c1, acc[1]);
      out_b[c1] = out_stage(c1, acc[3]);
    }
    for (int32_t j = 0; j < plan.constant_count; ++j) {
      out_a[plan.constant[j]] = plan.values[j];
      out_b[plan.constant[j]] = plan.values[j];
    }
#if NIB_PAIR_GEMM_ASM
    if (in_asm)
      for (int32_t e = 0; e < plan.exact_count; ++e) {
        const int32_t oc = plan.exact[e];
        if (live == nullptr && oc >= first) continue;  // done by the C++ loop
        const int8_t* wc = filter + oc * k;
        int32_t acc[4] = {bias[oc], bias[oc], bias[oc], bias[oc]};
        mac_block(widened, wc, wc, groups, acc);
        out_a[oc] = out_stage(oc, acc[0]);
        out_b[oc] = out_stage(oc, acc[2]);
      }
#endif
  }
}

}  // namespace

bool pointwise_s8_applies(const ConvParams& p) {
  return p.filter_h == 1 && p.filter_w == 1 && p.pad_h == 0 && p.pad_w == 0 && p.filter_in_c == p.in_c;
}

Field pointwise_field(const ConvS8Params& p, const int8_t* input, Pixel at, int8_t*) {
  const ConvParams& c = p.conv;
  return {input + ((at.b * c.in_h + at.y * c.stride_h) * c.in_w + at.x * c.stride_w) * c.in_c, c.in_c};
}

size_t pair_gemm_pooled_scratch_bytes(int32_t k, int32_t out_c, bool gathered) {
  return widened_bytes(k) + (gathered ? 2 * gather_bytes(k) : 0) + sizeof(int32_t) * static_cast<size_t>(out_c);
}

void pair_gemm_pooled_s8(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad, const int8_t* input,
                         const int8_t* filter, int8_t* output, void* scratch) {
  run_pooled(p, shape, field, pad, input, filter, output, static_cast<uint8_t*>(scratch));
}

size_t pair_gemm_scratch_bytes(int32_t k, bool gathered) {
  return widened_area_bytes(k) + (gathered ? 2 * gather_bytes(k) : 0);
}

bool pair_gemm_quad_applies(const ConvS8Params& p, int32_t k) { return quad_eligible(p, k); }

size_t pair_gemm_wide_scratch_bytes(const ConvS8Params& p, FieldShape shape) { return wide_bytes(p, shape); }

void pair_gemm_s8(const ConvS8Params& p, FieldShape shape, FieldFn field, PadWidenFn pad, const int8_t* input,
                  const int8_t* filter, int8_t* output, void* scratch) {
  run(p, shape, field, pad, input, filter, output, static_cast<uint8_t*>(scratch),
      field != pointwise_field && pad == nullptr);
}

}  // namespace nib::kernels::cortex_m
