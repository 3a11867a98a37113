// The board's main loop on the host: a finger drawing fed to the STMPE811
// model as raw touch samples, read by the driver over the I2C model every
// 10 ms, turned into Controller events, recognized; the user button then
// switches to the reference kernels and recognizes the drawing again.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/board_app.h"
#include "digits/framebuffer.h"
#include "digits/stroke_script.h"
#include "digits/ui.h"
#include "drivers/i2c.h"
#include "drivers/stmpe811.h"
#include "model_bus.h"

namespace nib::board {
namespace {

using namespace nib::digits;

std::string g_log;
void collect(std::string_view line) { g_log += line; }

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct NoClock final : Platform {
  uint64_t micros() override { return 0; }
};

struct BoardAppLoop : ::testing::Test {
  model::Board hw;
  I2c i2c;
  Stmpe811 touch;
  NoClock clock;
  Recognizer optimized{clock}, reference{clock};
  std::vector<Color> pixels = std::vector<Color>(256 * 320);
  Framebuffer fb{pixels.data(), layout::kScreenWidth, layout::kScreenHeight, 256};
  Ui ui{fb};
  std::vector<uint8_t> ink = std::vector<uint8_t>(layout::kDrawArea.w * layout::kDrawArea.h);
  Canvas canvas{ink.data(), layout::kDrawArea.w, layout::kDrawArea.h};
  std::string model = slurp(NIB_DIGITS_MODEL);
  alignas(16) static inline uint8_t model_bytes[64 << 10];
  alignas(16) static inline uint8_t arena_a[32 << 10], arena_b[32 << 10];

  void SetUp() override {
    i2c.init(hw.bus, 45'000'000);
    ASSERT_TRUE(touch.init(i2c, hw.bus));
    ASSERT_FALSE(model.empty());
    std::copy(model.begin(), model.end(), model_bytes);
    ASSERT_TRUE(optimized.init(model_bytes, model.size(), arena_a, sizeof arena_a, Kernels::kOptimized).is_ok());
    ASSERT_TRUE(reference.init(model_bytes, model.size(), arena_b, sizeof arena_b, Kernels::kReference).is_ok());
    g_log.clear();
  }

  // Screen pixel -> the raw reading the calibration maps onto it.
  static int raw(float v, int from, int to, int size) {
    return static_cast<int>(std::lround(from + v * static_cast<float>(to - from) / static_cast<float>(size)));
  }

  // Plays a stroke script with the finger: samples go into the chip's FIFO
  // at their own times while the app polls once per millisecond tick.
  // Returns the time after the last event plus `settle_ms`.
  uint32_t draw(const std::string& name, BoardApp& app, uint32_t t0, uint32_t settle_ms) {
    const std::string text = slurp(std::string(NIB_STROKES_DIR) + "/" + name + ".json");
    StrokeScript script;
    EXPECT_TRUE(StrokeScript::parse(text, script).is_ok());
    ScriptPlayer player(script, layout::kDrawArea, t0);
    const TouchCalibration& c = touch.calibration();
    TouchEvent e;
    bool more = player.next(e);
    uint32_t now = t0, end = t0;
    while (more || now < end + settle_ms) {
      while (more && e.t_ms <= now) {
        hw.touch.touch(raw(e.x, c.raw_left, c.raw_right, c.width), raw(e.y, c.raw_top, c.raw_bottom, c.height), 60);
        if (e.kind == TouchEvent::Kind::kUp) hw.touch.lift();
        end = e.t_ms;
        more = player.next(e);
      }
      app.step(now, false);
      ++now;
    }
    return now;
  }
};

TEST_F(BoardAppLoop, FingerDrawingThenTheButtonSwitchesKernels) {
  BoardApp app(ui, canvas, optimized, reference, &touch, collect);
  app.start("nib_mnist_int8");
  uint32_t now = draw("7_plain_00", app, 1000, 700);
  ASSERT_TRUE(app.controller().has_result()) << g_log;
  EXPECT_EQ(app.controller().result().digit, 7);
  EXPECT_EQ(app.controller().recognitions(), 1);
  EXPECT_NE(g_log.find("digit 7 ("), std::string::npos) << g_log;
  EXPECT_STREQ(app.kernels().kernels_requested(), "optimized");

  // Press (and hold past the debounce time), release, press again.
  EXPECT_TRUE(app.step(now, true));
  EXPECT_TRUE(app.kernels().reference());
  EXPECT_STREQ(app.kernels().kernels_requested(), "reference");
  EXPECT_EQ(app.controller().recognitions(), 2) << "the drawing is recognized again";
  EXPECT_EQ(app.controller().result().digit, 7);
  EXPECT_FALSE(app.step(now + 5, false)) << "a bounce within 30 ms is ignored";
  EXPECT_FALSE(app.step(now + 40, false));
  EXPECT_TRUE(app.step(now + 80, true));
  EXPECT_FALSE(app.kernels().reference());
  EXPECT_NE(g_log.find("kernels: reference\n"), std::string::npos);
  EXPECT_NE(g_log.find("kernels: optimized\n"), std::string::npos);
  EXPECT_TRUE(hw.i2c.violations.empty()) << hw.i2c.violations.front();
}

TEST_F(BoardAppLoop, TwoStrokeDigitAndTheInkOnScreen) {
  BoardApp app(ui, canvas, optimized, reference, &touch, collect);
  app.start("nib_mnist_int8");
  draw("4_closed_two_strokes_02", app, 1000, 700);
  ASSERT_TRUE(app.controller().has_result()) << g_log;
  EXPECT_EQ(app.controller().result().digit, 4);
  EXPECT_EQ(canvas.strokes(), 2);
  int inked = 0;
  for (int y = layout::kDrawArea.y; y < layout::kDrawArea.bottom(); ++y)
    for (int x = layout::kDrawArea.x; x < layout::kDrawArea.right(); ++x) inked += fb.at(x, y) == theme::kInk;
  EXPECT_GT(inked, 500) << "the strokes are on the screen";
}

TEST_F(BoardAppLoop, NoTouchControllerSaysSo) {
  BoardApp app(ui, canvas, optimized, reference, nullptr, collect);
  app.start("nib_mnist_int8");
  EXPECT_STREQ(app.controller().last_error(), "STMPE811 did not answer on I2C3.");
  app.step(10, false);
  EXPECT_FALSE(app.controller().has_result());
}

}  // namespace
}  // namespace nib::board
