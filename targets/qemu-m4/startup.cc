// Vector table and reset path: FPU on, RAM initialised, constructors run,
// main(argc, argv) called with the semihosting command line, its return value
// handed to QEMU as the process exit code.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "semihost.h"

// Linker script symbols (mps2-an386.ld).
extern "C" {
extern std::uint32_t __stack_top[];
extern std::uint32_t __stack_guard[];
extern const std::byte __data_load[];
extern std::byte __data_start[], __data_end[];
extern std::byte __bss_start[], __bss_end[];
extern std::byte __psram_start[], __psram_end[];
extern void (*__preinit_array_start[])(), (*__preinit_array_end[])();
extern void (*__init_array_start[])(), (*__init_array_end[])();

[[noreturn]] void nib_reset_handler();
void nib_fault_entry();  // faults.cc
}

// The application's main under another name: C++ forbids calling ::main.
int nib_app_main(int argc, char** argv) asm("main");

namespace {

using Handler = void (*)();

// Cortex-M vector table: initial MSP, then 15 system and 32 device vectors
// (mps2-an386 wires 32 interrupts). Every unexpected exception reports and
// exits through nib_fault_entry.
struct VectorTable {
  std::uint32_t* initial_sp;
  Handler vectors[15 + 32];
};

constexpr VectorTable make_table() {
  VectorTable t{__stack_top, {}};
  for (Handler& h : t.vectors) h = nib_fault_entry;
  t.vectors[0] = nib_reset_handler;  // vector 1: Reset
  return t;
}

[[gnu::section(".vectors"), gnu::used]] constexpr VectorTable vector_table = make_table();

// System control registers.
auto& reg(std::uintptr_t addr) { return *reinterpret_cast<volatile std::uint32_t*>(addr); }
constexpr std::uintptr_t kCpacr = 0xE000ED88;
constexpr std::uintptr_t kMpuCtrl = 0xE000ED94, kMpuRbar = 0xE000ED9C, kMpuRasr = 0xE000EDA0;

void barrier() { asm volatile("dsb\n\tisb" ::: "memory"); }

// Stack overflow must fault, not silently scribble: the stack sits at the
// bottom of RAM with a no-access MPU region under it. Below RAM QEMU maps only
// a "reserved" region that ignores writes, so guard it too.
void enable_stack_guard() {
  const auto guard = reinterpret_cast<std::uint32_t>(__stack_guard);
  // RASR: SIZE field n means 2^(n+1) bytes; AP=0 (no access), XN, enabled.
  constexpr std::uint32_t kNoAccess = (1u << 28) | 1u;
  reg(kMpuRbar) = guard | (1u << 4) | 0;           // region 0: 1 KiB guard
  reg(kMpuRasr) = kNoAccess | (9u << 1);
  reg(kMpuRbar) = 0x1F000000u | (1u << 4) | 1;     // region 1: 16 MiB under RAM
  reg(kMpuRasr) = kNoAccess | (23u << 1);
  reg(kMpuCtrl) = (1u << 2) | 1u;                  // PRIVDEFENA | ENABLE
  barrier();
}

void run(void (*const* first)(), void (*const* last)()) {
  for (; first != last; ++first) (*first)();
}

[[noreturn, gnu::noinline]] void start() {
  std::memcpy(__data_start, __data_load, __data_end - __data_start);
  std::memset(__bss_start, 0, __bss_end - __bss_start);
  std::memset(__psram_start, 0, __psram_end - __psram_start);
  enable_stack_guard();
  run(__preinit_array_start, __preinit_array_end);
  run(__init_array_start, __init_array_end);

  // Arguments that do not fit are an error, not silently dropped.
  constexpr int kMaxArgs = 64;
  static char cmdline[4096];
  static char* argv[kMaxArgs + 1];
  const int argc = nib::semihost::get_cmdline(cmdline, sizeof cmdline) < 0
                       ? -1
                       : nib::semihost::split_args(cmdline, argv, kMaxArgs);
  if (argc < 0) {
    nib::semihost::write("nib: command line too long (4095 bytes, 64 words at most)\n");
    nib::semihost::exit(nib::semihost::kExitAbort);
  }
  // Not exit(): that would drag in newlib's atexit and stdio cleanup.
  nib::semihost::exit(nib_app_main(argc, argv));
}

}  // namespace

// general-regs-only: no FP instruction may run before CPACR grants access.
extern "C" [[noreturn, gnu::target("general-regs-only")]] void nib_reset_handler() {
  reg(kCpacr) = reg(kCpacr) | (0xFu << 20);  // CP10 and CP11: full access
  barrier();
  start();
}
