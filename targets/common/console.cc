#include "console.h"

#include <cstddef>

#include "target.h"

namespace nib::console {

void write(std::string_view text) noexcept { target::console_write(text); }

void write_hex(std::uint32_t value) noexcept {
  char buf[10] = {'0', 'x'};
  for (int i = 0; i < 8; ++i) buf[2 + i] = "0123456789abcdef"[(value >> (28 - 4 * i)) & 0xF];
  write({buf, sizeof buf});
}

void write_dec(std::int64_t value) noexcept {
  char buf[20];  // 19 digits and a sign
  char* p = buf + sizeof buf;
  // Negate into unsigned so INT64_MIN works.
  std::uint64_t v = value < 0 ? 0 - static_cast<std::uint64_t>(value) : value;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  if (value < 0) *--p = '-';
  write({p, static_cast<std::size_t>(buf + sizeof buf - p)});
}

}  // namespace nib::console
