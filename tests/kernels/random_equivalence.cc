#include "random_equivalence.h"

#include <algorithm>
#include <cstring>

#include "kernels/cortex_m/add_s8.h"
#include "kernels/cortex_m/batch_matmul_s8.h"
#include "kernels/cortex_m/average_pool_s8.h"
#include "kernels/cortex_m/conv_s8.h"
#include "kernels/cortex_m/depthwise_conv_s8.h"
#include "kernels/cortex_m/fully_connected_s8.h"
#include "kernels/cortex_m/requant.h"
#include "kernels/cortex_m/sub_s8.h"
#include "kernels/cortex_m/transpose_conv_s8.h"
#include "kernels/reference/math.h"
#include "kernels/reference/matmul.h"
#include "kernels/reference/reference.h"
#include "quant/fixed_point.h"

namespace nib::test {
namespace {

namespace cm = kernels::cortex_m;
namespace ref = kernels::reference;
using kernels::ConvParams;

constexpr int kMax = 8192;
alignas(16) int8_t g_input[kMax], g_input2[kMax], g_filter[kMax], g_ref[kMax], g_fast[kMax], g_tmp[kMax];
alignas(16) int32_t g_bias[64], g_mult[64];
alignas(16) int8_t g_shift[64];
alignas(16) uint32_t g_pairs[kMax];
alignas(16) uint8_t g_scratch[4 * kMax];

// xorshift32: small, deterministic on every target.
struct Rng {
  uint32_t s;
  uint32_t next() {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
  }
  int32_t in(int32_t lo, int32_t hi) { return lo + static_cast<int32_t>(next() % static_cast<uint32_t>(hi - lo + 1)); }
  bool chance(int percent) { return static_cast<int32_t>(next() % 100) < percent; }
};

void fill(Rng& r, int8_t* p, int n, bool extremes) {
  for (int i = 0; i < n; ++i) {
    p[i] = static_cast<int8_t>(r.in(-128, 127));
    if (extremes && r.chance(10)) p[i] = r.chance(50) ? -128 : 127;
  }
}

// Per-channel multipliers for reals in [2^-16, 2) (sometimes > 1: positive shifts).
void multipliers(Rng& r, int n, bool allow_left) {
  for (int c = 0; c < n; ++c) {
    const double real = (0.5 + (r.next() % 1000000) / 2000000.0) / static_cast<double>(1u << r.in(allow_left ? 0 : 1, 16)) *
                        (allow_left && r.chance(20) ? 4.0 : 1.0);
    int shift = 0;
    quant::quantize_multiplier(real, &g_mult[c], &shift);
    g_shift[c] = static_cast<int8_t>(shift);
  }
}

void requant_params(Rng& r, kernels::Requant* q) {
  q->multiplier = g_mult;
  q->shift = g_shift;
  q->output_offset = r.in(-128, 127);
  q->act_min = r.chance(50) ? -128 : r.in(-128, 0);
  q->act_max = r.chance(50) ? 127 : r.in(q->act_min, 127);
}

struct Padded {
  int32_t out, pad;
};
Padded padding(bool same, int32_t in, int32_t filter, int32_t stride, int32_t dilation) {
  const int32_t eff = (filter - 1) * dilation + 1;
  const int32_t out = same ? (in + stride - 1) / stride : (in - eff + stride) / stride;
  return {out, std::max<int32_t>((out - 1) * stride + eff - in, 0) / 2};
}

// SAME or VALID output size and padding of a convolution or a pool, from its
// input, filter, stride and (convolutions) dilation.
template <class Geometry>
void pad_output(Geometry* g, bool same) {
  int32_t dilation_h = 1, dilation_w = 1;
  if constexpr (requires { g->dilation_h; }) dilation_h = g->dilation_h, dilation_w = g->dilation_w;
  const Padded ph = padding(same, g->in_h, g->filter_h, g->stride_h, dilation_h);
  const Padded pw = padding(same, g->in_w, g->filter_w, g->stride_w, dilation_w);
  g->out_h = ph.out;
  g->out_w = pw.out;
  g->pad_h = ph.pad;
  g->pad_w = pw.pad;
}

// One image, strides, dilations and depth multiplier 1: what the cases below
// start from before drawing the fields they vary.
ConvParams unit_conv() {
  ConvParams p{};
  p.batches = 1;
  p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = p.depth_multiplier = 1;
  return p;
}

int32_t input_size(const ConvParams& p) { return p.batches * p.in_h * p.in_w * p.in_c; }
int32_t filter_size(const ConvParams& p) { return p.out_c * p.filter_h * p.filter_w * p.filter_in_c; }
int32_t output_size(const ConvParams& p) { return p.batches * p.out_h * p.out_w * p.out_c; }

// A non-empty output, and every tensor within the buffers.
bool fits(const ConvParams& p) {
  return p.out_h > 0 && p.out_w > 0 && input_size(p) <= kMax && filter_size(p) <= kMax && output_size(p) <= kMax;
}

// Random input, then filter, extremes included.
void fill_conv(Rng& r, const ConvParams& p) {
  fill(r, g_input, input_size(p), true);
  fill(r, g_filter, filter_size(p), true);
}

// Random convolution geometry with a non-empty output that fits the buffers.
bool random_conv(Rng& r, ConvParams* p, bool depthwise) {
  *p = ConvParams{};
  p->batches = r.in(1, 2);
  p->in_h = r.in(1, 12);
  p->in_w = r.in(1, 12);
  p->in_c = depthwise ? r.in(1, 24) : (r.chance(30) ? r.in(1, 4) : r.in(1, 40));
  // One in five convolutions is 1x1, the pointwise layers' own kernel.
  const bool pointwise = !depthwise && r.chance(20);
  p->filter_h = pointwise ? 1 : r.in(1, 5);
  p->filter_w = pointwise ? 1 : r.in(1, 5);
  p->stride_h = r.in(1, 3);
  p->stride_w = r.in(1, 3);
  p->dilation_h = r.chance(70) ? 1 : 2;
  p->dilation_w = r.chance(70) ? 1 : 2;
  p->out_c = depthwise ? p->in_c : r.in(1, 13);
  p->filter_in_c = depthwise ? 1 : p->in_c;
  p->depth_multiplier = 1;
  pad_output(p, r.chance(50));
  p->input_offset = r.in(-127, 128);
  return fits(*p);
}

// Pruned models: some channels' weights all zero.
void zero_some_channels(Rng& r, int8_t* filter, int channels, int k) {
  for (int c = 0; c < channels; ++c)
    if (r.chance(40)) std::memset(filter + c * k, 0, static_cast<size_t>(k));
}

// The optimized kernel's 3x3 fast path: dilation 1, channels a multiple of
// four (up to the 64 the bias buffers hold), wider rows, strides 1 to 3.
bool random_depthwise_3x3(Rng& r, ConvParams* p) {
  if (!random_conv(r, p, true)) return false;
  p->in_c = p->out_c = 4 * r.in(1, 16);
  p->in_w = r.in(1, 24);
  p->in_h = r.in(1, 8);
  p->filter_h = p->filter_w = 3;
  p->dilation_h = p->dilation_w = 1;
  p->stride_w = r.chance(80) ? r.in(1, 2) : 3;
  p->stride_h = r.in(1, 3);
  pad_output(p, r.chance(70));
  return fits(*p);
}

void random_bias(Rng& r, int n, bool huge) {
  for (int c = 0; c < n; ++c) g_bias[c] = huge && r.chance(30) ? r.in(-(1 << 29), 1 << 29) : r.in(-40000, 40000);
}

// How random_requant draws: huge biases and left shifts sometimes or never,
// the full int8 range forced `full_range` percent of the time (0: no draw),
// a bias `with_bias` percent of the time.
struct RequantDraw {
  bool huge_bias = false, left_shifts = false;
  int full_range = 0, with_bias = 90;
};

// Per-channel biases, multipliers and shifts, offset and clamps for
// `channels` outputs; returns the bias, or null for a layer without one.
const int32_t* random_requant(Rng& r, kernels::Requant* q, int32_t channels, RequantDraw how) {
  random_bias(r, channels, how.huge_bias);
  multipliers(r, channels, how.left_shifts);
  requant_params(r, q);
  if (how.full_range > 0 && r.chance(how.full_range)) q->act_min = -128, q->act_max = 127;
  return r.chance(how.with_bias) ? g_bias : nullptr;
}

// Either proof prepare may use for ConvS8Params::fast_requant: the
// layer-wide bound or the per-channel one (which admits more layers).
bool fast_requant_proof(Rng& r, const ConvParams& p, const int32_t* bias) {
  if (r.chance(50)) return cm::requant_fast_ok(cm::conv_s8_acc_bound(p, bias), g_shift, p.out_c);
  return cm::conv_s8_fast_requant_ok(p, g_filter, bias);
}

// The small field's int16 weight pairs: none, widened at prepare, or
// widened at prepare or at run half and half.
enum class Pairs { none, prepared, either };

// A convolution prepared as the interpreter prepares it: the input zero
// point as padding, the bias folded at run time, `pool` fused in, the
// weight pairs, either requantization proof, then the stages.
cm::ConvS8Params prepare_conv(Rng& r, const ConvParams& p, const int32_t* bias, Pairs pairs = Pairs::none,
                              const cm::FusedPool& pool = {}) {
  cm::ConvS8Params f;
  f.conv = p;
  f.pad_value = static_cast<int8_t>(-p.input_offset);
  f.fold_at_run = true;
  f.pool = pool;
  if (pairs != Pairs::none) {
    f.k2 = cm::conv_s8_small_k2(p);
    if (pairs == Pairs::prepared || r.chance(50)) {
      cm::conv_s8_widen_weights(p, g_filter, g_pairs);
      f.weight_pairs = g_pairs;
    }
  }
  f.fast_requant = fast_requant_proof(r, p, bias);
  cm::conv_s8_set_stages(&f);
  return f;
}

// The channel plan of a pruned layer (live list, constant channels) where
// trimming allows one: `percent` of those times (100: always, no draw).
void plan_channels(Rng& r, cm::ConvS8Params* f, const int32_t* bias, int percent) {
  static uint16_t live[64], constant[64], exact[64];
  static int8_t values[64];
  static cm::ChannelPlan plan;
  plan = cm::conv_s8_count_channels(f->conv, g_filter, bias);
  if (!cm::conv_s8_trim_plan(f->fast_requant, &plan) || (percent < 100 && !r.chance(percent))) return;
  plan.live = live;
  plan.constant = constant;
  plan.values = values;
  plan.exact = exact;
  cm::conv_s8_fill_plan(f->conv, g_filter, bias, &plan);
  f->plan = &plan;
}

// A 2x2 / 2 VALID max pool over the convolution's output, clamped from
// below sometimes (and from above, when `clamp_above`).
cm::FusedPool pool_2x2(Rng& r, const ConvParams& p, bool clamp_above) {
  cm::FusedPool pool;
  pool.filter_h = pool.filter_w = pool.stride_h = pool.stride_w = 2;
  pool.out_h = static_cast<int16_t>(p.out_h / 2);
  pool.out_w = static_cast<int16_t>(p.out_w / 2);
  pool.act_min = static_cast<int16_t>(r.chance(60) ? -128 : r.in(-128, 20));
  if (clamp_above) pool.act_max = static_cast<int16_t>(r.chance(60) ? 127 : r.in(pool.act_min, 127));
  return pool;
}

// A max pool commutes with the requantization only while it is monotone:
// no left shift may push an accumulator past 32 bits.
bool monotone_requant(const ConvParams& p, const int32_t* bias) {
  const int64_t bound = cm::conv_s8_acc_bound(p, bias);
  for (int c = 0; c < p.out_c; ++c)
    if (g_shift[c] > 0 && (bound << g_shift[c]) >= (int64_t{1} << 31)) return false;
  return true;
}

// The reference of a fused max pool: the reference convolution's output
// (g_ref) pooled into g_tmp.
void reference_pool(const ConvParams& p, const cm::FusedPool& pool) {
  kernels::PoolParams pp{};
  pp.batches = p.batches;
  pp.in_h = p.out_h;
  pp.in_w = p.out_w;
  pp.channels = p.out_c;
  pp.out_h = pool.out_h;
  pp.out_w = pool.out_w;
  pp.filter_h = pool.filter_h;
  pp.filter_w = pool.filter_w;
  pp.stride_h = pool.stride_h;
  pp.stride_w = pool.stride_w;
  pp.pad_h = pool.pad_h;
  pp.pad_w = pool.pad_w;
  pp.act_min = pool.act_min;
  pp.act_max = pool.act_max;
  ref::max_pool_s8(pp, g_ref, g_tmp);
}

int32_t pooled_size(const ConvParams& p, const cm::FusedPool& pool) {
  return p.batches * pool.out_h * pool.out_w * p.out_c;
}

void record(EquivalenceReport& rep, bool equal, const char* what, uint32_t seed) {
  ++rep.cases;
  if (equal) return;
  if (rep.mismatches++ == 0) {
    std::strncpy(rep.first_failure, what, sizeof rep.first_failure - 16);
    char* end = rep.first_failure + std::strlen(rep.first_failure);
    std::memcpy(end, " seed ", 6);
    end += 6;
    char digits[12];
    int n = 0;
    do digits[n++] = static_cast<char>('0' + seed % 10); while ((seed /= 10) != 0);
    while (n) *end++ = digits[--n];
    *end = '\0';
  }
}

// Runs the prepared convolution into a poisoned output (so no byte passes
// unwritten) and records whether its first `n` bytes are `expected`'s.
void run_conv(EquivalenceReport& rep, const cm::ConvS8Params& f, const int8_t* input, const int32_t* bias,
              const int8_t* expected, int32_t n, const char* what, uint32_t seed) {
  std::memset(g_fast, 0x5A, sizeof g_fast);
  cm::conv_s8(f, input, g_filter, bias, g_fast, g_scratch);
  record(rep, std::memcmp(expected, g_fast, static_cast<size_t>(n)) == 0, what, seed);
}

void conv_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p;
  while (!random_conv(r, &p, false)) {}
  fill_conv(r, p);
  if (r.chance(25)) zero_some_channels(r, g_filter, p.out_c, p.filter_h * p.filter_w * p.in_c);
  const bool has_bias = r.chance(80);
  random_bias(r, p.out_c, true);
  multipliers(r, p.out_c, true);
  requant_params(r, &p.requant);
  const int32_t* bias = has_bias ? g_bias : nullptr;
  ref::conv2d_s8(p, g_input, g_filter, bias, g_ref);
  const Pairs pairs = cm::conv_s8_small_field(p) && r.chance(70) ? Pairs::either : Pairs::none;
  cm::ConvS8Params f = prepare_conv(r, p, bias, pairs);
  plan_channels(r, &f, bias, 70);
  run_conv(rep, f, g_input, bias, g_ref, output_size(p), "conv2d", seed);

  // The same convolution with a max pool fused in, against conv then pool.
  cm::FusedPool pool;
  const bool usual = r.chance(30);  // 2x2, stride 2, VALID: the pair GEMM's pooled path
  pool.filter_h = usual ? 2 : r.in(1, 3);
  pool.filter_w = usual ? 2 : r.in(1, 3);
  pool.stride_h = usual ? 2 : r.in(1, 3);
  pool.stride_w = usual ? 2 : r.in(1, 3);
  const bool same = !usual && r.chance(50);
  const Padded ph = padding(same, p.out_h, pool.filter_h, pool.stride_h, 1);
  const Padded pw = padding(same, p.out_w, pool.filter_w, pool.stride_w, 1);
  if (ph.out < 1 || pw.out < 1 || !monotone_requant(p, bias)) return;
  pool.pad_h = ph.pad;
  pool.pad_w = pw.pad;
  pool.out_h = ph.out;
  pool.out_w = pw.out;
  pool.act_min = r.chance(50) ? -128 : r.in(-128, 0);
  pool.act_max = 127;
  reference_pool(p, pool);
  f.pool = pool;
  run_conv(rep, f, g_input, bias, g_tmp, pooled_size(p, pool), "conv2d+maxpool", seed);
}

// First layers: 3x3 over one input channel, stride 1, then a 2x2 / 2 max
// pool (the conv3x3x1_pool_s8 kernel when the requantization allows it:
// mostly right shifts and small biases here, sometimes not).
void first_layer_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p = unit_conv();
  // Sometimes large images with few channels: more pooled rows than one
  // band of conv3x3x1_pool_s8 takes (with the preferred scratch), so a band
  // and an odd count end mid-row.
  const bool large = r.chance(20);
  p.batches = r.in(1, 2);
  p.in_h = large ? r.in(24, 44) : r.in(3, 20);
  p.in_w = large ? r.in(24, 44) : r.in(3, 20);
  p.in_c = p.filter_in_c = 1;
  p.filter_h = p.filter_w = 3;
  p.out_c = large ? r.in(1, 4) : r.in(1, 40);
  pad_output(&p, r.chance(40));
  p.input_offset = r.in(-127, 128);
  if (p.out_h < 2 || p.out_w < 2 || !fits(p)) return;
  const bool plain = r.chance(85);
  fill_conv(r, p);
  const int32_t* bias = random_requant(r, &p.requant, p.out_c, {.huge_bias = !plain, .left_shifts = !plain});
  ref::conv2d_s8(p, g_input, g_filter, bias, g_ref);
  const cm::FusedPool pool = pool_2x2(r, p, true);
  reference_pool(p, pool);
  const Pairs pairs = r.chance(70) ? Pairs::prepared : Pairs::none;
  cm::ConvS8Params f = prepare_conv(r, p, bias, pairs, pool);
  // Bands of several pooled rows when the planner would grant the preferred
  // scratch, one row per call otherwise.
  const size_t preferred = cm::conv_s8_preferred_scratch_bytes(f);
  f.wide_scratch = preferred > 0 && preferred <= sizeof g_scratch && r.chance(60);
  run_conv(rep, f, g_input, bias, g_tmp, pooled_size(p, pool), "first layer 3x3x1+maxpool", seed);
}

// Convolutions over whole-word channels (in_c % 4 == 0) with a 2x2 / 2 max
// pool fused in: the pooled-quad kernel when the requantization is proven
// fast (mostly here; its shared-row widening unless dilated, padded or
// strided past the filter), the pooled pair GEMM otherwise.
void pooled_conv_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p = unit_conv();
  p.in_c = p.filter_in_c = 4 * r.in(1, 8);
  p.filter_h = r.chance(85) ? r.in(1, 3) : 5;  // 5x5: LeNet-style, K-pairs not a multiple of 8
  p.filter_w = r.chance(70) ? p.filter_h : r.in(1, 3);
  p.stride_h = p.stride_w = r.chance(80) ? 1 : 2;
  p.dilation_h = p.dilation_w = r.chance(10) ? 2 : 1;
  p.in_h = r.in((p.filter_h - 1) * p.dilation_h + 2, 12);
  p.in_w = r.in((p.filter_w - 1) * p.dilation_w + 2, 12);
  p.out_c = r.in(1, 13);
  pad_output(&p, r.chance(40));
  p.input_offset = r.in(-127, 128);
  if (p.out_h < 2 || p.out_w < 2 || !fits(p)) return;
  const bool plain = r.chance(85);
  fill_conv(r, p);
  const int32_t* bias = random_requant(r, &p.requant, p.out_c, {.huge_bias = !plain, .left_shifts = !plain});
  if (!monotone_requant(p, bias)) return;
  ref::conv2d_s8(p, g_input, g_filter, bias, g_ref);
  const cm::FusedPool pool = pool_2x2(r, p, false);
  reference_pool(p, pool);
  const cm::ConvS8Params f = prepare_conv(r, p, bias, Pairs::none, pool);
  run_conv(rep, f, g_input, bias, g_tmp, pooled_size(p, pool), "pooled conv (whole-word channels)", seed);
}

// 1x1 convolutions over 4 to 128 input channels (pointwise_small_s8 when
// the requantization is plain and the depth small, mostly here: its
// 4-pixel tile for 8, 16 and 32 channels with an even output count, with
// 1-3 lone pixels after the tiles; the pair GEMM's 4-pixel tile from 16),
// with fused activation clamps.
void pointwise_small_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p = unit_conv();
  p.batches = r.in(1, 2);
  p.in_h = r.in(1, 9);
  p.in_w = r.in(1, 9);
  const int32_t depths[6] = {4, 8, 16, 32, 64, 128};  // 16 up: also the pair GEMM's 4-pixel tile
  p.in_c = p.filter_in_c = depths[r.in(0, 5)];
  p.filter_h = p.filter_w = 1;
  p.stride_h = p.stride_w = r.chance(80) ? 1 : 2;
  p.out_c = r.in(1, 40);
  pad_output(&p, false);  // 1x1: SAME and VALID alike
  p.input_offset = r.in(-127, 128);
  if (!fits(p)) return;
  const bool plain = r.chance(85);
  fill_conv(r, p);
  // The full range half the time: the 4-pixel tile's.
  const int32_t* bias =
      random_requant(r, &p.requant, p.out_c, {.huge_bias = !plain, .left_shifts = !plain, .full_range = 50});
  ref::conv2d_s8(p, g_input, g_filter, bias, g_ref);
  const cm::ConvS8Params f = prepare_conv(r, p, bias);
  run_conv(rep, f, g_input, bias, g_ref, output_size(p), "pointwise, small depth", seed);
}

// Pruned 1x1 convolutions over 64 or 128 channels with a channel plan (live
// list, constant channels, maybe huge biases on them): the pair GEMM's
// live-channel 4-pixel tile.
void pruned_pointwise_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p = unit_conv();
  p.in_c = p.filter_in_c = r.chance(50) ? 64 : 128;
  p.filter_h = p.filter_w = 1;
  p.in_h = r.in(1, 6);
  p.in_w = r.in(1, 6);
  p.out_c = r.in(2, 60);
  pad_output(&p, false);
  p.input_offset = r.in(-127, 128);
  if (!fits(p)) return;
  fill_conv(r, p);
  zero_some_channels(r, g_filter, p.out_c, p.in_c);
  const bool huge_bias = r.chance(30);
  const int32_t* bias = random_requant(r, &p.requant, p.out_c, {.huge_bias = huge_bias, .full_range = 80});
  ref::conv2d_s8(p, g_input, g_filter, bias, g_ref);
  cm::ConvS8Params f = prepare_conv(r, p, bias);
  plan_channels(r, &f, bias, 100);
  run_conv(rep, f, g_input, bias, g_ref, output_size(p), "pruned pointwise, live-channel tile", seed);
}

// First layers on the small-field path: 3x3 over 1 or 3 channels (6 or 15
// int16 pairs per field, the sizes the 4-pixel tile has), rows of at least
// four pixels, saturated or clamped.
void first_layer_tile_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p = unit_conv();
  p.in_c = p.filter_in_c = r.chance(50) ? 1 : 3;
  p.filter_h = p.filter_w = 3;
  p.in_h = r.in(3, 12);
  p.in_w = r.in(6, 24);
  p.stride_h = p.stride_w = r.chance(70) ? 1 : 2;
  p.out_c = 2 * r.in(1, 16);
  pad_output(&p, r.chance(50));
  p.input_offset = r.in(-127, 128);
  if (!fits(p)) return;
  fill_conv(r, p);
  const int32_t* bias = random_requant(r, &p.requant, p.out_c, {.full_range = 50});
  ref::conv2d_s8(p, g_input, g_filter, bias, g_ref);
  if (!cm::conv_s8_small_field(p)) return;
  const cm::ConvS8Params f = prepare_conv(r, p, bias, Pairs::either);
  run_conv(rep, f, g_input, bias, g_ref, output_size(p), "first layer, 4-pixel tile", seed);
}

// Convolutions whose field has a K the pair GEMM's 4-pixel tile has a
// variant for (16, 32: 1x2, 2x1 or 2x2 over 8 channels, 2x2 over 4; 256,
// 288, 576: 2x2 over 64, 3x3 over 32 or 64, 1x1 over 256), gathered or
// padded fields, saturated or clamped.
void small_field_k_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p = unit_conv();
  const int32_t shapes[8][3] = {{1, 2, 8}, {2, 1, 8}, {2, 2, 8}, {2, 2, 4}, {2, 2, 64}, {3, 3, 32}, {3, 3, 64}, {1, 1, 256}};
  const int32_t* shape = shapes[r.in(0, 7)];
  p.filter_h = shape[0];
  p.filter_w = shape[1];
  p.in_c = p.filter_in_c = shape[2];
  const int32_t k = p.filter_h * p.filter_w * p.in_c;
  const bool big = k > 32;
  p.batches = big ? 1 : r.in(1, 2);
  p.in_h = r.in(2, big ? 5 : 9);
  p.in_w = r.in(2, big ? 5 : 9);
  p.stride_h = p.stride_w = r.chance(80) ? 1 : 2;
  p.out_c = 2 * r.in(1, std::min<int32_t>(20, kMax / (2 * k)));
  pad_output(&p, r.chance(50));
  p.input_offset = r.in(-127, 128);
  if (!fits(p)) return;
  fill_conv(r, p);
  const int32_t* bias = random_requant(r, &p.requant, p.out_c, {.full_range = 70});
  ref::conv2d_s8(p, g_input, g_filter, bias, g_ref);
  const cm::ConvS8Params f = prepare_conv(r, p, bias);
  run_conv(rep, f, g_input, bias, g_ref, output_size(p), "conv, 16- or 32-byte field", seed);
}

// 3x3 convolutions over 16, 32 or 64 channels at stride 1 with rows of
// whole 4-pixel tiles: the pair GEMM's row-window tiles (mostly: full int8
// range, even channel counts, proven requantization), at the input's edges
// too.
void window_conv_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p = unit_conv();
  p.batches = r.in(1, 2);
  const int32_t depths[3] = {16, 32, 64};
  p.in_c = p.filter_in_c = depths[r.in(0, 2)];
  p.filter_h = p.filter_w = 3;
  const bool same = r.chance(60);
  p.out_w = 4 * r.in(1, 3);
  p.out_h = r.in(1, 5);
  p.in_w = same ? p.out_w : p.out_w + 2;
  p.in_h = same ? p.out_h : p.out_h + 2;
  p.pad_h = p.pad_w = same ? 1 : 0;
  const int32_t k = 9 * p.in_c;
  p.out_c = r.chance(90) ? 2 * r.in(1, std::min<int32_t>(12, kMax / (2 * k))) : r.in(1, kMax / k);
  p.input_offset = r.in(-127, 128);
  if (!fits(p)) return;
  fill(r, g_filter, filter_size(p), true);
  const int32_t* bias = random_requant(r, &p.requant, p.out_c, {.full_range = 80});
  // Sometimes an input that is not word-aligned (the window's byte loop).
  int8_t* input = input_size(p) + 1 <= kMax && r.chance(20) ? g_input + 1 : g_input;
  fill(r, input, input_size(p), true);
  ref::conv2d_s8(p, input, g_filter, bias, g_ref);
  const cm::ConvS8Params f = prepare_conv(r, p, bias);
  run_conv(rep, f, input, bias, g_ref, output_size(p), "conv 3x3 stride 1, row-window tile", seed);
}

// 3x3 convolutions over 16 channels (K = 144) outside the row-window tile
// (stride 2, or rows that do not split into 4-pixel tiles), with and without
// the preferred scratch granted: the pair GEMM's K = 144 4-pixel tile or
// the 2-pixel loop.
void wide_scratch_conv_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p = unit_conv();
  p.batches = r.in(1, 2);
  p.in_c = p.filter_in_c = 16;
  p.filter_h = p.filter_w = 3;
  p.stride_h = p.stride_w = r.chance(70) ? 2 : 1;
  p.in_h = r.in(3, 10);
  p.in_w = r.in(3, 10);
  pad_output(&p, r.chance(60));
  p.out_c = r.chance(90) ? 2 * r.in(1, 16) : r.in(1, 32);
  p.input_offset = r.in(-127, 128);
  if (!fits(p)) return;
  fill_conv(r, p);
  const int32_t* bias = random_requant(r, &p.requant, p.out_c, {.full_range = 80});
  ref::conv2d_s8(p, g_input, g_filter, bias, g_ref);
  cm::ConvS8Params f = prepare_conv(r, p, bias);
  // Granted (as the interpreter decides from the planned size) or not.
  const size_t preferred = cm::conv_s8_preferred_scratch_bytes(f);
  f.wide_scratch = preferred > 0 && r.chance(80);
  if (preferred > sizeof g_scratch) return;
  run_conv(rep, f, g_input, bias, g_ref, output_size(p), "conv 3x3x16, granted 4-pixel tile", seed);
}

void depthwise_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  ConvParams p;
  const bool fast_path = r.chance(50);
  while (!(fast_path ? random_depthwise_3x3(r, &p) : random_conv(r, &p, true))) {}
  fill_conv(r, p);
  const int32_t* bias =
      random_requant(r, &p.requant, p.out_c, {.huge_bias = true, .left_shifts = true, .with_bias = 80});
  ref::depthwise_conv2d_s8(p, g_input, g_filter, bias, g_ref);
  cm::DepthwiseS8Params f;
  f.conv = p;
  f.fast_requant = cm::requant_fast_ok(cm::acc_bound(bias, p.out_c, int64_t{p.filter_h} * p.filter_w), g_shift, p.out_c);
  cm::depthwise_s8(f, g_input, g_filter, bias, g_fast, g_scratch);
  record(rep, std::memcmp(g_ref, g_fast, static_cast<size_t>(output_size(p))) == 0, "depthwise", seed);
}

void fully_connected_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  kernels::FullyConnectedParams p{};
  // Plain layers (small biases, right shifts only) take the Cortex-M4
  // assembly row loop when the depth is a multiple of 4.
  const bool plain = r.chance(50);
  p.batches = r.in(1, 3);
  p.depth = r.in(1, 300);
  if (plain && r.chance(60)) p.depth = std::max<int32_t>(4, p.depth & ~3);
  p.units = r.in(1, 21);
  if (p.batches * p.depth > kMax || p.units * p.depth > kMax) return;
  p.input_offset = r.in(-127, 128);
  p.per_channel = r.chance(50);
  fill(r, g_input, p.batches * p.depth, true);
  fill(r, g_filter, p.units * p.depth, true);
  random_bias(r, p.units, !plain);
  multipliers(r, p.units, !plain);
  if (plain && r.chance(20)) {
    // Zero weights and tiny biases: accumulators around 0, where the
    // rounding's sign handling matters (fc_rows_m4.S, REQUANT).
    std::memset(g_filter, 0, static_cast<size_t>(p.units * p.depth));
    for (int32_t c = 0; c < p.units; ++c) g_bias[c] = r.in(-3, 3);
  }
  // Right shifts past 21: the assembly's out-of-line requantization.
  if (plain && r.chance(15))
    for (int32_t c = 0; c < p.units; ++c) g_shift[c] = static_cast<int8_t>(-r.in(18, 31));
  requant_params(r, &p.requant);
  const int32_t* bias = r.chance(80) ? g_bias : nullptr;
  ref::fully_connected_s8(p, g_input, g_filter, bias, g_ref);
  const cm::FcS8Params f = cm::fully_connected_s8_prepare(p, bias);
  cm::fully_connected_s8(f, g_input, g_filter, bias, g_fast, g_scratch);
  record(rep, std::memcmp(g_ref, g_fast, static_cast<size_t>(p.batches * p.units)) == 0, "fully_connected", seed);
}

void add_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  kernels::BinaryParams p{};
  p.rank = 1;
  p.elements = r.in(1, 2000);
  p.out_dims[0] = p.elements;
  p.stride1[0] = p.stride2[0] = 1;
  p.same_shape = true;
  p.input1_offset = r.in(-127, 128);
  p.input2_offset = r.in(-127, 128);
  p.output_offset = r.in(-128, 127);
  p.left_shift = 20;
  // Scales as an ADD's prepare derives them from random tensor scales.
  const double s1 = 0.001 + (r.next() % 1000) / 10000.0, s2 = 0.001 + (r.next() % 1000) / 10000.0;
  const double so = 0.001 + (r.next() % 1000) / 5000.0;
  const double twice_max = 2.0 * std::max(s1, s2);
  int shift = 0;
  quant::quantize_multiplier(s1 / twice_max, &p.input1_multiplier, &shift);
  p.input1_shift = shift;
  quant::quantize_multiplier(s2 / twice_max, &p.input2_multiplier, &shift);
  p.input2_shift = shift;
  quant::quantize_multiplier(twice_max / (static_cast<double>(1 << 20) * so), &p.output_multiplier, &shift);
  p.output_shift = shift;
  p.act_min = r.chance(70) ? -128 : r.in(-128, 0);  // fused activations: a clamp, not only saturation
  p.act_max = r.chance(70) ? 127 : r.in(p.act_min, 127);
  if (!cm::add_s8_supported(p)) return;
  fill(r, g_input, p.elements + 3, true);
  fill(r, g_input2, p.elements, true);
  // Inputs off word alignment sometimes (the 4-element loop needs both aligned).
  const int8_t* a = r.chance(80) ? g_input : g_input + r.in(1, 3);
  ref::add_s8(p, a, g_input2, g_ref);
  cm::add_s8(p, a, g_input2, g_fast);
  record(rep, std::memcmp(g_ref, g_fast, static_cast<size_t>(p.elements)) == 0, "add", seed);
  // SUB derives the same parameters.
  ref::sub_s8(p, g_input, g_input2, g_ref);
  cm::sub_s8(p, g_input, g_input2, g_fast);
  record(rep, std::memcmp(g_ref, g_fast, static_cast<size_t>(p.elements)) == 0, "sub", seed);
}

void average_pool_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  kernels::PoolParams p{};
  p.batches = r.in(1, 2);
  p.in_h = r.in(1, 16);
  p.in_w = r.in(1, 16);
  p.channels = r.in(1, 24);
  p.filter_h = r.chance(20) ? p.in_h : r.in(1, 4);  // sometimes global, as in classifier heads
  p.filter_w = r.chance(20) ? p.in_w : r.in(1, 4);
  p.stride_h = r.in(1, 3);
  p.stride_w = r.in(1, 3);
  pad_output(&p, r.chance(50));
  p.act_min = r.chance(50) ? -128 : r.in(-128, 0);
  p.act_max = r.chance(50) ? 127 : r.in(p.act_min, 127);
  if (p.out_h < 1 || p.out_w < 1 || p.batches * p.in_h * p.in_w * p.channels > kMax ||
      !cm::average_pool_s8_supported(p))
    return;
  fill(r, g_input, p.batches * p.in_h * p.in_w * p.channels, true);
  if (r.chance(20)) std::memset(g_input, r.chance(50) ? 0x80 : 0x7F, static_cast<size_t>(kMax));  // extreme sums
  const int out_n = p.batches * p.out_h * p.out_w * p.channels;
  ref::average_pool_s8(p, g_input, g_ref);
  cm::average_pool_s8(p, g_input, g_fast);
  record(rep, std::memcmp(g_ref, g_fast, static_cast<size_t>(out_n)) == 0, "average_pool", seed);
}

// Transposed convolution: random output geometry, the input size it implies.
void transpose_conv_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  kernels::TransposeConvParams p{};
  p.batches = r.in(1, 2);
  p.in_c = r.in(1, 13);
  p.out_c = r.in(1, 9);
  p.filter_h = r.in(1, 4);
  p.filter_w = r.in(1, 4);
  p.stride_h = r.in(1, 3);
  p.stride_w = r.in(1, 3);
  p.out_h = r.in(1, 9);
  p.out_w = r.in(1, 9);
  const bool same = r.chance(50);
  const Padded ph = padding(same, p.out_h, p.filter_h, p.stride_h, 1);
  const Padded pw = padding(same, p.out_w, p.filter_w, p.stride_w, 1);
  if (ph.out < 1 || pw.out < 1) return;
  p.in_h = ph.out;
  p.in_w = pw.out;
  p.pad_h = ph.pad;
  p.pad_w = pw.pad;
  const int32_t in_n = p.batches * p.in_h * p.in_w * p.in_c, out_n = p.batches * p.out_h * p.out_w * p.out_c;
  if (in_n > kMax || out_n > kMax || p.out_c * p.filter_h * p.filter_w * p.in_c > kMax) return;
  p.input_offset = r.in(-127, 128);
  fill(r, g_input, in_n, true);
  fill(r, g_filter, p.out_c * p.filter_h * p.filter_w * p.in_c, true);
  const int32_t* bias = random_requant(r, &p.requant, p.out_c, {.left_shifts = true, .with_bias = 80});
  ref::transpose_conv_s8(p, g_input, g_filter, bias, g_ref, reinterpret_cast<int32_t*>(g_scratch));
  cm::transpose_conv_s8(p, g_input, g_filter, bias, g_fast);
  record(rep, std::memcmp(g_ref, g_fast, static_cast<size_t>(out_n)) == 0, "transpose_conv", seed);
}

// Batch matmul with both operands contiguous along the depth (lhs x rhs^T),
// random zero points on both sides and a broadcast batch dimension.
void batch_matmul_case(Rng& r, EquivalenceReport& rep, uint32_t seed) {
  kernels::BatchMatMulParams p{};
  p.rows = r.in(1, 9);
  p.cols = r.in(1, 9);
  p.depth = r.in(1, 70);
  const int32_t lhs_batches = r.in(1, 3), rhs_batches = r.chance(50) ? 1 : lhs_batches;
  p.batch_rank = 1;
  p.batch_dims[0] = lhs_batches;
  p.batches = lhs_batches;
  p.lhs_batch_stride[0] = p.rows * p.depth;
  p.rhs_batch_stride[0] = rhs_batches == 1 ? 0 : p.cols * p.depth;
  p.lhs_row_stride = p.depth;
  p.lhs_depth_stride = 1;
  p.rhs_depth_stride = 1;
  p.rhs_col_stride = p.depth;
  const int32_t lhs_n = lhs_batches * p.rows * p.depth, rhs_n = rhs_batches * p.cols * p.depth;
  if (lhs_n > kMax || rhs_n > kMax || p.batches * p.rows * p.cols > kMax) return;
  p.lhs_offset = r.in(-127, 128);
  p.rhs_offset = r.chance(50) ? 0 : r.in(-127, 128);
  p.output_offset = r.in(-128, 127);
  multipliers(r, 1, true);
  p.output_multiplier = g_mult[0];
  p.output_shift = g_shift[0];
  p.act_min = r.chance(70) ? -128 : r.in(-128, 0);
  p.act_max = r.chance(70) ? 127 : r.in(p.act_min, 127);
  fill(r, g_input, lhs_n, true);
  fill(r, g_filter, rhs_n, true);
  ref::batch_matmul_s8(p, g_input, g_filter, g_ref);
  cm::batch_matmul_s8(p, g_input, g_filter, g_fast);
  record(rep, std::memcmp(g_ref, g_fast, static_cast<size_t>(p.batches * p.rows * p.cols)) == 0, "batch_matmul", seed);
}

}  // namespace

EquivalenceReport run_random_equivalence(uint32_t seed, int cases) {
  EquivalenceReport rep;
  for (int i = 0; i < cases; ++i) {
    const uint32_t case_seed = seed + static_cast<uint32_t>(i) * 7919u;
    Rng r{case_seed | 1u};
    conv_case(r, rep, case_seed);
    depthwise_case(r, rep, case_seed);
    fully_connected_case(r, rep, case_seed);
    add_case(r, rep, case_seed);
    average_pool_case(r, rep, case_seed);
    first_layer_case(r, rep, case_seed);
    pooled_conv_case(r, rep, case_seed);
    pointwise_small_case(r, rep, case_seed);
    small_field_k_case(r, rep, case_seed);
    window_conv_case(r, rep, case_seed);
    wide_scratch_conv_case(r, rep, case_seed);
    first_layer_tile_case(r, rep, case_seed);
    pruned_pointwise_case(r, rep, case_seed);
    transpose_conv_case(r, rep, case_seed);
    batch_matmul_case(r, rep, case_seed);
  }
  return rep;
}

}  // namespace nib::test
