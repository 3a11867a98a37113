// The ILI9341 driver on the SPI5 model: the ID probe over the shared data
// line, its bounded failure without a panel or without an SPI, and the
// command stream of the RGB-interface set-up.
#include <gtest/gtest.h>

#include "drivers/ili9341.h"
#include "model_bus.h"

namespace nib::board {
namespace {

using model::Board;

TEST(BoardIli9341, ReadsThePanelId) {
  Board b;
  Ili9341 lcd;
  lcd.init_spi(b.bus);
  EXPECT_EQ(lcd.read_id(), 0x9341);
  EXPECT_FALSE(lcd.timed_out());
  EXPECT_EQ(b.spi.misuse, 0);
  EXPECT_EQ(b.lcd.bytes_while_deselected, 0);
  EXPECT_TRUE(b.gpio.output_high(2, 2)) << "CSX released after the probe";
  EXPECT_TRUE(b.bus.strays.empty());
}

TEST(BoardIli9341, NoPanelIsNotAnId) {
  Board b;
  b.lcd.present = false;
  Ili9341 lcd;
  lcd.init_spi(b.bus);
  EXPECT_NE(lcd.read_id(), 0x9341);
}

TEST(BoardIli9341, DeadSpiTimesOutInsteadOfHanging) {
  Board b;
  b.spi.dead = true;
  Ili9341 lcd;
  lcd.init_spi(b.bus);
  const uint64_t before = b.bus.reads;
  EXPECT_EQ(lcd.read_id(), 0);
  EXPECT_TRUE(lcd.timed_out());
  EXPECT_LT(b.bus.reads - before, 50'000u);
}

TEST(BoardIli9341, RgbInterfaceSetUp) {
  Board b;
  Ili9341 lcd;
  lcd.init_spi(b.bus);
  ASSERT_TRUE(lcd.init_rgb_interface());
  const auto& c = b.lcd.commands;
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c[0].cmd, 0x01) << "software reset first";
  EXPECT_TRUE(c[0].params.empty());
  EXPECT_GE(c[1].at_us - c[0].at_us, 5'000u) << "5 ms before the next command after a reset";
  EXPECT_EQ(c[1].cmd, 0xB0);
  EXPECT_EQ(c[1].params, (std::vector<uint8_t>{0xC2})) << "bypass to the panel, DE mode, DOTCLK falling edge";
  EXPECT_EQ(c[2].cmd, 0xF6);
  EXPECT_EQ(c[2].params, (std::vector<uint8_t>{0x01, 0x00, 0x06})) << "RGB interface for display and memory";
  EXPECT_EQ(c[3].cmd, 0x3A);
  EXPECT_EQ(c[3].params, (std::vector<uint8_t>{0x66})) << "18 bits per pixel";
  EXPECT_EQ(c[4].cmd, 0x11) << "sleep out";
  EXPECT_EQ(c[5].cmd, 0x29) << "display on";
  EXPECT_GE(c[5].at_us - c[4].at_us, 120'000u) << "120 ms after sleep out";
  EXPECT_EQ(b.spi.misuse, 0);
  EXPECT_EQ(b.lcd.bytes_while_deselected, 0);
}

}  // namespace
}  // namespace nib::board
