// What the app needs from the target it runs on: a clock for the inference
// time and, where the CPU has one, a cycle counter. The host simulator uses
// std::chrono::steady_clock and counts no cycles; a board reads its DWT
// cycle counter; under QEMU (not cycle-accurate) time is the host's, via
// semihosting, and cycles are 0. Without cycles the screen shows the model's
// MACs instead.
#pragma once

#include <cstdint>

namespace nib::digits {

class Platform {
 public:
  // Monotonic microseconds since an arbitrary start.
  virtual uint64_t micros() = 0;
  // CPU cycles since an arbitrary start (wrapping is fine: only differences
  // are used), or always 0 when the target cannot count them.
  virtual uint64_t cycles() { return 0; }

 protected:
  ~Platform() = default;
};

}  // namespace nib::digits
