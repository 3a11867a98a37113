// Helpers for the digit-app tests that run a real model.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "digits/canvas.h"
#include "digits/controller.h"
#include "digits/platform.h"
#include "digits/recognizer.h"
#include "digits/ui.h"

namespace nib::digits::testing {

class SteadyPlatform final : public Platform {
 public:
  uint64_t micros() override {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::steady_clock::now().time_since_epoch())
                                     .count());
  }
};

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
using Aligned = std::unique_ptr<uint8_t, FreeDeleter>;

// The file's bytes, 16-byte aligned (null if it cannot be read).
inline Aligned read_aligned(const std::string& path, size_t& size) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) return nullptr;
  size = static_cast<size_t>(f.tellg());
  f.seekg(0);
  Aligned p(static_cast<uint8_t*>(std::aligned_alloc(16, (size + 15) / 16 * 16 + 16)));
  if (!f.read(reinterpret_cast<char*>(p.get()), static_cast<std::streamsize>(size))) return nullptr;
  return p;
}

// A model loaded into a Recognizer with its own arena.
struct LoadedModel {
  bool load(const std::string& path, Kernels kernels) {
    bytes = read_aligned(path, size);
    if (bytes == nullptr) return false;
    arena.reset(static_cast<uint8_t*>(std::aligned_alloc(16, kArena)));
    status = recognizer.init(bytes.get(), size, arena.get(), kArena, kernels);
    return status.is_ok();
  }
  static constexpr size_t kArena = 1u << 20;
  SteadyPlatform platform;
  Aligned bytes;
  size_t size = 0;
  Aligned arena;
  Recognizer recognizer{platform};
  Status status;
};

// The whole app on an off-screen framebuffer.
struct OffscreenApp {
  explicit OffscreenApp(Classifier* c)
      : px(static_cast<size_t>(layout::kScreenWidth * layout::kScreenHeight)),
        ink(static_cast<size_t>(layout::kDrawArea.w * layout::kDrawArea.h)),
        fb(px.data(), layout::kScreenWidth, layout::kScreenHeight),
        canvas(ink.data(), layout::kDrawArea.w, layout::kDrawArea.h),
        ui(fb),
        controller(ui, canvas, c) {
    controller.start();
  }
  std::vector<Color> px;
  std::vector<uint8_t> ink;
  Framebuffer fb;
  Canvas canvas;
  Ui ui;
  Controller controller;
};

}  // namespace nib::digits::testing
