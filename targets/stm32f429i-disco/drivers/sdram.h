// FMC SDRAM controller for the board's IS42S16400J-7 (ISSI: 1 M words x 16
// bits x 4 banks = 8 MB; 12 row and 8 column address bits; -7: CL3 up to
// 143 MHz) on SDRAM bank 2 (SDNE1/SDCKE1), mapped at 0xD0000000.
// Timings are the datasheet's minimum times rounded up to SDCLK cycles.
#pragma once

#include <cstdint>

#include "mmio.h"

namespace nib::board {

inline constexpr uint32_t kSdramBase = 0xD000'0000;
inline constexpr uint32_t kSdramBytes = 8u << 20;

// IS42S16400J-7 minimum times (ns) and cycle counts.
struct SdramChip {
  uint32_t t_rcd_ns = 15;  // ACTIVE to READ/WRITE
  uint32_t t_rp_ns = 15;   // PRECHARGE period
  uint32_t t_ras_ns = 42;  // ACTIVE to PRECHARGE
  uint32_t t_rc_ns = 63;   // ACTIVE to ACTIVE, same bank
  uint32_t t_xsr_ns = 70;  // exit self-refresh to ACTIVE
  uint32_t t_wr_clk = 2;   // write recovery (tDPL), cycles
  uint32_t t_mrd_clk = 2;  // LOAD MODE REGISTER to command, cycles
  uint32_t cas_latency = 3;
  uint32_t rows = 4096;
  uint32_t refresh_ms = 64;  // every row refreshed within this time
  uint32_t power_up_us = 100;
  uint32_t auto_refreshes = 8;  // during initialisation (the datasheet asks for at least 2)
};

struct SdramTiming {
  uint32_t tmrd, txsr, tras, trc, twr, trp, trcd;  // SDCLK cycles (>= 1)
  uint32_t refresh_count;                           // SDRTR COUNT
  uint32_t mode_register;                           // LOAD MODE REGISTER value
};

constexpr uint32_t cycles_for_ns(uint32_t ns, uint32_t hz) {
  return static_cast<uint32_t>((static_cast<uint64_t>(ns) * hz + 999'999'999u) / 1'000'000'000u);
}

// SDCLK = HCLK / 2 (the FMC's fastest SDRAM clock).
constexpr SdramTiming sdram_timing(const SdramChip& chip, uint32_t sdclk_hz) {
  SdramTiming t{};
  t.tmrd = chip.t_mrd_clk;
  t.txsr = cycles_for_ns(chip.t_xsr_ns, sdclk_hz);
  t.tras = cycles_for_ns(chip.t_ras_ns, sdclk_hz);
  t.trc = cycles_for_ns(chip.t_rc_ns, sdclk_hz);
  t.trp = cycles_for_ns(chip.t_rp_ns, sdclk_hz);
  t.trcd = cycles_for_ns(chip.t_rcd_ns, sdclk_hz);
  // RM0090: TWR >= TRAS - TRCD and TWR >= TRC - TRCD - TRP.
  uint32_t twr = chip.t_wr_clk;
  if (t.tras > t.trcd && twr < t.tras - t.trcd) twr = t.tras - t.trcd;
  if (t.trc > t.trcd + t.trp && twr < t.trc - t.trcd - t.trp) twr = t.trc - t.trcd - t.trp;
  t.twr = twr;
  // RM0090 §37.7.5: COUNT = refresh period x SDCLK - 20 (margin), the
  // refresh period being one row's share of refresh_ms.
  t.refresh_count = static_cast<uint32_t>(static_cast<uint64_t>(chip.refresh_ms) * sdclk_hz / 1000u / chip.rows) - 20u;
  // Mode register: burst length 1 (A2:A0 = 0), sequential, CAS latency in
  // A6:A4, standard operation, single-location write bursts (A9).
  t.mode_register = (chip.cas_latency << 4) | (1u << 9);
  return t;
}

// Pins (AF12), FMC clock, controller set-up and the JEDEC power-up sequence:
// clock enable, >= 100 us, precharge all, auto-refreshes, load mode
// register, refresh timer. hclk_hz is the AHB clock. False (and the SDRAM
// unusable) if the controller stays busy.
bool init_sdram(Bus& bus, uint32_t hclk_hz);

}  // namespace nib::board
