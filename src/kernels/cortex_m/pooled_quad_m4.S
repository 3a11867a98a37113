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

@ \a = max(\a, \b)
  .macro MAX a, b
  cmp \a, \b
  it lt
  movlt \a, \b
  .endm

  .global nib_pooled_quad_m4
  .type nib_pooled_quad_m4, %function
  .p2align 2
  .thumb_func
nib_pooled_quad_m4:
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
  movs r4, #0
  movs r5, #0
  movs r6, #0
  movs r7, #0
  movs r8, #0
  movs r9, #0
  movs r10, #0
  movs r11, #0
  ldr r2, [sp, #F_HALF]
  cbz r2, .Lk
  b .Lhalf
.Lk:
  KPAIR 0
  KPAIR 1
  KPAIR 2
  KPAIR 3
  KPAIR 4
  KPAIR 5
  KPAIR 6
  KPAIR 7
.Lhalf:
  KPAIR 0
  KPAIR 1
  KPAIR 2
  KPAIR 3
  KPAIR 4
  KPAIR 5
  KPAIR 6
  KPAIR 7
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

@ widen_run of pooled_quad_s8.cc: `words` words of input bytes into one lane
@ of the tile (a K-pair every 16 bytes), (b0, b2) then (b1, b3) per word.
@ Four words per pass: one LDM, eight SXTB16, eight stores in a row (each
@ after the first costs one cycle), then one word at a time.
  .global nib_pooled_quad_widen_m4
  .type nib_pooled_quad_widen_m4, %function
  .p2align 2
  .thumb_func
nib_pooled_quad_widen_m4:
  push {r4-r9, lr}
  subs r1, r1, #4
  blt .Lwiden_tail
.Lwiden4:
  ldm r0!, {r3, r4, r5, r6}
  sxtb16 r7, r3
  sxtb16 r3, r3, ror #8
  sxtb16 r8, r4
  sxtb16 r4, r4, ror #8
  sxtb16 r9, r5
  sxtb16 r5, r5, ror #8
  sxtb16 r12, r6
  sxtb16 r6, r6, ror #8
  str r7, [r2], #128
  str r3, [r2, #-112]
  str r8, [r2, #-96]
  str r4, [r2, #-80]
  str r9, [r2, #-64]
  str r5, [r2, #-48]
  str r12, [r2, #-32]
  str r6, [r2, #-16]
  subs r1, r1, #4
  bge .Lwiden4
.Lwiden_tail:
  adds r1, r1, #4
  beq .Lwiden_done
.Lwiden1:
  ldr r3, [r0], #4
  sxtb16 r4, r3
  sxtb16 r3, r3, ror #8
  str r4, [r2], #32
  str r3, [r2, #-16]
  subs r1, r1, #1
  bne .Lwiden1
.Lwiden_done:
  pop {r4-r9, pc}
  .size nib_pooled_quad_widen_m4, . - nib_pooled_quad_widen_m4

@ Words at r0 (advanced) into one lane: \cnt words, \dst advanced.
@ Four per pass as above, then one at a time.
  .macro LANE1 cnt, dst
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
  str r8, [\dst], #128
  str r4, [\dst, #-112]
  str r9, [\dst, #-96]
  str r5, [\dst, #-80]
  str r10, [\dst, #-64]
  str r6, [\dst, #-48]
  str r11, [\dst, #-32]
  str r7, [\dst, #-16]
  subs \cnt, \cnt, #4
  bge 1b
2:
  adds \cnt, \cnt, #4
  beq 4f
3:
  ldr r4, [r0], #4
  sxtb16 r5, r4
  sxtb16 r4, r4, ror #8
  str r5, [\dst], #32
  str r4, [\dst, #-16]
  subs \cnt, \cnt, #1
  bne 3b
4:
  .endm

@ widen_row_pair of pooled_quad_s8.cc: one filter row of two adjacent
@ pixels (lanes at dst and dst + 4) from one run of the input: `shift`
@ words for the first lane only, `both` words for both (loaded and widened
@ once, stored twice), `shift` words for the second only.
@ void nib_pooled_quad_widen2_m4(const int8_t* src, int32_t shift, int32_t both, uint32_t* dst)
  .global nib_pooled_quad_widen2_m4
  .type nib_pooled_quad_widen2_m4, %function
  .p2align 2
  .thumb_func
nib_pooled_quad_widen2_m4:
  push {r4-r11, lr}
  add r12, r3, #4          @ the second lane, at its tap 0
  mov lr, r1
  LANE1 lr, r3
  subs r2, r2, #4
  blt .Lboth_tail
.Lboth4:
  ldm r0!, {r4, r5, r6, r7}
  sxtb16 r8, r4
  sxtb16 r4, r4, ror #8
  sxtb16 r9, r5
  sxtb16 r5, r5, ror #8
  sxtb16 r10, r6
  sxtb16 r6, r6, ror #8
  sxtb16 r11, r7
  sxtb16 r7, r7, ror #8
  str r8, [r3], #128
  str r4, [r3, #-112]
  str r9, [r3, #-96]
  str r5, [r3, #-80]
  str r10, [r3, #-64]
  str r6, [r3, #-48]
  str r11, [r3, #-32]
  str r7, [r3, #-16]
  str r8, [r12], #128
  str r4, [r12, #-112]
  str r9, [r12, #-96]
  str r5, [r12, #-80]
  str r10, [r12, #-64]
  str r6, [r12, #-48]
  str r11, [r12, #-32]
  str r7, [r12, #-16]
  subs r2, r2, #4
  bge .Lboth4
.Lboth_tail:
  adds r2, r2, #4
  beq .Lboth_done
.Lboth1:
  ldr r4, [r0], #4
  sxtb16 r5, r4
  sxtb16 r4, r4, ror #8
  str r5, [r3], #32
  str r4, [r3, #-16]
  str r5, [r12], #32
  str r4, [r12, #-16]
  subs r2, r2, #1
  bne .Lboth1
.Lboth_done:
  LANE1 r1, r12
  pop {r4-r11, pc}
  .size nib_pooled_quad_widen2_m4, . - nib_pooled_quad_widen2_m4

@ widen_weights of pooled_quad_s8.cc for one channel pair: `groups` words
@ of each channel's weights (w0, w1) as, per word, (b0, b2) of c0 and c1,
@ then (b1, b3) of c0 and c1. Two words per pass, stored by one STM.
@ void nib_pooled_quad_weights_m4(const int8_t* w0, const int8_t* w1, int32_t groups, uint32_t* dst)
  .global nib_pooled_quad_weights_m4
  .type nib_pooled_quad_weights_m4, %function
  .p2align 2
  .thumb_func
nib_pooled_quad_weights_m4:
  push {r4-r11, lr}
  subs r2, r2, #2
  blt .Lweights_last
.Lweights2:
  ldr r6, [r0], #8
  ldr r7, [r1], #8
  ldr r10, [r0, #-4]
  ldr r11, [r1, #-4]
  sxtb16 r4, r6
  sxtb16 r5, r7
  sxtb16 r6, r6, ror #8
  sxtb16 r7, r7, ror #8
  sxtb16 r8, r10
  sxtb16 r9, r11
  sxtb16 r10, r10, ror #8
  sxtb16 r11, r11, ror #8
  stm r3!, {r4-r11}
  subs r2, r2, #2
  bge .Lweights2
.Lweights_last:
  adds r2, r2, #2
  beq .Lweights_done
  ldr r6, [r0]
  ldr r7, [r1]
  sxtb16 r4, r6
  sxtb16 r5, r7
  sxtb16 r6, r6, ror #8
  sxtb16 r7, r7, ror #8
  stm r3!, {r4-r7}
.Lweights_done:
  pop {r4-r11, pc}
  .size nib_pooled_quad_weights_m4, . - nib_pooled_quad_weights_m4

@ Words at r0 (advanced) into two lanes: \cnt words, each stored at \p
@ and at \q (both advanced). Four per pass, then one at a time.
  .macro LANE2 cnt, p, q
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
  str r8, [\p], #128
  str r4, [\p, #-112]
  str r9, [\p, #-96]
  str r5, [\p, #-80]
  str r10, [\p, #-64]
  str r6, [\p, #-48]
  str r11, [\p, #-32]
  str r7, [\p, #-16]
  str r8, [\q], #128
  str r4, [\q, #-112]
  str r9, [\q, #-96]
  str r5, [\q, #-80]
  str r10, [\q, #-64]
  str r6, [\q, #-48]
  str r11, [\q, #-32]
  str r7, [\q, #-16]
  subs \cnt, \cnt, #4
  bge 1b
2:
  adds \cnt, \cnt, #4
  beq 4f
3:
  ldr r4, [r0], #4
  sxtb16 r5, r4
  sxtb16 r4, r4, ror #8
  str r5, [\p], #32
  str r4, [\p, #-16]
  str r5, [\q], #32
  str r4, [\q, #-16]
  subs \cnt, \cnt, #1
  bne 3b
4:
  .endm

@ Two filter rows at once from one input row, when the window's lower
@ pixels (lanes 2, 3; their filter row ky - 1 at dst2) read the same input
@ row as its upper ones (lanes 0, 1; filter row ky at dst): as widen2, but
@ each widened word goes to up to four lanes.
@ void nib_pooled_quad_widen4_m4(const int8_t* src, int32_t shift, int32_t both, uint32_t* dst, uint32_t* dst2)
  .global nib_pooled_quad_widen4_m4
  .type nib_pooled_quad_widen4_m4, %function
  .p2align 2
  .thumb_func
nib_pooled_quad_widen4_m4:
  push {r4-r11, lr}
  ldr lr, [sp, #36]        @ dst2 (the fifth argument)
  push {r1, r2}            @ [sp] shift, [sp, #4] both
  add r12, r3, #4          @ lane 1 at its tap 0
  add r1, lr, #4           @ lane 3 at its tap 0
  ldr r2, [sp]
  LANE2 r2, r3, lr         @ the first `shift` words: lanes 0 and 2
  ldr r2, [sp, #4]
  subs r2, r2, #4
  blt .Lfour_tail
.Lfour4:
  ldm r0!, {r4, r5, r6, r7}
  sxtb16 r8, r4
  sxtb16 r4, r4, ror #8
  sxtb16 r9, r5
  sxtb16 r5, r5, ror #8
  sxtb16 r10, r6
  sxtb16 r6, r6, ror #8
  sxtb16 r11, r7
  sxtb16 r7, r7, ror #8
  str r8, [r3], #128
  str r4, [r3, #-112]
  str r9, [r3, #-96]
  str r5, [r3, #-80]
  str r10, [r3, #-64]
  str r6, [r3, #-48]
  str r11, [r3, #-32]
  str r7, [r3, #-16]
  str r8, [r12], #128
  str r4, [r12, #-112]
  str r9, [r12, #-96]
  str r5, [r12, #-80]
  str r10, [r12, #-64]
  str r6, [r12, #-48]
  str r11, [r12, #-32]
  str r7, [r12, #-16]
  str r8, [lr], #128
  str r4, [lr, #-112]
  str r9, [lr, #-96]
  str r5, [lr, #-80]
  str r10, [lr, #-64]
  str r6, [lr, #-48]
  str r11, [lr, #-32]
  str r7, [lr, #-16]
  str r8, [r1], #128
  str r4, [r1, #-112]
  str r9, [r1, #-96]
  str r5, [r1, #-80]
  str r10, [r1, #-64]
  str r6, [r1, #-48]
  str r11, [r1, #-32]
  str r7, [r1, #-16]
  subs r2, r2, #4
  bge .Lfour4
.Lfour_tail:
  adds r2, r2, #4
  beq .Lfour_done
.Lfour1:
  ldr r4, [r0], #4
  sxtb16 r5, r4
  sxtb16 r4, r4, ror #8
  str r5, [r3], #32
  str r4, [r3, #-16]
  str r5, [r12], #32
  str r4, [r12, #-16]
  str r5, [lr], #32
  str r4, [lr, #-16]
  str r5, [r1], #32
  str r4, [r1, #-16]
  subs r2, r2, #1
  bne .Lfour1
.Lfour_done:
  ldr r2, [sp]
  LANE2 r2, r12, r1        @ the last `shift` words: lanes 1 and 3
  add sp, sp, #8
  pop {r4-r11, pc}
  .size nib_pooled_quad_widen4_m4, . - nib_pooled_quad_widen4_m4
