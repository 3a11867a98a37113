// Compiles dwt_profiler.h for the Cortex-M (the m4 preset builds this), so the
// register path the porting guide shows is built in CI, not only the host's
// empty one. QEMU does not model the DWT, so nothing runs it there.
#include "dwt_profiler.h"

#if !(defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__) || \
      defined(__ARM_ARCH_8_1M_MAIN__))
#error "built for a Cortex-M with a DWT cycle counter"
#endif

uint32_t nib_dwt_profiler_check() {
  DwtProfiler profiler;
  const nib::OpEvent event{};
  profiler.op_begin(event);
  profiler.op_end(event);
  return profiler.cycles(0);
}
