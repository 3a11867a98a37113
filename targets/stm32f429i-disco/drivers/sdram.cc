#include "sdram.h"

#include "gpio.h"
#include "regs.h"

namespace nib::board {

namespace {

using namespace reg;

constexpr uint32_t kBusyPolls = 10'000;

struct PortPins {
  Port port;
  uint16_t pins;  // bit n: pin n
};

// FMC signals on the board (UM1670): SDCKE1 PB5, SDNE1 PB6, SDNWE PC0,
// SDNRAS PF11, SDNCAS PG15, SDCLK PG8, BA0/BA1 PG4/PG5, NBL0/NBL1 PE0/PE1,
// A0-A5 PF0-5, A6-A9 PF12-15, A10/A11 PG0/PG1, D0-D3 PD14, PD15, PD0, PD1,
// D4-D12 PE7-15, D13-D15 PD8-10.
constexpr PortPins kFmcPins[] = {
    {Port::B, (1u << 5) | (1u << 6)},
    {Port::C, 1u << 0},
    {Port::D, (1u << 0) | (1u << 1) | (1u << 8) | (1u << 9) | (1u << 10) | (1u << 14) | (1u << 15)},
    {Port::E, 0xFF83},  // 0, 1, 7-15
    {Port::F, 0xF83F},  // 0-5, 11-15
    {Port::G, (1u << 0) | (1u << 1) | (1u << 4) | (1u << 5) | (1u << 8) | (1u << 15)},
};

bool command(Bus& bus, uint32_t mode, uint32_t refreshes = 1, uint32_t mode_register = 0) {
  if (!bus.wait(fmc::kSdsr, fmc::kBusy.mask(), 0, kBusyPolls)) return false;
  bus.write(fmc::kSdcmr, fmc::kMode(mode) | fmc::kCtb2(1) | fmc::kNrfs(refreshes - 1) | fmc::kMrd(mode_register));
  return bus.wait(fmc::kSdsr, fmc::kBusy.mask(), 0, kBusyPolls);
}

}  // namespace

bool init_sdram(Bus& bus, uint32_t hclk_hz) {
  constexpr SdramChip chip;
  const SdramTiming t = sdram_timing(chip, hclk_hz / 2);

  for (const PortPins& p : kFmcPins) {
    enable_port_clock(bus, p.port);
    for (uint8_t n = 0; n < 16; ++n) {
      if (p.pins & (1u << n)) configure_pin(bus, {p.port, n}, {.mode = PinMode::kAlternate, .alternate = 12, .speed = 3});
    }
  }
  bus.set_bits(rcc::kAhb3Enr, rcc::kFmcEn.mask());
  bus.read(rcc::kAhb3Enr);

  // SDCLK, read burst and read pipe live in SDCR1 for both banks; the
  // device geometry of bank 2 in SDCR2. 8 column bits (NC 0), 12 row bits
  // (NR 1), 16-bit bus (MWID 1), 4 internal banks.
  bus.write(fmc::kSdcr1, fmc::kSdclk(2) | fmc::kRburst(1) | fmc::kRpipe(1));
  bus.write(fmc::kSdcr2, fmc::kNc(0) | fmc::kNr(1) | fmc::kMwid(1) | fmc::kNb(1) | fmc::kCas(chip.cas_latency));
  // TRC and TRP are common to both banks and read from SDTR1.
  bus.write(fmc::kSdtr1, fmc::kTrc(t.trc - 1) | fmc::kTrp(t.trp - 1));
  bus.write(fmc::kSdtr2, fmc::kTmrd(t.tmrd - 1) | fmc::kTxsr(t.txsr - 1) | fmc::kTras(t.tras - 1) |
                             fmc::kTwr(t.twr - 1) | fmc::kTrcd(t.trcd - 1));

  if (!command(bus, fmc::kCmdClockEnable)) return false;
  bus.delay_us(chip.power_up_us);
  if (!command(bus, fmc::kCmdPrechargeAll)) return false;
  if (!command(bus, fmc::kCmdAutoRefresh, chip.auto_refreshes)) return false;
  if (!command(bus, fmc::kCmdLoadMode, 1, t.mode_register)) return false;
  bus.set_field(fmc::kSdrtr, fmc::kCount, t.refresh_count);
  return true;
}

}  // namespace nib::board
