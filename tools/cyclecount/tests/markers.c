/*
 * Marker semantics test firmware (C, compiled with arm-none-eabi-gcc -O2, links
 * marker/nib_mark.c).  Exercised: overlapping ids, the same id nested, the
 * overflow id, an end without begin, a begin without end, and occurrences of
 * different length.  check_run.py (mode "markers") checks the structure of the
 * results; exact counts depend on the compiler and are checked by loop.S instead.
 */
#include <stdint.h>

#include "nib_mark.h"

extern uint32_t __stack_top;
void reset_handler(void);
void fault_handler(void);

__attribute__((section(".vectors"), used)) const uintptr_t vectors[16] = {
    (uintptr_t)&__stack_top, (uintptr_t)reset_handler, (uintptr_t)fault_handler, (uintptr_t)fault_handler,
    (uintptr_t)fault_handler, (uintptr_t)fault_handler, (uintptr_t)fault_handler, 0, 0, 0, 0,
    (uintptr_t)fault_handler, (uintptr_t)fault_handler, 0, (uintptr_t)fault_handler, (uintptr_t)fault_handler,
};

static void sys_exit(uint32_t reason) {
  register uint32_t r0 __asm__("r0") = 0x18; /* SYS_EXIT */
  register uint32_t r1 __asm__("r1") = reason;
  __asm__ volatile("bkpt 0xab" : : "r"(r0), "r"(r1) : "memory");
  for (;;) {
  }
}

void fault_handler(void) { sys_exit(0x20023); /* ADP_Stopped_RunTimeErrorUnknown */ }

volatile uint32_t sink;

__attribute__((noinline)) static void work(uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) sink += i;
}

void reset_handler(void) {
  /* overlapping: id 3 = work(10) + work(20), id 4 = work(20) + work(5) */
  nib_mark_begin(3);
  work(10);
  nib_mark_begin(4);
  work(20);
  nib_mark_end(3);
  work(5);
  nib_mark_end(4);

  /* the same id nested: inner closes first */
  nib_mark_begin(7);
  work(1);
  nib_mark_begin(7);
  work(2);
  nib_mark_end(7);
  work(3);
  nib_mark_end(7);

  /* ids >= NIB_MARK_MAX_IDS share the overflow id */
  nib_mark_begin(1000);
  work(1);
  nib_mark_end(1000);

  nib_mark_end(5);   /* end without begin */
  nib_mark_begin(6); /* begin without end */

  /* three occurrences of id 8, 10 more loop iterations each time */
  for (uint32_t i = 1; i <= 3; ++i) {
    nib_mark_begin(8);
    work(10 * i);
    nib_mark_end(8);
  }
  sys_exit(0x20026); /* ADP_Stopped_ApplicationExit */
}
