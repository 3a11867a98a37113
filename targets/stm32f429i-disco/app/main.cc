// nib-digits on the STM32F429I-DISCO.
//
//   1. start-up (targets/common + target_board.cc): 180 MHz from the HSE, or
//      the HSI with the reason logged; USART1 115200 8N1; SysTick; DWT.
//   2. the model prepared twice, optimized and reference kernels.
//   3. the self-test: the embedded stroke scripts through the app core, one
//      line each on USART1, then "selftest: P/N correct".
//   4. the display probe: the ILI9341's ID over SPI5. No display (or QEMU's
//      netduinoplus2, which has neither LTDC nor FMC) ends here, before any
//      FMC or LTDC access. Holding the user button at reset skips the probe.
//   5. SDRAM, the LCD (PLLSAI, LTDC, ILI9341), the touch controller, then
//      the app: draw, see the digit, top-3, time in ms and cycles. The user
//      button switches between optimized and reference kernels.
#include <span>

#include "app/board_app.h"
#include "app/embedded.h"
#include "app/selftest.h"
#include "digits/canvas.h"
#include "digits/framebuffer.h"
#include "digits/platform.h"
#include "digits/recognizer.h"
#include "digits/text.h"
#include "digits/ui.h"
#include "drivers/i2c.h"
#include "drivers/ili9341.h"
#include "drivers/ltdc.h"
#include "drivers/sdram.h"
#include "drivers/stmpe811.h"
#include "platform/board.h"

#if NIB_DIGITS_COMPILED
// The model compiled by nib compile at build time (CMake option
// NIB_DIGITS_COMPILED): no .tflite in the image, nothing parsed at boot.
#include "digits_model_optimized.h"
#include "digits_model_reference.h"
#endif

namespace {

using namespace nib;
using namespace nib::board;
using namespace nib::digits;

// Both arenas and the canvas live in the first 128 KB of SRAM (the linker
// script checks), so the self-test also runs on QEMU's netduinoplus2. The
// project's model needs 5,440 / 9,152 bytes, the seed's 9,456 / 28,016.
constexpr size_t kOptimizedArenaBytes = 16u << 10;
constexpr size_t kReferenceArenaBytes = 32u << 10;
alignas(16) uint8_t g_arena_optimized[kOptimizedArenaBytes];
alignas(16) uint8_t g_arena_reference[kReferenceArenaBytes];
uint8_t g_ink[layout::kDrawArea.w * layout::kDrawArea.h];

// One SDRAM page (row) is 256 columns x 16 bits = 512 bytes: a 512-byte line
// pitch starts every screen line on a fresh page, so no line crosses a page
// boundary mid-scan.
constexpr int kStridePixels = 256;
constexpr uint32_t kFramebuffer = kSdramBase;

class BoardPlatform final : public Platform {
 public:
  uint64_t micros() override { return board::micros(); }
  uint64_t cycles() override { return board::cycles(); }
};

// Built on first use rather than by global constructors.
BoardPlatform& platform() {
  static BoardPlatform p;
  return p;
}
Recognizer& optimized() {
  static Recognizer r{platform()};
  return r;
}
Recognizer& reference() {
  static Recognizer r{platform()};
  return r;
}
Canvas& canvas() {
  static Canvas c{g_ink, layout::kDrawArea.w, layout::kDrawArea.h};
  return c;
}

void say(std::string_view s) { log(s); }

std::string_view model_name() { return nib_model_name; }

void log_clocks() {
  const Clocks& c = clocks();
  TextBuf<160> line;
  line.add("nib-digits on STM32F429I-DISCO: ").add(model_name()).add(", core ");
  line.add_int(c.sysclk_hz / 1'000'000).add(" MHz");
  if (c.on_pll) {
    line.add(" (PLL from the 8 MHz HSE, ").add_int(flash_wait_states(c.sysclk_hz)).add(" flash wait states)");
  } else {
    line.add(" (HSI: ").add(c.problem != nullptr ? c.problem : "?").add(")");
  }
  line.add('\n');
  say(line.view());
}

#if NIB_DIGITS_COMPILED
namespace opt = digits_model_optimized;
namespace ref = digits_model_reference;
constexpr CompiledModel kCompiledOptimized{opt::init,       opt::invoke,  opt::input,
                                           opt::output,     opt::kArenaBytes, opt::kMacs,
                                           opt::kKernelsUsed, opt::kOutputFromSoftmax, Kernels::kOptimized};
constexpr CompiledModel kCompiledReference{ref::init,       ref::invoke,  ref::input,
                                           ref::output,     ref::kArenaBytes, ref::kMacs,
                                           ref::kKernelsUsed, ref::kOutputFromSoftmax, Kernels::kReference};
#endif

bool prepare_models() {
#if NIB_DIGITS_COMPILED
  Status s = optimized().init(kCompiledOptimized, g_arena_optimized, kOptimizedArenaBytes);
  if (s.is_ok()) s = reference().init(kCompiledReference, g_arena_reference, kReferenceArenaBytes);
#else
  Status s = optimized().init(nib_model_data, nib_model_size, g_arena_optimized, kOptimizedArenaBytes,
                              Kernels::kOptimized);
  if (s.is_ok()) {
    s = reference().init(nib_model_data, nib_model_size, g_arena_reference, kReferenceArenaBytes,
                         Kernels::kReference);
  }
#endif
  if (!s.is_ok()) {
    TextBuf<200> line;
    line.add("model: ").add(s.message()).add('\n');
    say(line.view());
    return false;
  }
  TextBuf<200> line;
#if NIB_DIGITS_COMPILED
  line.add("model: compiled by nib compile; arena ");
#else
  line.add("model: ").add_int(static_cast<long long>(nib_model_size)).add(" bytes; arena ");
#endif
  line.add_int(static_cast<long long>(optimized().arena_bytes())).add(" (optimized) ");
  line.add_int(static_cast<long long>(reference().arena_bytes())).add(" (reference) bytes\n");
  say(line.view());
  return true;
}

int selftest() {
  constexpr uint32_t kMaxScripts = 32;
  SelftestScript scripts[kMaxScripts];
  const uint32_t n = nib_selftest_script_count < kMaxScripts ? nib_selftest_script_count : kMaxScripts;
  for (uint32_t i = 0; i < n; ++i) {
    const NibEmbeddedScript& e = nib_selftest_scripts[i];
    scripts[i] = {e.name, {e.text, e.size}, static_cast<int>(e.expected)};
  }
  const SelftestResult r = run_selftest(std::span(scripts, n), canvas(), optimized(), &reference(), say);
  TextBuf<80> line;
  line.add("stack: ").add_int(stack_used(), true).add(" of ").add_int(stack_size(), true).add(" bytes used\n");
  say(line.view());
  return r.correct == r.total ? 0 : 1;
}

[[noreturn]] void run_app(Stmpe811* touch) {
  static Framebuffer fb(reinterpret_cast<Color*>(kFramebuffer), layout::kScreenWidth, layout::kScreenHeight,
                        kStridePixels);
  static Ui ui(fb);
  static BoardApp app(ui, canvas(), optimized(), reference(), touch, say);
  app.start(model_name());
  set_led(kLedGreen, true);
  for (;;) {
    if (app.step(millis(), button_pressed())) {
      set_led(kLedGreen, !app.kernels().reference());
      set_led(kLedRed, app.kernels().reference());
    }
    wait_for_interrupt();  // the next SysTick
  }
}

}  // namespace

int main() {
  log_clocks();
  init_leds_and_button();
  const bool force_display = button_pressed();
  if (!prepare_models()) return 1;
  const int selftest_status = selftest();

  // The display probe comes before anything touches the FMC or the LTDC.
  Ili9341 lcd;
  lcd.init_spi(bus());
  const uint16_t id = lcd.read_id();
  TextBuf<120> line;
  line.add("display: ILI9341 ID 0x");
  for (int shift = 12; shift >= 0; shift -= 4) line.add("0123456789abcdef"[(id >> shift) & 0xF]);
  if (id != ili9341::kId && !force_display) {
    line.add(lcd.timed_out() ? " (SPI5 timed out)" : "").add(": no display, stopping here\n");
    say(line.view());
    return selftest_status;
  }
  line.add(id == ili9341::kId ? "\n" : " (user button held: starting anyway)\n");
  say(line.view());

  if (!init_sdram(bus(), clocks().sysclk_hz)) {
    say("sdram: FMC stayed busy; stopping\n");
    return 1;
  }
  // Clear the frame before the LTDC shows it.
  auto* fb = reinterpret_cast<volatile uint32_t*>(kFramebuffer);
  for (int i = 0; i < kStridePixels * layout::kScreenHeight / 2; ++i) fb[i] = 0;
  if (!start_pixel_clock(bus(), clocks().pll_input_hz)) say("lcd: PLLSAI did not lock\n");
  init_ltdc(bus(), kIli9341Timing, kFramebuffer, kStridePixels * 2);
  if (!lcd.init_rgb_interface()) say("lcd: SPI5 timed out during set-up\n");

  static I2c i2c;
  i2c.init(bus(), clocks().pclk1_hz);
  static Stmpe811 touch;
  const bool have_touch = touch.init(i2c, bus());
  say(have_touch ? "touch: STMPE811 ready\n" : "touch: STMPE811 did not answer\n");
  say("ready: draw a digit; the user button switches optimized/reference kernels\n");
  run_app(have_touch ? &touch : nullptr);
}
