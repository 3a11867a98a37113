// Anti-aliased round-capped thick segments ("capsules"): the one shape both
// the pen (on the canvas) and the UI's vector drawing (big digits, lines) use.
//
// Pixel (i, j) is the unit square centred on the point (i, j). A pixel's
// coverage is 1 when its centre lies within `radius` of the segment and falls
// linearly to 0 over one pixel across the edge: clamp(radius + 0.5 - d, 0, 1),
// d = distance from the pixel centre to the segment. Only single-precision
// IEEE operations (no library calls but sqrtf, which IEEE rounds exactly), so
// the host and the Cortex-M4 produce identical pixels.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "digits/geometry.h"

namespace nib::digits {

// Calls plot(x, y, coverage) for every pixel inside `clip` that the capsule
// from a to b with the given radius touches; coverage is 1..255.
template <typename Plot>
void raster_capsule(PointF a, PointF b, float radius, const Rect& clip, Plot&& plot) {
  const float reach = radius + 0.5f;
  const int x0 = std::max(clip.x, static_cast<int>(std::floor(std::min(a.x, b.x) - reach)));
  const int x1 = std::min(clip.right() - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + reach)));
  const int y0 = std::max(clip.y, static_cast<int>(std::floor(std::min(a.y, b.y) - reach)));
  const int y1 = std::min(clip.bottom() - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + reach)));
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  const float reach2 = reach * reach;
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) {
      const float px = static_cast<float>(x) - a.x, py = static_cast<float>(y) - a.y;
      float t = len2 > 0.0f ? (px * dx + py * dy) / len2 : 0.0f;
      t = std::clamp(t, 0.0f, 1.0f);
      const float ex = px - t * dx, ey = py - t * dy;
      const float d2 = ex * ex + ey * ey;
      if (d2 >= reach2) continue;
      const float c = std::min(1.0f, reach - std::sqrt(d2));
      const int v = static_cast<int>(c * 255.0f + 0.5f);
      if (v > 0) plot(x, y, static_cast<uint8_t>(v));
    }
  }
}

}  // namespace nib::digits
