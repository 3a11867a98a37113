#include "ili9341.h"

#include <initializer_list>

#include "regs.h"

namespace nib::board {

namespace {
using namespace reg;
constexpr Register kCr1 = spi::kSpi5.at(spi::kCr1), kSr = spi::kSpi5.at(spi::kSr), kDr = spi::kSpi5.at(spi::kDr);
constexpr uint32_t kPolls = 20'000;  // a byte read at 62.5 kHz (HSI fall-back) takes 128 us
constexpr uint32_t kBaseCr1 = spi::kMstr.mask() | spi::kBr(3) /* pclk / 16 */ | spi::kSsm.mask() |
                              spi::kSsi.mask() | spi::kBidiMode.mask();
}  // namespace

void Ili9341::init_spi(Bus& bus) {
  bus_ = &bus;
  for (Port p : {Port::C, Port::D, Port::F}) enable_port_clock(bus, p);
  bus.set_bits(rcc::kApb2Enr, rcc::kSpi5En.mask());
  bus.read(rcc::kApb2Enr);
  const PinConfig output{.mode = PinMode::kOutput};
  write_pin(bus, ili9341::kCsx, true);  // deselected before it becomes an output
  configure_pin(bus, ili9341::kCsx, output);
  configure_pin(bus, ili9341::kWrx, output);
  configure_pin(bus, ili9341::kSck, {.mode = PinMode::kAlternate, .alternate = 5});
  configure_pin(bus, ili9341::kSda, {.mode = PinMode::kAlternate, .alternate = 5});
  bus.write(kCr1, kBaseCr1 | spi::kBidiOe.mask());
  bus.write(kCr1, kBaseCr1 | spi::kBidiOe.mask() | spi::kSpe.mask());
}

void Ili9341::wait_idle() {
  if (!bus_->wait(kSr, spi::kBsy.mask(), 0, kPolls)) timed_out_ = true;
}

void Ili9341::send(uint8_t byte) {
  if (timed_out_) return;
  if (!bus_->wait(kSr, spi::kTxe.mask(), spi::kTxe.mask(), kPolls)) {
    timed_out_ = true;
    return;
  }
  bus_->write(kDr, byte);
  if (!bus_->wait(kSr, spi::kTxe.mask(), spi::kTxe.mask(), kPolls)) timed_out_ = true;
  wait_idle();  // the last bit is out before WRX or CSX change
}

void Ili9341::select(bool on) { write_pin(*bus_, ili9341::kCsx, !on); }

void Ili9341::command(uint8_t cmd) {
  write_pin(*bus_, ili9341::kWrx, false);
  send(cmd);
  write_pin(*bus_, ili9341::kWrx, true);
}

void Ili9341::data(uint8_t value) { send(value); }

// One byte from the controller on the shared data line: the SPI turned to
// receive-only, which clocks as long as it is enabled; disabled again after
// at least one SCK period, it finishes the frame in progress (RM0090 §28.3.8).
// Reads run at pclk / 256 (352 kHz at 90 MHz: 2.8 us a bit), so a wait of a
// few microseconds lands inside the first frame.
uint8_t Ili9341::read_byte() {
  if (timed_out_) return 0;
  constexpr uint32_t kReadCr1 = (kBaseCr1 & ~spi::kBr.mask()) | spi::kBr(7);
  bus_->write(kCr1, kReadCr1);
  bus_->write(kCr1, kReadCr1 | spi::kSpe.mask());
  bus_->delay_us(4);
  bus_->write(kCr1, kReadCr1);
  uint8_t value = 0;
  if (bus_->wait(kSr, spi::kRxne.mask(), spi::kRxne.mask(), kPolls)) {
    value = static_cast<uint8_t>(bus_->read(kDr));
  } else {
    timed_out_ = true;
  }
  bus_->write(kCr1, kBaseCr1 | spi::kBidiOe.mask());
  bus_->write(kCr1, kBaseCr1 | spi::kBidiOe.mask() | spi::kSpe.mask());
  return value;
}

uint16_t Ili9341::read_id() {
  // Serial reads return one byte; 0xD9 picks which parameter of RDID4 it is
  // (0x10 + n for parameter n).
  uint8_t id[4] = {};
  for (uint8_t n = 1; n <= 3 && !timed_out_; ++n) {
    select(true);
    command(ili9341::kSpiReadIndex);
    data(static_cast<uint8_t>(0x10 + n));
    select(false);
    select(true);
    command(ili9341::kReadId4);
    id[n] = read_byte();
    select(false);
  }
  if (timed_out_) return 0;
  return static_cast<uint16_t>(id[2] << 8 | id[3]);
}

bool Ili9341::init_rgb_interface() {
  struct Step {
    uint8_t cmd;
    uint8_t n;
    uint8_t params[3];
    uint16_t wait_ms;  // after the command
  };
  // RGB interface signal control 0xC2: ByPass_MODE 1 (RGB data straight to
  // the panel), RCM 10 (DE mode), VSPL 0 / HSPL 0 (syncs active low), DPL 1
  // (data latched on DOTCLK's falling edge), EPL 0 (DE active high).
  // Interface control 0x01 0x00 0x06: WEMODE 1; DM 01 (RGB interface for
  // display operation), RM 1 (RGB interface for memory writes).
  // Pixel format 0x66: 18 bits per pixel on both interfaces (the LTDC drives
  // six bits per colour). Sleep out needs 120 ms before anything else.
  static constexpr Step kSteps[] = {
      {ili9341::kSoftwareReset, 0, {}, 10},
      {ili9341::kRgbSignalControl, 1, {0xC2}, 0},
      {ili9341::kInterfaceControl, 3, {0x01, 0x00, 0x06}, 0},
      {ili9341::kPixelFormat, 1, {0x66}, 0},
      {ili9341::kSleepOut, 0, {}, 120},
      {ili9341::kDisplayOn, 0, {}, 0},
  };
  for (const Step& s : kSteps) {
    select(true);
    command(s.cmd);
    for (int i = 0; i < s.n; ++i) data(s.params[i]);
    select(false);
    if (s.wait_ms != 0) bus_->delay_us(1000u * s.wait_ms);
  }
  return !timed_out_;
}

}  // namespace nib::board
