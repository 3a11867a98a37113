#include "stmpe811.h"

namespace nib::board {

using namespace stmpe811;

bool Stmpe811::write(uint8_t reg, uint8_t value) {
  if (!i2c_->write_reg(kAddress, reg, value)) failed_ = true;
  return !failed_;
}

uint8_t Stmpe811::read(uint8_t reg) {
  uint8_t v = 0;
  if (!i2c_->read_regs(kAddress, reg, &v, 1)) failed_ = true;
  return v;
}

bool Stmpe811::init(I2c& i2c, Bus& bus) {
  i2c_ = &i2c;
  failed_ = false;
  write(kSysCtrl1, 0x02);  // SOFT_RESET
  bus.delay_us(10'000);
  write(kSysCtrl1, 0x00);
  id_ = static_cast<uint16_t>(read(kChipId) << 8 | read(kChipId + 1));
  if (failed_ || id_ != kId) return false;
  write(kSysCtrl2, 0x0C);   // clocks: ADC and TSC on; GPIO and temperature sensor off
  write(kGpioAf, 0x00);     // touch pins to their touch-screen function
  write(kAdcCtrl1, 0x48);   // 80-clock sample time, 12-bit, internal reference
  write(kAdcCtrl2, 0x01);   // ADC clock 3.25 MHz
  write(kTscCfg, 0x9A);     // 4-sample average, touch-detect delay 500 us, settling 500 us
  write(kFifoTh, 0x01);
  write(kFifoSta, 0x01);    // reset the FIFO...
  write(kFifoSta, 0x00);    // ...and let it run
  write(kTscFractionZ, 0x01);
  write(kTscIDrive, 0x01);  // 50 mA drive: more stable on the board's panel
  write(kTscCtrl, 0x01);    // enable, X Y Z acquisition, no tracking window
  write(kIntSta, 0xFF);     // clear pending interrupt flags
  return !failed_;
}

void Stmpe811::map(const TouchCalibration& c, int raw_x, int raw_y, float& x, float& y) {
  if (c.swap_xy) {
    const int t = raw_x;
    raw_x = raw_y;
    raw_y = t;
  }
  auto scale = [](int raw, int from, int to, int size) {
    const float v = static_cast<float>(raw - from) * static_cast<float>(size) / static_cast<float>(to - from);
    const float hi = static_cast<float>(size - 1);
    return v < 0.0f ? 0.0f : (v > hi ? hi : v);
  };
  x = scale(raw_x, c.raw_left, c.raw_right, c.width);
  y = scale(raw_y, c.raw_top, c.raw_bottom, c.height);
}

TouchPoint Stmpe811::poll() {
  TouchPoint p = last_;
  p.samples = 0;
  if (i2c_ == nullptr || failed_) {
    p.down = false;
    return p;
  }
  const bool touching = (read(kTscCtrl) & kTouchDetected) != 0;
  int n = read(kFifoSize);
  if (n > 8) n = 8;
  int32_t sx = 0, sy = 0;
  for (int i = 0; i < n; ++i) {
    uint8_t b[4];
    if (!i2c_->read_regs(kAddress, kTscDataXyz, b, 4)) {
      failed_ = true;
      break;
    }
    sx += (b[0] << 4) | (b[1] >> 4);
    sy += ((b[1] & 0x0F) << 8) | b[2];
    ++p.samples;
  }
  if (p.samples > 0) map(cal_, sx / p.samples, sy / p.samples, p.x, p.y);
  // Samples still in the FIFO after the pen lifted belong to the touch.
  p.down = touching || p.samples > 0;
  last_ = p;
  return p;
}

}  // namespace nib::board
