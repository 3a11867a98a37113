// The clock tree driver against the RCC/PWR/FLASH model: 180 MHz from the
// 8 MHz HSE within every rule of RM0090, and a bounded fall-back to the
// 16 MHz HSI when an oscillator or the PLL never becomes ready.
#include <gtest/gtest.h>

#include "drivers/clock.h"
#include "drivers/usart.h"
#include "model_bus.h"

namespace nib::board {
namespace {

using model::Board;

TEST(BoardClock, ReachesOneEightyMegahertzFromTheHse) {
  Board b;
  const Clocks c = configure_clocks(b.bus);
  EXPECT_TRUE(b.clocks.violations.empty()) << b.clocks.violations.front();
  EXPECT_TRUE(b.bus.strays.empty());
  // What the registers now give, computed by the model from RM0090's tree.
  EXPECT_EQ(b.clocks.sysclk_hz(), 180'000'000u);
  EXPECT_EQ(b.clocks.hclk_hz(), 180'000'000u);
  EXPECT_EQ(b.clocks.pclk1_hz(), 45'000'000u);
  EXPECT_EQ(b.clocks.pclk2_hz(), 90'000'000u);
  EXPECT_EQ(b.clocks.flash_latency(), 5u);
  EXPECT_EQ(b.clocks.acr() & 0x700u, 0x700u) << "prefetch, instruction and data caches on";
  // And what the driver reports matches.
  EXPECT_TRUE(c.on_pll);
  EXPECT_EQ(c.problem, nullptr);
  EXPECT_EQ(c.sysclk_hz, 180'000'000u);
  EXPECT_EQ(c.pclk1_hz, 45'000'000u);
  EXPECT_EQ(c.pclk2_hz, 90'000'000u);
}

TEST(BoardClock, PllSettingsAreWithinTheManualsLimits) {
  // 8 MHz / 4 = 2 MHz VCO input, x180 = 360 MHz VCO, /2 = 180 MHz.
  EXPECT_EQ(kMainPll.vco_in(kHseHz), 2'000'000u);
  EXPECT_EQ(kMainPll.vco_out(kHseHz), 360'000'000u);
  EXPECT_EQ(kMainPll.sysclk(kHseHz), 180'000'000u);
  EXPECT_FALSE(pll_valid({8, 450, 2, 8}, kHseHz)) << "n above 432";
  EXPECT_FALSE(pll_valid({2, 100, 2, 8}, kHseHz)) << "VCO input 4 MHz";
  EXPECT_EQ(flash_wait_states(180'000'000), 5u);
  EXPECT_EQ(flash_wait_states(30'000'000), 0u);
  EXPECT_EQ(flash_wait_states(30'000'001), 1u);
}

TEST(BoardClock, NoCrystalFallsBackToTheHsiInBoundedTime) {
  Board b;
  b.clocks.hse_present = false;
  const uint64_t reads_before = b.bus.reads;
  const Clocks c = configure_clocks(b.bus);
  EXPECT_FALSE(c.on_pll);
  ASSERT_NE(c.problem, nullptr);
  EXPECT_STREQ(c.problem, "HSE not ready");
  EXPECT_EQ(c.sysclk_hz, 16'000'000u);
  EXPECT_EQ(b.clocks.sysclk_hz(), 16'000'000u);
  EXPECT_LE(b.bus.reads - reads_before, 3u * kClockPolls);
  EXPECT_TRUE(b.clocks.violations.empty()) << b.clocks.violations.front();
}

TEST(BoardClock, PllThatNeverLocksLeavesTheCoreOnTheHsi) {
  Board b;
  b.clocks.pll_locks = false;
  const Clocks c = configure_clocks(b.bus);
  EXPECT_FALSE(c.on_pll);
  EXPECT_STREQ(c.problem, "PLL did not lock");
  EXPECT_EQ(b.clocks.sysclk_hz(), 16'000'000u);
  EXPECT_EQ(c.pclk2_hz, 16'000'000u);
  EXPECT_TRUE(b.clocks.violations.empty()) << b.clocks.violations.front();
}

TEST(BoardClock, AStatusThatNeverAnswersCannotHang) {
  // A bus where every register reads 0 (QEMU's unmodelled RCC).
  model::ModelBus bus;
  model::RegisterFile zeros;
  bus.map(0x40000000, 0x40000, zeros);
  const Clocks c = configure_clocks(bus);
  EXPECT_FALSE(c.on_pll);
  EXPECT_EQ(c.sysclk_hz, kHsiHz);
  EXPECT_LE(bus.reads, 3u * kClockPolls);
}

TEST(BoardClock, PixelClockFromPllsai) {
  Board b;
  const Clocks c = configure_clocks(b.bus);
  EXPECT_EQ(c.pll_input_hz, 2'000'000u);
  ASSERT_TRUE(start_pixel_clock(b.bus, c.pll_input_hz));
  // 2 MHz x 96 = 192 MHz, /4 = 48 MHz, /8 = 6 MHz: 280 x 328 clocks per
  // frame (ltdc test) give 65 frames per second.
  EXPECT_EQ(b.clocks.lcd_clock_hz(), 6'000'000u);
  EXPECT_EQ(kPixelClockHz, 6'000'000u);
  EXPECT_TRUE(b.clocks.violations.empty()) << b.clocks.violations.front();
}

TEST(BoardClock, PixelClockOnTheHsiFallBack) {
  // No crystal: the PLLs keep their reset input, HSI / 16 = 1 MHz.
  Board b;
  b.clocks.hse_present = false;
  const Clocks c = configure_clocks(b.bus);
  EXPECT_EQ(c.pll_input_hz, 1'000'000u);
  ASSERT_TRUE(start_pixel_clock(b.bus, c.pll_input_hz));
  EXPECT_EQ(b.clocks.lcd_clock_hz(), 6'000'000u);
  EXPECT_TRUE(b.clocks.violations.empty()) << b.clocks.violations.front();
}

TEST(BoardUsart, BaudRateDivisorFor115200) {
  // USARTDIV = 90 MHz / (16 x 115200) = 48.83: mantissa 48, fraction
  // round(0.83 x 16) = 13 -> 0x30D; at 16 MHz 8.68 -> 8, 11 -> 0x8B.
  EXPECT_EQ(usart_brr(90'000'000, 115200), 0x30Du);
  EXPECT_EQ(usart_brr(16'000'000, 115200), 0x8Bu);
}

TEST(BoardUsart, SendsTextWithCarriageReturns) {
  Board b;
  b.gpio.inputs[0] = 0;
  Usart u;
  u.init(b.bus, 90'000'000);
  u.write("a\nb");
  std::string sent;
  for (auto [addr, value] : b.usart.writes) {
    if (addr == 0x40011004) sent += static_cast<char>(value);
  }
  EXPECT_EQ(sent, "a\r\nb");
  EXPECT_EQ(b.usart.at(0x40011008), 0x30Du);
  EXPECT_EQ(b.gpio.mode(0, 9), 2);
  EXPECT_EQ(b.gpio.alternate(0, 9), 7);
  EXPECT_EQ(b.gpio.alternate(0, 10), 7);
  EXPECT_EQ(u.timeouts(), 0);
}

}  // namespace
}  // namespace nib::board
