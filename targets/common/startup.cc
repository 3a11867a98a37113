// Vector table and reset path for every Cortex-M target: FPU on (when the
// core has one), the target's early init, RAM initialised, the stack guarded,
// the target's init, constructors run, main(argc, argv) called with the
// target's command line and its return value handed to nib::target::exit.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "target.h"

#ifndef NIB_TARGET_IRQS
#error "NIB_TARGET_IRQS (the device's interrupt count) comes from nib_add_cortex_m_platform"
#endif

// Linker script symbols (the contract in README.md).
extern "C" {
extern std::uint32_t __stack_top[];
extern std::byte __stack_guard[], __stack_limit[];
extern const std::byte __data_load[];
extern std::byte __data_start[], __data_end[];
extern std::byte __bss_start[], __bss_end[];
extern void (*__preinit_array_start[])(), (*__preinit_array_end[])();
extern void (*__init_array_start[])(), (*__init_array_end[])();

[[noreturn]] void nib_reset_handler();
void nib_fault_entry();  // faults.cc
}

// The application's main under another name: C++ forbids calling ::main.
int nib_app_main(int argc, char** argv) asm("main");

// Defaults of the optional hooks; a target overrides them by defining its own.
namespace nib::target {
[[gnu::weak]] void early_init() noexcept {}
[[gnu::weak]] void init() noexcept {}
[[gnu::weak]] int command_line(char** argv, int max_args) noexcept {
  static char name[] = "nib";
  argv[0] = name;
  argv[1] = nullptr;
  return 1;
}
}  // namespace nib::target

namespace {

using Handler = void (*)();

// Cortex-M vector table: initial MSP, then 15 system and the device's
// vectors. Every unexpected exception reports and exits through
// nib_fault_entry.
struct VectorTable {
  std::uint32_t* initial_sp;
  Handler vectors[15 + NIB_TARGET_IRQS];
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

void barrier() { asm volatile("dsb\n\tisb" ::: "memory"); }

// Stack overflow must fault, not silently scribble over .data/.bss.
void guard_stack() {
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
  // ARMv8-M: the stack limit register turns any SP update below it into a
  // UsageFault (STKOF) before memory is touched; no MPU region needed.
  asm volatile("msr msplim, %0" ::"r"(__stack_limit));
#else
  // ARMv7-M: a no-access MPU region over [__stack_guard, __stack_limit), which
  // the linker script places right under the stack. A size that is not a
  // power of two of at least 32 bytes (e.g. 0) means no guard.
  const auto base = reinterpret_cast<std::uint32_t>(__stack_guard);
  const auto size = static_cast<std::uint32_t>(__stack_limit - __stack_guard);
  if (size < 32 || (size & (size - 1)) != 0 || base % size != 0) return;
  constexpr std::uintptr_t kMpuCtrl = 0xE000ED94, kMpuRbar = 0xE000ED9C, kMpuRasr = 0xE000EDA0;
  // RASR: XN, AP=0 (no access), SIZE field n means 2^(n+1) bytes, enabled.
  const std::uint32_t size_field = 31u - static_cast<std::uint32_t>(__builtin_clz(size)) - 1u;
  reg(kMpuRbar) = base | (1u << 4) | 0;  // VALID: region 0
  reg(kMpuRasr) = (1u << 28) | (size_field << 1) | 1u;
  reg(kMpuCtrl) = (1u << 2) | 1u;  // PRIVDEFENA | ENABLE
  barrier();
#endif
}

void run(void (*const* first)(), void (*const* last)()) {
  for (; first != last; ++first) (*first)();
}

[[noreturn, gnu::noinline]] void start() {
  nib::target::early_init();
  std::memcpy(__data_start, __data_load, __data_end - __data_start);
  std::memset(__bss_start, 0, __bss_end - __bss_start);
  guard_stack();
  nib::target::init();
  run(__preinit_array_start, __preinit_array_end);
  run(__init_array_start, __init_array_end);

  constexpr int kMaxArgs = 64;
  static char* argv[kMaxArgs + 1];
  const int argc = nib::target::command_line(argv, kMaxArgs);
  if (argc < 0) nib::target::exit(nib::target::kExitAbort);
  // Not exit(): that would drag in newlib's atexit and stdio cleanup.
  nib::target::exit(nib_app_main(argc, argv));
}

}  // namespace

// general-regs-only: no FP instruction may run before CPACR grants access.
extern "C" [[noreturn, gnu::target("general-regs-only")]] void nib_reset_handler() {
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  reg(kCpacr) = reg(kCpacr) | (0xFu << 20);  // CP10 and CP11 (FPU, MVE): full access
  barrier();
#endif
  start();
}
