// nib::target hooks for QEMU's MPS2 machines (targets/common/target.h):
// console, exit code and command line through Arm semihosting; the .psram
// section zeroed like .bss; writes below RAM made to fault.
#include <cstdint>
#include <cstring>

#include "semihost.h"
#include "target.h"

extern "C" {
extern std::byte __psram_start[], __psram_end[];
}

namespace nib::target {

void console_write(std::string_view text) noexcept { semihost::write(text); }

void exit(int code) noexcept { semihost::exit(code); }

void init() noexcept {
  std::memset(__psram_start, 0, __psram_end - __psram_start);
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
  // Below RAM (0x20000000) QEMU maps only a "reserved" region that ignores
  // writes: an overflow that jumps the stack guard would go unnoticed. MPU
  // region 1 (region 0 is the common stack guard): 16 MiB, no access, XN.
  auto& rbar = *reinterpret_cast<volatile std::uint32_t*>(0xE000ED9C);
  auto& rasr = *reinterpret_cast<volatile std::uint32_t*>(0xE000EDA0);
  rbar = 0x1F000000u | (1u << 4) | 1;
  rasr = (1u << 28) | (23u << 1) | 1u;
  asm volatile("dsb\n\tisb" ::: "memory");
#endif
}

int command_line(char** argv, int max_args) noexcept {
  // Arguments that do not fit are an error, not silently dropped.
  static char cmdline[4096];
  const int argc = semihost::get_cmdline(cmdline, sizeof cmdline) < 0
                       ? -1
                       : semihost::split_args(cmdline, argv, max_args);
  if (argc < 0) semihost::write("nib: command line too long (4095 bytes, 64 words at most)\n");
  return argc;
}

}  // namespace nib::target
