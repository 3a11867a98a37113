// targets/common's hooks (target.h) for the STM32F429I-DISCO: USART1 as the
// console, a WFI halt as exit, and init() bringing up clocks, the log,
// SysTick and the DWT cycle counter. Also the board services of board.h.
#include <cstddef>
#include <cstring>

#include "board.h"
#include "console.h"
#include "drivers/regs.h"
#include "target.h"

extern "C" {
extern std::byte __stack_limit[];
extern std::uint32_t __stack_top[];
}

namespace nib::board {

namespace {

constexpr uint32_t kStackPaint = 0x5A5A5A5Au;

// Fills the stack below the current frame with a pattern, so that
// stack_used() can tell how deep it has ever been.
[[gnu::noinline]] void paint_stack() {
  auto* p = reinterpret_cast<uint32_t*>(__stack_limit);
  const auto* sp = reinterpret_cast<uint32_t*>(__builtin_frame_address(0));
  while (p + 64 < sp) *p++ = kStackPaint;
}

DirectBus g_bus;
Clocks g_clocks;
Usart g_usart;
volatile uint32_t g_millis = 0;
uint32_t g_tick_load = 0;
uint32_t g_cycles_last = 0;
uint64_t g_cycles_high = 0;

using Handler = void (*)();
// targets/common's vector table sends every exception to the fault report;
// the board runs from a RAM copy with SysTick pointed at its handler. 16 +
// 91 vectors, aligned to the next power of two of the table's size.
constexpr int kVectors = 16 + 91;
alignas(512) Handler g_vectors[kVectors];

extern "C" void nib_board_systick() { g_millis = g_millis + 1; }

void start_timebase(uint32_t core_hz) {
  Bus& b = g_bus;
  const auto* boot = reinterpret_cast<const Handler*>(b.read(reg::scb::kVtor));  // 0: the flash alias
  for (int i = 0; i < kVectors; ++i) g_vectors[i] = boot[i];
  g_vectors[15] = nib_board_systick;
  asm volatile("dsb" ::: "memory");
  b.write(reg::scb::kVtor, static_cast<uint32_t>(reinterpret_cast<uintptr_t>(g_vectors)));
  asm volatile("dsb\n\tisb" ::: "memory");

  g_tick_load = core_hz / 1000 - 1;
  b.write(reg::systick::kLoad, g_tick_load);
  b.write(reg::systick::kVal, 0);
  b.write(reg::systick::kCtrl,
          reg::systick::kEnable.mask() | reg::systick::kTickInt.mask() | reg::systick::kClkSourceCpu.mask());

  b.set_bits(reg::scb::kDemcr, reg::scb::kTrcEna.mask());
  b.write(reg::dwt::kCyccnt, 0);
  b.set_bits(reg::dwt::kCtrl, reg::dwt::kCycCntEna.mask());
}

}  // namespace

DirectBus& bus() { return g_bus; }
const Clocks& clocks() { return g_clocks; }
void log(std::string_view text) { g_usart.write(text); }

uint32_t millis() { return g_millis; }

uint32_t stack_used() {
  const auto* p = reinterpret_cast<const uint32_t*>(__stack_limit);
  const auto* top = reinterpret_cast<const uint32_t*>(__stack_top);
  while (p < top && *p == kStackPaint) ++p;
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(top) - reinterpret_cast<uintptr_t>(p));
}
uint32_t stack_size() {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(__stack_top) - reinterpret_cast<uintptr_t>(__stack_limit));
}

uint64_t micros() {
  uint32_t ms, val;
  do {  // a tick between the two reads would pair a new count with an old VAL
    ms = g_millis;
    val = g_bus.read(reg::systick::kVal);
  } while (ms != g_millis);
  const uint32_t per_us = (g_tick_load + 1) / 1000;
  const uint32_t done = g_tick_load - (val > g_tick_load ? g_tick_load : val);
  return static_cast<uint64_t>(ms) * 1000u + (per_us != 0 ? done / per_us : 0);
}

uint64_t cycles() {
  const uint32_t now = g_bus.read(reg::dwt::kCyccnt);
  if (now < g_cycles_last) g_cycles_high += 1ull << 32;
  g_cycles_last = now;
  return g_cycles_high | now;
}

void init_leds_and_button() {
  enable_port_clock(g_bus, Port::G);
  enable_port_clock(g_bus, Port::A);
  configure_pin(g_bus, kLedGreen, {.mode = PinMode::kOutput, .speed = 0});
  configure_pin(g_bus, kLedRed, {.mode = PinMode::kOutput, .speed = 0});
  configure_pin(g_bus, kUserButton, {.mode = PinMode::kInput});
}

void set_led(Pin led, bool on) { write_pin(g_bus, led, on); }
bool button_pressed() { return read_pin(g_bus, kUserButton); }

}  // namespace nib::board

namespace nib::target {

void console_write(std::string_view text) noexcept { board::g_usart.write(text); }

// Nothing to return to on a board: sleep for good (after saying why, if it
// is a failure).
void exit(int code) noexcept {
  if (code != 0) {
    console::write("nib: stopped (code ");
    console::write_dec(code);
    console::write(")\n");
  }
  asm volatile("cpsid i" ::: "memory");
  board::g_bus.write(board::reg::systick::kCtrl, 0);
  for (;;) asm volatile("wfi");
}

void init() noexcept {
  using namespace board;
  paint_stack();
  g_clocks = configure_clocks(g_bus);
  g_bus.set_core_hz(g_clocks.sysclk_hz);
  g_usart.init(g_bus, g_clocks.pclk2_hz);
  start_timebase(g_clocks.sysclk_hz);
}

}  // namespace nib::target
