#include "digits/framebuffer.h"

#include <algorithm>
#include <cmath>

#include "digits/raster.h"

namespace nib::digits {

Rect Framebuffer::set_clip(const Rect& r) {
  const Rect previous = clip_;
  clip_ = intersect(r, bounds());
  return previous;
}

void Framebuffer::blend_pixel(int x, int y, Color c, uint8_t alpha) {
  if (!clip_.contains(x, y) || alpha == 0) return;
  Color& p = row(y)[x];
  p = alpha == 255 ? c : blend(p, c, alpha);
}

void Framebuffer::fill_rect(const Rect& r, Color c) {
  const Rect v = intersect(r, clip_);
  for (int y = v.y; y < v.bottom(); ++y) std::fill_n(row(y) + v.x, v.w, c);
}

void Framebuffer::frame_rect(const Rect& r, Color c, int thickness) {
  const int t = std::min({thickness, r.w / 2 + 1, r.h / 2 + 1});
  fill_rect({r.x, r.y, r.w, t}, c);
  fill_rect({r.x, r.bottom() - t, r.w, t}, c);
  fill_rect({r.x, r.y + t, t, r.h - 2 * t}, c);
  fill_rect({r.right() - t, r.y + t, t, r.h - 2 * t}, c);
}

namespace {

// Coverage of pixel (px, py) by the corner circle of radius rad centred on
// (cx, cy) (pixel-centre coordinates), as 0..255.
uint8_t corner_fill(float px, float py, float cx, float cy, float rad) {
  const float d = std::sqrt((px - cx) * (px - cx) + (py - cy) * (py - cy));
  const float c = std::clamp(rad + 0.5f - d, 0.0f, 1.0f);
  return static_cast<uint8_t>(c * 255.0f + 0.5f);
}

// Coverage by the one-pixel ring through the outermost pixels of the corner.
uint8_t corner_ring(float px, float py, float cx, float cy, float rad) {
  const float d = std::sqrt((px - cx) * (px - cx) + (py - cy) * (py - cy));
  const float c = std::clamp(1.0f - std::fabs(d - (rad - 0.5f)), 0.0f, 1.0f);
  return static_cast<uint8_t>(c * 255.0f + 0.5f);
}

template <typename Coverage>
void for_each_corner(Framebuffer& fb, const Rect& r, int radius, Color c, Coverage coverage) {
  const float rad = static_cast<float>(radius);
  // Corner circle centres: the rectangle's edges are half a pixel outside
  // its outermost pixel centres.
  const float left = static_cast<float>(r.x) - 0.5f + rad, right = static_cast<float>(r.right()) - 0.5f - rad;
  const float top = static_cast<float>(r.y) - 0.5f + rad, bottom = static_cast<float>(r.bottom()) - 0.5f - rad;
  for (int j = 0; j < radius; ++j) {
    for (int i = 0; i < radius; ++i) {
      const int xl = r.x + i, xr = r.right() - 1 - i, yt = r.y + j, yb = r.bottom() - 1 - j;
      fb.blend_pixel(xl, yt, c, coverage(static_cast<float>(xl), static_cast<float>(yt), left, top, rad));
      fb.blend_pixel(xr, yt, c, coverage(static_cast<float>(xr), static_cast<float>(yt), right, top, rad));
      fb.blend_pixel(xl, yb, c, coverage(static_cast<float>(xl), static_cast<float>(yb), left, bottom, rad));
      fb.blend_pixel(xr, yb, c, coverage(static_cast<float>(xr), static_cast<float>(yb), right, bottom, rad));
    }
  }
}

}  // namespace

void Framebuffer::fill_round_rect(const Rect& r, int radius, Color c) {
  radius = std::clamp(radius, 0, std::min(r.w, r.h) / 2);
  if (r.empty()) return;
  fill_rect({r.x + radius, r.y, r.w - 2 * radius, r.h}, c);
  fill_rect({r.x, r.y + radius, radius, r.h - 2 * radius}, c);
  fill_rect({r.right() - radius, r.y + radius, radius, r.h - 2 * radius}, c);
  for_each_corner(*this, r, radius, c, corner_fill);
}

void Framebuffer::frame_round_rect(const Rect& r, int radius, Color c) {
  radius = std::clamp(radius, 0, std::min(r.w, r.h) / 2);
  if (r.empty()) return;
  hline(r.x + radius, r.y, r.w - 2 * radius, c);
  hline(r.x + radius, r.bottom() - 1, r.w - 2 * radius, c);
  vline(r.x, r.y + radius, r.h - 2 * radius, c);
  vline(r.right() - 1, r.y + radius, r.h - 2 * radius, c);
  for_each_corner(*this, r, radius, c, corner_ring);
}

void Framebuffer::line(PointF a, PointF b, float width, Color c) {
  raster_capsule(a, b, width * 0.5f, clip_, [&](int x, int y, uint8_t cov) { blend_pixel(x, y, c, cov); });
}

void Framebuffer::fill_circle(PointF centre, float radius, Color c) { line(centre, centre, radius * 2.0f, c); }

void Framebuffer::blit_gray(int x, int y, const uint8_t* gray, int w, int h, int stride, Color bg, Color fg) {
  const Rect v = intersect({x, y, w, h}, clip_);
  for (int py = v.y; py < v.bottom(); ++py) {
    const uint8_t* src = gray + static_cast<ptrdiff_t>(py - y) * stride + (v.x - x);
    Color* dst = row(py) + v.x;
    for (int i = 0; i < v.w; ++i) {
      const uint8_t g = src[i];
      dst[i] = g == 0 ? bg : g == 255 ? fg : blend(bg, fg, g);
    }
  }
}

void Framebuffer::blit_gray_scaled(int x, int y, const uint8_t* gray, int w, int h, int scale, Color bg, Color fg) {
  for (int j = 0; j < h; ++j)
    for (int i = 0; i < w; ++i) fill_rect({x + i * scale, y + j * scale, scale, scale}, blend(bg, fg, gray[j * w + i]));
}

}  // namespace nib::digits
