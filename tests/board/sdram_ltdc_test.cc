// FMC SDRAM and LTDC set-up against register values worked out by hand
// from the IS42S16400J-7 datasheet, RM0090 and the panel timings.
#include <gtest/gtest.h>

#include "drivers/clock.h"
#include "drivers/ltdc.h"
#include "drivers/sdram.h"
#include "model_bus.h"

namespace nib::board {
namespace {

using model::Board;

uint32_t field(uint32_t v, int pos, int width) { return (v >> pos) & ((1u << width) - 1); }

TEST(BoardSdram, ControllerRegistersAtNinetyMegahertz) {
  Board b;
  ASSERT_TRUE(init_sdram(b.bus, 180'000'000));
  const uint32_t sdcr1 = b.fmc.at(0xA0000140), sdcr2 = b.fmc.at(0xA0000144);
  EXPECT_EQ(field(sdcr1, 10, 2), 2u) << "SDCLK = HCLK / 2 = 90 MHz (set in SDCR1 for both banks)";
  EXPECT_EQ(field(sdcr2, 0, 2), 0u) << "8 column address bits (256 columns)";
  EXPECT_EQ(field(sdcr2, 2, 2), 1u) << "12 row address bits (4096 rows)";
  EXPECT_EQ(field(sdcr2, 4, 2), 1u) << "16-bit data bus";
  EXPECT_EQ(field(sdcr2, 6, 1), 1u) << "4 internal banks";
  EXPECT_EQ(field(sdcr2, 7, 2), 3u) << "CAS latency 3";
  EXPECT_EQ(field(sdcr2, 9, 1), 0u) << "not write protected";

  // One SDCLK = 11.1 ns. tRCD 15 ns -> 2, tRP 15 ns -> 2, tRAS 42 ns -> 4,
  // tRC 63 ns -> 6, tXSR 70 ns -> 7, tMRD 2 clocks, tWR 2 clocks (and >=
  // tRAS - tRCD = 2, >= tRC - tRCD - tRP = 2). Registers hold value - 1;
  // TRC and TRP are read from SDTR1 for both banks.
  const uint32_t sdtr1 = b.fmc.at(0xA0000148), sdtr2 = b.fmc.at(0xA000014C);
  EXPECT_EQ(field(sdtr1, 12, 4) + 1, 6u) << "TRC";
  EXPECT_EQ(field(sdtr1, 20, 4) + 1, 2u) << "TRP";
  EXPECT_EQ(field(sdtr2, 0, 4) + 1, 2u) << "TMRD";
  EXPECT_EQ(field(sdtr2, 4, 4) + 1, 7u) << "TXSR";
  EXPECT_EQ(field(sdtr2, 8, 4) + 1, 4u) << "TRAS";
  EXPECT_EQ(field(sdtr2, 16, 4) + 1, 2u) << "TWR";
  EXPECT_EQ(field(sdtr2, 24, 4) + 1, 2u) << "TRCD";

  // 64 ms / 4096 rows = 15.625 us per row refresh; x 90 MHz = 1406 clocks,
  // minus RM0090's margin of 20.
  EXPECT_EQ(field(b.fmc.at(0xA0000154), 1, 13), 1386u);
  EXPECT_TRUE(b.bus.strays.empty());
}

TEST(BoardSdram, JedecPowerUpSequenceOnBankTwo) {
  Board b;
  ASSERT_TRUE(init_sdram(b.bus, 180'000'000));
  const auto& c = b.fmc.commands;
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].mode, 1u) << "clock enable first";
  EXPECT_EQ(c[1].mode, 2u) << "then precharge all";
  EXPECT_GE(c[1].at_us - c[0].at_us, 100u) << "after the 100 us power-up delay";
  EXPECT_EQ(c[2].mode, 3u) << "auto-refresh";
  EXPECT_GE(c[2].refreshes, 2u) << "the datasheet asks for at least two";
  EXPECT_EQ(c[3].mode, 4u) << "load mode register";
  // Mode register: burst length 1 (A2:A0 = 0), sequential (A3 = 0), CAS
  // latency 3 (A6:A4 = 011), standard mode, single-location writes (A9).
  EXPECT_EQ(c[3].mode_register, 0x230u);
  for (const auto& cmd : c) EXPECT_EQ(cmd.targets, 1u) << "CTB2 only: the chip is on SDNE1/SDCKE1";
  // The refresh timer is armed after the mode register is loaded.
  size_t sdcmr_last = 0, sdrtr = 0;
  for (size_t i = 0; i < b.fmc.writes.size(); ++i) {
    if (b.fmc.writes[i].first == 0xA0000150) sdcmr_last = i;
    if (b.fmc.writes[i].first == 0xA0000154) sdrtr = i;
  }
  EXPECT_GT(sdrtr, sdcmr_last);
}

TEST(BoardSdram, PinsOnAlternateFunctionTwelve) {
  Board b;
  ASSERT_TRUE(init_sdram(b.bus, 180'000'000));
  // A sample from each group of UM1670's FMC wiring.
  const int pins[][2] = {{1, 5}, {1, 6}, {2, 0}, {3, 14}, {4, 7}, {4, 15}, {5, 0}, {5, 11}, {6, 8}, {6, 15}};
  for (auto [port, pin] : pins) {
    EXPECT_EQ(b.gpio.mode(port, pin), 2) << "port " << port << " pin " << pin;
    EXPECT_EQ(b.gpio.alternate(port, pin), 12) << "port " << port << " pin " << pin;
  }
  EXPECT_EQ(b.clocks.ahb3enr() & 1u, 1u) << "FMC clock on";
}

TEST(BoardLtdc, TimingRegistersFromThePanelTimings) {
  Board b;
  init_ltdc(b.bus, kIli9341Timing, 0xD0000000, 512);
  auto h = [](uint32_t v) { return (v >> 16) & 0xFFF; };
  auto v = [](uint32_t x) { return x & 0x7FF; };
  // HSYNC 10, HBP 20, 240 active, HFP 10; VSYNC 2, VBP 2, 320 active, VFP 4:
  // each counter accumulates, minus one.
  const uint32_t sscr = b.ltdc.at(0x40016808), bpcr = b.ltdc.at(0x4001680C), awcr = b.ltdc.at(0x40016810),
                 twcr = b.ltdc.at(0x40016814);
  EXPECT_EQ(h(sscr), 9u);
  EXPECT_EQ(v(sscr), 1u);
  EXPECT_EQ(h(bpcr), 29u);
  EXPECT_EQ(v(bpcr), 3u);
  EXPECT_EQ(h(awcr), 269u);
  EXPECT_EQ(v(awcr), 323u);
  EXPECT_EQ(h(twcr), 279u);
  EXPECT_EQ(v(twcr), 327u);
  // 280 x 328 pixel clocks per frame at 6 MHz: 65 frames per second.
  EXPECT_NEAR(6e6 / ((h(twcr) + 1.0) * (v(twcr) + 1.0)), 65.3, 0.1);

  // Layer 1: the whole active area, RGB565, 512-byte pitch, 320 lines.
  const uint32_t l1 = 0x40016884;
  EXPECT_EQ(b.ltdc.at(l1 + 0x04), (269u << 16) | 30u) << "WHPCR: columns 30..269";
  EXPECT_EQ(b.ltdc.at(l1 + 0x08), (323u << 16) | 4u) << "WVPCR: lines 4..323";
  EXPECT_EQ(b.ltdc.at(l1 + 0x10), 2u) << "RGB565";
  EXPECT_EQ(b.ltdc.at(l1 + 0x28), 0xD0000000u);
  EXPECT_EQ(b.ltdc.at(l1 + 0x2C), (512u << 16) | (240u * 2 + 3)) << "pitch, line length + 3";
  EXPECT_EQ(b.ltdc.at(l1 + 0x30), 320u);
  EXPECT_EQ(b.ltdc.at(l1 + 0x00) & 1u, 1u) << "layer enabled";
  EXPECT_EQ(b.ltdc.at(0x40016818) & 1u, 1u) << "LTDC enabled";
  EXPECT_EQ(b.ltdc.at(0x40016818) >> 28, 0u) << "syncs active low, DE active high, clock not inverted";
  EXPECT_EQ(b.ltdc.at(0x40016824) & 1u, 1u) << "shadow registers reloaded";
  EXPECT_TRUE(b.bus.strays.empty());
}

TEST(BoardLtdc, PinsOnTheirAlternateFunctions) {
  Board b;
  init_ltdc(b.bus, kIli9341Timing, 0xD0000000, 512);
  EXPECT_EQ(b.gpio.alternate(1, 0), 9) << "R3 on PB0 is AF9";
  EXPECT_EQ(b.gpio.alternate(6, 12), 9) << "B4 on PG12 is AF9";
  EXPECT_EQ(b.gpio.alternate(6, 7), 14) << "DOTCLK on PG7";
  EXPECT_EQ(b.gpio.alternate(5, 10), 14) << "DE on PF10";
  EXPECT_EQ(b.gpio.mode(2, 6), 2) << "HSYNC on PC6";
}

}  // namespace
}  // namespace nib::board
