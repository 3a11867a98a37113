#include "digits/controller.h"

#include <algorithm>

namespace nib::digits {

const char* state_name(AppState s) {
  switch (s) {
    case AppState::kIdle: return "idle";
    case AppState::kDrawing: return "drawing";
    case AppState::kWaiting: return "waiting";
    case AppState::kShowing: return "showing";
  }
  return "?";
}

Controller::Controller(Ui& ui, Canvas& canvas, Classifier* classifier, const ControllerConfig& config)
    : ui_(&ui), canvas_(&canvas), classifier_(classifier), config_(config) {}

void Controller::start() {
  ui_->draw_screen();
  canvas_->mark_all_dirty();
  redraw_canvas();
  if (classifier_ == nullptr && error_.size() == 0) error_.add("no model loaded");
  if (classifier_ == nullptr) ui_->draw_message("No model: cannot recognize.", error_.view(), theme::kError);
}

void Controller::show_error(const char* line1, const char* line2) {
  error_.clear();
  error_.add(line2 != nullptr ? line2 : "");
  ui_->draw_message(line1, error_.view(), theme::kError);
}

TouchSample Controller::to_canvas(const TouchEvent& e) const {
  const float max_x = static_cast<float>(canvas_->width() - 1), max_y = static_cast<float>(canvas_->height() - 1);
  return {std::clamp(e.x - static_cast<float>(layout::kDrawArea.x), 0.0f, max_x),
          std::clamp(e.y - static_cast<float>(layout::kDrawArea.y), 0.0f, max_y), e.t_ms};
}

void Controller::redraw_canvas() { ui_->draw_canvas(*canvas_, canvas_->take_dirty()); }

void Controller::set_pressed(Button b) {
  if (pressed_ != Button::kNone && pressed_ != b) ui_->draw_button(pressed_, false);
  pressed_ = b;
  pressed_inside_ = b != Button::kNone;
  if (b != Button::kNone) ui_->draw_button(b, true);
}

void Controller::on_touch(const TouchEvent& e) {
  switch (e.kind) {
    case TouchEvent::Kind::kDown:
      if (state_ == AppState::kDrawing) {  // a down without an up: continue the stroke
        canvas_->pen_move(to_canvas(e));
        redraw_canvas();
        return;
      }
      if (layout::kDrawArea.contains(e.x, e.y)) {
        set_pressed(Button::kNone);
        canvas_->pen_down(to_canvas(e));
        state_ = AppState::kDrawing;
        redraw_canvas();
        return;
      }
      set_pressed(Ui::hit(e.x, e.y));
      return;

    case TouchEvent::Kind::kMove:
      if (state_ == AppState::kDrawing) {
        canvas_->pen_move(to_canvas(e));
        redraw_canvas();
      } else if (pressed_ != Button::kNone) {
        const bool inside = Ui::hit(e.x, e.y) == pressed_;
        if (inside != pressed_inside_) ui_->draw_button(pressed_, inside);
        pressed_inside_ = inside;
      }
      return;

    case TouchEvent::Kind::kUp:
      if (state_ == AppState::kDrawing) {
        canvas_->pen_up(to_canvas(e));
        redraw_canvas();
        state_ = AppState::kWaiting;
        deadline_ms_ = e.t_ms + config_.auto_recognize_ms;
        return;
      }
      if (pressed_ != Button::kNone) {
        const Button b = pressed_;
        const bool inside = Ui::hit(e.x, e.y) == b;
        set_pressed(Button::kNone);  // redraws it released
        if (!inside) return;
        if (b == Button::kClear) clear();
        if (b == Button::kRecognize) recognize();
      }
      return;
  }
}

void Controller::tick(uint32_t now_ms) {
  // Wrap-safe "now >= deadline".
  if (state_ == AppState::kWaiting && static_cast<int32_t>(now_ms - deadline_ms_) >= 0) recognize();
}

void Controller::clear() {
  canvas_->clear();
  redraw_canvas();
  has_result_ = false;
  result_ = Prediction{};
  state_ = AppState::kIdle;
  if (classifier_ == nullptr) {
    ui_->draw_message("No model: cannot recognize.", error_.view(), theme::kError);
  } else {
    ui_->draw_hint();
  }
}

bool Controller::recognize() {
  if (state_ == AppState::kDrawing) return false;  // the pen is still down
  if (!canvas_->has_ink()) {
    state_ = AppState::kIdle;
    ui_->draw_message("Nothing to recognize yet.", "Draw a digit in the box first.", theme::kText);
    return false;
  }
  if (classifier_ == nullptr) {
    ui_->draw_message("No model: cannot recognize.", error_.view(), theme::kError);
    state_ = has_result_ ? AppState::kShowing : AppState::kIdle;
    return false;
  }
  preprocess(canvas_->pixels(), canvas_->width(), canvas_->height(), canvas_->width(), input_, &info_);
  Prediction p;
  const Status s = classifier_->classify(input_, p);
  if (!s.is_ok()) {
    show_error("Inference failed:", s.message());
    state_ = AppState::kIdle;
    has_result_ = false;
    return false;
  }
  result_ = p;
  has_result_ = true;
  ++recognitions_;
  state_ = AppState::kShowing;
  ui_->draw_result(result_, input_, classifier_->kernels_requested(), classifier_->kernels_used());
  return true;
}

}  // namespace nib::digits
