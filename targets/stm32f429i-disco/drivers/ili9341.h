// The ILI9341 LCD controller on SPI5, in its serial interface with one
// bidirectional data line (SDA on PF9, clock on PF7), chip select CSX on PC2
// and data/command WRX on PD13. The SPI only sets the controller up; pixels
// reach it through the LTDC's RGB interface. Facts from the ILI9341 datasheet
// (v1.11) and the board's user manual (UM1670).
#pragma once

#include <cstdint>

#include "gpio.h"
#include "mmio.h"

namespace nib::board {

namespace ili9341 {
inline constexpr uint8_t kSoftwareReset = 0x01, kSleepOut = 0x11, kDisplayOn = 0x29, kPixelFormat = 0x3A,
                         kRgbSignalControl = 0xB0, kInterfaceControl = 0xF6, kReadId4 = 0xD3,
                         kSpiReadIndex = 0xD9;  // not in the datasheet: selects which byte a serial read returns
inline constexpr uint16_t kId = 0x9341;
inline constexpr Pin kCsx{Port::C, 2}, kWrx{Port::D, 13}, kSck{Port::F, 7}, kSda{Port::F, 9};
}  // namespace ili9341

class Ili9341 {
 public:
  // SPI5 and its pins: master, mode 0, 8 bits, MSB first, one data line,
  // SCK = pclk2 / 16 (5.6 MHz at 90 MHz: the datasheet's serial read cycle
  // is at least 150 ns).
  void init_spi(Bus& bus);

  // Reads the controller's ID (RDID4, parameters 2 and 3) byte by byte.
  // Returns 0 when the bus does not answer within the polls allowed.
  uint16_t read_id();

  // RGB interface, DE mode, 18 bits per pixel, sleep out, display on.
  // Returns false if the SPI stopped answering.
  bool init_rgb_interface();

  bool timed_out() const { return timed_out_; }

 private:
  void select(bool on);
  void command(uint8_t cmd);
  void data(uint8_t value);
  uint8_t read_byte();
  void send(uint8_t byte);
  void wait_idle();

  Bus* bus_ = nullptr;
  bool timed_out_ = false;
};

}  // namespace nib::board
