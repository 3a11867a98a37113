// Formatting on the target's console (nib::target::console_write), without
// printf: usable from fault handlers and by firmware that keeps stdio out.
#pragma once

#include <cstdint>
#include <string_view>

namespace nib::console {

void write(std::string_view text) noexcept;
void write_hex(std::uint32_t value) noexcept;  // "0x" + 8 hex digits
void write_dec(std::int64_t value) noexcept;

}  // namespace nib::console
