@ The channel loop of pooled_tile_s8 (pooled_tile_s8.cc): for one tile of
@ three widened conv pixels and every pair of output channels, the six dot
@ products over K-pairs, four K-pairs per pass, stored as
@ [c0: a b c][c1: a b c] per channel pair.
@
@ void nib_pooled_tile_m4(const TileJob* job)   (layout: pooled_tile_s8.cc)

  .syntax unified
  .thumb
  .text

#include "m4_asm.inc"

  .equ JOB_X, 0            @ per K-pair: pixels a, b, c
  .equ JOB_X_END, 4
  .equ JOB_W, 8            @ per channel pair, per K-pair: c0, c1
  .equ JOB_ACC, 12
  .equ JOB_PAIRS, 16

  .macro KPAIR
  ldr r2, [r1], #8
  ldr r3, [r1, #-4]
  ldr r10, [r0], #12
  ldr r11, [r0, #-8]
  ldr r12, [r0, #-4]
  smlad r4, r10, r2, r4
  smlad r5, r11, r2, r5
  smlad r6, r12, r2, r6
  smlad r7, r10, r3, r7
  smlad r8, r11, r3, r8
  smlad r9, r12, r3, r9
  .endm

  FUNC nib_pooled_tile_m4
  push {r0, r4-r11, lr}    @ [sp] the job
  ldr r1, [r0, #JOB_W]
.Lpair:
  ldr r12, [sp]
  ldr r0, [r12, #JOB_X]
  ldr lr, [r12, #JOB_X_END]
  .irp acc, r4, r5, r6, r7, r8, r9
  mov \acc, #0
  .endr
.Lk:
  .rept 4
  KPAIR
  .endr
  cmp r0, lr
  bne .Lk
  ldr r12, [sp]
  ldr r2, [r12, #JOB_ACC]
  stm r2!, {r4-r9}
  str r2, [r12, #JOB_ACC]
  ldr r2, [r12, #JOB_PAIRS]
  subs r2, r2, #1
  str r2, [r12, #JOB_PAIRS]
  bne .Lpair
  pop {r0, r4-r11, pc}
  .size nib_pooled_tile_m4, . - nib_pooled_tile_m4
