// The STMPE811 driver through the I2C3 model: identification, a set-up
// that makes the chip measure, touches read from the FIFO and mapped to the
// screen, and the I2C protocol (NACK before STOP, no stray bytes).
#include <gtest/gtest.h>

#include "drivers/i2c.h"
#include "drivers/stmpe811.h"
#include "model_bus.h"

namespace nib::board {
namespace {

using model::Board;

struct BoardTouch : ::testing::Test {
  Board b;
  I2c i2c;
  Stmpe811 touch;
  void SetUp() override { i2c.init(b.bus, 45'000'000); }
};

TEST_F(BoardTouch, I2cTimingForStandardMode) {
  // 45 MHz APB1: FREQ 45, CCR = 45 MHz / (2 x 100 kHz) = 225, TRISE = 1000
  // ns x 45 MHz + 1 = 46.
  EXPECT_EQ(b.bus.read({0x40005C04}) & 0x3F, 45u);
  EXPECT_EQ(b.bus.read({0x40005C1C}) & 0xFFF, 225u);
  EXPECT_EQ(b.bus.read({0x40005C20}), 46u);
  EXPECT_EQ(b.gpio.alternate(0, 8), 4) << "SCL on PA8, AF4";
  EXPECT_EQ(b.gpio.alternate(2, 9), 4) << "SDA on PC9, AF4";
}

TEST_F(BoardTouch, InitialisesAndMeasures) {
  ASSERT_TRUE(touch.init(i2c, b.bus));
  EXPECT_EQ(touch.chip_id(), 0x0811);
  EXPECT_EQ(b.touch.reg(0x04) & 0x03, 0) << "ADC and TSC clocks on";
  EXPECT_EQ(b.touch.reg(0x40) & 0x01, 1) << "touch-screen controller enabled";
  EXPECT_EQ(b.touch.reg(0x20) & 0x08, 0x08) << "12-bit conversions";
  EXPECT_TRUE(b.i2c.violations.empty()) << b.i2c.violations.front();
}

TEST_F(BoardTouch, TouchesBecomeScreenCoordinates) {
  ASSERT_TRUE(touch.init(i2c, b.bus));
  TouchCalibration cal;
  cal.raw_left = 4000;
  cal.raw_right = 100;
  cal.raw_top = 200;
  cal.raw_bottom = 3400;
  touch.set_calibration(cal);

  // Two samples waiting: their average, (2050, 1800), maps to
  // x = (2050 - 4000) x 240 / (100 - 4000) = 120, y = (1800 - 200) x 320 / 3200 = 160.
  b.touch.touch(2000, 1750, 40);
  b.touch.touch(2100, 1850, 40);
  TouchPoint p = touch.poll();
  EXPECT_TRUE(p.down);
  EXPECT_EQ(p.samples, 2);
  EXPECT_NEAR(p.x, 120.0f, 0.01f);
  EXPECT_NEAR(p.y, 160.0f, 0.01f);
  EXPECT_EQ(b.touch.fifo_size(), 0u);
  EXPECT_EQ(b.touch.samples_read, 2);

  // Pen still down, FIFO empty: down, no new samples, same place.
  p = touch.poll();
  EXPECT_TRUE(p.down);
  EXPECT_EQ(p.samples, 0);

  // A corner: raw (100, 3400) is the bottom-right pixel, clamped.
  b.touch.touch(100, 3400, 40);
  p = touch.poll();
  EXPECT_NEAR(p.x, 239.0f, 0.01f);
  EXPECT_NEAR(p.y, 319.0f, 0.01f);

  b.touch.lift();
  p = touch.poll();
  EXPECT_FALSE(p.down);
  EXPECT_TRUE(b.i2c.violations.empty()) << b.i2c.violations.front();
  EXPECT_FALSE(touch.failed());
}

TEST_F(BoardTouch, MissingChipFailsWithoutHanging) {
  b.i2c.device_present = false;
  const uint64_t before = b.bus.reads;
  EXPECT_FALSE(touch.init(i2c, b.bus));
  EXPECT_LT(b.bus.reads - before, 100'000u);
  EXPECT_FALSE(touch.poll().down);
}

TEST(BoardTouchMap, SwappedAxes) {
  TouchCalibration c;
  c.raw_left = 0;
  c.raw_right = 4000;
  c.raw_top = 0;
  c.raw_bottom = 4000;
  c.swap_xy = true;
  float x = 0, y = 0;
  Stmpe811::map(c, 1000, 3000, x, y);  // the X channel measures screen y
  EXPECT_NEAR(x, 3000.0f * 240 / 4000, 0.01f);
  EXPECT_NEAR(y, 1000.0f * 320 / 4000, 0.01f);
}

}  // namespace
}  // namespace nib::board
