#include "png_writer.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>

#include "digits/framebuffer.h"

namespace nib::sim {

std::string write_png(const std::string& path, const uint8_t* rgb, int width, int height) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return "cannot create " + path;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
  if (png == nullptr || info == nullptr) {
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
    return "libpng: out of memory";
  }
  if (setjmp(png_jmpbuf(png))) {  // libpng reports errors by longjmp
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
    return "libpng: cannot write " + path;
  }
  png_init_io(png, f);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y)
    png_write_row(png, const_cast<png_bytep>(rgb + static_cast<size_t>(y) * static_cast<size_t>(width) * 3));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return std::fclose(f) == 0 ? "" : "cannot write " + path;
}

std::vector<uint8_t> rgb565_to_rgb888(const uint16_t* pixels, int width, int height, int stride, int scale) {
  const int w = width * scale, h = height * scale;
  std::vector<uint8_t> out(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  for (int y = 0; y < h; ++y) {
    const uint16_t* row = pixels + static_cast<size_t>(y / scale) * static_cast<size_t>(stride);
    uint8_t* o = out.data() + static_cast<size_t>(y) * static_cast<size_t>(w) * 3;
    for (int x = 0; x < w; ++x) {
      const digits::Color c = row[x / scale];
      o[3 * x] = digits::red8(c);
      o[3 * x + 1] = digits::green8(c);
      o[3 * x + 2] = digits::blue8(c);
    }
  }
  return out;
}

}  // namespace nib::sim
