// I2C3 master (PA8 SCL, PC9 SDA), standard mode 100 kHz, polled, following
// RM0090 §27.3.3's event sequences (SB, ADDR, TXE/BTF, RXNE). Every wait is
// bounded; a device that does not acknowledge or a bus that never answers
// ends the transfer with false and a STOP.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mmio.h"

namespace nib::board {

class I2c {
 public:
  // pclk1_hz: APB1's clock (I2C3's kernel clock), at least 2 MHz.
  void init(Bus& bus, uint32_t pclk1_hz);

  bool write_reg(uint8_t addr7, uint8_t reg, uint8_t value);
  // Reads n bytes (n == 1 or n >= 3) starting at reg: a register write then a
  // repeated START and a read, the last byte NACKed.
  bool read_regs(uint8_t addr7, uint8_t reg, uint8_t* out, size_t n);

 private:
  bool start(uint8_t address_byte);
  bool wait_sr1(uint32_t mask);
  void clear_addr();
  bool fail();

  Bus* bus_ = nullptr;
};

// CCR and TRISE for 100 kHz standard mode: SCL high and low each CCR
// periods of pclk1; the rise time limit 1000 ns is TRISE - 1 periods.
constexpr uint32_t i2c_ccr_100khz(uint32_t pclk1_hz) { return pclk1_hz / (2 * 100'000); }
constexpr uint32_t i2c_trise_100khz(uint32_t pclk1_hz) { return pclk1_hz / 1'000'000 + 1; }

}  // namespace nib::board
