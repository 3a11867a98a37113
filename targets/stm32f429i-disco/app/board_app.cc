#include "board_app.h"

#include "digits/text.h"
#include "digits/ui.h"

namespace nib::board {

using namespace nib::digits;

BoardApp::BoardApp(Ui& ui, Canvas& canvas, Recognizer& optimized, Recognizer& reference, Stmpe811* touch,
                   LineOut log)
    : ui_(&ui), canvas_(&canvas), kernels_(optimized, reference), controller_(ui, canvas, &kernels_),
      touch_(touch), log_(log) {}

void BoardApp::start(std::string_view model_name) {
  model_name_ = model_name;
  ui_->set_title(model_name_, "optimized");
  controller_.start();
  if (touch_ == nullptr) controller_.show_error("No touch controller:", "STMPE811 did not answer on I2C3.");
}

void BoardApp::poll_touch(uint32_t now_ms) {
  const TouchPoint p = touch_->poll();
  TouchEvent e;
  e.t_ms = now_ms;
  if (p.down && p.samples > 0) {
    e.kind = pen_down_ ? TouchEvent::Kind::kMove : TouchEvent::Kind::kDown;
    e.x = p.x;
    e.y = p.y;
    last_ = e;
    pen_down_ = true;
    controller_.on_touch(e);
  } else if (!p.down && pen_down_) {
    e = last_;  // the pen lifted where it was last seen
    e.kind = TouchEvent::Kind::kUp;
    e.t_ms = now_ms;
    pen_down_ = false;
    controller_.on_touch(e);
  }
}

void BoardApp::switch_kernels() {
  kernels_.toggle();
  ui_->set_title(model_name_, kernels_.reference() ? "reference" : "optimized");
  ui_->draw_screen();
  canvas_->mark_all_dirty();
  controller_.refresh_canvas();
  if (canvas_->has_ink() && controller_.state() != AppState::kDrawing) controller_.recognize();
  log_(kernels_.reference() ? "kernels: reference\n" : "kernels: optimized\n");
}

void BoardApp::log_result() {
  const Prediction& p = controller_.result();
  TextBuf<200> line;
  line.add("digit ").add_int(p.digit).add(" (");
  for (int k = 0; k < 3; ++k) {
    if (k > 0) line.add(", ");
    line.add_int(p.top[k]).add(' ').add_fixed(p.probability[p.top[k]] * 100.0f, 1).add('%');
  }
  line.add(") ").add_fixed(static_cast<float>(p.micros) / 1000.0f, 2).add(" ms ");
  line.add_int(static_cast<long long>(p.cycles), true).add(" cycles, ").add(kernels_.kernels_used()).add('\n');
  log_(line.view());
}

bool BoardApp::step(uint32_t now_ms, bool button_down) {
  if (touch_ != nullptr && static_cast<int32_t>(now_ms - next_touch_ms_) >= 0) {
    next_touch_ms_ = now_ms + kTouchPeriodMs;
    poll_touch(now_ms);
  }
  controller_.tick(now_ms);

  bool switched = false;
  if (button_down != button_level_ && now_ms - button_since_ms_ >= kDebounceMs) {
    button_level_ = button_down;
    button_since_ms_ = now_ms;
    if (button_down) {
      switch_kernels();
      switched = true;
    }
  }
  if (controller_.recognitions() != logged_) {
    logged_ = controller_.recognitions();
    log_result();
  }
  return switched;
}

}  // namespace nib::board
