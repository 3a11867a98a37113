#include "kernels/cortex_m/fully_connected_s8.h"

#include <algorithm>
#include <cstddef>

#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/requant.h"

namespace nib::kernels::cortex_m {
namespace {

// x + offset for 4 inputs as two words: (x0, x2) and (x1, x3), matching
// sxtb16 / sxtb16_odd of the corresponding 4 weight bytes. |x + offset| <=
// 255, so the lane-wise adds cannot wrap.
void widen_input(const int8_t* x, int32_t depth, int32_t offset, uint32_t* out) {
  const uint32_t offsets = dsp::pack16(offset, offset);
  for (int32_t j = 0; j + 4 <= depth; j += 4, out += 2) {
    const uint32_t v = dsp::load4(x + j);
    out[0] = dsp::sadd16(dsp::sxtb16(v), offsets);
    out[1] = dsp::sadd16(dsp::sxtb16_odd(v), offsets);
  }
}

using Requantize = Requantizer<Stage::kChecked>;

inline int8_t finish(const FcS8Params& p, const Requantize& rq, int32_t o, int32_t acc) {
  return rq(p.fc.per_channel ? o : 0, acc);
}

// Four rows at once over the widened chunks, then the scalar tail.
[[gnu::noinline]] void rows4(const FcS8Params& p, const Requantize& rq, const uint32_t* xw, const int8_t* x, const int8_t* w,
                             const int32_t* bias, int32_t o, int8_t* out) {
  const int32_t depth = p.fc.depth, chunks = depth / 4;
  const int8_t* w0 = w + o * depth;
  const int8_t* w1 = w0 + depth;
  const int8_t* w2 = w1 + depth;
  const int8_t* w3 = w2 + depth;
  int32_t a0 = bias ? bias[o] : 0, a1 = bias ? bias[o + 1] : 0, a2 = bias ? bias[o + 2] : 0,
          a3 = bias ? bias[o + 3] : 0;
  int32_t j = 0;
#if NIB_HAVE_DSP
  // Pairs of chunks in hand-scheduled Thumb-2 (13 registers; GCC spills here).
  if (chunks >= 2) {
    const uint32_t* const end = xw + 4 * (chunks / 2);
    uint32_t xe, xo, v, t;
#define NIB_FC_ROW(W, A)                   \
  "ldr %[v], [%[" W "]], #4\n\t"          \
  "sxtb16 %[t], %[v]\n\t"                 \
  "sxtb16 %[v], %[v], ror #8\n\t"         \
  "smlad %[" A "], %[t], %[xe], %[" A "]\n\t" \
  "smlad %[" A "], %[v], %[xo], %[" A "]\n\t"
#define NIB_FC_CHUNK                 \
  "ldr %[xe], [%[xw]], #4\n\t"      \
  "ldr %[xo], [%[xw]], #4\n\t"      \
  NIB_FC_ROW("w0", "a0") NIB_FC_ROW("w1", "a1") NIB_FC_ROW("w2", "a2") NIB_FC_ROW("w3", "a3")
    __asm__ volatile("1:\n\t" NIB_FC_CHUNK NIB_FC_CHUNK
                     "ldr %[t], %[end]\n\t"
                     "cmp %[xw], %[t]\n\t"
                     "bne 1b\n\t"
                     : [xw] "+r"(xw), [w0] "+r"(w0), [w1] "+r"(w1), [w2] "+r"(w2), [w3] "+r"(w3), [a0] "+r"(a0),
                       [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [xe] "=&r"(xe), [xo] "=&r"(xo), [v] "=&r"(v),
                       [t] "=&r"(t)
                     : [end] "m"(end)
                     : "cc", "memory");
#undef NIB_FC_CHUNK
#undef NIB_FC_ROW
    j = 2 * (chunks / 2);
    w0 -= 4 * j;  // the loop advanced the row pointers; the C tail indexes from the row start
    w1 -= 4 * j;
    w2 -= 4 * j;
    w3 -= 4 * j;
  }
#endif
  for (; j < chunks; ++j, xw += 2) {
    const uint32_t xe = xw[0], xo = xw[1];
    uint32_t v = dsp::load4(w0 + 4 * j);
    a0 = dsp::smlad(dsp::sxtb16_odd(v), xo, dsp::smlad(dsp::sxtb16(v), xe, a0));
    v = dsp::load4(w1 + 4 * j);
    a1 = dsp::smlad(dsp::sxtb16_odd(v), xo, dsp::smlad(dsp::sxtb16(v), xe, a1));
    v = dsp::load4(w2 + 4 * j);
    a2 = dsp::smlad(dsp::sxtb16_odd(v), xo, dsp::smlad(dsp::sxtb16(v), xe, a2));
    v = dsp::load4(w3 + 4 * j);
    a3 = dsp::smlad(dsp::sxtb16_odd(v), xo, dsp::smlad(dsp::sxtb16(v), xe, a3));
  }
  for (int32_t k = chunks * 4; k < depth; ++k) {
    const int32_t xv = x[k] + p.fc.input_offset;
    a0 = quant::wrap_mac(a0, xv, w0[k]);
    a1 = quant::wrap_mac(a1, xv, w1[k]);
    a2 = quant::wrap_mac(a2, xv, w2[k]);
    a3 = quant::wrap_mac(a3, xv, w3[k]);
  }
  out[o] = finish(p, rq, o, a0);
  out[o + 1] = finish(p, rq, o + 1, a1);
  out[o + 2] = finish(p, rq, o + 2, a2);
  out[o + 3] = finish(p, rq, o + 3, a3);
}

void row1(const FcS8Params& p, const Requantize& rq, const uint32_t* xw, const int8_t* x, const int8_t* w, const int32_t* bias, int32_t o,
          int8_t* out) {
  const int32_t depth = p.fc.depth, chunks = depth / 4;
  const int8_t* w0 = w + o * depth;
  int32_t a0 = bias ? bias[o] : 0;
  for (int32_t j = 0; j < chunks; ++j, xw += 2) {
    const uint32_t v = dsp::load4(w0 + 4 * j);
    a0 = dsp::smlad(dsp::sxtb16_odd(v), xw[1], dsp::smlad(dsp::sxtb16(v), xw[0], a0));
  }
  for (int32_t j = chunks * 4; j < depth; ++j) a0 = quant::wrap_mac(a0, x[j] + p.fc.input_offset, w0[j]);
  out[o] = finish(p, rq, o, a0);
}

// The rows the assembly loop takes (every whole group of four). Decided
// alike in every build: where it takes every row, prepare gives no scratch,
// on the host too, so that the arena planned there (also by nib compile) is
// the target's.
bool rows_asm_ok(const FcS8Params& p) {
  return p.stage != Stage::kChecked && p.fc.depth % 4 == 0 && p.fc.depth >= 4 && p.fc.units >= 4;
}
bool rows_need_no_scratch(const FcS8Params& p) { return rows_asm_ok(p) && p.fc.units % 4 == 0; }

#if !NIB_FC_ASM
// One row straight from the int8 input: the builds without the assembly
// loop, where rows_need_no_scratch left no room for a widened input.
void row_direct(const FcS8Params& p, const Requantize& rq, const int8_t* x, const int8_t* w, const int32_t* bias,
                int32_t o, int8_t* out) {
  const int8_t* w0 = w + o * p.fc.depth;
  int32_t a0 = bias ? bias[o] : 0;
  for (int32_t j = 0; j < p.fc.depth; ++j) a0 = quant::wrap_mac(a0, x[j] + p.fc.input_offset, w0[j]);
  out[o] = finish(p, rq, o, a0);
}
#endif

#if NIB_FC_ASM
// The assembly row loop (fc_rows_m4.S) for depths a multiple of 4 and
// Stage::kRight; it consumes bias, multiplier, shift and out. It reads the
// int8 input directly (no widened copy).
struct FcJob {
  const int8_t* x;
  const int8_t* x_end;
  int32_t rem;  // chunks % 32: the first pass's chunks
  const int8_t* w;
  int32_t depth;
  const int32_t* bias;
  const int32_t* multiplier;
  const int8_t* shift;
  int8_t* out;
  int8_t* out_end;  // out + 4 * groups
  uint32_t mode;    // 0 on the straight-line path, else kMode* bits
  int32_t m, e1, k;  // per tensor: multiplier, -shift - 1, 2 * offset + 1
  int32_t lo, hi;
  uint32_t entry;    // written by the assembly
  uint32_t offsets;  // the input offset in both int16 lanes
  int32_t ks;        // per tensor: k << (e - 1), when not kModeWide
};
static_assert(offsetof(FcJob, rem) == 8 && offsetof(FcJob, bias) == 20 && offsetof(FcJob, out) == 32 &&
              offsetof(FcJob, mode) == 40 && offsetof(FcJob, k) == 52 && offsetof(FcJob, entry) == 64 &&
              offsetof(FcJob, offsets) == 68 && offsetof(FcJob, ks) == 72);
constexpr uint32_t kModePerChannel = 1, kModeClamp = 2, kModeNoBias = 4, kModeWide = 8;
extern "C" void nib_fc_rows_m4(FcJob* job);

// Every whole group of four rows of one batch; returns the rows done.
int32_t rows_asm(const FcS8Params& p, const int8_t* x, const int8_t* w, const int32_t* bias, int8_t* out) {
  const FullyConnectedParams& fc = p.fc;
  const Requant& r = fc.requant;
  const int32_t groups = fc.units / 4;
  const int32_t e1 = ~r.shift[0], k = 2 * r.output_offset + 1;  // e - 1 >= 0 (Stage::kRight)
  // The straight-line requantization adds k << (e - 1) in SMMLAR; it needs
  // |k << (e - 1)| < 2^29 and a multiplier >= 0 (fc_rows_m4.S, REQUANT).
  const bool narrow = e1 <= 21 && r.multiplier[0] >= 0;
  const uint32_t mode = (fc.per_channel ? kModePerChannel : 0) |
                        (r.act_min == -128 && r.act_max == 127 ? 0 : kModeClamp) | (bias ? 0 : kModeNoBias) |
                        (narrow ? 0 : kModeWide);
  // Field by field: GCC turns the aggregate form into a memset call first.
  FcJob job;
  job.x = x;
  job.x_end = x + fc.depth;
  job.rem = (fc.depth / 4) % 32;
  job.w = w;
  job.depth = fc.depth;
  job.bias = bias;
  job.multiplier = r.multiplier;
  job.shift = r.shift;
  job.out = out;
  job.out_end = out + 4 * groups;
  job.mode = mode;
  job.m = r.multiplier[0];
  job.e1 = e1;
  job.k = k;
  job.lo = r.act_min;
  job.hi = r.act_max;
  job.entry = 0;
  job.offsets = dsp::pack16(fc.input_offset, fc.input_offset);
  job.ks = narrow ? k * (int32_t{1} << e1) : 0;
  nib_fc_rows_m4(&job);
  return 4 * groups;
}
#endif

}  // namespace

bool fully_connected_s8_supported(const FullyConnectedParams& p) { return p.filter_offset == 0; }

FcS8Params fully_connected_s8_prepare(const FullyConnectedParams& p, const int32_t* bias) {
  FcS8Params f;
  f.fc = p;
  const int32_t channels = p.per_channel ? p.units : 1;
  f.stage = stage_for(requant_fast_ok(acc_bound(bias, p.units, p.depth), p.requant.shift, channels), p.requant,
                      channels);
  return f;
}

size_t fully_connected_s8_scratch_bytes(const FcS8Params& p) {
  if (rows_need_no_scratch(p)) return 0;  // the assembly loop does every row
  return sizeof(uint32_t) * 2 * static_cast<size_t>(p.fc.depth / 4);
}

void fully_connected_s8(const FcS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                        int8_t* output, void* scratch) {
  auto* xw = static_cast<uint32_t*>(scratch);
  const Requantize rq(p.fc.requant);
  for (int32_t b = 0; b < p.fc.batches; ++b) {
    const int8_t* x = input + b * p.fc.depth;
    int8_t* out = output + b * p.fc.units;
    int32_t o = 0;
#if NIB_FC_ASM
    if (rows_asm_ok(p)) o = rows_asm(p, x, filter, bias, out);
#else
    if (rows_need_no_scratch(p))
      for (; o < p.fc.units; ++o) row_direct(p, rq, x, filter, bias, o, out);
#endif
    if (o < p.fc.units) widen_input(x, p.fc.depth, p.fc.input_offset, xw);
    for (; o + 4 <= p.fc.units; o += 4) rows4(p, rq, xw, x, filter, bias, o, out);
    for (; o < p.fc.units; ++o) row1(p, rq, xw, x, filter, bias, o, out);
  }
}

}  // namespace nib::kernels::cortex_m
