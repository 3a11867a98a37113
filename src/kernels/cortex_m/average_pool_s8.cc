#include "kernels/cortex_m/average_pool_s8.h"

#include <algorithm>

#include "kernels/cortex_m/dsp.h"
#include "quant/fixed_point.h"

namespace nib::kernels::cortex_m {
namespace {

// The reference's rounding (half away from zero) and clamp.
inline int8_t average(const PoolParams& p, int32_t sum, int32_t count) {
  const int32_t avg = sum > 0 ? quant::wrap_add(sum, count / 2) / count : quant::wrap_add(sum, -(count / 2)) / count;
  return static_cast<int8_t>(std::clamp(avg, p.act_min, p.act_max));
}

}  // namespace

// Window sums of at most 256 int8 values fit int16 lanes. The area in 64
// bits: a hostile model's filter sides may be anything up to 2^31 - 1.
bool average_pool_s8_supported(const PoolParams& p) { return int64_t{p.filter_h} * p.filter_w <= 256; }

void average_pool_s8(const PoolParams& p, const int8_t* input, int8_t* output) {
  const int32_t channels = p.channels, row = p.in_w * channels, quads = channels / 4;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* image = input + b * p.in_h * row;
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox, output += channels) {
        // The window, clipped to the input.
        const int32_t y = oy * p.stride_h - p.pad_h, x = ox * p.stride_w - p.pad_w;
        const int32_t y0 = std::max<int32_t>(y, 0), y1 = std::min<int32_t>(y + p.filter_h, p.in_h);
        const int32_t x0 = std::max<int32_t>(x, 0), x1 = std::min<int32_t>(x + p.filter_w, p.in_w);
        const int32_t count = (y1 - y0) * (x1 - x0);
        const int8_t* corner = image + y0 * row + x0 * channels;
        for (int32_t q = 0; q < quads; ++q) {
          uint32_t even = 0, odd = 0;  // channels (4q, 4q+2) and (4q+1, 4q+3)
          for (int32_t wy = y0; wy < y1; ++wy) {
            const int8_t* in = corner + (wy - y0) * row + 4 * q;
            int32_t wx = x0;
            for (; wx + 2 <= x1; wx += 2, in += 2 * channels) {  // two loads back to back
              const uint32_t v = dsp::load4(in), u = dsp::load4(in + channels);
              even = dsp::sadd16(dsp::sadd16(even, dsp::sxtb16(v)), dsp::sxtb16(u));
              odd = dsp::sadd16(dsp::sadd16(odd, dsp::sxtb16_odd(v)), dsp::sxtb16_odd(u));
            }
            if (wx < x1) {
              const uint32_t v = dsp::load4(in);
              even = dsp::sadd16(even, dsp::sxtb16(v));
              odd = dsp::sadd16(odd, dsp::sxtb16_odd(v));
            }
          }
          int8_t* out = output + 4 * q;
          out[0] = average(p, static_cast<int16_t>(even), count);
          out[1] = average(p, static_cast<int16_t>(odd), count);
          out[2] = average(p, static_cast<int16_t>(even >> 16), count);
          out[3] = average(p, static_cast<int16_t>(odd >> 16), count);
        }
        for (int32_t c = 4 * quads; c < channels; ++c) {
          int32_t sum = 0;
          for (int32_t wy = y0; wy < y1; ++wy)
            for (int32_t wx = x0; wx < x1; ++wx)
              sum = quant::wrap_add(sum, corner[(wy - y0) * row + (wx - x0) * channels + c]);
          output[c] = average(p, sum, count);
        }
      }
  }
}

}  // namespace nib::kernels::cortex_m
