@ The row loop of fully_connected_s8 (fully_connected_s8.cc) for the
@ Cortex-M4 when every accumulator is proven fit for requant_fast and every
@ shift is negative: four output rows per pass over the input, then
@ requantization, clamping and the four byte stores, for all whole groups
@ of four rows. One function, so the 14-register dot-product loop and the
@ requantization share registers without compiler spills. The input is
@ widened in the loop (SXTAB16 adds the input offset to both lanes), so the
@ layer needs no scratch: a widened copy would be twice the input's bytes.
@
@ void nib_fc_rows_m4(FcJob* job)   (layout: fully_connected_s8.cc; the
@ job's bias, multiplier, shift, out and groups fields are consumed)

  .syntax unified
  .thumb
  .text

  .equ JOB_X, 0            @ the input row, int8
  .equ JOB_X_END, 4
  .equ JOB_REM, 8          @ chunks % 8 as flags, done before the 8-chunk
                           @ blocks: N 1 chunk, Z none, C 2, V 4
  .equ JOB_W, 12           @ row 0 of the first group
  .equ JOB_DEPTH, 16       @ a multiple of 4
  .equ JOB_BIAS, 20        @ advances by 4 rows; or null
  .equ JOB_MULT, 24        @ advance by 4 rows when per channel
  .equ JOB_SHIFT, 28
  .equ JOB_OUT, 32         @ advances by 4 bytes
  .equ JOB_GROUPS, 36      @ counts down from >= 1
  .equ JOB_PER_CHANNEL, 40
  .equ JOB_M, 44           @ per tensor: multiplier, then e - 1 = ~shift,
  .equ JOB_E1, 48          @ then k = 2 * offset + 1 (see ROUND)
  .equ JOB_K, 52
  .equ JOB_LO, 56
  .equ JOB_HI, 60
  .equ JOB_FULL_RANGE, 64  @ nonzero: lo = -128 and hi = 127
  .equ JOB_OFFSETS, 68     @ the input offset in both int16 lanes

@ Stack: [sp] the input's end, [sp, #8] the job.
  .equ SP_END, 0
  .equ SP_JOB, 8

@ Two rows' weight words (\va, \vb) times the input words r8 (bytes 0, 2)
@ and r9 (bytes 1, 3), offset added, onto accumulators \a and \b; r12 is
@ scratch.
  .macro ROWS2 a, b, va, vb
  sxtb16 r12, \va
  sxtb16 \va, \va, ror #8
  smlad \a, r12, r8, \a
  smlad \a, \va, r9, \a
  sxtb16 r12, \vb
  sxtb16 \vb, \vb, ror #8
  smlad \b, r12, r8, \b
  smlad \b, \vb, r9, \b
  .endm

@ 4 bytes of depth for rows 0-3: r1 walks row 0 and r2 row 2, rows 1 and 3
@ are r3 = depth bytes further; lr holds the offsets. The loads are
@ grouped: only the first of a run pays the extra cycle.
  .macro CHUNK
  ldr r8, [r0], #4
  ldr r11, [r1, r3]
  ldr r10, [r1], #4
  sxtab16 r9, lr, r8, ror #8
  sxtab16 r8, lr, r8
  ROWS2 r4, r5, r10, r11
  ldr r11, [r2, r3]
  ldr r10, [r2], #4
  ROWS2 r6, r7, r10, r11
  .endm

@ From high = SMMULR(2 acc, m), the rounding right shift by e >= 1 (ties
@ away from zero) is (((high + (high < 0 ? -1 : 0)) >> (e - 1)) + 1) >> 1;
@ the + 1, the final >> 1 and the output offset fold into FINISH.
  .macro ROUND acc, e1
  add \acc, \acc, \acc, asr #31
  asr \acc, \acc, \e1
  .endm

@ acc = sat8((acc + 2 offset + 1) >> 1), k in r10.
  .macro FINISH acc
  add \acc, \acc, r10
  ssat \acc, #8, \acc, asr #1
  .endm

@ lo <= acc <= hi with lo in r8, hi in r9.
  .macro CLAMP acc
  cmp \acc, r8
  it lt
  movlt \acc, r8
  cmp \acc, r9
  it gt
  movgt \acc, r9
  .endm

  .global nib_fc_rows_m4
  .type nib_fc_rows_m4, %function
  .p2align 2
  .thumb_func
nib_fc_rows_m4:
  push {r0, r4-r11, lr}
  sub sp, sp, #8
  ldr r3, [r0, #JOB_DEPTH]
  ldr r1, [r0, #JOB_W]
  ldr lr, [r0, #JOB_X_END]
  str lr, [sp, #SP_END]
  ldr lr, [r0, #JOB_OFFSETS]
  add r2, r1, r3, lsl #1
@ The common cases fall through (bias, per tensor, full range); the rare
@ ones are out of line after the return, as a taken branch costs 2 more.
.Lgroup:
  ldr r12, [r0, #JOB_BIAS]
  cmp r12, #0
  beq .Lno_bias
  ldmia r12!, {r4-r7}
  str r12, [r0, #JOB_BIAS]
.Lchunks:
  ldr r12, [r0, #JOB_REM]
  ldr r0, [r0, #JOB_X]
  msr APSR_nzcvq, r12      @ the CHUNKs clobber r12, not the flags
  beq .Lblocks
  bvc 1f
  CHUNK
  CHUNK
  CHUNK
  CHUNK
1:
  bcc 2f
  CHUNK
  CHUNK
2:
  bpl .Lblocks
  CHUNK
.Lblocks:
  ldr r12, [sp, #SP_END]
  cmp r0, r12
  beq .Lscale
.Lblock:                   @ 8 chunks per pass: the loop test is 6 cycles
  CHUNK
  CHUNK
  CHUNK
  CHUNK
  CHUNK
  CHUNK
  CHUNK
  CHUNK
  ldr r12, [sp, #SP_END]
  cmp r0, r12
  bne .Lblock
.Lscale:
  ldr r0, [sp, #SP_JOB]
  add r1, r2, r3           @ the next group's rows 0 and 2
  add r2, r1, r3, lsl #1
  lsl r4, r4, #1           @ high = SMMULR(2 acc, m)
  lsl r5, r5, #1
  lsl r6, r6, #1
  lsl r7, r7, #1
  ldr r12, [r0, #JOB_PER_CHANNEL]
  cmp r12, #0
  bne .Lper_channel
  add r12, r0, #JOB_M
  ldm r12, {r8-r10}        @ m, e - 1, k
  smmulr r4, r4, r8
  smmulr r5, r5, r8
  smmulr r6, r6, r8
  smmulr r7, r7, r8
  ROUND r4, r9
  ROUND r5, r9
  ROUND r6, r9
  ROUND r7, r9
.Lfinish:
  ldr r11, [r0, #JOB_OUT]
  ldr r12, [r0, #JOB_FULL_RANGE]
  FINISH r4
  FINISH r5
  FINISH r6
  FINISH r7
  cmp r12, #0
  beq .Lclamp
.Lstore:
  strb r4, [r11]
  strb r5, [r11, #1]
  strb r6, [r11, #2]
  strb r7, [r11, #3]
  add r11, r11, #4
  str r11, [r0, #JOB_OUT]
  ldr r12, [r0, #JOB_GROUPS]
  subs r12, r12, #1
  str r12, [r0, #JOB_GROUPS]
  bne .Lgroup
  add sp, sp, #8
  pop {r0, r4-r11, pc}

.Lno_bias:
  movs r4, #0
  movs r5, #0
  movs r6, #0
  movs r7, #0
  b .Lchunks

.Lper_channel:
  ldr r12, [r0, #JOB_MULT]
  ldm r12!, {r8-r11}
  str r12, [r0, #JOB_MULT]
  smmulr r4, r4, r8
  smmulr r5, r5, r9
  smmulr r6, r6, r10
  smmulr r7, r7, r11
  ldr r12, [r0, #JOB_SHIFT]
  ldr r8, [r12], #4        @ four one-byte shifts
  str r12, [r0, #JOB_SHIFT]
  sxtb r9, r8, ror #8
  sxtb r10, r8, ror #16
  asr r11, r8, #24
  sxtb r8, r8
  mvn r8, r8               @ e - 1 = ~shift
  mvn r9, r9
  mvn r10, r10
  mvn r11, r11
  ROUND r4, r8
  ROUND r5, r9
  ROUND r6, r10
  ROUND r7, r11
  ldr r10, [r0, #JOB_K]
  b .Lfinish

.Lclamp:
  ldrd r8, r9, [r0, #JOB_LO]
  CLAMP r4
  CLAMP r5
  CLAMP r6
  CLAMP r7
  b .Lstore
  .size nib_fc_rows_m4, . - nib_fc_rows_m4
