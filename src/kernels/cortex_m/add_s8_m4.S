@ The element loop of add_s8 (add_s8.cc) for the usual layer: left shift
@ 20, input 1 rescaled by a right shift e1 >= 1 and input 2 by a shift of 0
@ (the input with the larger scale always has multiplier 1/2, shift 0;
@ add_s8 swaps the inputs to put it second). Per element, with
@ requant_fast's arithmetic:
@   x = (byte + offset) << 21 = (byte << 21) + O,  h = SMMULR(x, m)
@   t1 = (h1 + (h1 >> 31) + 2^(e1-1)) >> e1,  t2 = h2
@   v = (((h + (h >> 31)) >> (eo - 1)) + 2 offset + 1) >> 1,  h = SMMULR(2 (t1 + t2), mo)
@ (= the rounding shift by eo plus the output offset), then saturation (or
@ a clamp). Each constant and its shift share a register as
@ (constant << 8) | shift: ADD takes the constant with ASR #8, a register
@ shift reads only the low byte.
@
@ void nib_add_s8_m4(const AddJob* job)   (layout: add_s8.cc)
@
@ nib_add_s8_words_m4: the saturating loop, four elements per pass from
@ one word of each input, when input 2's multiplier is exactly 2^30 (the
@ 1/2 of the larger scale, as ADD's prepare derives it): then
@ h2 = SMMULR((b + offset2) << 21, 2^30) = (b + offset2) << 19 exactly, so
@ 2 (t1 + t2) = (t1 << 1) + (offset2 << 20) + (b << 20) with no multiply;
@ JOB_O2 holds offset2 << 20 for it.

  .syntax unified
  .thumb
  .text

#include "m4_asm.inc"

  .equ JOB_A, 0
  .equ JOB_B, 4
  .equ JOB_OUT, 8
  .equ JOB_A_END, 12
  .equ JOB_O1, 16          @ O1 O2 m1 m2 ER1 lo mo KE: one LDM
  .equ JOB_HI, 48
  .equ JOB_CLAMP, 52

  .macro ELEMENT clamp
  ldrsb r12, [r0], #1
  ldrsb lr, [r1], #1
  add r12, r4, r12, lsl #21
  add lr, r5, lr, lsl #21
  smmulr r12, r12, r6
  smmulr lr, lr, r7
  add r12, r12, r12, asr #31
  add r12, r12, r8, asr #8
  asr r12, r12, r8
  add r12, r12, lr
  lsl r12, r12, #1
  smmulr r12, r12, r10
  add r12, r12, r12, asr #31
  asr r12, r12, r11
  add r12, r12, r11, asr #8
  ssat r12, #8, r12, asr #1
  .if \clamp
  MAX r12, r9              @ lo
  ldr lr, [sp, #JOB_HI]    @ the job is copied to the stack
  cmp r12, lr
  it gt
  movgt r12, lr
  .endif
  strb r12, [r2], #1
  .endm

  FUNC nib_add_s8_m4
  push {r4-r11, lr}
  sub sp, sp, #64
  mov r12, r0
  ldm r12!, {r0-r7}        @ copy the job: its lo and hi are read from the stack
  stm sp, {r0-r7}
  ldm r12, {r0-r7}
  add r12, sp, #32
  stm r12, {r0-r7}
  ldm sp, {r0-r11}         @ a b out end O1 O2 m1 m2 ER1 lo mo KE
  ldr r12, [sp, #JOB_CLAMP]
  cmp r12, #0
  bne .Lclamped
  sub r12, r3, r0          @ two elements per pass: an odd count enters at the second
  tst r12, #1
  bne .Lsat_second
.Lsat:
  ELEMENT 0
.Lsat_second:
  ELEMENT 0
  cmp r0, r3
  bne .Lsat
  b .Ldone
.Lclamped:
  ELEMENT 1
  cmp r0, r3
  bne .Lclamped
.Ldone:
  add sp, sp, #64
  pop {r4-r11, pc}
  .size nib_add_s8_m4, . - nib_add_s8_m4

@ One element of nib_add_s8_words_m4 from byte \ror / 8 of r9 (input 1)
@ and r3 (input 2).
  .macro WORD_ELEMENT ror
  sxtb r12, r9, ror #\ror
  add r12, r4, r12, lsl #21
  smmulr r12, r12, r6
  add r12, r12, r12, asr #31
  add r12, r12, r8, asr #8
  asr r12, r12, r8
  add r12, r5, r12, lsl #1
  sxtb lr, r3, ror #\ror
  add r12, r12, lr, lsl #20
  smmulr r12, r12, r10
  add r12, r12, r12, asr #31
  asr r12, r12, r11
  add r12, r12, r11, asr #8
  ssat r12, #8, r12, asr #1
  strb r12, [r2], #1
  .endm

@ Whole words only (JOB_A_END - JOB_A a multiple of 4, both inputs
@ word-aligned); the caller runs the rest through nib_add_s8_m4.
  FUNC nib_add_s8_words_m4
  push {r4-r11, lr}
  ldr r7, [r0, #JOB_A_END]
  ldr r4, [r0, #JOB_O1]
  ldr r5, [r0, #(JOB_O1 + 4)]     @ offset2 << 20
  ldr r6, [r0, #(JOB_O1 + 8)]     @ m1
  ldr r8, [r0, #(JOB_O1 + 16)]    @ ER1
  ldr r10, [r0, #(JOB_O1 + 24)]   @ mo
  ldr r11, [r0, #(JOB_O1 + 28)]   @ KE
  ldr r2, [r0, #JOB_OUT]
  ldr r1, [r0, #JOB_B]
  ldr r0, [r0, #JOB_A]
1:
  ldr r9, [r0], #4
  ldr r3, [r1], #4
  .irp ror, 0, 8, 16, 24
  WORD_ELEMENT \ror
  .endr
  cmp r0, r7
  bne 1b
  pop {r4-r11, pc}
  .size nib_add_s8_words_m4, . - nib_add_s8_words_m4
