#include "usart.h"

#include "gpio.h"
#include "regs.h"

namespace nib::board {

namespace {
using namespace reg;
constexpr Register kSr = usart::kUsart1.at(usart::kSr), kDr = usart::kUsart1.at(usart::kDr),
                   kBrr = usart::kUsart1.at(usart::kBrr), kCr1 = usart::kUsart1.at(usart::kCr1);
// One byte at 115200 baud is 87 us; at 180 MHz that is well under 20,000 reads.
constexpr uint32_t kTxPolls = 20'000;
}  // namespace

void Usart::init(Bus& bus, uint32_t pclk_hz) {
  bus_ = &bus;
  enable_port_clock(bus, Port::A);
  bus.set_bits(rcc::kApb2Enr, rcc::kUsart1En.mask());
  bus.read(rcc::kApb2Enr);
  configure_pin(bus, {Port::A, 9}, {.mode = PinMode::kAlternate, .alternate = 7});
  configure_pin(bus, {Port::A, 10}, {.mode = PinMode::kAlternate, .alternate = 7, .pull = Pull::kUp});
  bus.write(kCr1, 0);
  bus.write(kBrr, usart_brr(pclk_hz, kBaud));
  bus.write(kCr1, usart::kUe.mask() | usart::kTe.mask() | usart::kRe.mask());
}

void Usart::put(char c) {
  // After a few timeouts the transmitter is taken as dead: no more waiting.
  if (timeouts_ < 3 && !bus_->wait(kSr, usart::kTxe.mask(), usart::kTxe.mask(), kTxPolls)) ++timeouts_;
  bus_->write(kDr, static_cast<uint8_t>(c));
}

void Usart::write(std::string_view text) {
  if (bus_ == nullptr) return;
  for (char c : text) {
    if (c == '\n') put('\r');
    put(c);
  }
}

}  // namespace nib::board
