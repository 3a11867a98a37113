// The app's state machine: touch → canvas → preprocessing → inference → UI.
//
//   kIdle ──down in area──► kDrawing ──up──► kWaiting ──0.5 s──► kShowing
//     ▲                        ▲                │  │                 │
//     │                        └──down in area──┘  └──Recognize──►───┤
//     └───────────────Clear (from any state)────────────────────────┘
//                              kShowing ──down in area──► kDrawing
//
// A pen-down inside the drawing area starts a stroke (strokes add up: a
// crossed 7 or a two-stroke 4 is drawn in several); while the pen is down,
// samples outside the area are clamped to its edge. Lifting the pen arms a
// timer: no new stroke within auto_recognize_ms and the digit is recognized.
// Buttons act on release inside the button they were pressed in. Time only
// comes from the events (t_ms), so a script replays identically anywhere.
#pragma once

#include <cstdint>

#include "digits/canvas.h"
#include "digits/preprocess.h"
#include "digits/recognizer.h"
#include "digits/text.h"
#include "digits/ui.h"

namespace nib::digits {

struct TouchEvent {
  enum class Kind : uint8_t { kDown, kMove, kUp };
  Kind kind = Kind::kDown;
  float x = 0.0f;  // screen pixels
  float y = 0.0f;
  uint32_t t_ms = 0;
};

enum class AppState : uint8_t { kIdle, kDrawing, kWaiting, kShowing };
const char* state_name(AppState s);

struct ControllerConfig {
  uint32_t auto_recognize_ms = 500;
};

class Controller {
 public:
  // classifier may be null (no model): the app still draws and says so.
  Controller(Ui& ui, Canvas& canvas, Classifier* classifier, const ControllerConfig& config = {});

  void start();  // draws the whole screen; call once before events
  void on_touch(const TouchEvent& e);
  void tick(uint32_t now_ms);  // fires the auto-recognition when due

  void clear();
  // Shows canvas pixels written directly (e.g. an MNIST image painted in).
  void refresh_canvas() { redraw_canvas(); }
  // Recognizes the canvas now. False when there is no ink, no model or the
  // engine failed (the panel says which).
  bool recognize();
  // Shows an error in the result panel (e.g. the model did not load).
  void show_error(const char* line1, const char* line2);

  AppState state() const { return state_; }
  bool has_result() const { return has_result_; }
  const Prediction& result() const { return result_; }
  const Image28& model_input() const { return input_; }
  const PreprocessInfo& preprocess_info() const { return info_; }
  int recognitions() const { return recognitions_; }
  uint32_t deadline_ms() const { return deadline_ms_; }
  Button pressed_button() const { return pressed_; }
  const char* last_error() const { return error_.c_str(); }

 private:
  TouchSample to_canvas(const TouchEvent& e) const;
  void redraw_canvas();
  void set_pressed(Button b);

  Ui* ui_;
  Canvas* canvas_;
  Classifier* classifier_;
  ControllerConfig config_;
  AppState state_ = AppState::kIdle;
  Button pressed_ = Button::kNone;   // button held down
  bool pressed_inside_ = false;      // finger still over it
  uint32_t deadline_ms_ = 0;
  bool has_result_ = false;
  Prediction result_;
  Image28 input_;
  PreprocessInfo info_;
  int recognitions_ = 0;
  TextBuf<128> error_;
};

}  // namespace nib::digits
