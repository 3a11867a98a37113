@ The channel loop of pointwise_small_s8 (pointwise_small_s8.cc) for 8
@ input channels: one pixel pair's 4 + 4 input pairs in r4-r11, then per
@ channel record [4 weight pairs, bias, multiplier, k, e] the two dot
@ products and requantizations
@   v = sat8((h + (h >> 31) + k) >> e),  h = SMMULR(2 acc, m)
@ (k = 2^(e-1) + (output offset << e)); a fused activation's clamp is
@ applied afterwards, four bytes at a time.
@
@ void nib_pointwise8_m4(const Pointwise8Job* job)   (layout: pointwise_small_s8.cc)

  .syntax unified
  .thumb
  .text

#include "m4_asm.inc"

  .equ JOB_XA, 0           @ 4 words
  .equ JOB_XB, 4
  .equ JOB_REC, 8
  .equ JOB_REC_END, 12
  .equ JOB_OUT_A, 16
  .equ JOB_OUT_B, 20

@ Registers: r0 records, r1 out a, r2 out b, r3 weight / constant,
@ r4-r7 pixel a, r8-r11 pixel b, r12 and lr the accumulators.
  .macro CHANNEL
  ldr r12, [r0, #16]       @ bias
  mov lr, r12
  ldr r3, [r0], #32
  smlad r12, r4, r3, r12
  smlad lr, r8, r3, lr
  ldr r3, [r0, #-28]
  smlad r12, r5, r3, r12
  smlad lr, r9, r3, lr
  ldr r3, [r0, #-24]
  smlad r12, r6, r3, r12
  smlad lr, r10, r3, lr
  ldr r3, [r0, #-20]
  smlad r12, r7, r3, r12
  smlad lr, r11, r3, lr
  ldr r3, [r0, #-12]       @ multiplier
  lsl r12, r12, #1
  lsl lr, lr, #1
  smmulr r12, r12, r3
  smmulr lr, lr, r3
  ldr r3, [r0, #-8]        @ k
  add r12, r12, r12, asr #31
  add lr, lr, lr, asr #31
  add r12, r12, r3
  add lr, lr, r3
  ldr r3, [r0, #-4]        @ e
  asr r12, r12, r3
  asr lr, lr, r3
  ssat r12, #8, r12
  ssat lr, #8, lr
  strb r12, [r1], #1
  strb lr, [r2], #1
  .endm

  FUNC nib_pointwise8_m4
  push {r4-r11, lr}
  sub sp, sp, #24
  ldm r0, {r1-r6}          @ copy the job to the stack
  stm sp, {r1-r6}
  ldr r0, [sp, #JOB_XA]
  ldm r0, {r4-r7}
  ldr r0, [sp, #JOB_XB]
  ldm r0, {r8-r11}
  ldr r0, [sp, #JOB_REC]
  ldr r1, [sp, #JOB_OUT_A]
  ldr r2, [sp, #JOB_OUT_B]
  ldr r3, [sp, #JOB_REC_END]
  sub r3, r3, r0
  tst r3, #32              @ an odd channel count: enter at the second copy
  bne .Lsecond
.Lchannel:                 @ two channels per pass: one loop test
  CHANNEL
.Lsecond:
  CHANNEL
  ldr r3, [sp, #JOB_REC_END]
  cmp r0, r3
  bne .Lchannel
.Ldone:
  add sp, sp, #24
  pop {r4-r11, pc}
  .size nib_pointwise8_m4, . - nib_pointwise8_m4
