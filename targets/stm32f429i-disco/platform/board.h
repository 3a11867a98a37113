// The board as the firmware sees it after start-up: the register bus, the
// clocks that were reached, the USART1 log, a 1 kHz SysTick time base, the
// DWT cycle counter, the LEDs and the user button.
//
// targets/common's reset path calls this target's init() (target_board.cc)
// before main: clocks (180 MHz, or HSI on failure), USART1, SysTick, DWT.
#pragma once

#include <cstdint>
#include <string_view>

#include "drivers/clock.h"
#include "drivers/gpio.h"
#include "drivers/usart.h"
#include "platform/direct_bus.h"

namespace nib::board {

inline constexpr Pin kLedGreen{Port::G, 13};  // LD3
inline constexpr Pin kLedRed{Port::G, 14};    // LD4
inline constexpr Pin kUserButton{Port::A, 0}; // B1, high while pressed (external pull-down)

DirectBus& bus();
const Clocks& clocks();
void log(std::string_view text);

uint32_t millis();   // SysTick count since start-up
uint64_t micros();   // millis and the SysTick counter in between
// DWT CYCCNT extended to 64 bits (call at least every 23 s at 180 MHz). Reads
// 0 where the DWT is not modelled (QEMU).
uint64_t cycles();

// Deepest stack use since start-up (the stack is painted at reset), and its size.
uint32_t stack_used();
uint32_t stack_size();

void init_leds_and_button();
void set_led(Pin led, bool on);
bool button_pressed();

// Sleeps until the next interrupt (at most one SysTick period).
inline void wait_for_interrupt() { asm volatile("wfi" ::: "memory"); }

}  // namespace nib::board
