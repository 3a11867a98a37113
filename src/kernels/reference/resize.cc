#include "kernels/reference/resize.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace nib::kernels::reference {
namespace {

// Source coordinate of an output row/column and the two rows/columns around it.
struct Source {
  int32_t pos;     // float path: unused; integer path: the coordinate in 1/1024 units
  float posf;      // float path: the coordinate
  int32_t lo, hi;  // clamped to [0, size - 1]
};

// The input/output size ratio with 10 fraction bits, rounded.
int32_t scale_q10(int32_t in, int32_t out, bool align_corners) {
  if (align_corners && out > 1) return ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1);
  return ((1 << 10) * in + out / 2) / out;
}

Source source_q10(int32_t i, int32_t scale, bool half_pixel, int32_t size) {
  Source s{};
  s.pos = half_pixel ? i * scale + scale / 2 - (1 << 9) : i * scale;
  // Truncating division: a slightly negative half-pixel coordinate gives row 0.
  s.lo = std::max(s.pos / (1 << 10), int32_t{0});
  s.hi = std::min((s.pos + (1 << 10) - 1) / (1 << 10), size - 1);
  return s;
}

float scale_f(int32_t in, int32_t out, bool align_corners) {
  if (align_corners && out > 1) return static_cast<float>(in - 1) / static_cast<float>(out - 1);
  return static_cast<float>(in) / static_cast<float>(out);
}

Source source_f(int32_t i, float scale, bool half_pixel, int32_t size) {
  Source s{};
  s.posf = half_pixel ? (static_cast<float>(i) + 0.5f) * scale - 0.5f : static_cast<float>(i) * scale;
  s.lo = std::max(static_cast<int32_t>(std::floor(s.posf)), int32_t{0});
  s.hi = std::min(static_cast<int32_t>(std::ceil(s.posf)), size - 1);
  return s;
}

}  // namespace

void resize_bilinear_s8(const ResizeParams& p, const int8_t* input, int8_t* output) {
  const int32_t sy = scale_q10(p.in_h, p.out_h, p.align_corners);
  const int32_t sx = scale_q10(p.in_w, p.out_w, p.align_corners);
  const int32_t c_n = p.channels;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* in = input + b * p.in_h * p.in_w * c_n;
    for (int32_t y = 0; y < p.out_h; ++y) {
      const Source ys = source_q10(y, sy, p.half_pixel_centers, p.in_h);
      const int64_t wy1 = ys.pos - (1 << 10) * ys.lo;  // weight of row hi, 10 fraction bits
      const int64_t wy0 = (1 << 10) - wy1;
      for (int32_t x = 0; x < p.out_w; ++x) {
        const Source xs = source_q10(x, sx, p.half_pixel_centers, p.in_w);
        const int64_t wx1 = xs.pos - (1 << 10) * xs.lo;
        const int64_t wx0 = (1 << 10) - wx1;
        const int8_t* p00 = in + (ys.lo * p.in_w + xs.lo) * c_n;
        const int8_t* p10 = in + (ys.hi * p.in_w + xs.lo) * c_n;
        const int8_t* p01 = in + (ys.lo * p.in_w + xs.hi) * c_n;
        const int8_t* p11 = in + (ys.hi * p.in_w + xs.hi) * c_n;
        for (int32_t c = 0; c < c_n; ++c) {
          const int64_t sum = p00[c] * wy0 * wx0 + p10[c] * wy1 * wx0 + p01[c] * wy0 * wx1 + p11[c] * wy1 * wx1;
          // 20 fraction bits, rounded half away from zero.
          const int64_t round = sum > 0 ? (1 << 19) : -(1 << 19);
          *output++ = static_cast<int8_t>((sum + round) / (1 << 20));
        }
      }
    }
  }
}

void resize_bilinear_f32(const ResizeParams& p, const float* input, float* output) {
  const float sy = scale_f(p.in_h, p.out_h, p.align_corners);
  const float sx = scale_f(p.in_w, p.out_w, p.align_corners);
  const int32_t c_n = p.channels;
  for (int32_t b = 0; b < p.batches; ++b) {
    const float* in = input + b * p.in_h * p.in_w * c_n;
    for (int32_t y = 0; y < p.out_h; ++y) {
      const Source ys = source_f(y, sy, p.half_pixel_centers, p.in_h);
      const float dy = ys.posf - static_cast<float>(ys.lo);
      for (int32_t x = 0; x < p.out_w; ++x) {
        const Source xs = source_f(x, sx, p.half_pixel_centers, p.in_w);
        const float dx = xs.posf - static_cast<float>(xs.lo);
        const float* p00 = in + (ys.lo * p.in_w + xs.lo) * c_n;
        const float* p10 = in + (ys.hi * p.in_w + xs.lo) * c_n;
        const float* p01 = in + (ys.lo * p.in_w + xs.hi) * c_n;
        const float* p11 = in + (ys.hi * p.in_w + xs.hi) * c_n;
        for (int32_t c = 0; c < c_n; ++c)
          *output++ = p00[c] * (1 - dy) * (1 - dx) + p10[c] * dy * (1 - dx) + p01[c] * (1 - dy) * dx + p11[c] * dy * dx;
      }
    }
  }
}

int32_t nearest_source(int32_t out, int32_t in_size, int32_t out_size, bool align_corners, bool half_pixel_centers) {
  const float scale = align_corners && out_size > 1 ? static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1)
                                                    : static_cast<float>(in_size) / static_cast<float>(out_size);
  const float pos = (static_cast<float>(out) + (half_pixel_centers ? 0.5f : 0.0f)) * scale;
  int32_t i = std::min(static_cast<int32_t>(align_corners ? std::round(pos) : std::floor(pos)), in_size - 1);
  if (half_pixel_centers) i = std::max(i, int32_t{0});
  return i;
}

void resize_nearest(const ResizeParams& p, const void* input, void* output) {
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  const size_t pixel = static_cast<size_t>(p.channels) * static_cast<size_t>(p.element_size);
  for (int32_t b = 0; b < p.batches; ++b) {
    const uint8_t* image = in + static_cast<size_t>(b * p.in_h * p.in_w) * pixel;
    for (int32_t y = 0; y < p.out_h; ++y) {
      const int32_t sy = nearest_source(y, p.in_h, p.out_h, p.align_corners, p.half_pixel_centers);
      for (int32_t x = 0; x < p.out_w; ++x) {
        const int32_t sx = nearest_source(x, p.in_w, p.out_w, p.align_corners, p.half_pixel_centers);
        std::memcpy(out, image + static_cast<size_t>(sy * p.in_w + sx) * pixel, pixel);
        out += pixel;
      }
    }
  }
}

}  // namespace nib::kernels::reference
