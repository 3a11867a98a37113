// The app's main loop on the board, apart from the hardware it polls: touch
// samples from the STMPE811 become the Controller's events, the user button
// (debounced) switches between the two kernel sets and recognizes the
// current drawing again, and every new result is logged. main.cc calls
// step() once per SysTick; the host tests drive it with modelled hardware.
#pragma once

#include <cstdint>
#include <string_view>

#include "app/kernel_switch.h"
#include "digits/controller.h"
#include "drivers/stmpe811.h"

namespace nib::board {

class BoardApp {
 public:
  using LineOut = void (*)(std::string_view line);

  // touch may be null (no touch controller: the screen says so).
  BoardApp(digits::Ui& ui, digits::Canvas& canvas, digits::Recognizer& optimized, digits::Recognizer& reference,
           Stmpe811* touch, LineOut log);

  void start(std::string_view model_name);
  // One pass at time now_ms with the user button's level. Returns true when
  // the kernels were switched in this pass.
  bool step(uint32_t now_ms, bool button_down);

  const KernelSwitch& kernels() const { return kernels_; }
  const digits::Controller& controller() const { return controller_; }

  static constexpr uint32_t kTouchPeriodMs = 10;  // 100 Hz; the chip's FIFO holds what comes in between
  static constexpr uint32_t kDebounceMs = 30;

 private:
  void poll_touch(uint32_t now_ms);
  void switch_kernels();
  void log_result();

  digits::Ui* ui_;
  digits::Canvas* canvas_;
  KernelSwitch kernels_;
  digits::Controller controller_;
  Stmpe811* touch_;
  LineOut log_;
  std::string_view model_name_;
  bool pen_down_ = false;
  digits::TouchEvent last_;
  uint32_t next_touch_ms_ = 0;
  bool button_level_ = false;
  uint32_t button_since_ms_ = 0;
  int logged_ = 0;
};

}  // namespace nib::board
