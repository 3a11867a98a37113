@ The channel loop of conv3x3x1_pool_s8 (conv3x3x1_pool_s8.cc) for one
@ pooled row: per channel, its five weight words in r9-r12/lr; per pooled
@ pixel, the 12 patch words in three-word loads, the four conv pixels'
@ accumulators (r2-r5), their max, then the requantization
@   v = ssat8(((h + k + (h >> 31)) >> e)),  h = SMMULR(2 bias + 2 max, m)
@ with k = 2^(e-1) + (offset << e), and an optional clamp to [lo, hi].
@
@ void nib_conv3x3x1_pool_m4(const Conv3x3PoolJob* job)   (layout: conv3x3x1_pool_s8.cc)

  .syntax unified
  .thumb
  .text

  .equ JOB_DATA, 0
  .equ JOB_DATA_END, 4
  .equ JOB_RECORDS, 8
  .equ JOB_OUT, 12
  .equ JOB_CHANNELS, 16
  .equ JOB_STEP, 20
  .equ JOB_LO, 24
  .equ JOB_HI, 28
  .equ JOB_CLAMP, 32

@ Frame: the channel's constants first, so one LDM reloads them with the
@ loop's step and end.
  .equ F_BIAS2, 0          @ 2 bias, m, k, e
  .equ F_STEP, 16
  .equ F_END, 20
  .equ F_LO, 24
  .equ F_HI, 28
  .equ F_RECORD, 32        @ the next channel's record
  .equ F_LEFT, 36          @ channels left
  .equ F_OUT, 40           @ the next channel's first output
  .equ F_DATA, 44
  .equ F_CLAMP, 48
  .equ FRAME, 60          @ with the 9 saved registers: 8-byte aligned

@ One pooled pixel of the current channel; leaves Z clear while pixels remain.
  .macro POOLED clamp
  ldm r0!, {r6, r7, r8}    @ E0 O0 E1
  smuad r2, r6, r9
  smuad r3, r7, r9
  smlad r2, r8, r10, r2
  smuad r4, r8, r9
  ldm r0!, {r6, r7, r8}    @ O1 E2 O2
  smlad r3, r6, r10, r3
  smuad r5, r6, r9
  smlad r2, r7, r11, r2
  smlad r4, r7, r10, r4
  smlatb r3, r7, lr, r3
  smlad r3, r8, r11, r3
  smlad r5, r8, r10, r5
  smlabb r2, r8, lr, r2
  ldm r0!, {r6, r7, r8}    @ E3 O3 (R0.b1, R1.b1)
  smlad r4, r6, r11, r4
  smlatb r5, r6, lr, r5
  smlad r5, r7, r11, r5
  smlabb r4, r7, lr, r4
  smlad r2, r8, r12, r2
  ldm r0!, {r6, r7, r8}    @ (R0.b2, R1.b2) (R1.b1, R2.b1) (R1.b2, R2.b2)
  smlad r3, r6, r12, r3
  smlad r4, r7, r12, r4
  smlad r5, r8, r12, r5
  cmp r2, r3               @ the pool: max of the four
  it lt
  movlt r2, r3
  cmp r4, r5
  it lt
  movlt r4, r5
  cmp r2, r4
  it lt
  movlt r2, r4
  ldm sp, {r3, r4, r5, r6, r7, r8}   @ 2 bias, m, k, e, step, end
  add r2, r3, r2, lsl #1
  smmulr r2, r2, r4
  add r5, r5, r2, asr #31
  add r2, r2, r5
  asr r2, r2, r6
  ssat r2, #8, r2
  .if \clamp
  ldrd r3, r4, [sp, #F_LO]
  cmp r2, r3
  it lt
  movlt r2, r3
  cmp r2, r4
  it gt
  movgt r2, r4
  .endif
  strb r2, [r1]
  add r1, r1, r7
  cmp r0, r8
  .endm

  .global nib_conv3x3x1_pool_m4
  .type nib_conv3x3x1_pool_m4, %function
  .p2align 2
  .thumb_func
nib_conv3x3x1_pool_m4:
  push {r4-r11, lr}
  sub sp, sp, #FRAME
  ldr r1, [r0, #JOB_STEP]
  ldr r2, [r0, #JOB_DATA_END]
  ldr r3, [r0, #JOB_LO]
  ldr r4, [r0, #JOB_HI]
  ldr r5, [r0, #JOB_RECORDS]
  ldr r6, [r0, #JOB_CHANNELS]
  ldr r7, [r0, #JOB_OUT]
  ldr r8, [r0, #JOB_DATA]
  ldr r9, [r0, #JOB_CLAMP]
  add r10, sp, #F_STEP
  stm r10, {r1-r9}         @ step end lo hi record left out data clamp
.Lchannel:
  ldr r0, [sp, #F_RECORD]
  ldm r0!, {r9, r10, r11, r12, lr}   @ the weights
  ldm r0!, {r2, r3, r4, r5}          @ 2 bias, m, k, e
  str r0, [sp, #F_RECORD]
  stm sp, {r2, r3, r4, r5}
  ldr r1, [sp, #F_OUT]
  add r2, r1, #1
  str r2, [sp, #F_OUT]
  ldr r0, [sp, #F_DATA]
  ldr r2, [sp, #F_CLAMP]
  cmp r2, #0
  bne .Lclamped
.Lsat:
  POOLED 0
  bne .Lsat
  b .Lnext
.Lclamped:
  POOLED 1
  bne .Lclamped
.Lnext:
  ldr r2, [sp, #F_LEFT]
  subs r2, r2, #1
  str r2, [sp, #F_LEFT]
  bne .Lchannel
  add sp, sp, #FRAME
  pop {r4-r11, pc}
  .size nib_conv3x3x1_pool_m4, .-nib_conv3x3x1_pool_m4
