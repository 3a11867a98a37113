/*
 * Marker functions for tools/cyclecount (see nib_mark.h).
 *
 * QEMU 7.2's plugin API can see the ADDRESS of a store but neither registers nor
 * stored values, so the id is encoded in the address: nib_mark_begin(id) stores
 * to nib_mark_slots[2*id], nib_mark_end(id) to nib_mark_slots[2*id + 1].  The
 * cyclecount driver reads the addresses and sizes of nib_mark_begin, nib_mark_end
 * and nib_mark_slots from the ELF symbol table (nm -S) and hands them to the plugin,
 * which watches stores made by instructions inside the two functions only.
 *
 * Requirements this file meets: the symbols keep these C names, the functions are
 * never inlined nor cloned (noinline, noipa), and the array is in writable RAM.
 */
#include "nib_mark.h"

#if defined(__GNUC__) && !defined(__clang__)
#define NIB_MARK_FN __attribute__((noinline, noipa, used))
#elif defined(__GNUC__)
#define NIB_MARK_FN __attribute__((noinline, used))
#else
#define NIB_MARK_FN
#endif

#if defined(__GNUC__)
__attribute__((used))
#endif
volatile uint32_t nib_mark_slots[2u * (NIB_MARK_MAX_IDS + 1u)];

NIB_MARK_FN void nib_mark_begin(uint32_t id) {
  if (id > NIB_MARK_MAX_IDS) id = NIB_MARK_MAX_IDS;
  nib_mark_slots[2u * id] = id;
}

NIB_MARK_FN void nib_mark_end(uint32_t id) {
  if (id > NIB_MARK_MAX_IDS) id = NIB_MARK_MAX_IDS;
  nib_mark_slots[2u * id + 1u] = id;
}
