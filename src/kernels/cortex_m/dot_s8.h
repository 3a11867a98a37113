// int8 dot products for the Cortex-M4 kernels that multiply contiguous
// rows (TRANSPOSE_CONV, BATCH_MATMUL): four bytes per SXTB16/SMLAD step,
// with the sums of either operand for folding zero-point offsets in later.
#pragma once

#include <cstdint>

#include "kernels/cortex_m/dsp.h"
#include "quant/fixed_point.h"

namespace nib::kernels::cortex_m {

struct Dot {
  int32_t xy = 0, x = 0, y = 0;  // sum x*y, sum x (if asked), sum y (if asked)
};

template <bool kSumX, bool kSumY>
inline Dot dot_s8(const int8_t* x, const int8_t* y, int32_t n) {
  constexpr uint32_t kOnes = 0x00010001u;  // two int16 lanes of 1: SMLAD adds a pair
  Dot d;
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const uint32_t xv = dsp::load4(x + i), yv = dsp::load4(y + i);
    const uint32_t xe = dsp::sxtb16(xv), xo = dsp::sxtb16_odd(xv);
    const uint32_t ye = dsp::sxtb16(yv), yo = dsp::sxtb16_odd(yv);
    d.xy = dsp::smlad(xe, ye, d.xy);
    d.xy = dsp::smlad(xo, yo, d.xy);
    if constexpr (kSumX) d.x = dsp::smlad(dsp::sadd16(xe, xo), kOnes, d.x);
    if constexpr (kSumY) d.y = dsp::smlad(dsp::sadd16(ye, yo), kOnes, d.y);
  }
  for (; i < n; ++i) {
    d.xy = quant::wrap_mac(d.xy, x[i], y[i]);  // wraps like SMLAD for a hostile length
    if constexpr (kSumX) d.x = quant::wrap_add(d.x, x[i]);
    if constexpr (kSumY) d.y = quant::wrap_add(d.y, y[i]);
  }
  return d;
}

}  // namespace nib::kernels::cortex_m
