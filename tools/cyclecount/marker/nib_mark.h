/*
 * Cycle-count markers for firmware run under the nib QEMU cycle-count plugin
 * (tools/cyclecount).  Link marker/nib_mark.c into the firmware and bracket the
 * code to measure:
 *
 *     nib_mark_begin(0);            // e.g. one inference
 *       nib_mark_begin(1 + op);     //   one operator (ids may nest and overlap)
 *       ...
 *       nib_mark_end(1 + op);
 *     nib_mark_end(0);
 *
 * A window holds the caller's instructions after the call to nib_mark_begin up to
 * and including the call to nib_mark_end (i.e. the id setup and the BL of the end
 * call, typically 2 instructions / 4 cycles).  Instructions inside the marker
 * functions are not counted in any window.
 *
 * ids 0 .. NIB_MARK_MAX_IDS-1 are distinct; ids >= NIB_MARK_MAX_IDS all land in
 * one extra "overflow" id (= NIB_MARK_MAX_IDS) that the tool reports as such.  Without the plugin the functions
 * just store a word to RAM; they are safe on any target, host builds included.
 */
#ifndef NIB_MARK_H
#define NIB_MARK_H

#include <stdint.h>

#ifndef NIB_MARK_MAX_IDS
#define NIB_MARK_MAX_IDS 256u
#endif

#ifdef __cplusplus
extern "C" {
#endif

void nib_mark_begin(uint32_t id);
void nib_mark_end(uint32_t id);

#ifdef __cplusplus
}
#endif

#endif /* NIB_MARK_H */
