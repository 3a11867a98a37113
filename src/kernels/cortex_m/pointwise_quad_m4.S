@ The tile of pointwise_quad_s8 (pointwise_quad_s8.cc): 4 pixels x 2
@ channels of a 1x1 convolution over K = 8, 16 or 32 input channels, for
@ every channel pair of the layer. The pixels' widened pairs come
@ interleaved (x[4 j + pixel]), each pair's record holds its widened,
@ doubled weights (c0 j, c1 j), doubled biases and both channels'
@ (m, k, e); per output
@   v = sat8(SMMLAR(2 acc, m, k + [acc < 0]) >> e)
@ with k = 2^(e-1) + (output offset << e).
@
@ void nib_pointwise_quad8_m4(const QuadJob* job)   (layout: pointwise_quad_s8.cc)
@ void nib_pointwise_quad16_m4(const QuadJob* job)
@ void nib_pointwise_quad32_m4(const QuadJob* job)
@ void nib_field_quad6_m4(const QuadJob* job)    fields pixel after pixel
@ void nib_field_quad15_m4(const QuadJob* job)

  .syntax unified
  .thumb
  .text

#include "quad_tile.inc"

  @ Stack frame after the prologue.
  .equ S_END, 0
  .equ S_OUT, 4
  .equ S_STEP, 8

@ Pair j: r2/r3 the weights of channels 0/1, r12/lr two pixels' inputs;
@ the accumulators as in quad_tile.inc.
  .macro PAIRS k2, j
  ldrd r2, r3, [r1, #(8 * \j)]
  ldrd r12, lr, [r0, #(16 * \j)]
  MAC2 r4, r5, r6, r7
  ldrd r12, lr, [r0, #(16 * \j + 8)]
  MAC2 r8, r9, r10, r11
  .if \j + 1 < \k2
  PAIRS \k2, (\j + 1)
  .endif
  .endm

@ The same over fields stored pixel after pixel (x[K2 * pixel + j]: the
@ small receptive fields of conv_s8's first layers, K2 = 6 or 15).
  .macro FIELDS k2, j
  ldrd r2, r3, [r1, #(8 * \j)]
  ldr r12, [r0, #(4 * \j)]
  ldr lr, [r0, #(4 * (\k2 + \j))]
  MAC2 r4, r5, r6, r7
  ldr r12, [r0, #(4 * (2 * \k2 + \j))]
  ldr lr, [r0, #(4 * (3 * \k2 + \j))]
  MAC2 r8, r9, r10, r11
  .if \j + 1 < \k2
  FIELDS \k2, (\j + 1)
  .endif
  .endm

@ m in r2, k in r3, e in r12.
  .macro REQ a
  add lr, r3, \a, asr #31
  smmlar \a, \a, r2, lr
  asr \a, \a, r12
  ssat \a, #8, \a
  .endm

  .macro TILE name, k2, fields
  FUNC \name
  push {r4-r11, lr}
  sub sp, sp, #16
  ldm r0, {r0-r3, r12}     @ x, rec, rec end, out, out step
  str r2, [sp, #S_END]
  str r3, [sp, #S_OUT]
  str r12, [sp, #S_STEP]
1:
  ldrd r4, r5, [r1, #(8 * \k2)]
  SPREAD_BIAS
  .if \fields
  FIELDS \k2, 0
  .else
  PAIRS \k2, 0
  .endif
  add r1, r1, #(8 * \k2 + 8)
  ldm r1!, {r2, r3, r12}   @ channel 0: m, k, e
  .irp acc, r4, r6, r8, r10
  REQ \acc
  .endr
  ldm r1!, {r2, r3, r12}   @ channel 1
  .irp acc, r5, r7, r9, r11
  REQ \acc
  .endr
  ldr r2, [sp, #S_OUT]
  ldr r3, [sp, #S_STEP]
  STORE8 r2, r3, r12
  add r2, r2, #2
  str r2, [sp, #S_OUT]
  ldr r3, [sp, #S_END]
  cmp r1, r3
  bne 1b
  add sp, sp, #16
  pop {r4-r11, pc}
  .size \name, . - \name
  .endm

  TILE nib_pointwise_quad8_m4, 4, 0
  TILE nib_pointwise_quad16_m4, 8, 0
  TILE nib_pointwise_quad32_m4, 16, 0
  TILE nib_field_quad6_m4, 6, 1
  TILE nib_field_quad15_m4, 15, 1
