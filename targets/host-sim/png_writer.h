// PNG output for the simulator (libpng): screenshots of the framebuffer or
// of the window.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nib::sim {

// rgb: width × height pixels, 3 bytes each, rows top first. Returns "" or an
// error message.
std::string write_png(const std::string& path, const uint8_t* rgb, int width, int height);

// RGB565 pixels (stride in pixels) → RGB888, each pixel enlarged to a
// scale × scale block.
std::vector<uint8_t> rgb565_to_rgb888(const uint16_t* pixels, int width, int height, int stride, int scale);

}  // namespace nib::sim
