@ The channel loop of conv3x3x1_pool_s8 (conv3x3x1_pool_s8.cc) for a band
@ of pooled pixels: per channel, its five weight words in r9-r12/lr; per
@ pooled pixel, the 12 patch words in three-word loads, the four conv
@ pixels' accumulators (r2-r5) and their max; then, four pooled pixels at a
@ time (three maxima spilled and reloaded with the constants by one LDM),
@ the requantization
@   v = ssat8(((h + (h >> 31) + k) >> e)),  h = SMMULR(2 bias + 2 max, m)
@ with k = 2^(e-1) + (offset << e), and an optional clamp to [lo, hi]; the
@ last 0-3 pooled pixels two and one at a time.
@
@ void nib_conv3x3x1_pool_m4(const Conv3x3PoolJob* job)   (layout: conv3x3x1_pool_s8.cc)

  .syntax unified
  .thumb
  .text

#include "m4_asm.inc"

  .equ JOB_DATA, 0
  .equ JOB_DATA_END, 4
  .equ JOB_RECORDS, 8
  .equ JOB_OUT, 12
  .equ JOB_CHANNELS, 16
  .equ JOB_STEP, 20
  .equ JOB_LO, 24
  .equ JOB_HI, 28
  .equ JOB_CLAMP, 32
  .equ JOB_PAIRS_END, 36
  .equ JOB_QUADS_END, 40

@ Frame: spilled maxima, then the channel's constants, so one LDM reloads
@ them together; the loop's step and end beside each other for one LDRD.
  .equ F_MAXA, 0
  .equ F_MAXB, 4
  .equ F_MAXC, 8
  .equ F_BIAS2, 12         @ 2 bias, m, k, e
  .equ F_K, 20
  .equ F_E, 24
  .equ F_STEP, 28
  .equ F_END4, 32          @ the data after the last whole four pooled pixels
  .equ F_END2, 36          @ ... after the last whole pair
  .equ F_LO, 40
  .equ F_HI, 44
  .equ F_RECORD, 48        @ the next channel's record
  .equ F_LEFT, 52          @ channels left
  .equ F_OUT, 56           @ the next channel's first output
  .equ F_DATA, 60
  .equ F_CLAMP, 64
  .equ F_END, 68
  .equ FRAME, 76           @ with the 9 saved registers: 8-byte aligned

@ The four conv pixels of one pooled pixel (its 12 patch words at r0,
@ advanced) into r2-r5, and their max into r2.
  .macro CONV4
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
  MAX r2, r3               @ the pool: max of the four
  MAX r4, r5
  MAX r2, r4
  .endm

@ The requantization of max \v up to the shift (2 bias \b2, m \m, k \k) ...
  .macro RQ_HEAD v, b2, m, k
  add \v, \b2, \v, lsl #1
  smmulr \v, \v, \m
  add \v, \v, \v, asr #31
  add \v, \v, \k
  .endm

@ ... and the shift by \e with the saturation.
  .macro RQ_TAIL v, e
  asr \v, \v, \e
  ssat \v, #8, \v
  .endm

@ Four pooled pixels of the current channel. Leaves Z clear while whole
@ fours remain.
  .macro POOLED4 clamp
  CONV4
  str r2, [sp, #F_MAXA]
  CONV4
  str r2, [sp, #F_MAXB]
  CONV4
  str r2, [sp, #F_MAXC]
  CONV4
  ldm sp, {r3, r4, r5, r6, r7, r8}   @ max a, b, c, 2 bias, m, k
  .irp v, r3, r4, r5, r2
  RQ_HEAD \v, r6, r7, r8
  .endr
  ldr r8, [sp, #F_E]
  .irp v, r3, r4, r5, r2
  RQ_TAIL \v, r8
  .endr
  .if \clamp
  ldrd r6, r7, [sp, #F_LO]
  .irp v, r3, r4, r5, r2
  CLAMP \v, r6, r7
  .endr
  .endif
  ldrd r6, r7, [sp, #F_STEP]         @ step, end of the fours
  strb r3, [r1]
  strb r4, [r1, r6]
  add r1, r1, r6, lsl #1
  strb r5, [r1]
  strb r2, [r1, r6]
  add r1, r1, r6, lsl #1
  cmp r0, r7
  .endm

@ Two pooled pixels (once, after the fours).
  .macro POOLED2 clamp
  CONV4
  str r2, [sp, #F_MAXC]
  CONV4
  add r3, sp, #F_MAXC
  ldm r3, {r3, r4, r5, r6, r7}       @ max a, 2 bias, m, k, e
  RQ_HEAD r3, r4, r5, r6
  RQ_HEAD r2, r4, r5, r6
  RQ_TAIL r3, r7
  RQ_TAIL r2, r7
  .if \clamp
  ldrd r4, r5, [sp, #F_LO]
  CLAMP r3, r4, r5
  CLAMP r2, r4, r5
  .endif
  ldr r4, [sp, #F_STEP]
  strb r3, [r1]
  strb r2, [r1, r4]
  add r1, r1, r4, lsl #1
  .endm

@ The last pooled pixel of an odd count.
  .macro POOLED1 clamp
  CONV4
  ldrd r3, r4, [sp, #F_BIAS2]
  ldrd r5, r6, [sp, #F_K]
  RQ_HEAD r2, r3, r4, r5
  RQ_TAIL r2, r6
  .if \clamp
  ldrd r4, r5, [sp, #F_LO]
  CLAMP r2, r4, r5
  .endif
  strb r2, [r1]
  .endm

@ The pixels of one channel: fours, then a pair, then a last one.
  .macro PIXELS clamp
  ldr r3, [sp, #F_END4]
  cmp r0, r3
  beq 2f
1:
  POOLED4 \clamp
  bne 1b
2:
  ldr r3, [sp, #F_END2]
  cmp r0, r3
  beq 3f
  POOLED2 \clamp
3:
  ldr r3, [sp, #F_END]
  cmp r0, r3
  beq 4f
  POOLED1 \clamp
4:
  .endm

  FUNC nib_conv3x3x1_pool_m4
  push {r4-r11, lr}
  sub sp, sp, #FRAME
  ldr r1, [r0, #JOB_STEP]
  ldr r2, [r0, #JOB_QUADS_END]
  ldr r3, [r0, #JOB_PAIRS_END]
  ldr r4, [r0, #JOB_LO]
  ldr r5, [r0, #JOB_HI]
  ldr r6, [r0, #JOB_RECORDS]
  ldr r7, [r0, #JOB_CHANNELS]
  ldr r8, [r0, #JOB_OUT]
  ldr r9, [r0, #JOB_DATA]
  ldr r10, [r0, #JOB_CLAMP]
  ldr r11, [r0, #JOB_DATA_END]
  add r12, sp, #F_STEP
  stm r12, {r1-r11}        @ step end4 end2 lo hi record left out data clamp end
.Lchannel:
  ldr r0, [sp, #F_RECORD]
  ldm r0!, {r9, r10, r11, r12, lr}   @ the weights
  ldm r0!, {r2, r3, r4, r5}          @ 2 bias, m, k, e
  str r0, [sp, #F_RECORD]
  add r0, sp, #F_BIAS2
  stm r0, {r2, r3, r4, r5}
  ldr r1, [sp, #F_OUT]
  add r2, r1, #1
  str r2, [sp, #F_OUT]
  ldr r0, [sp, #F_DATA]
  ldr r2, [sp, #F_CLAMP]
  cmp r2, #0
  bne .Lclamped
  PIXELS 0
  b .Lnext
.Lclamped:
  PIXELS 1
.Lnext:
  ldr r2, [sp, #F_LEFT]
  subs r2, r2, #1
  str r2, [sp, #F_LEFT]
  bne .Lchannel
  add sp, sp, #FRAME
  pop {r4-r11, pc}
  .size nib_conv3x3x1_pool_m4, .-nib_conv3x3x1_pool_m4

@ patch_row of conv3x3x1_pool_s8.cc for `count` pooled pixels whose 4x4
@ input patches lie inside the input (src: the first one's top left, 2
@ bytes further per pooled pixel): per pixel, the four row words, their
@ even and odd halves, the four packed words, twelve stores.
@ void nib_conv3x3x1_patches_m4(const int8_t* src, int32_t in_w, int32_t count, uint32_t* data)
  FUNC nib_conv3x3x1_patches_m4
  push {r4-r12, lr}
  add r8, r1, r1, lsl #1   @ 3 rows
.Lpatch:
  ldr r4, [r0]
  ldr r5, [r0, r1]
  ldr r6, [r0, r1, lsl #1]
  ldr r7, [r0, r8]
  sxtb16 r9, r4            @ E0
  sxtb16 r4, r4, ror #8    @ O0
  sxtb16 r10, r5           @ E1
  sxtb16 r5, r5, ror #8    @ O1
  sxtb16 r11, r6           @ E2
  sxtb16 r6, r6, ror #8    @ O2
  sxtb16 r12, r7           @ E3
  sxtb16 r7, r7, ror #8    @ O3
  str r9, [r3]
  str r4, [r3, #4]
  str r10, [r3, #8]
  str r5, [r3, #12]
  str r11, [r3, #16]
  str r6, [r3, #20]
  str r12, [r3, #24]
  str r7, [r3, #28]
  pkhbt r12, r4, r5, lsl #16    @ (R0.b1, R1.b1)
  pkhtb r7, r10, r9, asr #16    @ (R0.b2, R1.b2)
  pkhbt r4, r5, r6, lsl #16     @ (R1.b1, R2.b1)
  pkhtb r5, r11, r10, asr #16   @ (R1.b2, R2.b2)
  str r12, [r3, #32]
  str r7, [r3, #36]
  str r4, [r3, #40]
  str r5, [r3, #44]
  adds r3, r3, #48
  adds r0, r0, #2
  subs r2, r2, #1
  bne .Lpatch
  pop {r4-r12, pc}
  .size nib_conv3x3x1_patches_m4, .-nib_conv3x3x1_patches_m4
