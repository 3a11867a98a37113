// Fatal paths: CPU faults, stray interrupts, abort(), failed assert() and
// pure virtual calls print one line on the target's console and end the
// program through nib::target::exit with a non-zero code, so a crash fails a
// test instead of hanging it. Replacing newlib's abort/__assert_func also
// keeps its stdio (and malloc) out.
#include <cstdint>

#include "console.h"
#include "target.h"

namespace con = nib::console;
using nib::target::kExitAbort;
using nib::target::kExitFault;

extern "C" {
extern std::uint32_t __stack_limit[];  // lowest usable stack address
extern std::uint32_t __stack_top[];
}

namespace {

std::uint32_t reg(std::uintptr_t addr) { return *reinterpret_cast<volatile std::uint32_t*>(addr); }
constexpr std::uintptr_t kCfsr = 0xE000ED28, kHfsr = 0xE000ED2C, kMmfar = 0xE000ED34,
                         kBfar = 0xE000ED38;

constexpr const char* kExceptionNames[] = {
    "thread", "reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault",
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
    "SecureFault",
#else
    "reserved",
#endif
    "reserved", "reserved", "reserved", "SVCall", "DebugMonitor",
    "reserved", "PendSV", "SysTick"};

void field(const char* name, std::uint32_t value) {
  con::write(" ");
  con::write(name);
  con::write("=");
  con::write_hex(value);
}

}  // namespace

// Called from nib_fault_entry on a fresh stack. frame is the stacked
// exception frame (r0-r3, r12, lr, pc, xpsr); exc_return is the handler's LR.
extern "C" [[noreturn, gnu::used]] void nib_fault_report(const std::uint32_t* frame,
                                                         std::uint32_t exc_return) {
  std::uint32_t ipsr;
  asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  const std::uint32_t n = ipsr & 0x1FF;
  const std::uint32_t cfsr = reg(kCfsr);

  con::write("nib: fatal ");
  if (n < 16) {
    con::write(kExceptionNames[n]);
  } else {
    con::write("unexpected IRQ ");
    con::write_dec(n - 16);
  }
  // A frame pushed below the stack limit (stack overflow) or off the stack
  // is not worth trusting; reading it could fault again.
  const auto addr = reinterpret_cast<std::uintptr_t>(frame);
  const bool frame_ok = addr >= reinterpret_cast<std::uintptr_t>(__stack_limit) &&
                        addr + 32 <= reinterpret_cast<std::uintptr_t>(__stack_top);
  if (frame_ok) {
    field("pc", frame[6]);
    field("lr", frame[5]);
  } else {
    field("sp", addr);
    con::write(" (stack overflow?)");
  }
  field("cfsr", cfsr);
  field("hfsr", reg(kHfsr));
  if (cfsr & (1u << 7)) field("mmfar", reg(kMmfar));   // MMARVALID
  if (cfsr & (1u << 15)) field("bfar", reg(kBfar));    // BFARVALID
  field("exc_return", exc_return);
  con::write("\n");
  nib::target::exit(kExitFault);
}

// Every exception vector except reset lands here. Naked so no stack is touched
// before switching: after an overflow the current SP is in the guard region.
extern "C" [[gnu::naked]] void nib_fault_entry() {
  asm volatile(
      "tst lr, #4\n\t"          // EXC_RETURN bit 2: which stack holds the frame
      "ite eq\n\t"
      "mrseq r0, msp\n\t"
      "mrsne r0, psp\n\t"
      "mov r1, lr\n\t"
      "ldr r2, =__stack_top\n\t"  // never returns, so reuse the whole stack
      "mov sp, r2\n\t"
      "b nib_fault_report\n\t"
      ".ltorg");
}

[[noreturn]] static void die(const char* what) {
  con::write("nib: fatal ");
  con::write(what);
  con::write("\n");
  nib::target::exit(kExitAbort);
}

extern "C" {

[[noreturn]] void abort() { die("abort()"); }

[[noreturn]] void __assert_func(const char* file, int line, const char* func, const char* expr) {
  con::write("nib: assertion failed: ");
  con::write(expr != nullptr ? expr : "?");
  con::write(" at ");
  con::write(file != nullptr ? file : "?");
  con::write(":");
  con::write_dec(line);
  if (func != nullptr) {
    con::write(" in ");
    con::write(func);
  }
  con::write("\n");
  nib::target::exit(kExitAbort);
}

// Old-style entry point, defined too so newlib's assert.o is never pulled in.
[[noreturn]] void __assert(const char* file, int line, const char* expr) {
  __assert_func(file, line, nullptr, expr);
}

[[noreturn]] void __cxa_pure_virtual() { die("pure virtual function called"); }

}  // extern "C"
