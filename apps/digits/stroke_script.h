// Stroke scripts: drawings described as touch samples, for tests, the
// simulator and the firmware demo.
//
//   {"width": W, "height": H, "strokes": [[[x, y, t_ms], ...], ...]}
//
// Each stroke is one finger-down … finger-up sequence of samples; x and y lie
// in a W × H box that the app maps onto its drawing area (uniform scale,
// centred); t_ms counts from the first sample and never decreases. Other
// keys are ignored.
//
// The reader is a small JSON parser of its own that works in place on the
// text (no heap, no strtod, which allocates in newlib), so the simulator and
// the firmware read the same files into the same numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "digits/controller.h"
#include "digits/geometry.h"
#include "nib/status.h"

namespace nib::digits {

struct ScriptSample {
  float x = 0.0f;
  float y = 0.0f;
  float t_ms = 0.0f;
};

class StrokeScript {
 public:
  // Checks the whole text and remembers where the strokes are. The text
  // must outlive the script.
  static Status parse(std::string_view json, StrokeScript& out);

  float width() const { return width_; }
  float height() const { return height_; }
  int stroke_count() const { return strokes_; }
  int sample_count() const { return samples_; }
  float duration_ms() const { return last_t_; }

  // Where (x, y) of the script's box lands in `area` (uniform scale, centred).
  PointF map(const Rect& area, float x, float y) const;

 private:
  friend class ScriptPlayer;
  std::string_view text_;
  size_t strokes_at_ = 0;  // offset of the '[' opening the strokes array
  float width_ = 0.0f;
  float height_ = 0.0f;
  int strokes_ = 0;
  int samples_ = 0;
  float last_t_ = 0.0f;
};

// Turns a script into touch events one at a time: per stroke a kDown at its
// first sample, kMove for the ones between and a kUp at its last (a
// one-sample stroke gives kDown and kUp at the same place). Event times are
// t0 + round(t_ms).
class ScriptPlayer {
 public:
  ScriptPlayer(const StrokeScript& script, const Rect& area, uint32_t t0 = 0);
  bool next(TouchEvent& e);  // false after the last event

 private:
  TouchEvent make(TouchEvent::Kind kind, const ScriptSample& s) const;

  const StrokeScript* script_;
  Rect area_;
  uint32_t t0_;
  size_t pos_;
  bool in_stroke_ = false;
  bool first_ = true;
  bool pending_up_ = false;
  ScriptSample pending_;
  bool done_ = false;
};

// Plays the whole script into the controller, then lets settle_ms pass
// after the last event (ticking the controller) so that the auto-recognition
// fires. Returns the time of the last tick.
uint32_t replay(const StrokeScript& script, Controller& controller, uint32_t t0 = 0, uint32_t settle_ms = 600);

}  // namespace nib::digits
