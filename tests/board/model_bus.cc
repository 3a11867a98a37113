#include "model_bus.h"

namespace nib::board::model {

// ---- ModelBus, RegisterFile, GPIO ------------------------------------------

Peripheral* ModelBus::find(uint32_t addr) {
  for (const Range& r : ranges_) {
    if (addr >= r.base && addr - r.base < r.size) return r.p;
  }
  strays.push_back(addr);
  return nullptr;
}

uint32_t ModelBus::read(Register r) {
  ++reads;
  Peripheral* p = find(r.addr);
  return p != nullptr ? p->read(r.addr) : 0;
}

void ModelBus::write(Register r, uint32_t value) {
  if (Peripheral* p = find(r.addr)) p->write(r.addr, value);
}

uint32_t RegisterFile::read(uint32_t addr) {
  auto it = regs_.find(addr);
  return it == regs_.end() ? 0 : it->second;
}

void RegisterFile::write(uint32_t addr, uint32_t value) {
  writes.push_back({addr, value});
  regs_[addr] = value;
}

namespace {
constexpr uint32_t kGpioBase = 0x40020000;
uint32_t gpio_reg(int port, uint32_t offset) { return kGpioBase + 0x400u * static_cast<uint32_t>(port) + offset; }
}  // namespace

uint32_t GpioModel::read(uint32_t addr) {
  const uint32_t port = (addr - kGpioBase) / 0x400, offset = (addr - kGpioBase) % 0x400;
  if (offset == 0x10) return inputs[port];  // IDR
  if (offset == 0x18) return 0;             // BSRR reads as 0
  return RegisterFile::read(addr);
}

void GpioModel::write(uint32_t addr, uint32_t value) {
  const uint32_t port = (addr - kGpioBase) / 0x400, offset = (addr - kGpioBase) % 0x400;
  if (offset == 0x18) {  // BSRR: set bits 0-15, reset bits 16-31 (set wins)
    uint32_t& odr = regs_[gpio_reg(static_cast<int>(port), 0x14)];
    odr &= ~(value >> 16);
    odr |= value & 0xFFFF;
    writes.push_back({addr, value});
    return;
  }
  RegisterFile::write(addr, value);
}

bool GpioModel::output_high(int port, int pin) { return (RegisterFile::read(gpio_reg(port, 0x14)) >> pin) & 1; }
int GpioModel::mode(int port, int pin) { return (RegisterFile::read(gpio_reg(port, 0x00)) >> (2 * pin)) & 3; }
int GpioModel::alternate(int port, int pin) {
  const uint32_t afr = RegisterFile::read(gpio_reg(port, pin < 8 ? 0x20 : 0x24));
  return (afr >> (4 * (pin % 8))) & 0xF;
}

// ---- RCC, PWR, FLASH -------------------------------------------------------

namespace {
constexpr uint32_t kRcc = 0x40023800, kPwr = 0x40007000, kFlash = 0x40023C00;
constexpr uint64_t kHsi = 16'000'000, kHse = 8'000'000;
constexpr int kReadyAfter = 3;  // status reads before a started clock reports ready

uint32_t ahb_divider(uint32_t hpre) {
  if ((hpre & 8) == 0) return 1;
  constexpr uint32_t d[] = {2, 4, 8, 16, 64, 128, 256, 512};
  return d[hpre & 7];
}
uint32_t apb_divider(uint32_t ppre) { return (ppre & 4) == 0 ? 1 : 2u << (ppre & 3); }

// RM0090 table 11, 2.7-3.6 V: the highest HCLK for 0..5 wait states.
uint32_t wait_states_needed(uint64_t hclk) {
  constexpr uint64_t limits[] = {30'000'000, 60'000'000, 90'000'000, 120'000'000, 150'000'000, 180'000'000};
  for (uint32_t ws = 0; ws < 6; ++ws) {
    if (hclk <= limits[ws]) return ws;
  }
  return 99;
}
}  // namespace

ClockModel::ClockModel(ModelBus& bus) {
  bus.map(kRcc, 0x400, *this);
  bus.map(kPwr, 0x400, *this);
  bus.map(kFlash, 0x400, *this);
}

uint64_t ClockModel::pll_input_hz() const {
  const uint32_t m = pllcfgr_ & 0x3F;
  if (m == 0) return 0;
  return ((pllcfgr_ >> 22) & 1 ? kHse : kHsi) / m;
}

uint64_t ClockModel::source_hz(uint32_t sw) const {
  if (sw == 0) return kHsi;
  if (sw == 1) return kHse;
  const uint32_t n = (pllcfgr_ >> 6) & 0x1FF, p = 2 * (((pllcfgr_ >> 16) & 3) + 1);
  return pll_input_hz() * n / p;
}

uint64_t ClockModel::sysclk_hz() const { return source_hz((cfgr_ >> 2) & 3); }
uint64_t ClockModel::hclk_hz() const { return sysclk_hz() / ahb_divider((cfgr_ >> 4) & 0xF); }
uint64_t ClockModel::pclk1_hz() const { return hclk_hz() / apb_divider((cfgr_ >> 10) & 7); }
uint64_t ClockModel::pclk2_hz() const { return hclk_hz() / apb_divider((cfgr_ >> 13) & 7); }
uint64_t ClockModel::lcd_clock_hz() const {
  if (!((cr_ >> 29) & 1)) return 0;
  const uint32_t n = (pllsaicfgr_ >> 6) & 0x1FF, r = (pllsaicfgr_ >> 28) & 7;
  const uint32_t divr = 2u << ((dckcfgr_ >> 16) & 3);
  return r == 0 ? 0 : pll_input_hz() * n / r / divr;
}

void ClockModel::tick() {
  auto step = [](int& wait, uint32_t& reg, uint32_t bit) {
    if (wait > 0 && --wait == 0) reg |= bit;
  };
  step(hse_wait_, cr_, 1u << 17);
  step(pll_wait_, cr_, 1u << 25);
  step(pllsai_wait_, cr_, 1u << 29);
  step(od_wait_, pwr_csr_, 1u << 16);
  step(odsw_wait_, pwr_csr_, 1u << 17);
}

void ClockModel::check_switch(uint32_t sw) {
  const bool ready = sw == 0 ? (cr_ >> 1) & 1 : sw == 1 ? (cr_ >> 17) & 1 : sw == 2 ? (cr_ >> 25) & 1 : false;
  if (!ready) return;  // SWS stays: the source is not running
  const uint64_t sys = source_hz(sw);
  const uint64_t hclk = sys / ahb_divider((cfgr_ >> 4) & 0xF);
  if ((acr_ & 0xF) < wait_states_needed(hclk)) violations.push_back("switched to a clock too fast for the flash wait states");
  if (sys > 144'000'000 && ((pwr_cr_ >> 14) & 3) != 3) violations.push_back("above 144 MHz without voltage scale 1");
  if (sys > 168'000'000 && ((pwr_csr_ >> 17) & 1) == 0) violations.push_back("above 168 MHz without over-drive");
  if (hclk / apb_divider((cfgr_ >> 10) & 7) > 45'000'000) violations.push_back("APB1 above 45 MHz");
  if (hclk / apb_divider((cfgr_ >> 13) & 7) > 90'000'000) violations.push_back("APB2 above 90 MHz");
  cfgr_ = (cfgr_ & ~0xCu) | (sw << 2);
}

uint32_t ClockModel::read(uint32_t addr) {
  if (addr == kFlash) return acr_;
  if (addr == kPwr) return pwr_cr_;
  if (addr == kPwr + 4) {
    tick();
    return pwr_csr_;
  }
  switch (addr - kRcc) {
    case 0x00: tick(); return cr_;
    case 0x04: return pllcfgr_;
    case 0x08: tick(); return cfgr_;
    case 0x30: return ahb1enr_;
    case 0x38: return ahb3enr_;
    case 0x40: return apb1enr_;
    case 0x44: return apb2enr_;
    case 0x88: return pllsaicfgr_;
    case 0x8C: return dckcfgr_;
  }
  violations.push_back("read of an unmodelled clock register");
  return 0;
}

void ClockModel::write(uint32_t addr, uint32_t v) {
  if (addr == kFlash) {
    acr_ = v & 0x71F & ~0x1800u;  // ICRST/DCRST act and read back as 0
    return;
  }
  if (addr == kPwr || addr == kPwr + 4) {
    if (((apb1enr_ >> 28) & 1) == 0) return;  // PWR not clocked: the write is lost
    if (addr != kPwr) return;
    const uint32_t old = pwr_cr_;
    pwr_cr_ = v;
    if ((v >> 16) & 1 && !((old >> 16) & 1)) {
      if (((v >> 14) & 3) != 3) violations.push_back("over-drive enabled outside voltage scale 1");
      if (((cfgr_ >> 2) & 3) == 2) violations.push_back("over-drive enabled while running on the PLL");
      od_wait_ = kReadyAfter;
    }
    if ((v >> 17) & 1 && !((old >> 17) & 1)) {
      if (!((pwr_csr_ >> 16) & 1)) violations.push_back("over-drive switch before over-drive was ready");
      odsw_wait_ = kReadyAfter;
    }
    return;
  }
  switch (addr - kRcc) {
    case 0x00: {
      const uint32_t old = cr_;
      cr_ = (cr_ & 0x2A020002u) | (v & ~0x2A020002u);  // ready bits are read-only
      if ((v >> 16) & 1 && !((old >> 16) & 1) && hse_present) hse_wait_ = kReadyAfter;
      if (!((v >> 16) & 1)) cr_ &= ~(1u << 17);
      if ((v >> 24) & 1 && !((old >> 24) & 1)) {
        const uint64_t in = pll_input_hz(), n = (pllcfgr_ >> 6) & 0x1FF, q = (pllcfgr_ >> 24) & 0xF;
        const bool src_ready = (pllcfgr_ >> 22) & 1 ? (cr_ >> 17) & 1 : (cr_ >> 1) & 1;
        const bool valid = in >= 1'000'000 && in <= 2'000'000 && n >= 50 && n <= 432 && in * n >= 100'000'000 &&
                           in * n <= 432'000'000 && q >= 2;
        if (!valid) violations.push_back("PLL enabled with an invalid configuration");
        if (!src_ready) violations.push_back("PLL enabled before its source was ready");
        if (valid && src_ready && pll_locks) pll_wait_ = kReadyAfter;
      }
      if (!((v >> 24) & 1)) {
        if (((cfgr_ >> 2) & 3) == 2) violations.push_back("PLL turned off while it clocks the core");
        cr_ &= ~(1u << 25);
        pll_wait_ = -1;
      }
      if ((v >> 28) & 1 && !((old >> 28) & 1)) {
        const uint64_t vco = pll_input_hz() * ((pllsaicfgr_ >> 6) & 0x1FF);
        if (vco < 100'000'000 || vco > 432'000'000 || ((pllsaicfgr_ >> 28) & 7) < 2)
          violations.push_back("PLLSAI enabled with an invalid configuration");
        else
          pllsai_wait_ = kReadyAfter;
      }
      if (!((v >> 28) & 1)) cr_ &= ~(1u << 29);
      return;
    }
    case 0x04:
      if ((cr_ >> 24) & 1) violations.push_back("PLLCFGR written while the PLL runs");
      pllcfgr_ = v;
      return;
    case 0x08: {
      cfgr_ = (cfgr_ & 0xC) | (v & ~0xCu);
      if (((cfgr_ >> 2) & 3) == 2 && (v & 3) == 2) {
        check_switch(2);  // prescaler change on the PLL: same limits
      } else {
        check_switch(v & 3);
      }
      return;
    }
    case 0x30: ahb1enr_ = v; return;
    case 0x38: ahb3enr_ = v; return;
    case 0x40: apb1enr_ = v; return;
    case 0x44: apb2enr_ = v; return;
    case 0x88:
      if ((cr_ >> 28) & 1) violations.push_back("PLLSAICFGR written while PLLSAI runs");
      pllsaicfgr_ = v;
      return;
    case 0x8C: dckcfgr_ = v; return;
  }
  violations.push_back("write to an unmodelled clock register");
}

// ---- SPI5 and the ILI9341 --------------------------------------------------

void Ili9341Model::receive(uint8_t byte, bool data, uint64_t now_us) {
  if (!present) return;
  if (!data) {
    commands.push_back({byte, {}, now_us});
    return;
  }
  if (commands.empty()) return;
  commands.back().params.push_back(byte);
  if (commands.back().cmd == 0xD9) read_index_ = byte;
}

uint8_t Ili9341Model::send() {
  if (!present) return 0xFF;  // nothing drives the line
  if (commands.empty() || commands.back().cmd != 0xD3) return 0x00;
  // RDID4: a dummy parameter, then 0x00, 0x93, 0x41. Over the serial
  // interface one byte per read, chosen by 0xD9's index 0x10 + k.
  constexpr uint8_t kRdid4[] = {0xFF, 0x00, 0x93, 0x41};
  const int k = read_index_ - 0x10;
  return k >= 0 && k < 4 ? kRdid4[k] : 0x00;
}

namespace {
constexpr uint32_t kSpiCr1 = 0x40015000, kSpiSr = 0x40015008, kSpiDr = 0x4001500C;
constexpr uint32_t kSpe = 1u << 6, kMstr = 1u << 2, kBidiMode = 1u << 15, kBidiOe = 1u << 14;
}  // namespace

uint32_t SpiModel::read(uint32_t addr) {
  if (addr == kSpiSr) return dead ? 0 : (2u | (rxne_ ? 1u : 0u));  // TXE always: transfers are instant here
  if (addr == kSpiDr) {
    rxne_ = false;
    return rx_;
  }
  if (addr == kSpiCr1) return cr1_;
  return RegisterFile::read(addr);
}

void SpiModel::write(uint32_t addr, uint32_t value) {
  const bool wires = gpio_->mode(5, 7) == 2 && gpio_->alternate(5, 7) == 5 && gpio_->mode(5, 9) == 2 &&
                     gpio_->alternate(5, 9) == 5;
  const bool selected = gpio_->mode(2, 2) == 1 && !gpio_->output_high(2, 2);
  if (addr == kSpiCr1) {
    const uint32_t old = cr1_;
    cr1_ = value;
    const bool receiving = (value & (kSpe | kMstr | kBidiMode)) == (kSpe | kMstr | kBidiMode) && !(value & kBidiOe);
    const bool was = (old & (kSpe | kMstr | kBidiMode)) == (kSpe | kMstr | kBidiMode) && !(old & kBidiOe);
    if (receiving && !was && !dead) {  // the clock starts: one frame comes in
      rx_ = wires && selected ? lcd_->send() : 0xFF;
      rxne_ = true;
    }
    return;
  }
  if (addr == kSpiDr) {
    if ((cr1_ & (kSpe | kMstr)) != (kSpe | kMstr) || ((cr1_ & kBidiMode) && !(cr1_ & kBidiOe))) {
      ++misuse;
      return;
    }
    if (!wires) {
      ++misuse;
      return;
    }
    const bool data = gpio_->mode(3, 13) == 1 && gpio_->output_high(3, 13);
    if (selected) {
      lcd_->receive(static_cast<uint8_t>(value), data, bus_->now_us);
    } else {
      ++lcd_->bytes_while_deselected;
    }
    return;
  }
  RegisterFile::write(addr, value);
}

// ---- STMPE811 ---------------------------------------------------------------

void Stmpe811Model::reset() {
  for (uint8_t& r : regs_) r = 0;
  regs_[0x00] = 0x08;
  regs_[0x01] = 0x11;
  regs_[0x02] = 0x03;
  regs_[0x04] = 0x0F;  // SYS_CTRL2: every block's clock off
  regs_[0x4B] = 0x20;  // FIFO_STA: empty
  fifo_.clear();
  xyz_byte_ = 0;
}

void Stmpe811Model::touch(int raw_x, int raw_y, int z) {
  touching_ = true;
  const bool clocks_on = (regs_[0x04] & 0x03) == 0;
  const bool enabled = regs_[0x40] & 0x01;
  const bool pins = (regs_[0x17] & 0xF0) == 0;  // touch pins in their alternate function
  const bool fifo_running = (regs_[0x4B] & 0x01) == 0;
  if (!(clocks_on && enabled && pins && fifo_running) || fifo_.size() >= 128) return;
  if ((regs_[0x20] & 0x08) == 0) {  // ADC in 10-bit mode
    raw_x >>= 2;
    raw_y >>= 2;
  }
  fifo_.push_back({raw_x, raw_y, z});
}

void Stmpe811Model::write_byte(uint8_t b) {
  if (first_) {
    ptr_ = b;
    first_ = false;
    xyz_byte_ = 0;
    return;
  }
  const uint8_t r = ptr_ & 0x7F;
  switch (r) {
    case 0x00: case 0x01: case 0x02: break;  // identification: read-only
    case 0x03:
      if (b & 0x02) {
        reset();
      } else {
        regs_[r] = b;
      }
      break;
    case 0x0B: regs_[r] &= static_cast<uint8_t>(~b); break;  // INT_STA: write 1 to clear
    case 0x40: regs_[r] = b & 0x7F; break;                     // TSC_STA is read-only
    case 0x4B:
      if (b & 0x01) fifo_.clear();
      regs_[r] = static_cast<uint8_t>((regs_[r] & 0xFE) | (b & 0x01));
      break;
    default: regs_[r] = b;
  }
  if (!(ptr_ & 0x80)) ++ptr_;
}

uint8_t Stmpe811Model::read_byte() {
  const uint8_t r = ptr_ & 0x7F;
  uint8_t v = regs_[r];
  if (r == 0x57) {  // TSC_DATA_XYZ: the FIFO's head, 4 bytes, popped after the 4th
    if (fifo_.empty()) {
      v = 0;
    } else {
      const Sample& s = fifo_.front();
      const uint8_t bytes[4] = {static_cast<uint8_t>(s.x >> 4),
                                static_cast<uint8_t>(((s.x & 0xF) << 4) | ((s.y >> 8) & 0xF)),
                                static_cast<uint8_t>(s.y & 0xFF), static_cast<uint8_t>(s.z)};
      v = bytes[xyz_byte_++];
      if (xyz_byte_ == 4) {
        fifo_.pop_front();
        xyz_byte_ = 0;
        ++samples_read;
      }
    }
  } else if (r == 0x40) {
    v = static_cast<uint8_t>((regs_[r] & 0x7F) | (touching_ ? 0x80 : 0));
  } else if (r == 0x4C) {
    v = static_cast<uint8_t>(fifo_.size());
  } else if (r == 0x4B) {
    v = static_cast<uint8_t>((regs_[r] & 0x01) | (fifo_.empty() ? 0x20 : 0));
  }
  if (!(ptr_ & 0x80)) ++ptr_;
  return v;
}

// ---- I2C3 -----------------------------------------------------------------

namespace {
constexpr uint32_t kI2c = 0x40005C00;
constexpr uint32_t kPe = 1, kStart = 1u << 8, kStop = 1u << 9, kAck = 1u << 10, kSwrst = 1u << 15;
}  // namespace

void I2cModel::finish() {
  dev_->stop();
  state_ = State::kIdle;
  stop_pending_ = false;
  nacked_ = false;
}

void I2cModel::clock_in() {
  if (nacked_ || (rxne_ && shift_full_)) return;  // done, or SCL stretched until DR is read
  const uint8_t byte = dev_->read_byte();
  const bool ack = cr1_ & kAck;
  if (!rxne_) {
    dr_ = byte;
    rxne_ = true;
  } else {
    shift_ = byte;
    shift_full_ = true;
  }
  if (!ack) nacked_ = true;
  if (stop_pending_) {
    if (ack) violations.push_back("STOP requested but the last byte was ACKed");
    finish();
  }
}

uint32_t I2cModel::read(uint32_t addr) {
  switch (addr - kI2c) {
    case 0x00: return cr1_;
    case 0x04: return cr2_;
    case 0x10:
      if (!rxne_) {
        violations.push_back("DR read with no byte received");
        return 0;
      }
      {
        const uint8_t v = dr_;
        if (shift_full_) {
          dr_ = shift_;
          shift_full_ = false;
        } else {
          rxne_ = false;
        }
        return v;
      }
    case 0x14: {
      sr1_read_ = true;
      if (state_ == State::kReceive) clock_in();
      uint32_t sr1 = 0;
      if (sb_) sr1 |= 1;
      if (addr_) sr1 |= 2;
      if (state_ == State::kTransmit) sr1 |= (1u << 2) | (1u << 7);  // BTF, TXE: transfers are instant
      if (rxne_ && shift_full_) sr1 |= 1u << 2;
      if (rxne_) sr1 |= 1u << 6;
      if (af_) sr1 |= 1u << 10;
      return sr1;
    }
    case 0x18:
      if (addr_ && sr1_read_) {
        addr_ = false;
        state_ = read_dir_ ? State::kReceive : State::kTransmit;
        rxne_ = shift_full_ = nacked_ = false;
      }
      return state_ == State::kIdle ? 0u : 3u;  // MSL, BUSY
    case 0x1C: return ccr_;
    case 0x20: return trise_;
  }
  return 0;
}

void I2cModel::write(uint32_t addr, uint32_t v) {
  switch (addr - kI2c) {
    case 0x00:
      if (v & kSwrst) {
        *this = I2cModel(address_, *dev_);
        cr1_ = v;
        return;
      }
      cr1_ = v & ~(kStart | kStop);
      if (!(v & kPe)) return;
      if (v & kStart) {
        if (state_ == State::kReceive && !nacked_) violations.push_back("repeated START in the middle of a read");
        if (state_ == State::kIdle) ++transactions;
        state_ = State::kStarted;
        sb_ = true;
        sr1_read_ = false;
        af_ = false;
      }
      if (v & kStop) {
        if (state_ == State::kReceive && !nacked_) {
          stop_pending_ = true;  // after the next byte, which must be NACKed
        } else {
          finish();
        }
      }
      return;
    case 0x04: cr2_ = v; return;
    case 0x10:
      if (sb_ && sr1_read_) {
        sb_ = false;
        sr1_read_ = false;
        if ((v >> 1) == address_ && device_present) {
          addr_ = true;
          read_dir_ = v & 1;
          state_ = State::kAddressed;
          dev_->start(read_dir_);
        } else {
          af_ = true;
          state_ = State::kAddressed;
        }
      } else if (state_ == State::kTransmit) {
        dev_->write_byte(static_cast<uint8_t>(v));
      } else {
        violations.push_back("DR written outside an address or transmit phase");
      }
      return;
    case 0x14:
      if (!(v & (1u << 10))) af_ = false;
      return;
    case 0x1C: ccr_ = v; return;
    case 0x20: trise_ = v; return;
  }
}

// ---- FMC -------------------------------------------------------------------

uint32_t FmcModel::read(uint32_t addr) {
  if (addr == 0xA0000158) return 0;  // SDSR: never busy
  return RegisterFile::read(addr);
}

void FmcModel::write(uint32_t addr, uint32_t v) {
  if (addr == 0xA0000150) {
    commands.push_back({v & 7, (v >> 3) & 3, ((v >> 5) & 0xF) + 1, (v >> 9) & 0x1FFF, bus_->now_us});
  }
  RegisterFile::write(addr, v);
}

// ---- The board -------------------------------------------------------------

Board::Board() {
  bus.map(0x40020000, 0x2C00, gpio);
  bus.map(0x40015000, 0x400, spi);
  bus.map(0x40005C00, 0x400, i2c);
  bus.map(0xA0000000, 0x1000, fmc);
  bus.map(0x40016800, 0x400, ltdc);
  bus.map(0x40011000, 0x400, usart);
  usart.at(0x40011000) = 0xC0;  // SR: TXE, TC
}

}  // namespace nib::board::model
