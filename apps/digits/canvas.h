// The drawing canvas: an 8-bit ink image (0 = paper, 255 = full ink) fed by
// touch samples. Each stroke goes through three stages:
//
//   1. spike rejection — a resistive touch panel sometimes reports a single
//      sample far off the finger's path, within one sampling period. A
//      sample is dropped when it is farther than spike_distance from both
//      its neighbours while they are close to each other, and was reached
//      faster than max_speed (no finger moves like that). At the start of a
//      stroke the next two samples decide whether the first one was the
//      spike; a stroke's last sample is dropped when it jumps farther than
//      spike_distance, faster than max_speed and more than twice as far as
//      the step before it.
//   2. de-duplication — samples closer than min_step to the previous kept
//      sample add nothing (a resting finger).
//   3. interpolation — the kept samples are joined by a centripetal
//      Catmull-Rom spline (smooth, passes through every sample, no loops or
//      cusps for unevenly spaced samples), flattened into pieces of at most
//      spline_step pixels, each drawn with a round anti-aliased pen.
//
// Stages 1 and 3 need one sample of look-ahead, so the ink trails the finger
// by up to two samples until the pen lifts. The pixels belong to the caller.
#pragma once

#include <cmath>
#include <cstdint>

#include "digits/geometry.h"

namespace nib::digits {

struct TouchSample {
  float x = 0.0f;  // canvas pixels; pixel (i, j) is centred on (i, j)
  float y = 0.0f;
  uint32_t t_ms = 0;
};

struct PenConfig {
  float radius = 7.0f;           // ink within this distance of the path is solid
  float spike_distance = 40.0f;  // pixels
  float max_speed = 3.0f;        // pixels per millisecond (fast handwriting peaks near 2)
  float min_step = 1.0f;         // pixels
  float spline_step = 2.0f;      // pixels
};

inline float distance(const TouchSample& a, const TouchSample& b) {
  const float dx = a.x - b.x, dy = a.y - b.y;
  return std::sqrt(dx * dx + dy * dy);
}

// Pixels per millisecond from a to b (a sample period of at least 1 ms).
inline float speed(const TouchSample& a, const TouchSample& b) {
  const float dt = b.t_ms > a.t_ms ? static_cast<float>(b.t_ms - a.t_ms) : 1.0f;
  return distance(a, b) / dt;
}

// One-sample look-ahead filter that drops touch-noise spikes (stage 1).
class SpikeFilter {
 public:
  explicit SpikeFilter(const PenConfig& config) : config_(&config) {}
  void reset();
  // Passes each sample it keeps to emit(const TouchSample&), in order.
  template <typename Emit>
  void push(const TouchSample& s, Emit&& emit);
  // End of stroke: decides the samples still held.
  template <typename Emit>
  void flush(Emit&& emit);
  int rejected() const { return rejected_; }
  void reset_rejected() { rejected_ = 0; }

 private:
  template <typename Emit>
  void keep(const TouchSample& s, Emit& emit) {
    last_step_ = have_prev_ ? distance(prev_, s) : -1.0f;
    prev_ = s;
    have_prev_ = true;
    emit(s);
  }

  const PenConfig* config_;
  TouchSample prev_;
  bool have_prev_ = false;
  float last_step_ = -1.0f;  // distance between the last two kept samples
  TouchSample pending_[2];
  int n_pending_ = 0;
  int rejected_ = 0;
};

class Canvas {
 public:
  Canvas(uint8_t* pixels, int width, int height, const PenConfig& config = {});

  int width() const { return width_; }
  int height() const { return height_; }
  const uint8_t* pixels() const { return px_; }  // row-major, stride = width
  uint8_t at(int x, int y) const { return px_[y * width_ + x]; }
  const PenConfig& config() const { return config_; }

  void clear();
  void pen_down(const TouchSample& s);
  void pen_move(const TouchSample& s);
  void pen_up(const TouchSample& s);  // s: where the finger lifted
  bool pen_is_down() const { return down_; }

  bool has_ink() const { return has_ink_; }
  int strokes() const { return strokes_; }           // strokes begun since clear()
  int rejected_spikes() const { return filter_.rejected(); }

  // The region changed since the last call (canvas coordinates); resets it.
  Rect take_dirty();
  // Marks everything changed (e.g. after writing pixels directly).
  void mark_all_dirty() { dirty_ = {0, 0, width_, height_}; }
  // Raw access for painting whole images (tests, MNIST replay).
  uint8_t* mutable_pixels() { return px_; }
  void set_has_ink(bool v) { has_ink_ = v; }

 private:
  void accept(const TouchSample& s);
  void draw_span(PointF p0, PointF p1, PointF p2, PointF p3);
  void draw_piece(PointF a, PointF b);
  void finish_stroke();

  uint8_t* px_;
  int width_;
  int height_;
  PenConfig config_;
  SpikeFilter filter_;
  bool down_ = false;
  bool has_ink_ = false;
  int strokes_ = 0;
  Rect dirty_;
  // The last three kept samples of the current stroke (oldest first).
  PointF pts_[3];
  int n_pts_ = 0;
  int kept_ = 0;  // samples kept in this stroke
};

template <typename Emit>
void SpikeFilter::push(const TouchSample& s, Emit&& emit) {
  const float far = config_->spike_distance;
  if (n_pending_ == 0) {
    pending_[0] = s;
    n_pending_ = 1;
    return;
  }
  if (n_pending_ == 1) {
    const TouchSample c = pending_[0];
    if (!have_prev_) {  // c is the stroke's first sample: no history to judge it by
      if (distance(c, s) <= far || speed(c, s) <= config_->max_speed) {
        keep(c, emit);
        pending_[0] = s;
      } else {
        pending_[1] = s;
        n_pending_ = 2;
      }
      return;
    }
    if (distance(prev_, c) > far && distance(c, s) > far && distance(prev_, s) <= far &&
        speed(prev_, c) > config_->max_speed) {
      ++rejected_;  // out and straight back: c is a spike
    } else {
      keep(c, emit);
    }
    pending_[0] = s;
    return;
  }
  // Two held samples, far apart and too fast, at the start of a stroke: s
  // tells which one is off the path.
  const bool near0 = distance(pending_[0], s) <= far, near1 = distance(pending_[1], s) <= far;
  if (near1 && !near0) {
    ++rejected_;
    keep(pending_[1], emit);
    pending_[0] = s;
    n_pending_ = 1;
  } else if (near0 && !near1) {
    ++rejected_;
    keep(pending_[0], emit);
    pending_[0] = s;
    n_pending_ = 1;
  } else {  // undecided: keep the first, judge the second by its neighbours
    keep(pending_[0], emit);
    pending_[0] = pending_[1];
    n_pending_ = 1;
    push(s, emit);
  }
}

template <typename Emit>
void SpikeFilter::flush(Emit&& emit) {
  if (n_pending_ == 2) {
    keep(pending_[0], emit);
    pending_[0] = pending_[1];
    n_pending_ = 1;
  }
  if (n_pending_ == 1) {
    const TouchSample c = pending_[0];
    bool spike = false;
    if (have_prev_) {
      const float d = distance(prev_, c);
      spike = d > config_->spike_distance && speed(prev_, c) > config_->max_speed &&
              (last_step_ < 0.0f || d > 2.0f * last_step_);
    }
    if (spike) {
      ++rejected_;
    } else {
      keep(c, emit);
    }
  }
  reset();
}

}  // namespace nib::digits
