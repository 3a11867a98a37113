// Memory-mapped I/O as the drivers see it: a register is an address, a field
// is a bit range in it, and every access goes through a Bus. On the chip the
// bus is a volatile load or store (DirectBus, board_bus.h); in the host tests
// it is a register-level model of the peripherals, so the same driver code
// runs against both.
#pragma once

#include <cstdint>

namespace nib::board {

struct Register {
  uint32_t addr;
  constexpr Register at(uint32_t offset) const { return {addr + offset}; }
};

// Bits [pos, pos + width) of a register.
struct Field {
  uint8_t pos;
  uint8_t width;
  constexpr uint32_t mask() const { return (width >= 32 ? ~0u : ((1u << width) - 1u)) << pos; }
  // The field holding v, ready to OR into a register value.
  constexpr uint32_t operator()(uint32_t v) const { return (v << pos) & mask(); }
  constexpr uint32_t get(uint32_t reg) const { return (reg & mask()) >> pos; }
};

constexpr Field bit(uint8_t pos) { return {pos, 1}; }

class Bus {
 public:
  virtual uint32_t read(Register r) = 0;
  virtual void write(Register r, uint32_t value) = 0;
  // Busy-waits at least us microseconds (longer is fine: only lower bounds
  // matter to the devices). Never reads a peripheral, so it cannot hang.
  virtual void delay_us(uint32_t us) = 0;

  // Read-modify-write of the bits in mask.
  void modify(Register r, uint32_t mask, uint32_t value) { write(r, (read(r) & ~mask) | (value & mask)); }
  void set_field(Register r, Field f, uint32_t v) { modify(r, f.mask(), f(v)); }
  void set_bits(Register r, uint32_t bits) { modify(r, bits, bits); }
  void clear_bits(Register r, uint32_t bits) { modify(r, bits, 0); }

  // Polls r until (r & mask) == want, at most max_polls reads. A bit that
  // never comes (no device, an emulator that does not model it) must not
  // hang the firmware: false means it timed out.
  bool wait(Register r, uint32_t mask, uint32_t want, uint32_t max_polls) {
    for (uint32_t i = 0; i < max_polls; ++i) {
      if ((read(r) & mask) == want) return true;
    }
    return false;
  }

 protected:
  ~Bus() = default;
};

}  // namespace nib::board
