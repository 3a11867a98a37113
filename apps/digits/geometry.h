// Integer rectangles and float points shared by the canvas, the UI and the
// controller. Screen coordinates: x to the right, y down, (0, 0) top-left.
#pragma once

#include <algorithm>
#include <cstdint>

namespace nib::digits {

struct PointF {
  float x = 0.0f;
  float y = 0.0f;
};

// Half-open pixel rectangle [x, x + w) × [y, y + h). Empty when w or h <= 0.
struct Rect {
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;

  constexpr int right() const { return x + w; }    // one past the last column
  constexpr int bottom() const { return y + h; }   // one past the last row
  constexpr bool empty() const { return w <= 0 || h <= 0; }
  constexpr bool contains(int px, int py) const { return px >= x && px < right() && py >= y && py < bottom(); }
  constexpr bool contains(float px, float py) const {
    return px >= static_cast<float>(x) && px < static_cast<float>(right()) && py >= static_cast<float>(y) &&
           py < static_cast<float>(bottom());
  }
  constexpr Rect inset(int d) const { return {x + d, y + d, w - 2 * d, h - 2 * d}; }
  constexpr Rect translated(int dx, int dy) const { return {x + dx, y + dy, w, h}; }
  constexpr bool operator==(const Rect&) const = default;
};

constexpr Rect intersect(const Rect& a, const Rect& b) {
  const int x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
  const int x1 = std::min(a.right(), b.right()), y1 = std::min(a.bottom(), b.bottom());
  if (x1 <= x0 || y1 <= y0) return {};
  return {x0, y0, x1 - x0, y1 - y0};
}

// Smallest rectangle holding both; an empty operand is ignored.
constexpr Rect unite(const Rect& a, const Rect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  const int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  const int x1 = std::max(a.right(), b.right()), y1 = std::max(a.bottom(), b.bottom());
  return {x0, y0, x1 - x0, y1 - y0};
}

}  // namespace nib::digits
