// RGB565 framebuffer and the drawing primitives the UI is made of. The
// pixels belong to the caller (an LCD frame in SDRAM on the board, a static
// array in QEMU, a vector in the simulator); nothing here allocates.
#pragma once

#include <cstddef>
#include <cstdint>

#include "digits/geometry.h"

namespace nib::digits {

using Color = uint16_t;  // RGB565: rrrrrggg gggbbbbb

constexpr Color rgb(uint8_t r, uint8_t g, uint8_t b) {
  return static_cast<Color>(((r & 0xF8u) << 8) | ((g & 0xFCu) << 3) | (b >> 3));
}

// 8-bit channels of an RGB565 colour, low bits filled by repeating the high
// ones (so 0x1F → 0xFF, not 0xF8).
constexpr uint8_t red8(Color c) { return static_cast<uint8_t>(((c >> 11) << 3) | (c >> 13)); }
constexpr uint8_t green8(Color c) { return static_cast<uint8_t>((((c >> 5) & 0x3F) << 2) | ((c >> 9) & 0x3)); }
constexpr uint8_t blue8(Color c) { return static_cast<uint8_t>(((c & 0x1F) << 3) | ((c >> 2) & 0x7)); }

// fg over bg with opacity alpha (0 = bg, 255 = fg), per 565 channel.
constexpr Color blend(Color bg, Color fg, uint8_t alpha) {
  const uint32_t a = alpha, na = 255u - alpha;
  const uint32_t r = (((fg >> 11) & 0x1F) * a + ((bg >> 11) & 0x1F) * na + 127) / 255;
  const uint32_t g = (((fg >> 5) & 0x3F) * a + ((bg >> 5) & 0x3F) * na + 127) / 255;
  const uint32_t b = ((fg & 0x1F) * a + (bg & 0x1F) * na + 127) / 255;
  return static_cast<Color>((r << 11) | (g << 5) | b);
}

class Framebuffer {
 public:
  // stride: pixels from one row to the next (>= width).
  Framebuffer(Color* pixels, int width, int height, int stride)
      : px_(pixels), width_(width), height_(height), stride_(stride), clip_{0, 0, width, height} {}
  Framebuffer(Color* pixels, int width, int height) : Framebuffer(pixels, width, height, width) {}

  int width() const { return width_; }
  int height() const { return height_; }
  int stride() const { return stride_; }
  Rect bounds() const { return {0, 0, width_, height_}; }
  const Color* pixels() const { return px_; }
  Color* row(int y) { return px_ + static_cast<ptrdiff_t>(y) * stride_; }
  const Color* row(int y) const { return px_ + static_cast<ptrdiff_t>(y) * stride_; }
  Color at(int x, int y) const { return row(y)[x]; }

  // Every primitive draws only inside the clip rectangle (the whole screen
  // by default). Returns the previous clip so callers can restore it.
  Rect set_clip(const Rect& r);
  const Rect& clip() const { return clip_; }

  void set(int x, int y, Color c) {
    if (clip_.contains(x, y)) row(y)[x] = c;
  }
  void blend_pixel(int x, int y, Color c, uint8_t alpha);

  void fill(Color c) { fill_rect(bounds(), c); }
  void fill_rect(const Rect& r, Color c);
  void hline(int x, int y, int w, Color c) { fill_rect({x, y, w, 1}, c); }
  void vline(int x, int y, int h, Color c) { fill_rect({x, y, 1, h}, c); }
  // Outline `thickness` pixels wide, inside r.
  void frame_rect(const Rect& r, Color c, int thickness = 1);
  // Filled rectangle with anti-aliased quarter-circle corners of `radius`.
  void fill_round_rect(const Rect& r, int radius, Color c);
  // Outline of a rounded rectangle, one pixel wide, anti-aliased.
  void frame_round_rect(const Rect& r, int radius, Color c);
  // Anti-aliased line with round caps; width in pixels (may be fractional).
  void line(PointF a, PointF b, float width, Color c);
  // Anti-aliased filled circle.
  void fill_circle(PointF centre, float radius, Color c);
  // A grey-level image (0 = bg, 255 = fg) shown with the two colours.
  void blit_gray(int x, int y, const uint8_t* gray, int w, int h, int stride, Color bg, Color fg);
  // The same, each source pixel drawn as a scale × scale block.
  void blit_gray_scaled(int x, int y, const uint8_t* gray, int w, int h, int scale, Color bg, Color fg);

 private:
  Color* px_;
  int width_;
  int height_;
  int stride_;
  Rect clip_;
};

}  // namespace nib::digits
