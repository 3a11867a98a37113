#include "digits/canvas.h"

#include <algorithm>
#include <cmath>

#include "digits/raster.h"

namespace nib::digits {

void SpikeFilter::reset() {
  have_prev_ = false;
  last_step_ = -1.0f;
  n_pending_ = 0;
}

Canvas::Canvas(uint8_t* pixels, int width, int height, const PenConfig& config)
    : px_(pixels), width_(width), height_(height), config_(config), filter_(config_) {
  clear();
}

void Canvas::clear() {
  std::fill_n(px_, width_ * height_, uint8_t{0});
  filter_.reset();
  filter_.reset_rejected();
  down_ = false;
  has_ink_ = false;
  strokes_ = 0;
  n_pts_ = 0;
  kept_ = 0;
  mark_all_dirty();
}

Rect Canvas::take_dirty() {
  const Rect d = dirty_;
  dirty_ = {};
  return d;
}

void Canvas::pen_down(const TouchSample& s) {
  if (down_) finish_stroke();
  down_ = true;
  ++strokes_;
  filter_.reset();
  n_pts_ = 0;
  kept_ = 0;
  filter_.push(s, [this](const TouchSample& k) { accept(k); });
}

void Canvas::pen_move(const TouchSample& s) {
  if (!down_) return;
  filter_.push(s, [this](const TouchSample& k) { accept(k); });
}

void Canvas::pen_up(const TouchSample& s) {
  if (!down_) return;
  filter_.push(s, [this](const TouchSample& k) { accept(k); });
  finish_stroke();
}

void Canvas::finish_stroke() {
  filter_.flush([this](const TouchSample& k) { accept(k); });
  if (n_pts_ == 2) {
    draw_piece(pts_[0], pts_[1]);
  } else if (n_pts_ == 3) {
    const PointF end{2.0f * pts_[2].x - pts_[1].x, 2.0f * pts_[2].y - pts_[1].y};
    draw_span(pts_[0], pts_[1], pts_[2], end);
  }
  n_pts_ = 0;
  kept_ = 0;
  down_ = false;
}

void Canvas::accept(const TouchSample& s) {
  const PointF p{s.x, s.y};
  if (n_pts_ > 0) {
    const PointF& last = pts_[n_pts_ - 1];
    const float dx = p.x - last.x, dy = p.y - last.y;
    if (std::sqrt(dx * dx + dy * dy) < config_.min_step) return;
  }
  ++kept_;
  if (n_pts_ == 0) {
    pts_[0] = p;
    n_pts_ = 1;
    draw_piece(p, p);  // immediate feedback: a dot where the finger landed
    return;
  }
  if (n_pts_ == 1) {
    pts_[1] = p;
    n_pts_ = 2;
    return;
  }
  if (n_pts_ == 2) {
    // First span of the stroke: a phantom sample mirrors the second one.
    const PointF start{2.0f * pts_[0].x - pts_[1].x, 2.0f * pts_[0].y - pts_[1].y};
    draw_span(start, pts_[0], pts_[1], p);
    pts_[2] = p;
    n_pts_ = 3;
    return;
  }
  draw_span(pts_[0], pts_[1], pts_[2], p);
  pts_[0] = pts_[1];
  pts_[1] = pts_[2];
  pts_[2] = p;
}

namespace {

float knot(PointF a, PointF b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  return std::sqrt(std::sqrt(dx * dx + dy * dy));  // |b - a|^0.5: centripetal
}

PointF mix(PointF a, PointF b, float ta, float tb, float t) {
  const float u = (tb - t) / (tb - ta), v = (t - ta) / (tb - ta);
  return {u * a.x + v * b.x, u * a.y + v * b.y};
}

}  // namespace

// The spline span from p1 to p2, with p0 and p3 shaping its tangents
// (Barry–Goldman evaluation of the centripetal Catmull-Rom curve).
void Canvas::draw_span(PointF p0, PointF p1, PointF p2, PointF p3) {
  const float t0 = 0.0f;
  const float t1 = t0 + knot(p0, p1);
  const float t2 = t1 + knot(p1, p2);
  const float t3 = t2 + knot(p2, p3);
  constexpr float kTiny = 1e-4f;
  if (t1 - t0 < kTiny || t2 - t1 < kTiny || t3 - t2 < kTiny) {
    draw_piece(p1, p2);
    return;
  }
  const float dx = p2.x - p1.x, dy = p2.y - p1.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  const int n = std::clamp(static_cast<int>(std::ceil(len / config_.spline_step)), 1, 64);
  PointF prev = p1;
  for (int i = 1; i <= n; ++i) {
    PointF c = p2;
    if (i < n) {
      const float t = t1 + (t2 - t1) * static_cast<float>(i) / static_cast<float>(n);
      const PointF a1 = mix(p0, p1, t0, t1, t), a2 = mix(p1, p2, t1, t2, t), a3 = mix(p2, p3, t2, t3, t);
      const PointF b1 = mix(a1, a2, t0, t2, t), b2 = mix(a2, a3, t1, t3, t);
      c = mix(b1, b2, t1, t2, t);
    }
    draw_piece(prev, c);
    prev = c;
  }
}

void Canvas::draw_piece(PointF a, PointF b) {
  const Rect bounds{0, 0, width_, height_};
  bool drew = false;
  raster_capsule(a, b, config_.radius, bounds, [&](int x, int y, uint8_t cov) {
    uint8_t& p = px_[y * width_ + x];
    if (cov > p) p = cov;
    drew = true;
  });
  if (!drew) return;
  has_ink_ = true;
  const float reach = config_.radius + 1.5f;
  const int x0 = static_cast<int>(std::floor(std::min(a.x, b.x) - reach));
  const int y0 = static_cast<int>(std::floor(std::min(a.y, b.y) - reach));
  const int x1 = static_cast<int>(std::ceil(std::max(a.x, b.x) + reach));
  const int y1 = static_cast<int>(std::ceil(std::max(a.y, b.y) + reach));
  dirty_ = unite(dirty_, intersect({x0, y0, x1 - x0 + 1, y1 - y0 + 1}, bounds));
}

}  // namespace nib::digits
