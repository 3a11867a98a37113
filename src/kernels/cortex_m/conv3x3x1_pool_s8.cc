#include "kernels/cortex_m/conv3x3x1_pool_s8.h"

#include <cstddef>

#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/requant.h"

namespace nib::kernels::cortex_m {
namespace {

// Words per pooled pixel and per channel record.
constexpr int32_t kPatchWords = 12;
constexpr int32_t kRecordWords = 9;
// Patch bytes of the pooled rows run per call when the planner grants the
// layer its preferred scratch (ConvS8Params::wide_scratch): the whole output
// of small layers (the seed's 13 rows), so each channel's set-up and odd
// last pooled pixel come once per call rather than once per row (the rows of
// a band are consecutive pooled pixels in the output too). Otherwise one
// pooled row per call, so the band never raises the arena's peak.
constexpr size_t kBandBytes = 8192;

int32_t band_rows(const ConvS8Params& p, bool wide) {
  const size_t row = 4 * static_cast<size_t>(kPatchWords) * static_cast<size_t>(p.pool.out_w);
  const size_t rows = wide ? kBandBytes / row : 1;
  return rows < 1 ? 1 : (rows > static_cast<size_t>(p.pool.out_h) ? p.pool.out_h : static_cast<int32_t>(rows));
}

// One pooled row for every channel. Layouts:
//  - data, per pooled pixel, from the patch rows R0..R3 (bytes b0..b3),
//    Er = (b0, b2) and Or = (b1, b3) of Rr:
//      E0 O0 E1 | O1 E2 O2 | E3 O3 (R0.b1, R1.b1) | (R0.b2, R1.b2) (R1.b1, R2.b1) (R1.b2, R2.b2)
//  - record, per channel, from its weights w[ky][kx]:
//      (w00, w02) (w10, w12) (w20, w22) (w01, w11) (w21, 0) | 2 bias, multiplier, k, e
//    with k = 2^(e-1) + (output offset << e): the rounding and the offset
//    in one add, exact while |h| + |k| < 2^31 (e <= 22).
struct Conv3x3PoolJob {
  const uint32_t* data;
  const uint32_t* data_end;
  const int32_t* records;
  int8_t* out;      // channel 0 of the row's first pooled pixel
  int32_t channels;
  int32_t step;     // bytes between pooled pixels (the channel count)
  int32_t lo, hi;   // clamp (conv and pool activations), if `clamp`
  int32_t clamp;
  const uint32_t* pairs_end;  // data + the patches of whole pairs of pooled pixels
  const uint32_t* quads_end;  // ... of whole fours
};

#if NIB_CONV3X3_POOL_ASM
static_assert(offsetof(Conv3x3PoolJob, records) == 8 && offsetof(Conv3x3PoolJob, step) == 20 &&
              offsetof(Conv3x3PoolJob, clamp) == 32 && offsetof(Conv3x3PoolJob, pairs_end) == 36 &&
              offsetof(Conv3x3PoolJob, quads_end) == 40);
extern "C" void nib_conv3x3x1_pool_m4(const Conv3x3PoolJob* job);
extern "C" void nib_conv3x3x1_patches_m4(const int8_t* src, int32_t in_w, int32_t count, uint32_t* data);
#else
// The assembly loop's arithmetic, instruction for instruction, for hosts.
void channels_c(const Conv3x3PoolJob& job) {
  const int32_t* rec = job.records;
  for (int32_t c = 0; c < job.channels; ++c, rec += kRecordWords) {
    const auto w = [rec](int i) { return static_cast<uint32_t>(rec[i]); };
    int8_t* out = job.out + c;
    for (const uint32_t* x = job.data; x != job.data_end; x += kPatchWords, out += job.step) {
      int32_t a = dsp::smlad(x[0], w(0), 0), b = dsp::smlad(x[1], w(0), 0);
      a = dsp::smlad(x[2], w(1), a);
      int32_t cc = dsp::smlad(x[2], w(0), 0);
      b = dsp::smlad(x[3], w(1), b);
      int32_t d = dsp::smlad(x[3], w(0), 0);
      a = dsp::smlad(x[4], w(2), a);
      cc = dsp::smlad(x[4], w(1), cc);
      b = dsp::smlatb(x[4], w(4), b);
      b = dsp::smlad(x[5], w(2), b);
      d = dsp::smlad(x[5], w(1), d);
      a = dsp::smlabb(x[5], w(4), a);
      cc = dsp::smlad(x[6], w(2), cc);
      d = dsp::smlatb(x[6], w(4), d);
      d = dsp::smlad(x[7], w(2), d);
      cc = dsp::smlabb(x[7], w(4), cc);
      a = dsp::smlad(x[8], w(3), a);
      b = dsp::smlad(x[9], w(3), b);
      cc = dsp::smlad(x[10], w(3), cc);
      d = dsp::smlad(x[11], w(3), d);
      a = a < b ? b : a;
      cc = cc < d ? d : cc;
      a = a < cc ? cc : a;
      const int32_t t = static_cast<int32_t>(static_cast<uint32_t>(rec[5]) + (static_cast<uint32_t>(a) << 1));
      const int32_t h = smmulr(t, rec[6]);
      int32_t v = static_cast<int32_t>(static_cast<uint32_t>(h) + static_cast<uint32_t>(rec[7] + (h >> 31))) >> rec[8];
      v = dsp::sat8(v);
      if (job.clamp) v = dsp::clamp(v, job.lo, job.hi);
      *out = static_cast<int8_t>(v);
    }
  }
}
#endif

// (a low half, b low half) and (a high half, b high half): PKHBT and
// PKHTB.
inline uint32_t lo_lo(uint32_t a, uint32_t b) {
#if NIB_HAVE_DSP
  uint32_t r;
  __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(a), "r"(b));
  return r;
#else
  return (a & 0xFFFFu) | (b << 16);
#endif
}

inline uint32_t hi_hi(uint32_t a, uint32_t b) {
#if NIB_HAVE_DSP
  uint32_t r;
  __asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(b), "r"(a));
  return r;
#else
  return (a >> 16) | (b & 0xFFFF0000u);
#endif
}

// One pooled pixel's 12 patch words from its four patch rows (plain
// locals, so the compiler keeps them in registers).
[[gnu::always_inline]] inline void fill_patch(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3, uint32_t* data) {
  const uint32_t e0 = dsp::sxtb16(r0), o0 = dsp::sxtb16_odd(r0), e1 = dsp::sxtb16(r1), o1 = dsp::sxtb16_odd(r1);
  const uint32_t e2 = dsp::sxtb16(r2), o2 = dsp::sxtb16_odd(r2), e3 = dsp::sxtb16(r3), o3 = dsp::sxtb16_odd(r3);
  data[0] = e0;
  data[1] = o0;
  data[2] = e1;
  data[3] = o1;
  data[4] = e2;
  data[5] = o2;
  data[6] = e3;
  data[7] = o3;
  data[8] = lo_lo(o0, o1);
  data[9] = hi_hi(e0, e1);
  data[10] = lo_lo(o1, o2);
  data[11] = hi_hi(e1, e2);
}

// The pooled pixels' patch words of pooled row py (batch image `image`).
void patch_row(const ConvS8Params& p, const int8_t* image, int32_t py, uint32_t* data) {
  const ConvParams& c = p.conv;
  const int32_t iy0 = 2 * py - c.pad_h, in_w = c.in_w, out_w = p.pool.out_w;
  const bool rows_inside = iy0 >= 0 && iy0 + 4 <= c.in_h;
  for (int32_t px = 0; px < out_w; ++px, data += kPatchWords) {
    const int32_t ix0 = 2 * px - c.pad_w;
    const bool cols_inside = ix0 >= 0 && ix0 + 4 <= in_w;
    uint32_t rows[4];
#if NIB_CONV3X3_POOL_ASM
    if (rows_inside && cols_inside) {  // the usual case: the run of such pixels in assembly
      int32_t count = 1;
      while (px + count < out_w && 2 * (px + count) - c.pad_w + 4 <= in_w) ++count;
      nib_conv3x3x1_patches_m4(image + iy0 * in_w + ix0, in_w, count, data);
      px += count - 1;
      data += kPatchWords * (count - 1);
      continue;
    }
#endif
    if (rows_inside && cols_inside) {  // the usual case: four word loads
      const int8_t* src = image + iy0 * in_w + ix0;
      fill_patch(dsp::load4(src), dsp::load4(src + in_w), dsp::load4(src + 2 * in_w), dsp::load4(src + 3 * in_w),
                 data);
      continue;
    }
    for (int32_t r = 0; r < 4; ++r) {
      const int32_t iy = iy0 + r;
      if (iy >= 0 && iy < c.in_h && cols_inside) {
        rows[r] = dsp::load4(image + iy * c.in_w + ix0);
        continue;
      }
      int8_t bytes[4];
      for (int32_t k = 0; k < 4; ++k) {
        const int32_t ix = ix0 + k;
        bytes[k] = iy >= 0 && iy < c.in_h && ix >= 0 && ix < c.in_w ? image[iy * c.in_w + ix] : p.pad_value;
      }
      rows[r] = dsp::load4(bytes);
    }
    fill_patch(rows[0], rows[1], rows[2], rows[3], data);
  }
}

// Every channel's record, or false when a channel's requantization does
// not fit the kernel's single-add rounding.
bool fill_records(const ConvS8Params& p, const int8_t* filter, int32_t* rec) {
  const Requant& r = p.conv.requant;
  if (!p.fast_requant || r.shift == nullptr) return false;
  for (int32_t c = 0; c < p.conv.out_c; ++c, filter += 9, rec += kRecordWords) {
    const int32_t e = -r.shift[c];
    if (e < 1 || e > 22) return false;
    const auto w = [filter](int ky, int kx) { return static_cast<int32_t>(filter[3 * ky + kx]); };
    rec[0] = static_cast<int32_t>(dsp::pack16(w(0, 0), w(0, 2)));
    rec[1] = static_cast<int32_t>(dsp::pack16(w(1, 0), w(1, 2)));
    rec[2] = static_cast<int32_t>(dsp::pack16(w(2, 0), w(2, 2)));
    rec[3] = static_cast<int32_t>(dsp::pack16(w(0, 1), w(1, 1)));
    rec[4] = static_cast<int32_t>(dsp::pack16(w(2, 1), 0));
    rec[5] = static_cast<int32_t>(static_cast<uint32_t>(p.bias[c]) << 1);
    rec[6] = r.multiplier[c];
    rec[7] = (int32_t{1} << (e - 1)) + r.output_offset * (int32_t{1} << e);
    rec[8] = e;
  }
  return true;
}

}  // namespace

bool conv3x3x1_pool_geometry(const ConvS8Params& p) {
  const ConvParams& c = p.conv;
  const FusedPool& pool = p.pool;
  return c.in_c == 1 && c.filter_in_c == 1 && c.filter_h == 3 && c.filter_w == 3 && c.stride_h == 1 &&
         c.stride_w == 1 && c.dilation_h == 1 && c.dilation_w == 1 && pool.filter_h == 2 && pool.filter_w == 2 &&
         pool.stride_h == 2 && pool.stride_w == 2 && pool.pad_h == 0 && pool.pad_w == 0 && pool.out_h >= 1 &&
         pool.out_w >= 1 && 2 * pool.out_h <= c.out_h && 2 * pool.out_w <= c.out_w;
}

size_t conv3x3x1_pool_scratch_bytes(const ConvS8Params& p, bool wide) {
  return 4 * (static_cast<size_t>(kRecordWords) * static_cast<size_t>(p.conv.out_c) +
              static_cast<size_t>(kPatchWords) * static_cast<size_t>(p.pool.out_w) * band_rows(p, wide));
}

bool conv3x3x1_pool_s8(const ConvS8Params& p, const int8_t* input, const int8_t* filter, int8_t* output,
                       void* scratch) {
  const ConvParams& c = p.conv;
  const FusedPool& pool = p.pool;
  auto* records = static_cast<int32_t*>(scratch);
  auto* data = reinterpret_cast<uint32_t*>(records + kRecordWords * c.out_c);
  if (!conv3x3x1_pool_geometry(p) || !fill_records(p, filter, records)) return false;
  const int32_t lo = c.requant.act_min > pool.act_min ? c.requant.act_min : pool.act_min;
  const int32_t hi = c.requant.act_max < pool.act_max ? c.requant.act_max : pool.act_max;
  if (lo > hi) return false;  // disjoint ranges: left to the general path
  const int32_t band = band_rows(p, p.wide_scratch), row_words = kPatchWords * pool.out_w;
  Conv3x3PoolJob job{data, nullptr, records, nullptr, c.out_c, c.out_c, lo, hi, lo > -128 || hi < 127, nullptr, nullptr};
  for (int32_t b = 0; b < c.batches; ++b) {
    const int8_t* image = input + b * c.in_h * c.in_w;
    for (int32_t py = 0; py < pool.out_h; py += band) {
      const int32_t rows = py + band <= pool.out_h ? band : pool.out_h - py;
      for (int32_t r = 0; r < rows; ++r) patch_row(p, image, py + r, data + r * row_words);
      const int32_t count = rows * pool.out_w;  // pooled pixels of the band
      job.data_end = data + kPatchWords * count;
      job.pairs_end = data + kPatchWords * (count & ~1);
      job.quads_end = data + kPatchWords * (count & ~3);
      job.out = output + ((b * pool.out_h + py) * pool.out_w) * c.out_c;
#if NIB_CONV3X3_POOL_ASM
      nib_conv3x3x1_pool_m4(&job);
#else
      channels_c(job);
#endif
    }
  }
  return true;
}

}  // namespace nib::kernels::cortex_m
