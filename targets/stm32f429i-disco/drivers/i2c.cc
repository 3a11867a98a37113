#include "i2c.h"

#include "gpio.h"
#include "regs.h"

namespace nib::board {

namespace {
using namespace reg;
constexpr Register kCr1 = i2c::kI2c3.at(i2c::kCr1), kCr2 = i2c::kI2c3.at(i2c::kCr2), kDr = i2c::kI2c3.at(i2c::kDr),
                   kSr1 = i2c::kI2c3.at(i2c::kSr1), kSr2 = i2c::kI2c3.at(i2c::kSr2),
                   kCcr = i2c::kI2c3.at(i2c::kCcr), kTrise = i2c::kI2c3.at(i2c::kTrise);
// One byte at 100 kHz is 90 us: a few thousand reads at most.
constexpr uint32_t kPolls = 50'000;
constexpr uint32_t kErrors = i2c::kAf.mask() | i2c::kBerr.mask() | i2c::kArlo.mask();
}  // namespace

void I2c::init(Bus& bus, uint32_t pclk1_hz) {
  bus_ = &bus;
  enable_port_clock(bus, Port::A);
  enable_port_clock(bus, Port::C);
  bus.set_bits(rcc::kApb1Enr, rcc::kI2c3En.mask());
  bus.read(rcc::kApb1Enr);
  const PinConfig open_drain{.mode = PinMode::kAlternate, .alternate = 4, .open_drain = true, .pull = Pull::kUp};
  configure_pin(bus, {Port::A, 8}, open_drain);
  configure_pin(bus, {Port::C, 9}, open_drain);
  bus.write(kCr1, i2c::kSwrst.mask());  // out of any state a previous run left
  bus.write(kCr1, 0);
  bus.write(kCr2, i2c::kFreq(pclk1_hz / 1'000'000));
  bus.write(kCcr, i2c::kCcrValue(i2c_ccr_100khz(pclk1_hz)));
  bus.write(kTrise, i2c_trise_100khz(pclk1_hz));
  bus.write(kCr1, i2c::kPe.mask());
}

bool I2c::fail() {
  bus_->set_bits(kCr1, i2c::kStop.mask());
  bus_->write(kSr1, 0);  // clears AF, BERR, ARLO (rc_w0)
  return false;
}

bool I2c::wait_sr1(uint32_t mask) {
  for (uint32_t i = 0; i < kPolls; ++i) {
    const uint32_t sr1 = bus_->read(kSr1);
    if (sr1 & kErrors) return false;
    if (sr1 & mask) return true;
  }
  return false;
}

// ADDR is cleared by reading SR1 then SR2.
void I2c::clear_addr() {
  bus_->read(kSr1);
  bus_->read(kSr2);
}

bool I2c::start(uint8_t address_byte) {
  // The previous transfer's STOP must be out before a new START is asked for.
  if (!bus_->wait(kCr1, i2c::kStop.mask(), 0, kPolls)) return false;
  bus_->set_bits(kCr1, i2c::kStart.mask());
  if (!wait_sr1(i2c::kSb.mask())) return false;
  bus_->write(kDr, address_byte);  // SR1 was read with SB set: this clears SB
  return wait_sr1(i2c::kAddr.mask());
}

bool I2c::write_reg(uint8_t addr7, uint8_t reg, uint8_t value) {
  if (bus_ == nullptr) return false;
  if (!start(static_cast<uint8_t>(addr7 << 1))) return fail();
  clear_addr();
  bus_->write(kDr, reg);
  if (!wait_sr1(i2c::kTxe.mask())) return fail();
  bus_->write(kDr, value);
  if (!wait_sr1(i2c::kBtf.mask())) return fail();
  bus_->set_bits(kCr1, i2c::kStop.mask());
  return true;
}

bool I2c::read_regs(uint8_t addr7, uint8_t reg, uint8_t* out, size_t n) {
  if (bus_ == nullptr || n == 0 || n == 2) return false;
  if (!start(static_cast<uint8_t>(addr7 << 1))) return fail();
  clear_addr();
  bus_->write(kDr, reg);
  if (!wait_sr1(i2c::kBtf.mask())) return fail();
  if (!start(static_cast<uint8_t>(addr7 << 1 | 1))) return fail();

  if (n == 1) {
    // NACK the only byte: ACK off before ADDR is cleared, STOP right after.
    bus_->clear_bits(kCr1, i2c::kAck.mask());
    clear_addr();
    bus_->set_bits(kCr1, i2c::kStop.mask());
    if (!wait_sr1(i2c::kRxne.mask())) return fail();
    out[0] = static_cast<uint8_t>(bus_->read(kDr));
    return true;
  }
  bus_->set_bits(kCr1, i2c::kAck.mask());
  clear_addr();
  size_t i = 0;
  for (; n - i > 3; ++i) {
    if (!wait_sr1(i2c::kRxne.mask())) return fail();
    out[i] = static_cast<uint8_t>(bus_->read(kDr));
  }
  // Three left: byte n-2 in DR and n-1 in the shift register (BTF); ACK off
  // before reading n-2 so that byte n is NACKed; STOP before reading n-1.
  if (!wait_sr1(i2c::kBtf.mask())) return fail();
  bus_->clear_bits(kCr1, i2c::kAck.mask());
  out[i++] = static_cast<uint8_t>(bus_->read(kDr));
  if (!wait_sr1(i2c::kBtf.mask())) return fail();
  bus_->set_bits(kCr1, i2c::kStop.mask());
  out[i++] = static_cast<uint8_t>(bus_->read(kDr));
  if (!wait_sr1(i2c::kRxne.mask())) return fail();
  out[i] = static_cast<uint8_t>(bus_->read(kDr));
  return true;
}

}  // namespace nib::board
