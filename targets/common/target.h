// The hooks a Cortex-M target provides to targets/common (vector table, reset
// path, fault report, newlib stubs). This interface is stable: a QEMU machine
// implements it with semihosting, a board with a UART and a WFI halt.
//
// Required (no default):
//   console_write  text out; blocking, no heap, callable from a fault handler
//                  with interrupts masked (poll the UART, don't queue).
//   exit           end the program with a code: semihosting SYS_EXIT under
//                  QEMU; on a board e.g. report the code, mask interrupts, WFI.
//
// Optional (weak defaults in targets/common):
//   early_init     first thing after reset (and the FPU enable), before .data
//                  and .bss exist: clocks, flash wait states, external RAM.
//                  Must not use globals. Default: nothing.
//   init           after .data/.bss are set up and the stack guard is on,
//                  before static constructors: console UART, extra RAM
//                  regions to zero, more MPU regions. Default: nothing.
//   command_line   fills argv for main(). Default: argc 1, argv {"nib"}.
//
// Build-time parameters (nib_add_cortex_m_platform in cortex-m.cmake):
//   IRQS           device interrupt count: sizes the vector table.
//   LINKER_SCRIPT  must define the symbols listed in targets/common/README.md
//                  (stack, .data load image, .bss, init arrays).
#pragma once

#include <string_view>

namespace nib::target {

// Exit codes the platform itself uses (shell-style 128 + signal number).
inline constexpr int kExitAbort = 134;  // abort(), failed assert, pure virtual call
inline constexpr int kExitFault = 139;  // HardFault and friends, stack overflow

void console_write(std::string_view text) noexcept;
[[noreturn]] void exit(int code) noexcept;

void early_init() noexcept;
void init() noexcept;
// argv has max_args + 1 slots; set argv[argc] = nullptr. Returns argc, or -1
// if the command line cannot be delivered (after printing why): the program
// then ends with kExitAbort.
int command_line(char** argv, int max_args) noexcept;

}  // namespace nib::target
