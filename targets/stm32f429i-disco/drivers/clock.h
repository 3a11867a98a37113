// The clock tree: 8 MHz HSE -> main PLL -> 180 MHz SYSCLK/HCLK, APB1 45 MHz,
// APB2 90 MHz, with voltage scale 1 + over-drive, 5 flash wait states, ART
// prefetch and caches; PLLSAI for the LCD pixel clock. Every ready bit is
// polled a bounded number of times; if one never comes the core stays on (or
// returns to) the 16 MHz HSI and the result says which step failed.
#pragma once

#include <cstdint>

#include "mmio.h"

namespace nib::board {

inline constexpr uint32_t kHseHz = 8'000'000;   // X2 on the board (ST-LINK MCO on some revisions)
inline constexpr uint32_t kHsiHz = 16'000'000;
inline constexpr uint32_t kTargetHz = 180'000'000;

// Main PLL: SYSCLK = HSE / m * n / p; the 48 MHz domain (q) is unused.
struct PllConfig {
  uint32_t m, n, p, q;
  constexpr uint32_t vco_in(uint32_t src_hz) const { return src_hz / m; }
  constexpr uint32_t vco_out(uint32_t src_hz) const { return vco_in(src_hz) * n; }
  constexpr uint32_t sysclk(uint32_t src_hz) const { return vco_out(src_hz) / p; }
};

// RM0090 §6.3.2 limits: VCO input 1-2 MHz, n 50-432, VCO output 100-432 MHz,
// p in {2, 4, 6, 8}, q 2-15.
constexpr bool pll_valid(const PllConfig& c, uint32_t src_hz) {
  const uint32_t in = src_hz / c.m;
  return c.m >= 2 && c.m <= 63 && src_hz % c.m == 0 && in >= 1'000'000 && in <= 2'000'000 && c.n >= 50 &&
         c.n <= 432 && in * c.n >= 100'000'000 && in * c.n <= 432'000'000 &&
         (c.p == 2 || c.p == 4 || c.p == 6 || c.p == 8) && c.q >= 2 && c.q <= 15;
}

// 2 MHz VCO input (the reference manual's recommendation, less jitter).
inline constexpr PllConfig kMainPll{4, 180, 2, 8};
static_assert(pll_valid(kMainPll, kHseHz) && kMainPll.sysclk(kHseHz) == kTargetHz);

// Flash wait states at 2.7-3.6 V (RM0090 table 11): one per 30 MHz step.
constexpr uint32_t flash_wait_states(uint32_t hclk_hz) { return (hclk_hz - 1) / 30'000'000; }

struct Clocks {
  uint32_t sysclk_hz = kHsiHz;
  uint32_t pclk1_hz = kHsiHz;  // APB1: I2C3
  uint32_t pclk2_hz = kHsiHz;  // APB2: USART1, SPI5
  bool on_pll = false;
  // The PLLs' common input (source / PLLM): what PLLSAI multiplies. The
  // reset configuration (HSI / 16) until the main PLL has been set up.
  uint32_t pll_input_hz = kHsiHz / 16;
  const char* problem = nullptr;  // the step that failed, null when all went well
  uint32_t polls = 0;             // status reads spent waiting, all steps together
};

// Most status reads any single wait may take (about 1 ms at 16 MHz through
// the bus, far more than any ready bit needs on the chip).
inline constexpr uint32_t kClockPolls = 20'000;

Clocks configure_clocks(Bus& bus);

// LCD pixel clock from PLLSAI, which shares the main PLL's input: a 192 MHz
// VCO (2 MHz x 96 normally, 1 MHz x 192 on the HSI fall-back), /r 4 = 48 MHz,
// /8 = 6 MHz. False if PLLSAI never locks.
inline constexpr uint32_t kPllSaiVcoHz = 192'000'000, kPllSaiR = 4, kPllSaiDiv = 8;
inline constexpr uint32_t kPixelClockHz = kPllSaiVcoHz / kPllSaiR / kPllSaiDiv;
bool start_pixel_clock(Bus& bus, uint32_t pll_input_hz);

}  // namespace nib::board
