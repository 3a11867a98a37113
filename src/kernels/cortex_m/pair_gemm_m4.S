@ The channel loop of pair_gemm_s8 (pair_gemm_s8.cc) for the Cortex-M4 with
@ every shift negative and accumulators proven small (Stage::kRight): for
@ each pair of output channels, the 2 pixels x 2 channels dot products over
@ the widened inputs, then requantization, clamping and the four stores.
@ Written as one function so the 14-register inner loop and the
@ requantization share registers without compiler spills.
@
@ void nib_pair_gemm_channels_m4(const PairGemmJob* job)   (layout: pair_gemm_s8.cc)

  .syntax unified
  .thumb
  .text

  .equ JOB_X, 0          @ widened inputs, 4 words per 4 bytes of K
  .equ JOB_X_END, 4
  .equ JOB_W, 8          @ weights of channel 0, K bytes per channel
  .equ JOB_K, 12
  .equ JOB_BIAS, 16      @ folded bias, per channel
  .equ JOB_MULT, 20
  .equ JOB_SHIFT, 24
  .equ JOB_OUT_A, 28
  .equ JOB_OUT_B, 32
  .equ JOB_CHANNELS, 36  @ even
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

@ acc = clamp(((acc + round + (acc < 0 ? -1 : 0)) >> e) + offset, lo, hi):
@ the rounding right shift of requant_fast_right. r10 offset, r11 lo, r3 hi.
  .macro REQUANT acc, round, e
  add r12, \acc, \round
  add \acc, r12, \acc, asr #31
  asr \acc, \acc, \e
  add \acc, \acc, r10
  cmp \acc, r11
  it lt
  movlt \acc, r11
  cmp \acc, r3
  it gt
  movgt \acc, r3
  .endm

  .global nib_pair_gemm_channels_m4
  .type nib_pair_gemm_channels_m4, %function
  .p2align 2
  .thumb_func
nib_pair_gemm_channels_m4:
  push {r4-r11, lr}
  sub sp, sp, #8           @ [sp] job, [sp, #4] channel index
  str r0, [sp]
  movs r1, #0
  str r1, [sp, #4]
  ldr r2, [r0, #JOB_W]
.Lpair:
  ldr r12, [sp]
  mov r1, r2               @ weights of channel c
  ldr r3, [r12, #JOB_K]
  ldr r0, [r12, #JOB_X]
  add r2, r1, r3           @ weights of channel c + 1
  ldr r3, [r12, #JOB_BIAS]
  ldr lr, [sp, #4]
  add r3, r3, lr, lsl #2
  ldrd r4, r5, [r3]
  mov r6, r4
  mov r7, r5
  ldr r3, [r12, #JOB_X_END]
  ldr r12, [r12, #JOB_K]
  tst r12, #4              @ an odd number of groups: one first
  beq .Lmac
  MAC_GROUP
  cmp r0, r3
  beq .Lrequant
.Lmac:
  MAC_GROUP
  MAC_GROUP
  cmp r0, r3
  bne .Lmac
.Lrequant:                 @ r2 now points at channel c + 2's weights
  ldr r12, [sp]
  ldr lr, [sp, #4]
  ldr r0, [r12, #JOB_MULT]
  ldr r1, [r12, #JOB_SHIFT]
  add r0, r0, lr, lsl #2
  add r1, r1, lr, lsl #2
  ldrd r8, r9, [r0]
  ldrd r0, r1, [r1]
  lsl r4, r4, #1           @ SMMULR(2 acc, m): the doubling high multiply
  smmulr r4, r4, r8
  lsl r6, r6, #1
  smmulr r6, r6, r8
  lsl r5, r5, #1
  smmulr r5, r5, r9
  lsl r7, r7, #1
  smmulr r7, r7, r9
  rsb r0, r0, #0           @ e = -shift >= 1
  rsb r1, r1, #0
  mov r3, #1
  sub r8, r0, #1
  lsl r8, r3, r8           @ round = 1 << (e - 1)
  sub r9, r1, #1
  lsl r9, r3, r9
  ldr r10, [r12, #JOB_OFFSET]
  ldr r11, [r12, #JOB_LO]
  ldr r3, [r12, #JOB_HI]
  REQUANT r4, r8, r0
  REQUANT r6, r8, r0
  REQUANT r5, r9, r1
  REQUANT r7, r9, r1
  ldr r12, [sp]
  ldr r0, [r12, #JOB_OUT_A]
  ldr r1, [r12, #JOB_OUT_B]
  add r0, r0, lr
  add r1, r1, lr
  strb r4, [r0]
  strb r5, [r0, #1]
  strb r6, [r1]
  strb r7, [r1, #1]
  add lr, lr, #2
  str lr, [sp, #4]
  ldr r0, [r12, #JOB_CHANNELS]
  cmp lr, r0
  blt .Lpair
  add sp, sp, #8
  pop {r4-r11, pc}
  .size nib_pair_gemm_channels_m4, . - nib_pair_gemm_channels_m4
