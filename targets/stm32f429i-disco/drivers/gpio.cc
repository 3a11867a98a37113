#include "gpio.h"

#include "regs.h"

namespace nib::board {

namespace {
Register port_reg(Pin pin, uint32_t offset) { return reg::gpio::port(static_cast<int>(pin.port)).at(offset); }
}  // namespace

void enable_port_clock(Bus& bus, Port port) {
  bus.set_bits(reg::rcc::kAhb1Enr, 1u << static_cast<uint32_t>(port));
  bus.read(reg::rcc::kAhb1Enr);  // two cycles before the port may be touched
}

void configure_pin(Bus& bus, Pin pin, const PinConfig& c) {
  const uint32_t n = pin.number;
  const Field two_bits{static_cast<uint8_t>(2 * n), 2};
  if (c.mode == PinMode::kAlternate) {
    const Field af{static_cast<uint8_t>(4 * (n % 8)), 4};
    bus.set_field(port_reg(pin, n < 8 ? reg::gpio::kAfrl : reg::gpio::kAfrh), af, c.alternate);
  }
  bus.set_field(port_reg(pin, reg::gpio::kOtyper), bit(static_cast<uint8_t>(n)), c.open_drain ? 1 : 0);
  bus.set_field(port_reg(pin, reg::gpio::kOspeedr), two_bits, c.speed);
  bus.set_field(port_reg(pin, reg::gpio::kPupdr), two_bits, static_cast<uint32_t>(c.pull));
  bus.set_field(port_reg(pin, reg::gpio::kModer), two_bits, static_cast<uint32_t>(c.mode));
}

void write_pin(Bus& bus, Pin pin, bool high) {
  bus.write(port_reg(pin, reg::gpio::kBsrr), high ? (1u << pin.number) : (1u << (pin.number + 16)));
}

bool read_pin(Bus& bus, Pin pin) { return (bus.read(port_reg(pin, reg::gpio::kIdr)) >> pin.number) & 1u; }

}  // namespace nib::board
