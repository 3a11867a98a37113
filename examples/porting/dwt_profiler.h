// A nib::Profiler that counts core clock cycles per operator with the DWT
// cycle counter of a Cortex-M3/M4/M7/M33/M55 (not the M0/M0+, which have
// none). On other targets it compiles to a profiler that records nothing.
#pragma once

#include <cstdint>

#include "nib/profiler.h"

class DwtProfiler : public nib::Profiler {
 public:
  static constexpr int kMaxOps = 128;

  // Enables the counter: trace on (DEMCR.TRCENA), CYCCNT reset and started.
  DwtProfiler() {
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__) || \
    defined(__ARM_ARCH_8_1M_MAIN__)
    reg(kDemcr) |= 1u << 24;
    reg(kDwtCyccnt) = 0;
    reg(kDwtCtrl) |= 1u;
#endif
  }
  void op_begin(const nib::OpEvent&) override { start_ = now(); }
  void op_end(const nib::OpEvent& e) override {
    if (e.index >= 0 && e.index < kMaxOps) cycles_[e.index] = now() - start_;
  }
  uint32_t cycles(int op) const { return op >= 0 && op < kMaxOps ? cycles_[op] : 0; }

 private:
  static constexpr uintptr_t kDemcr = 0xE000EDFC, kDwtCtrl = 0xE0001000, kDwtCyccnt = 0xE0001004;
  static volatile uint32_t& reg(uintptr_t a) { return *reinterpret_cast<volatile uint32_t*>(a); }
  static uint32_t now() {
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__) || \
    defined(__ARM_ARCH_8_1M_MAIN__)
    return reg(kDwtCyccnt);  // wraps after 2^32 cycles; the difference stays right
#else
    return 0;
#endif
  }
  uint32_t start_ = 0;
  uint32_t cycles_[kMaxOps] = {};
};
