// The app assembled for the host: framebuffer, canvas, UI, engine and
// controller, with the host's clock. Shared by the headless and the
// windowed simulator.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "digits/canvas.h"
#include "digits/controller.h"
#include "digits/framebuffer.h"
#include "digits/platform.h"
#include "digits/recognizer.h"
#include "digits/ui.h"

namespace nib::sim {

// steady_clock time. No cycle count: the host's own counters say nothing
// about a Cortex-M4, so the screen shows the model's MACs instead.
class HostPlatform final : public digits::Platform {
 public:
  uint64_t micros() override;
};

struct SimOptions {
  std::string model_path;
  nib::Kernels kernels = nib::Kernels::kOptimized;
};

class SimApp {
 public:
  explicit SimApp(const SimOptions& options);
  SimApp(const SimApp&) = delete;
  SimApp& operator=(const SimApp&) = delete;

  // "" when the model loaded, else why not (the app then runs without one).
  const std::string& model_error() const { return model_error_; }
  digits::Controller& controller() { return *controller_; }
  digits::Framebuffer& framebuffer() { return fb_; }
  digits::Ui& ui() { return ui_; }
  digits::Canvas& canvas() { return canvas_; }

 private:
  struct FreeDeleter {
    void operator()(void* p) const;
  };
  std::vector<uint16_t> pixels_;
  std::vector<uint8_t> ink_;
  digits::Framebuffer fb_;
  digits::Canvas canvas_;
  digits::Ui ui_;
  HostPlatform platform_;
  std::unique_ptr<uint8_t, FreeDeleter> model_;
  std::unique_ptr<uint8_t, FreeDeleter> arena_;
  digits::Recognizer recognizer_;
  std::unique_ptr<digits::Controller> controller_;
  std::string model_error_;
};

}  // namespace nib::sim
