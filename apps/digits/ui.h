// The app's screen on a 240×320 RGB565 framebuffer:
//
//   +--------------------------------+
//   | nib digits          model name |  title bar
//   | +----------------------------+ |
//   | |                            | |
//   | |        drawing area        | |  224 × 172, the canvas
//   | |                            | |
//   | +----------------------------+ |
//   | [  Clear  ] [   Recognize    ] |
//   | +----------------------------+ |
//   | | [7] [28×28]  7 ====== 97.1% | |  result panel: the digit, what the
//   | |              1 =       2.0% | |  model saw, the top 3 with bars,
//   | |              2         0.9% | |  inference time, cycles or MACs, kernels
//   | | 0.84 ms      615,864 MACs   | |  (cycles where the target counts them)
//   | | kernels dsp, maxpool        | |
//   | +----------------------------+ |
//   +--------------------------------+
#pragma once

#include <string_view>

#include "digits/canvas.h"
#include "digits/framebuffer.h"
#include "digits/preprocess.h"
#include "digits/recognizer.h"
#include "digits/text.h"

namespace nib::digits {

namespace layout {
inline constexpr int kScreenWidth = 240;
inline constexpr int kScreenHeight = 320;
inline constexpr Rect kTitle{0, 0, 240, 22};
inline constexpr Rect kDrawArea{8, 27, 224, 172};
inline constexpr Rect kClearButton{8, 205, 96, 28};
inline constexpr Rect kRecognizeButton{112, 205, 120, 28};
inline constexpr Rect kPanel{8, 239, 224, 77};
}  // namespace layout

namespace theme {
inline constexpr Color kBackground = rgb(17, 21, 29);
inline constexpr Color kTitleBar = rgb(29, 39, 56);
inline constexpr Color kText = rgb(236, 240, 246);
inline constexpr Color kTextDim = rgb(138, 152, 176);
inline constexpr Color kPaper = rgb(6, 8, 12);
inline constexpr Color kPaperDot = rgb(44, 54, 72);
inline constexpr Color kInk = rgb(240, 246, 255);
inline constexpr Color kFrame = rgb(64, 78, 104);
inline constexpr Color kAccent = rgb(38, 132, 232);
inline constexpr Color kAccentPressed = rgb(22, 88, 168);
inline constexpr Color kButton = rgb(56, 66, 84);
inline constexpr Color kButtonPressed = rgb(36, 43, 56);
inline constexpr Color kPanel = rgb(27, 34, 47);
inline constexpr Color kBarTrack = rgb(42, 52, 70);
inline constexpr Color kBarOther = rgb(96, 114, 146);
inline constexpr Color kError = rgb(255, 120, 110);
}  // namespace theme

enum class Button : uint8_t { kNone, kClear, kRecognize };

class Ui {
 public:
  // fb must be layout::kScreenWidth × layout::kScreenHeight.
  explicit Ui(Framebuffer& fb) : fb_(&fb) {}

  // Title bar texts: the model's name and the kernel choice, shown on the right.
  void set_title(std::string_view model_name, std::string_view detail);

  void draw_screen();  // everything: frame, blank canvas, buttons, hint
  // Copies the dirty part (canvas coordinates) of the canvas to the screen.
  void draw_canvas(const Canvas& canvas, const Rect& dirty);
  void draw_button(Button button, bool pressed);
  void draw_hint();
  void draw_message(std::string_view line1, std::string_view line2, Color color);
  void draw_result(const Prediction& p, const Image28& model_input, const char* kernels_requested,
                   const char* kernels_used);

  // Which button, if any, is at screen point (x, y).
  static Button hit(float x, float y);

  // The screen region drawn since the last call; resets it.
  Rect take_dirty();
  Framebuffer& framebuffer() { return *fb_; }

 private:
  void touch(const Rect& r) { dirty_ = unite(dirty_, r); }
  void draw_title();
  void panel_background();

  Framebuffer* fb_;
  Rect dirty_;
  TextBuf<40> model_name_;
  TextBuf<24> detail_;
};

}  // namespace nib::digits
