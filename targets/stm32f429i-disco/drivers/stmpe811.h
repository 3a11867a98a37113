// The STMPE811 resistive touch-screen controller on I2C3 (7-bit address
// 0x41). Register map and formats from the STMPE811 datasheet (Doc 14489):
// the touch-screen controller samples X, Y (12 bits) and Z (pressure) into
// a FIFO; one sample reads as 4 bytes from TSC_DATA_XYZ without address
// auto-increment (0xD7): X[11:4], X[3:0]|Y[11:8], Y[7:0], Z.
#pragma once

#include <cstdint>

#include "i2c.h"

namespace nib::board {

namespace stmpe811 {
inline constexpr uint8_t kAddress = 0x41;
inline constexpr uint8_t kChipId = 0x00, kSysCtrl1 = 0x03, kSysCtrl2 = 0x04, kIntSta = 0x0B, kGpioAf = 0x17,
                         kAdcCtrl1 = 0x20, kAdcCtrl2 = 0x21, kTscCtrl = 0x40, kTscCfg = 0x41, kFifoTh = 0x4A,
                         kFifoSta = 0x4B, kFifoSize = 0x4C, kTscFractionZ = 0x56, kTscIDrive = 0x58,
                         kTscDataXyz = 0xD7;
inline constexpr uint16_t kId = 0x0811;
inline constexpr uint8_t kTouchDetected = 0x80;  // TSC_CTRL.TSC_STA
inline constexpr uint8_t kFifoEmpty = 0x20;      // FIFO_STA
}  // namespace stmpe811

// Raw readings at the screen's edges: x maps raw_left..raw_right onto
// 0..width, y raw_top..raw_bottom onto 0..height (either may run backwards).
// The defaults are the ranges ST's demonstration firmware for this board
// assumes for its panel (X falling from about 3870 to 270 left to right, Y
// rising from about 360 to 3880 top to bottom); not measured here.
struct TouchCalibration {
  int raw_left = 3870, raw_right = 270;
  int raw_top = 360, raw_bottom = 3880;
  int width = 240, height = 320;
  bool swap_xy = false;  // the panel's X channel measures screen y
};

struct TouchPoint {
  bool down = false;
  float x = 0.0f;  // screen pixels
  float y = 0.0f;
  int samples = 0;  // FIFO samples averaged into this point
};

class Stmpe811 {
 public:
  // Resets the chip, checks its ID, enables the ADC and touch-screen
  // controller (12-bit, 4-sample averaging, 500 us touch-detect delay and
  // settling, FIFO threshold 1). False if it does not answer with 0x0811.
  bool init(I2c& i2c, Bus& bus);
  uint16_t chip_id() const { return id_; }

  // Drains the FIFO: the average of the samples read (at most 8), mapped
  // through the calibration. down is false when the pen is up and no
  // samples are left; then x, y repeat the last position.
  TouchPoint poll();

  void set_calibration(const TouchCalibration& c) { cal_ = c; }
  const TouchCalibration& calibration() const { return cal_; }
  bool failed() const { return failed_; }

  // Raw 12-bit readings to screen pixels, clamped to the screen.
  static void map(const TouchCalibration& c, int raw_x, int raw_y, float& x, float& y);

 private:
  bool write(uint8_t reg, uint8_t value);
  uint8_t read(uint8_t reg);

  I2c* i2c_ = nullptr;
  TouchCalibration cal_;
  uint16_t id_ = 0;
  bool failed_ = false;
  TouchPoint last_;
};

}  // namespace nib::board
