// Self-test of the platform layer under QEMU: argv, .data/.bss/.psram and
// constructor init, the FPU, the stack guard, host file I/O and the clock.
// Run as: m4_platform_test.elf alpha "two words" x,y
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "console.h"
#include "semihost.h"

namespace sh = nib::semihost;

namespace {

int failures = 0;

void check(bool ok, std::string_view what) {
  sh::write(ok ? "  ok    " : "  FAIL  ");
  sh::write(what);
  sh::write("\n");
  if (!ok) ++failures;
}

// volatile: the compiler must read what startup left in memory.
volatile std::uint32_t data_word = 0xC0FFEE42u;
volatile std::uint32_t bss_words[256];
[[gnu::section(".psram")]] volatile std::uint32_t psram_words[256];

struct Constructed {
  std::uint32_t value;
  Constructed() : value(data_word + 1) {}  // needs .data already copied
};
Constructed constructed;

std::uint32_t read_reg(std::uintptr_t addr) {
  return *reinterpret_cast<volatile std::uint32_t*>(addr);
}

bool all_zero(const volatile std::uint32_t* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] != 0) return false;
  }
  return true;
}

void check_args(int argc, char** argv) {
  check(argc == 4, "argc == 4");
  if (argc != 4) return;
  const std::string_view self = argv[0];
  check(self.ends_with("m4_platform_test.elf"), "argv[0] is the firmware");
  check(std::string_view(argv[1]) == "alpha", "argv[1] == alpha");
  check(std::string_view(argv[2]) == "two words", "argv[2] keeps its space");
  check(std::string_view(argv[3]) == "x,y", "argv[3] keeps its comma");
  check(argv[4] == nullptr, "argv[argc] == nullptr");
}

void check_memory() {
  check(data_word == 0xC0FFEE42u, ".data copied");
  check(all_zero(bss_words, 256), ".bss zeroed");
  check(all_zero(psram_words, 256), ".psram zeroed");
  psram_words[255] = 7;
  check(psram_words[255] == 7, ".psram writable");
  check(constructed.value == 0xC0FFEE43u, "static constructor ran after .data");
}

void check_fpu() {
  check(((read_reg(0xE000ED88) >> 20) & 0xF) == 0xF, "CPACR grants CP10/CP11");
  volatile float a = 1.5f, b = 2.25f;
  check(a * b == 3.375f, "float multiply");
  float r;
  const float x = a * 16.0f;  // 24
  asm("vsqrt.f32 %0, %1" : "=t"(r) : "t"(x));  // an FPU-only instruction
  check(r > 4.898f && r < 4.899f, "vsqrt.f32");
}

void check_stack_guard() {
  check(read_reg(0xE000ED94) == 5, "MPU on with default map (stack guard)");
  std::uint32_t sp;
  asm volatile("mov %0, sp" : "=r"(sp));
  check(sp > 0x20000400u && sp <= 0x20010400u, "sp in the stack above the guard");
}

void check_files() {
  const char* path = "m4_platform_test.tmp";
  const auto text = std::as_bytes(std::span("hello, host\n", 12));
  check(sh::write_file(path, text), "write_file");

  const int h = sh::open(path, sh::Mode::append);
  check(h >= 0 && sh::write(h, std::as_bytes(std::span("more", 4))) && sh::close(h),
        "append");

  std::array<std::byte, 64> buf{};
  check(sh::read_file(path, buf) == 16, "read_file size");
  check(std::memcmp(buf.data(), "hello, host\nmore", 16) == 0, "read_file content");
  check(sh::read_file(path, std::span(buf).first(8)) == -1, "read_file refuses small buffer");

  const int r = sh::open(path, sh::Mode::read);
  std::array<std::byte, 4> part{};
  check(r >= 0 && sh::flen(r) == 16, "flen");
  check(sh::seek(r, 12) && sh::read(r, part) == 4 && std::memcmp(part.data(), "more", 4) == 0,
        "seek + read");
  check(sh::read(r, part) == 0, "read at end of file");
  check(sh::close(r), "close");

  check(sh::remove(path), "remove");
  check(sh::open(path, sh::Mode::read) == -1 && sh::host_errno() != 0, "open of missing file fails");
}

void check_clock() {
  const std::uint64_t t0 = sh::ticks();
  const std::uint64_t t1 = sh::ticks();
  check(sh::ticks_per_second() > 0, "ticks_per_second");
  check(t0 > 0 && t1 >= t0, "ticks monotonic");
  sh::write("  ticks per second: ");
  nib::console::write_dec(sh::ticks_per_second());
  sh::write(", write_dec(-1234567890123): ");
  nib::console::write_dec(-1234567890123);
  sh::write(", write_hex: ");
  nib::console::write_hex(0xDEADBEEF);
  sh::write("\n");
}

}  // namespace

int main(int argc, char** argv) {
  sh::write("m4_platform_test\n");
  check_args(argc, argv);
  check_memory();
  check_fpu();
  check_stack_guard();
  check_files();
  check_clock();
  sh::write(failures == 0 ? "PASS\n" : "FAILED\n");
  return failures == 0 ? 0 : 1;
}
