// USART1, 115200 8N1, transmit only: the log. On the STM32F429I-DISC1 it is
// wired to the ST-LINK's virtual COM port (PA9 TX, PA10 RX); on QEMU's
// netduinoplus2 it is the first serial port.
#pragma once

#include <cstdint>
#include <string_view>

#include "mmio.h"

namespace nib::board {

inline constexpr uint32_t kBaud = 115200;

// BRR with 16x oversampling: USARTDIV = pclk / (16 * baud) as 12.4 fixed
// point, which is pclk / baud rounded to the nearest integer.
constexpr uint32_t usart_brr(uint32_t pclk_hz, uint32_t baud) { return (pclk_hz + baud / 2) / baud; }

class Usart {
 public:
  // Pins, clock, baud rate; pclk_hz is APB2's clock.
  void init(Bus& bus, uint32_t pclk_hz);
  // Sends text; '\n' goes out as "\r\n". A transmitter that never frees up
  // (not clocked, not modelled) costs a bounded wait per byte, not a hang.
  void write(std::string_view text);
  int timeouts() const { return timeouts_; }

 private:
  void put(char c);
  Bus* bus_ = nullptr;
  int timeouts_ = 0;
};

}  // namespace nib::board
