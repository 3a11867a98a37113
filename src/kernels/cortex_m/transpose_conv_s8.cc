#include "kernels/cortex_m/transpose_conv_s8.h"

#include "kernels/cortex_m/dot_s8.h"
#include "quant/fixed_point.h"

namespace nib::kernels::cortex_m {
namespace {

using dsp::clamp;

// sum (x[i] + offset) * w[i] over n channels, as sum x*w + offset * sum w.
int32_t dot_with_offset(const int8_t* x, const int8_t* w, int32_t n, int32_t offset) {
  const Dot d = dot_s8<false, true>(x, w, n);
  return quant::wrap_add(d.xy, quant::wrap_mul(offset, d.y));
}

// The filter taps k (and input positions) that reach output position o along
// one axis: o = in * stride - pad + k, 0 <= in < in_size, 0 <= k < filter.
struct Taps {
  int32_t first_k, first_in, count;  // k steps by stride, in by -1
};
Taps taps(int32_t o, int32_t stride, int32_t pad, int32_t filter, int32_t in_size) {
  // k = o + pad - in * stride: the smallest k >= 0 with k == (o + pad) mod stride.
  const int32_t base = o + pad;
  int32_t k = base % stride;
  int32_t in = (base - k) / stride;
  // Skip input positions past the end (k grows as in shrinks).
  if (in >= in_size) {
    const int32_t skip = in - (in_size - 1);
    in -= skip;
    k += skip * stride;
  }
  Taps t{k, in, 0};
  while (k < filter && in >= 0) {
    ++t.count;
    k += stride;
    --in;
  }
  return t;
}

}  // namespace

void transpose_conv_s8(const TransposeConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                       int8_t* output) {
  const int32_t filter_oc_stride = p.filter_h * p.filter_w * p.in_c;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* in = input + b * p.in_h * p.in_w * p.in_c;
    for (int32_t oy = 0; oy < p.out_h; ++oy) {
      const Taps ty = taps(oy, p.stride_h, p.pad_h, p.filter_h, p.in_h);
      for (int32_t ox = 0; ox < p.out_w; ++ox) {
        const Taps tx = taps(ox, p.stride_w, p.pad_w, p.filter_w, p.in_w);
        for (int32_t oc = 0; oc < p.out_c; ++oc) {
          int32_t acc = bias != nullptr ? bias[oc] : 0;
          const int8_t* f_oc = filter + oc * filter_oc_stride;
          for (int32_t j = 0; j < ty.count; ++j) {
            const int32_t fy = ty.first_k + j * p.stride_h, iy = ty.first_in - j;
            for (int32_t i = 0; i < tx.count; ++i) {
              const int32_t fx = tx.first_k + i * p.stride_w, ix = tx.first_in - i;
              acc = quant::wrap_add(acc, dot_with_offset(in + (iy * p.in_w + ix) * p.in_c,
                                                         f_oc + (fy * p.filter_w + fx) * p.in_c, p.in_c, p.input_offset));
            }
          }
          const int32_t v = quant::wrap_add(
              quant::multiply_by_quantized_multiplier(acc, p.requant.multiplier[oc], p.requant.shift[oc]),
              p.requant.output_offset);
          *output++ = static_cast<int8_t>(clamp(v, p.requant.act_min, p.requant.act_max));
        }
      }
    }
  }
}

}  // namespace nib::kernels::cortex_m
