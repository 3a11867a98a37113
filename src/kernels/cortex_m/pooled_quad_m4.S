@ The channel loop of pooled_quad_s8 (pooled_quad_s8.cc): for one 2x2 pool
@ window's four widened conv pixels and every pair of output channels, the
@ eight dot products (4 pixels x 2 channels) over the K-pairs (a multiple
@ of 8), sixteen per pass (an odd count of eights enters halfway), then the
@ max over the four pixels of each channel, stored as [max c0, max c1] per
@ channel pair. Per K-pair: both weights and two pixels in four grouped
@ loads (2+1+1+1 cycles), four SMLADs, the other two pixels (2+1), four
@ SMLADs: 16 cycles for 8 SMLADs. Below it, the widening helpers.
@
@ void nib_pooled_quad_m4(const QuadJob* job)   (layout: pooled_quad_s8.cc)
@ void nib_pooled_quad_widen_m4(const int8_t* src, int32_t words, uint32_t* dst)
@ void nib_pooled_quad_widen2_m4(...), nib_pooled_quad_widen4_m4(...), nib_pooled_quad_weights_m4(...)

  .syntax unified
  .thumb
  .text

#include "m4_asm.inc"

  .equ JOB_X, 0            @ per K-pair: pixels a, b, c, d
  .equ JOB_X_END, 4
  .equ JOB_W, 8            @ per channel pair, per K-pair: c0, c1
  .equ JOB_BEST, 12
  .equ JOB_PAIRS, 16

  .equ F_X, 0
  .equ F_X_END, 4
  .equ F_BEST, 8
  .equ F_PAIRS, 12
  .equ F_HALF, 16          @ 1: enter the first pass halfway
  .equ FRAME, 20

  .equ PASS, 8             @ K-pairs per half pass (post-index reach)

@ K-pair \i of a half pass; the first advances x (r0) and w (r1) past it.
@ Accumulators: r4-r7 channel c0 of pixels a-d, r8-r11 channel c1.
  .macro KPAIR i
  .if \i == 0
  ldr r2, [r1], #(8 * PASS)
  ldr r3, [r1, #(4 - 8 * PASS)]
  ldr r12, [r0], #(16 * PASS)
  ldr lr, [r0, #(4 - 16 * PASS)]
  .else
  ldr r2, [r1, #(8 * \i - 8 * PASS)]
  ldr r3, [r1, #(8 * \i + 4 - 8 * PASS)]
  ldr r12, [r0, #(16 * \i - 16 * PASS)]
  ldr lr, [r0, #(16 * \i + 4 - 16 * PASS)]
  .endif
  smlad r4, r12, r2, r4
  smlad r8, r12, r3, r8
  smlad r5, lr, r2, r5
  smlad r9, lr, r3, r9
  ldr r12, [r0, #(16 * \i + 8 - 16 * PASS)]
  ldr lr, [r0, #(16 * \i + 12 - 16 * PASS)]
  smlad r6, r12, r2, r6
  smlad r10, r12, r3, r10
  smlad r7, lr, r2, r7
  smlad r11, lr, r3, r11
  .endm

@ The eight K-pairs of a half pass.
  .macro KPAIRS
  .irp i, 0, 1, 2, 3, 4, 5, 6, 7
  KPAIR \i
  .endr
  .endm

  FUNC nib_pooled_quad_m4
  push {r4-r11, lr}
  sub sp, sp, #FRAME
  ldr r1, [r0, #JOB_X]
  ldr r2, [r0, #JOB_X_END]
  ldr r3, [r0, #JOB_BEST]
  ldr r12, [r0, #JOB_PAIRS]
  stm sp, {r1, r2, r3, r12}
  sub r2, r2, r1
  ubfx r2, r2, #7, #1      @ bit 7 of the tile's bytes: eights of K-pairs odd
  str r2, [sp, #F_HALF]
  ldr r1, [r0, #JOB_W]
.Lpair:
  ldr r0, [sp, #F_X]
  .irp acc, r4, r5, r6, r7, r8, r9, r10, r11
  movs \acc, #0
  .endr
  ldr r2, [sp, #F_HALF]
  cbz r2, .Lk
  b .Lhalf
.Lk:
  KPAIRS
.Lhalf:
  KPAIRS
  ldr r2, [sp, #F_X_END]
  cmp r0, r2
  bne .Lk
  MAX r4, r5
  MAX r6, r7
  MAX r4, r6
  MAX r8, r9
  MAX r10, r11
  MAX r8, r10
  ldrd r2, r3, [sp, #F_BEST]   @ best, pairs left
  strd r4, r8, [r2], #8
  subs r3, r3, #1
  strd r2, r3, [sp, #F_BEST]
  bne .Lpair
  add sp, sp, #FRAME
  pop {r4-r11, pc}
  .size nib_pooled_quad_m4, . - nib_pooled_quad_m4

@ The tile's lanes: a K-pair every 16 bytes, so the widened (b0, b2) and
@ (b1, b3) of one input word go 16 bytes apart and the next word's 32
@ further on.
@ Eight stores of a widened four-word group (WIDEN_LANES' r8, r4, r9, r5,
@ r10, r6, r11, r7) to one lane, \p advanced; in a run, each store after
@ the first costs one cycle.
  .macro STORE8 p
  str r8, [\p], #128
  str r4, [\p, #-112]
  str r9, [\p, #-96]
  str r5, [\p, #-80]
  str r10, [\p, #-64]
  str r6, [\p, #-48]
  str r11, [\p, #-32]
  str r7, [\p, #-16]
  .endm

@ The two stores of one widened word (r5, r4) to one lane, \p advanced.
  .macro STORE2 p
  str r5, [\p], #32
  str r4, [\p, #-16]
  .endm

@ \store for lane \p, then for \q, \r and \s when given.
  .macro LANES store, p, q, r, s
  \store \p
  .ifnb \q
  LANES \store, \q, \r, \s
  .endif
  .endm

@ \cnt words at r0 (advanced) widened once and stored to up to four lanes
@ (\p, and \q, \r, \s when given; all advanced): four words per pass (one
@ LDM, eight SXTB16, the stores in one run), then one at a time. Uses
@ r4-r11; \cnt ends at 0.
  .macro WIDEN_LANES cnt, p, q, r, s
  subs \cnt, \cnt, #4
  blt 2f
1:
  ldm r0!, {r4, r5, r6, r7}
  sxtb16 r8, r4
  sxtb16 r4, r4, ror #8
  sxtb16 r9, r5
  sxtb16 r5, r5, ror #8
  sxtb16 r10, r6
  sxtb16 r6, r6, ror #8
  sxtb16 r11, r7
  sxtb16 r7, r7, ror #8
  LANES STORE8, \p, \q, \r, \s
  subs \cnt, \cnt, #4
  bge 1b
2:
  adds \cnt, \cnt, #4
  beq 4f
3:
  ldr r4, [r0], #4
  sxtb16 r5, r4
  sxtb16 r4, r4, ror #8
  LANES STORE2, \p, \q, \r, \s
  subs \cnt, \cnt, #1
  bne 3b
4:
  .endm

@ widen_run of pooled_quad_s8.cc: `words` words of input bytes into one lane.
@ void nib_pooled_quad_widen_m4(const int8_t* src, int32_t words, uint32_t* dst)
  FUNC nib_pooled_quad_widen_m4
  push {r4-r11, lr}
  WIDEN_LANES r1, r2
  pop {r4-r11, pc}
  .size nib_pooled_quad_widen_m4, . - nib_pooled_quad_widen_m4

@ widen_row_pair of pooled_quad_s8.cc: one filter row of two adjacent
@ pixels (lanes at dst and dst + 4) from one run of the input: `shift`
@ words for the first lane only, `both` words for both (loaded and widened
@ once, stored twice), `shift` words for the second only.
@ void nib_pooled_quad_widen2_m4(const int8_t* src, int32_t shift, int32_t both, uint32_t* dst)
  FUNC nib_pooled_quad_widen2_m4
  push {r4-r11, lr}
  add r12, r3, #4          @ the second lane, at its tap 0
  mov lr, r1
  WIDEN_LANES lr, r3
  WIDEN_LANES r2, r3, r12
  WIDEN_LANES r1, r12
  pop {r4-r11, pc}
  .size nib_pooled_quad_widen2_m4, . - nib_pooled_quad_widen2_m4

@ The words \c0 and \c1 of both channels into their (b0, b2) lanes in
@ \e0, \e1 and their (b1, b3) lanes in place.
  .macro WEIGHT_LANES e0, e1, c0, c1
  sxtb16 \e0, \c0
  sxtb16 \e1, \c1
  sxtb16 \c0, \c0, ror #8
  sxtb16 \c1, \c1, ror #8
  .endm

@ widen_weights of pooled_quad_s8.cc for one channel pair: `groups` words
@ of each channel's weights (w0, w1) as, per word, (b0, b2) of c0 and c1,
@ then (b1, b3) of c0 and c1. Two words per pass, stored by one STM.
@ void nib_pooled_quad_weights_m4(const int8_t* w0, const int8_t* w1, int32_t groups, uint32_t* dst)
  FUNC nib_pooled_quad_weights_m4
  push {r4-r11, lr}
  subs r2, r2, #2
  blt .Lweights_last
.Lweights2:
  ldr r6, [r0], #8
  ldr r7, [r1], #8
  ldr r10, [r0, #-4]
  ldr r11, [r1, #-4]
  WEIGHT_LANES r4, r5, r6, r7
  WEIGHT_LANES r8, r9, r10, r11
  stm r3!, {r4-r11}
  subs r2, r2, #2
  bge .Lweights2
.Lweights_last:
  adds r2, r2, #2
  beq .Lweights_done
  ldr r6, [r0]
  ldr r7, [r1]
  WEIGHT_LANES r4, r5, r6, r7
  stm r3!, {r4-r7}
.Lweights_done:
  pop {r4-r11, pc}
  .size nib_pooled_quad_weights_m4, . - nib_pooled_quad_weights_m4

@ Two filter rows at once from one input row, when the window's lower
@ pixels (lanes 2, 3; their filter row ky - 1 at dst2) read the same input
@ row as its upper ones (lanes 0, 1; filter row ky at dst): as widen2, but
@ each widened word goes to up to four lanes.
@ void nib_pooled_quad_widen4_m4(const int8_t* src, int32_t shift, int32_t both, uint32_t* dst, uint32_t* dst2)
  FUNC nib_pooled_quad_widen4_m4
  push {r4-r11, lr}
  ldr lr, [sp, #36]        @ dst2 (the fifth argument)
  push {r1, r2}            @ [sp] shift, [sp, #4] both
  add r12, r3, #4          @ lane 1 at its tap 0
  add r1, lr, #4           @ lane 3 at its tap 0
  ldr r2, [sp]
  WIDEN_LANES r2, r3, lr   @ the first `shift` words: lanes 0 and 2
  ldr r2, [sp, #4]
  WIDEN_LANES r2, r3, r12, lr, r1
  ldr r2, [sp]
  WIDEN_LANES r2, r12, r1  @ the last `shift` words: lanes 1 and 3
  add sp, sp, #8
  pop {r4-r11, pc}
  .size nib_pooled_quad_widen4_m4, . - nib_pooled_quad_widen4_m4
