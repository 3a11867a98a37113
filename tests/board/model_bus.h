// Register-level models of the STM32F429 peripherals the board drivers use,
// written from RM0090 and the device datasheets (ILI9341, STMPE811), not
// from the drivers: each model implements what the hardware does with a
// register access, and records what a device on the other side of the
// wires would see. Tests run the drivers on a ModelBus and check the result
// against values computed by hand from the datasheets.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "drivers/mmio.h"

namespace nib::board::model {

class Peripheral {
 public:
  virtual ~Peripheral() = default;
  virtual uint32_t read(uint32_t addr) = 0;
  virtual void write(uint32_t addr, uint32_t value) = 0;
};

// Dispatches by address; an access no model claims is recorded as a stray
// (a driver touching a register it should not). Time only moves through
// delay_us.
class ModelBus final : public Bus {
 public:
  void map(uint32_t base, uint32_t size, Peripheral& p) { ranges_.push_back({base, size, &p}); }
  uint32_t read(Register r) override;
  void write(Register r, uint32_t value) override;
  void delay_us(uint32_t us) override { now_us += us; }

  uint64_t now_us = 0;
  uint64_t reads = 0;
  std::vector<uint32_t> strays;

 private:
  struct Range {
    uint32_t base, size;
    Peripheral* p;
  };
  Peripheral* find(uint32_t addr);
  std::vector<Range> ranges_;
};

// Plain registers with reset values; remembers every write in order.
class RegisterFile : public Peripheral {
 public:
  uint32_t read(uint32_t addr) override;
  void write(uint32_t addr, uint32_t value) override;
  uint32_t& at(uint32_t addr) { return regs_[addr]; }
  std::vector<std::pair<uint32_t, uint32_t>> writes;

 protected:
  std::map<uint32_t, uint32_t> regs_;
};

// GPIO ports A..K: MODER/OTYPER/OSPEEDR/PUPDR/AFR as stored, BSRR sets and
// resets ODR bits, IDR reads the levels a test puts on the pins.
class GpioModel final : public RegisterFile {
 public:
  uint32_t read(uint32_t addr) override;
  void write(uint32_t addr, uint32_t value) override;
  bool output_high(int port, int pin);
  int mode(int port, int pin);       // 0 input, 1 output, 2 alternate, 3 analog
  int alternate(int port, int pin);  // AF number
  uint32_t inputs[11] = {};
};

// RCC, PWR and FLASH (RM0090 §5, §6, §3.9): oscillators and PLLs become
// ready a few status reads after being enabled (if they can), SWS follows
// SW once the source is ready, PWR ignores writes while its clock is off,
// over-drive needs scale 1. Every rule the reference manual states for a
// clock change is checked when it happens; breaches go to `violations`.
class ClockModel final : public Peripheral {
 public:
  explicit ClockModel(ModelBus& bus);
  uint32_t read(uint32_t addr) override;
  void write(uint32_t addr, uint32_t value) override;

  bool hse_present = true;  // false: the crystal never starts
  bool pll_locks = true;
  std::vector<std::string> violations;

  // Frequencies the registers now give (source selected by SWS).
  uint64_t sysclk_hz() const;
  uint64_t hclk_hz() const;
  uint64_t pclk1_hz() const;
  uint64_t pclk2_hz() const;
  uint64_t lcd_clock_hz() const;  // PLLSAI R output after DIVR
  uint32_t flash_latency() const { return acr_ & 0xF; }
  uint32_t acr() const { return acr_; }
  uint32_t apb1enr() const { return apb1enr_; }
  uint32_t apb2enr() const { return apb2enr_; }
  uint32_t ahb1enr() const { return ahb1enr_; }
  uint32_t ahb3enr() const { return ahb3enr_; }

 private:
  uint64_t pll_input_hz() const;
  uint64_t source_hz(uint32_t sw) const;
  void check_switch(uint32_t sw);
  void tick();  // one status read's worth of time

  uint32_t cr_ = 0x83;  // HSION, HSIRDY, HSITRIM 16
  uint32_t pllcfgr_ = 0x24003010;
  uint32_t cfgr_ = 0;
  uint32_t ahb1enr_ = 0x00100000, ahb3enr_ = 0, apb1enr_ = 0, apb2enr_ = 0;
  uint32_t pllsaicfgr_ = 0x24003000, dckcfgr_ = 0;
  uint32_t pwr_cr_ = 0x0000C000, pwr_csr_ = 0;
  uint32_t acr_ = 0;
  int hse_wait_ = -1, pll_wait_ = -1, pllsai_wait_ = -1, od_wait_ = -1, odsw_wait_ = -1;
};

// The ILI9341 on the board's SPI5 lines: what it receives (commands with
// their parameters, split by the D/CX line = PD13, only while CSX = PC2 is
// low) and what it sends back on the shared data line.
struct LcdCommand {
  uint8_t cmd;
  std::vector<uint8_t> params;
  uint64_t at_us;
};

class Ili9341Model {
 public:
  bool present = true;
  std::vector<LcdCommand> commands;
  int bytes_while_deselected = 0;
  void receive(uint8_t byte, bool data, uint64_t now_us);
  uint8_t send();  // one byte clocked out on SDA

 private:
  uint8_t read_index_ = 0x10;  // set by the undocumented 0xD9 (SPI read index)
};

// SPI5 (RM0090 §28): master, one bidirectional line. Writing DR with
// SPE=1 and BIDIOE=1 shifts a byte out; enabling the SPI with BIDIOE=0
// clocks a byte in (RXNE). `dead` models a bus where nothing answers
// (status register stuck at 0, as on QEMU).
class SpiModel final : public RegisterFile {
 public:
  SpiModel(ModelBus& bus, GpioModel& gpio, Ili9341Model& lcd) : bus_(&bus), gpio_(&gpio), lcd_(&lcd) {}
  uint32_t read(uint32_t addr) override;
  void write(uint32_t addr, uint32_t value) override;
  bool dead = false;
  int misuse = 0;  // DR written while disabled or not transmitting

 private:
  ModelBus* bus_;
  GpioModel* gpio_;
  Ili9341Model* lcd_;
  uint32_t cr1_ = 0;
  uint8_t rx_ = 0;
  bool rxne_ = false;
};

// The STMPE811 behind I2C: a register file with the touch-screen FIFO.
class Stmpe811Model {
 public:
  Stmpe811Model() { reset(); }
  // The pen at raw (x, y): queued into the FIFO only if the chip is set up
  // to measure (ADC and TSC clocks on, TSC enabled, touch pins in their
  // alternate function), as on the chip.
  void touch(int raw_x, int raw_y, int z);
  void lift() { touching_ = false; }
  void reset();

  // I2C side.
  void start(bool read) { reading_ = read; first_ = true; }
  void write_byte(uint8_t b);
  uint8_t read_byte();
  void stop() {}

  size_t fifo_size() const { return fifo_.size(); }
  uint8_t reg(uint8_t r) const { return regs_[r]; }
  int samples_read = 0;

 private:
  struct Sample {
    int x, y, z;
  };
  uint8_t regs_[256];
  std::deque<Sample> fifo_;
  bool touching_ = false;
  bool reading_ = false;
  bool first_ = true;
  uint8_t ptr_ = 0;
  int xyz_byte_ = 0;
};

// I2C3 master (RM0090 §27): START/SB, address/ADDR (cleared by SR1 then SR2),
// TXE/BTF on transmit; on receive a byte is clocked per status poll while
// the previous one was ACKed, ACKed or NACKed by CR1.ACK at that moment;
// BTF when DR and the shift register are both full. Protocol breaches go
// to `violations`.
class I2cModel final : public Peripheral {
 public:
  I2cModel(uint8_t device_address, Stmpe811Model& device) : address_(device_address), dev_(&device) {}
  uint32_t read(uint32_t addr) override;
  void write(uint32_t addr, uint32_t value) override;
  std::vector<std::string> violations;
  int transactions = 0;
  bool device_present = true;

 private:
  enum class State { kIdle, kStarted, kAddressed, kTransmit, kReceive, kDone };
  void clock_in();
  void finish();

  uint8_t address_;
  Stmpe811Model* dev_;
  uint32_t cr1_ = 0, cr2_ = 0, ccr_ = 0, trise_ = 0;
  State state_ = State::kIdle;
  bool sb_ = false, addr_ = false, af_ = false, sr1_read_ = false, read_dir_ = false;
  bool rxne_ = false, shift_full_ = false, nacked_ = false, stop_pending_ = false;
  uint8_t dr_ = 0, shift_ = 0;
};

// The FMC's SDRAM registers: SDCMR commands are logged with the time they
// were issued; SDSR is never busy.
struct SdramCommand {
  uint32_t mode, targets, refreshes, mode_register;
  uint64_t at_us;
};

class FmcModel final : public RegisterFile {
 public:
  explicit FmcModel(ModelBus& bus) : bus_(&bus) {}
  uint32_t read(uint32_t addr) override;
  void write(uint32_t addr, uint32_t value) override;
  std::vector<SdramCommand> commands;

 private:
  ModelBus* bus_;
};

// Everything on one bus at the addresses of RM0090's memory map.
struct Board {
  Board();
  ModelBus bus;
  GpioModel gpio;
  ClockModel clocks{bus};
  Ili9341Model lcd;
  SpiModel spi{bus, gpio, lcd};
  Stmpe811Model touch;
  I2cModel i2c{0x41, touch};
  FmcModel fmc{bus};
  RegisterFile ltdc;
  RegisterFile usart;
};

}  // namespace nib::board::model
