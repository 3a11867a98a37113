@ One output row of one four-channel group of the 3x3 depthwise kernel
@ (depthwise_conv_s8.cc, fused stage): pixel pairs from x to end, then one
@ lone pixel when the table says so. Weights and requantization constants
@ come from the group table; accumulators are doubled and requantized with
@ one SMMLAR each (see Stage::kFused). A real function rather than inline
@ assembly: the loop needs all 14 allocatable registers, and a call costs
@ less than the spills the compiler wraps around an inline block.
@
@ void nib_dw3x3_row_s1_m4(GroupTable* t)   stride 1 (pixels 24 bytes apart)
@ void nib_dw3x3_row_s2_m4(GroupTable* t)   stride 2 (48 bytes)
@ ..._full_m4: the same when the output range is all of int8 (ReLU6 layers
@ included), where SSAT already clamps: no byte-wise clamp.

  .syntax unified
  .thumb
  .text

#include "m4_asm.inc"

  @ GroupTable (depthwise_conv_s8.cc, static_asserted there)
  .equ T_BIAS, 72
  .equ T_QUANT, 88          @ per channel: multiplier, rounding, shift
  .equ T_LO4, 136
  .equ T_HI4, 140
  .equ T_X, 144
  .equ T_OUT, 148
  .equ T_OUT_STEP, 152
  .equ T_END, 156
  .equ T_TAIL, 160

  @ r0 table, r1 x, r2-r5 pixel a, r6-r9 pixel b,
  @ r10/r11 widened weights (channels 0,2 / 1,3), r12/lr input temporaries.

  @ Band byte offset of tap T = ky * 3 + kx: column kx (24 bytes), slot ky.
  .macro XOFF t
  .set XO, ((\t) % 3) * 24 + ((\t) / 3) * 4
  .endm

  .macro MAC off, p0, p1, p2, p3
  ldr r12, [r1, #\off]
  sxtb16 lr, r12, ror #8
  sxtb16 r12, r12
  smlabb \p0, r12, r10, \p0
  smlatt \p2, r12, r10, \p2
  smlabb \p1, lr, r11, \p1
  smlatt \p3, lr, r11, \p3
  .endm

  @ Tap t for pixel a, and for pixel b \step bytes further when given.
  .macro TAP t, step
  ldr r10, [r0, #((\t) * 8)]
  ldr r11, [r0, #((\t) * 8 + 4)]
  XOFF \t
  MAC XO, r2, r3, r4, r5
  .ifnb \step
  MAC (XO + \step), r6, r7, r8, r9
  .endif
  .endm

  @ The nine taps (one pixel when \step is blank).
  .macro TAPS step
  .irp t, 0, 1, 2, 3, 4, 5, 6, 7, 8
  TAP \t, \step
  .endr
  .endm

  .macro BIAS
  ldr r2, [r0, #T_BIAS]
  ldr r3, [r0, #T_BIAS + 4]
  ldr r4, [r0, #T_BIAS + 8]
  ldr r5, [r0, #T_BIAS + 12]
  .endm


  @ a = sat8((a * m + ((rounding - [a < 0]) << 32) + 2^31) >> 32 >> e)
  .macro REQUANT a
  add lr, r11, \a, asr #31
  smmlar \a, \a, r10, lr
  asr \a, \a, r12
  ssat \a, #8, \a
  .endm

  @ Channel i's multiplier, rounding constant (output offset folded in) and
  @ right shift into r10, r11, r12, then REQUANT of \a and of \b when given.
  .macro QUANT i, a, b
  ldr r10, [r0, #(T_QUANT + 12 * (\i))]
  ldr r11, [r0, #(T_QUANT + 12 * (\i) + 4)]
  ldr r12, [r0, #(T_QUANT + 12 * (\i) + 8)]
  REQUANT \a
  .ifnb \b
  REQUANT \b
  .endif
  .endm

  @ The byte-wise clamp's bounds into r10, r11 unless the range is \full.
  .macro RANGE full
  .if \full == 0
  ldr r10, [r0, #T_LO4]
  ldr r11, [r0, #T_HI4]
  .endif
  .endm

  @ Four saturated channels into p0's bytes, clamped byte-wise to [r10, r11].
  .macro PACK p0, p1, p2, p3, full
  bfi \p0, \p1, #8, #8
  bfi \p0, \p2, #16, #8
  bfi \p0, \p3, #24, #8
  .if \full == 0
  ssub8 lr, \p0, r10
  sel \p0, \p0, r10
  ssub8 lr, r11, \p0
  sel \p0, \p0, r11
  .endif
  .endm

  .macro ROW name, step, full
  FUNC \name
  push {r4-r11, lr}
  ldr r1, [r0, #T_X]
  ldr r12, [r0, #T_END]
  cmp r1, r12
  beq 2f
1:
  BIAS
  mov r6, r2
  mov r7, r3
  mov r8, r4
  mov r9, r5
  TAPS \step
  add r1, r1, #(2 * \step) @ x stays in r1: the requantization leaves it alone
  QUANT 0, r2, r6
  QUANT 1, r3, r7
  QUANT 2, r4, r8
  QUANT 3, r5, r9
  RANGE \full
  PACK r2, r3, r4, r5, \full
  PACK r6, r7, r8, r9, \full
  ldr lr, [r0, #T_OUT]
  ldr r12, [r0, #T_OUT_STEP]
  str r2, [lr]
  str r6, [lr, r12]
  add lr, lr, r12, lsl #1
  str lr, [r0, #T_OUT]
  ldr r12, [r0, #T_END]
  cmp r1, r12
  bne 1b
2:
  ldr r12, [r0, #T_TAIL]
  cmp r12, #0
  beq 3f
  BIAS
  TAPS
  QUANT 0, r2
  QUANT 1, r3
  QUANT 2, r4
  QUANT 3, r5
  RANGE \full
  PACK r2, r3, r4, r5, \full
  ldr r1, [r0, #T_OUT]
  str r2, [r1]
3:
  pop {r4-r11, pc}
  .size \name, . - \name
  .endm

  ROW nib_dw3x3_row_s1_m4, 24, 0
  ROW nib_dw3x3_row_s2_m4, 48, 0
  ROW nib_dw3x3_row_s1_full_m4, 24, 1
  ROW nib_dw3x3_row_s2_full_m4, 48, 1
