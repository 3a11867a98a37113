@ The channel loop of pair_gemm_s8 (pair_gemm_s8.cc) for the Cortex-M4 with
@ accumulators proven small enough for requant_fast (requant.h): for
@ each pair of output channels, the 2 pixels x 2 channels dot products over
@ the widened inputs, then requantization, clamping and the four stores.
@ Written as one function so the 14-register inner loop and the
@ requantization share registers without compiler spills.
@
@ void nib_pair_gemm_channels_m4(const PairGemmJob* job)   (layout: pair_gemm_s8.cc)

  .syntax unified
  .thumb
  .text

#include "m4_asm.inc"

  .equ JOB_X, 0          @ widened inputs, 4 words per 4 bytes of K
  .equ JOB_X_END, 4
  .equ JOB_W, 8          @ weights of channel 0, K bytes per channel
  .equ JOB_K, 12
  .equ JOB_BIAS, 16      @ folded bias, per channel
  .equ JOB_MULT, 20
  .equ JOB_SHIFT, 24
  .equ JOB_OUT_A, 28
  .equ JOB_OUT_B, 32
  .equ JOB_SLOTS, 36     @ channel slots, even
  .equ JOB_LIVE, 52      @ uint16 slot -> channel, or 0: slot = channel
  .equ JOB_MODE, 56      @ 0: any shift; 1: every shift negative;
                         @ 2: that, and the output range is all of int8
  .equ JOB_OFFSET, 40
  .equ JOB_LO, 44
  .equ JOB_HI, 48

@ 4 bytes of K: x words in r8-r11, weights through r12/lr, accumulators
@ r4 (a, c), r5 (a, c+1), r6 (b, c), r7 (b, c+1).
  .macro MAC_GROUP
  ldr r12, [r1], #4
  ldr r8, [r0], #16
  ldr r9, [r0, #-12]
  ldr r10, [r0, #-8]
  ldr r11, [r0, #-4]
  sxtb16 lr, r12, ror #8
  sxtb16 r12, r12
  smlad r4, r8, r12, r4
  smlad r4, r9, lr, r4
  smlad r6, r10, r12, r6
  smlad r6, r11, lr, r6
  ldr r12, [r2], #4
  sxtb16 lr, r12, ror #8
  sxtb16 r12, r12
  smlad r5, r8, r12, r5
  smlad r5, r9, lr, r5
  smlad r7, r10, r12, r7
  smlad r7, r11, lr, r7
  .endm

@ r8 = h, r9 = d for the rounding right shift by e (0..31) of
@ requant_fast: h = 2^e >> 1, d = ((2^e - 1) >> 1) - h, i.e. h = d = 0 for
@ e = 0 and h = 2^(e - 1), d = -1 otherwise.
  .macro ROUNDING e
  mov r9, #1
  lsl r8, r9, \e
  sub r9, r8, #1
  lsr r8, r8, #1
  lsr r9, r9, #1
  sub r9, r9, r8
  .endm

@ acc = clamp(((acc + h + (acc < 0 ? d : 0)) >> e) + offset, lo, hi): ties
@ away from zero, as quant::rounding_divide_by_pot. r10 offset, r11 lo,
@ r3 hi; r12 is scratch.
  .macro REQUANT acc, e
  and r12, r9, \acc, asr #31
  add r12, r12, r8
  add \acc, \acc, r12
  asr \acc, \acc, \e
  add \acc, \acc, r10
  CLAMP \acc, r11, r3
  .endm

@ The same with every shift negative (e >= 1, h = 2^(e - 1)): acc =
@ clamp(((acc + h + (acc >> 31)) >> e) + offset, lo, hi).
  .macro REQUANT_RIGHT acc, h, e
  add r12, \acc, \h
  add \acc, r12, \acc, asr #31
  asr \acc, \acc, \e
  add \acc, \acc, r10
  CLAMP \acc, r11, r3
  .endm

@ The same when the output range is all of int8: the clamp is a saturation.
  .macro REQUANT_SAT acc, h, e
  add r12, \acc, \h
  add \acc, r12, \acc, asr #31
  asr \acc, \acc, \e
  add \acc, \acc, r10
  ssat \acc, #8, \acc
  .endm

  FUNC nib_pair_gemm_channels_m4
  push {r4-r11, lr}
  sub sp, sp, #16          @ [sp] job, [sp, #4] slot, [sp, #8] c0, [sp, #12] c1
  str r0, [sp]
  movs r1, #0
  str r1, [sp, #4]
.Lpair:                    @ the common cases fall through; the rarer ones
  ldr r12, [sp]            @ branch to the end and come back
  ldr lr, [sp, #4]
  ldr r3, [r12, #JOB_LIVE]
  cmp r3, #0
  bne .Llisted
  mov r8, lr
  add r9, lr, #1
.Lchannels:
  strd r8, r9, [sp, #8]
  ldr r3, [r12, #JOB_K]
  ldr r1, [r12, #JOB_W]
  mla r2, r9, r3, r1       @ weights of c1
  mla r1, r8, r3, r1       @ weights of c0
  ldr r0, [r12, #JOB_BIAS]
  ldr r4, [r0, r8, lsl #2]
  ldr r5, [r0, r9, lsl #2]
  mov r6, r4
  mov r7, r5
  ldr r0, [r12, #JOB_X]
  ldr r3, [r12, #JOB_X_END]
  ldr r12, [r12, #JOB_K]
  ands r12, r12, #12       @ 4 * (groups % 4): enter the 4-group loop part-way
  beq .Lmac
  cmp r12, #8
  beq .Lenter2
  bhi .Lenter1
  b .Lenter3
.Lmac:
  MAC_GROUP
.Lenter1:
  MAC_GROUP
.Lenter2:
  MAC_GROUP
.Lenter3:
  MAC_GROUP
  cmp r0, r3
  bne .Lmac
  ldr r12, [sp]
  ldrd lr, r3, [sp, #8]    @ c0, c1
  ldr r0, [r12, #JOB_MULT]
  ldr r1, [r12, #JOB_SHIFT]
  ldr r8, [r0, lr, lsl #2] @ multipliers
  ldr r9, [r0, r3, lsl #2]
  ldrsb r0, [r1, lr]       @ shifts (one byte each)
  ldrsb r1, [r1, r3]
  ldr r10, [r12, #JOB_MODE]
  cmp r10, #0
  beq .Lany_shift
  lsl r4, r4, #1           @ high = SMMULR(2 acc, m)
  lsl r6, r6, #1
  lsl r5, r5, #1
  lsl r7, r7, #1
  smmulr r4, r4, r8
  smmulr r6, r6, r8
  smmulr r5, r5, r9
  smmulr r7, r7, r9
  rsb r0, r0, #0           @ e = -shift
  rsb r1, r1, #0
  mov r3, #1
  sub r8, r0, #1
  lsl r8, r3, r8           @ h = 2^(e - 1)
  sub r9, r1, #1
  lsl r9, r3, r9
  cmp r10, #2
  ldr r10, [r12, #JOB_OFFSET]
  bne .Lclamp
  REQUANT_SAT r4, r8, r0
  REQUANT_SAT r6, r8, r0
  REQUANT_SAT r5, r9, r1
  REQUANT_SAT r7, r9, r1
.Lstore:
  ldr r12, [sp]
  ldrd r8, r9, [sp, #8]    @ c0, c1
  ldr r0, [r12, #JOB_OUT_A]
  ldr r1, [r12, #JOB_OUT_B]
  strb r4, [r0, r8]
  strb r5, [r0, r9]
  strb r6, [r1, r8]
  strb r7, [r1, r9]
  ldr lr, [sp, #4]
  add lr, lr, #2
  str lr, [sp, #4]
  ldr r0, [r12, #JOB_SLOTS]
  cmp lr, r0
  blt .Lpair
  add sp, sp, #16
  pop {r4-r11, pc}

.Llisted:                  @ slots through the live-channel list
  add r3, r3, lr, lsl #1
  ldrh r8, [r3]
  ldrh r9, [r3, #2]
  b .Lchannels

.Lclamp:                   @ right shifts, an activation range inside int8
  ldr r11, [r12, #JOB_LO]
  ldr r3, [r12, #JOB_HI]
  REQUANT_RIGHT r4, r8, r0
  REQUANT_RIGHT r6, r8, r0
  REQUANT_RIGHT r5, r9, r1
  REQUANT_RIGHT r7, r9, r1
  b .Lstore

.Lany_shift:
  bic r3, r0, r0, asr #31  @ high = SMMULR(acc << (max(shift, 0) + 1), m)
  add r3, r3, #1
  lsl r4, r4, r3
  lsl r6, r6, r3
  smmulr r4, r4, r8
  smmulr r6, r6, r8
  bic r3, r1, r1, asr #31
  add r3, r3, #1
  lsl r5, r5, r3
  lsl r7, r7, r3
  smmulr r5, r5, r9
  smmulr r7, r7, r9
  rsb r0, r0, #0           @ e = max(-shift, 0)
  bic r0, r0, r0, asr #31
  rsb r1, r1, #0
  bic r1, r1, r1, asr #31
  ldr r10, [r12, #JOB_OFFSET]
  ldr r11, [r12, #JOB_LO]
  ldr r3, [r12, #JOB_HI]
  ROUNDING r0
  REQUANT r4, r0
  REQUANT r6, r0
  ROUNDING r1
  REQUANT r5, r1
  REQUANT r7, r1
  b .Lstore
  .size nib_pair_gemm_channels_m4, . - nib_pair_gemm_channels_m4
