// The simulator's SDL2 window: the 240×320 screen enlarged, the mouse (or a
// touch) as the finger, optionally replaying a stroke script in real time.
#pragma once

#include <string>

#include "digits/stroke_script.h"
#include "sim_app.h"

namespace nib::sim {

struct WindowOptions {
  int scale = 2;
  const digits::StrokeScript* script = nullptr;  // replayed 0.5 s after start
  std::string screenshot;                        // PNG of the window at exit
  int exit_after_ms = 0;                         // 0: run until closed
};

// Returns the process exit code. Prints a JSON line per recognition.
int run_window(SimApp& app, const WindowOptions& options);

}  // namespace nib::sim
