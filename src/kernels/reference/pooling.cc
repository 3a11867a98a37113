// MAX_POOL_2D and AVERAGE_POOL_2D. The window is clipped to the input, and
// an average divides by the number of input positions actually covered.
#include <algorithm>
#include <limits>

#include "kernels/reference/reference.h"
#include "quant/fixed_point.h"

namespace nib::kernels::reference {
namespace {

struct Window {
  int32_t y0, y1, x0, x1;  // half-open, clipped to the input
  int32_t count() const { return (y1 - y0) * (x1 - x0); }
};

inline Window window(const PoolParams& p, int32_t oy, int32_t ox) {
  const int32_t y = oy * p.stride_h - p.pad_h;
  const int32_t x = ox * p.stride_w - p.pad_w;
  return {std::max<int32_t>(y, 0), std::min<int32_t>(y + p.filter_h, p.in_h), std::max<int32_t>(x, 0), std::min<int32_t>(x + p.filter_w, p.in_w)};
}

template <typename T, typename Reduce>
void pool(const PoolParams& p, const T* input, T* output, Reduce reduce) {
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox) {
        const Window w = window(p, oy, ox);
        for (int32_t c = 0; c < p.channels; ++c) {
          const T* in = input + b * p.in_h * p.in_w * p.channels + c;
          output[((b * p.out_h + oy) * p.out_w + ox) * p.channels + c] = reduce(in, w);
        }
      }
}

}  // namespace

void max_pool_s8(const PoolParams& p, const int8_t* input, int8_t* output) {
  pool(p, input, output, [&p](const int8_t* in, const Window& w) {
    int32_t m = std::numeric_limits<int8_t>::min();
    for (int32_t y = w.y0; y < w.y1; ++y)
      for (int32_t x = w.x0; x < w.x1; ++x) m = std::max<int32_t>(m, in[(y * p.in_w + x) * p.channels]);
    return static_cast<int8_t>(std::clamp<int32_t>(m, p.act_min, p.act_max));
  });
}

void max_pool_f32(const PoolParams& p, const float* input, float* output) {
  pool(p, input, output, [&p](const float* in, const Window& w) {
    float m = std::numeric_limits<float>::lowest();
    for (int32_t y = w.y0; y < w.y1; ++y)
      for (int32_t x = w.x0; x < w.x1; ++x) m = std::max(m, in[(y * p.in_w + x) * p.channels]);
    return std::clamp(m, p.clamp.min, p.clamp.max);
  });
}

void average_pool_s8(const PoolParams& p, const int8_t* input, int8_t* output) {
  pool(p, input, output, [&p](const int8_t* in, const Window& w) {
    int32_t sum = 0;
    for (int32_t y = w.y0; y < w.y1; ++y)
      for (int32_t x = w.x0; x < w.x1; ++x) sum = quant::wrap_add(sum, in[(y * p.in_w + x) * p.channels]);
    const int32_t n = w.count();
    // Round half away from zero.
    const int32_t avg = sum > 0 ? quant::wrap_add(sum, n / 2) / n : quant::wrap_add(sum, -(n / 2)) / n;
    return static_cast<int8_t>(std::clamp<int32_t>(avg, p.act_min, p.act_max));
  });
}

void average_pool_f32(const PoolParams& p, const float* input, float* output) {
  pool(p, input, output, [&p](const float* in, const Window& w) {
    float sum = 0.0f;
    for (int32_t y = w.y0; y < w.y1; ++y)
      for (int32_t x = w.x0; x < w.x1; ++x) sum += in[(y * p.in_w + x) * p.channels];
    return std::clamp(sum / static_cast<float>(w.count()), p.clamp.min, p.clamp.max);
  });
}

}  // namespace nib::kernels::reference
