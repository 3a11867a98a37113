// The boot self-test: stroke scripts replayed through the app core's canvas,
// preprocessing and recognizer (exactly the Controller's path from touch to
// prediction, without the screen, whose framebuffer lives in SDRAM), one
// report line per drawing and then "selftest: P/N correct".
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "digits/canvas.h"
#include "digits/recognizer.h"

namespace nib::board {

struct SelftestScript {
  std::string_view name;
  std::string_view json;
  int expected;
};

struct SelftestResult {
  int correct = 0;
  int total = 0;
};

// Every drawing goes through `primary`; `other` (may be null) classifies the
// same 28x28 input again, and a drawing counts as correct only when both give
// the expected digit. Lines go to `out`, e.g.
//   drawing 0_oval_00 expected 0 got 0 confidence 0.9990 cycles 1261000 reference 0 cycles 9930000
using LineOut = void (*)(std::string_view line);
SelftestResult run_selftest(std::span<const SelftestScript> scripts, digits::Canvas& canvas,
                            digits::Recognizer& primary, digits::Recognizer* other, LineOut out);

}  // namespace nib::board
