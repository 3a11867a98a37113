// GPIO pin set-up (RM0090 §8.4): mode, output type, speed, pull, alternate
// function, one pin at a time.
#pragma once

#include <cstdint>

#include "mmio.h"

namespace nib::board {

enum class Port : uint8_t { A, B, C, D, E, F, G, H, I, J, K };

struct Pin {
  Port port;
  uint8_t number;
};

enum class PinMode : uint8_t { kInput = 0, kOutput = 1, kAlternate = 2, kAnalog = 3 };
enum class Pull : uint8_t { kNone = 0, kUp = 1, kDown = 2 };

struct PinConfig {
  PinMode mode = PinMode::kInput;
  uint8_t alternate = 0;     // AF0..AF15, with kAlternate
  bool open_drain = false;
  uint8_t speed = 2;         // 0 low .. 3 very high
  Pull pull = Pull::kNone;
};

void enable_port_clock(Bus& bus, Port port);
void configure_pin(Bus& bus, Pin pin, const PinConfig& config);
void write_pin(Bus& bus, Pin pin, bool high);  // atomic, through BSRR
bool read_pin(Bus& bus, Pin pin);

}  // namespace nib::board
