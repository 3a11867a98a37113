// The Bus on the chip itself: volatile 32-bit loads and stores.
#pragma once

#include <cstdint>

#include "drivers/mmio.h"

namespace nib::board {

class DirectBus final : public Bus {
 public:
  uint32_t read(Register r) override { return *reinterpret_cast<volatile uint32_t*>(r.addr); }
  void write(Register r, uint32_t value) override { *reinterpret_cast<volatile uint32_t*>(r.addr) = value; }
  // A counted loop: every pass takes at least 2 cycles (SUBS + a taken
  // branch), so core_hz / 2 passes per second is a lower bound on the time.
  void delay_us(uint32_t us) override {
    const uint32_t per_us = core_hz_ / 2'000'000u;
    for (uint32_t i = 0; i < us; ++i) {
      uint32_t n = per_us;
      asm volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
    }
  }
  void set_core_hz(uint32_t hz) { core_hz_ = hz < 2'000'000u ? 2'000'000u : hz; }

 private:
  uint32_t core_hz_ = 16'000'000;  // HSI until the clocks are set up
};

}  // namespace nib::board
