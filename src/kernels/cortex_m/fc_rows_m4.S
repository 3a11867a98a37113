@ The row loop of fully_connected_s8 (fully_connected_s8.cc) for the
@ Cortex-M4 when every accumulator is proven fit for requant_fast and every
@ shift is negative: four output rows per pass over the input, then
@ requantization, clamping and the four byte stores, for all whole groups
@ of four rows. One function, so the 14-register dot-product loop and the
@ requantization share registers without compiler spills. The input is
@ widened in the loop (SXTAB16 adds the input offset to both lanes), so the
@ layer needs no scratch: a widened copy would be twice the input's bytes.
@
@ Costs (anchor table): a chunk (4 depths x 4 rows) is 25 cycles: 5 loads
@ in two runs (7), 2 SXTAB16, 8 SXTB16, 8 SMLAD. Fewer runs or more rows
@ would need more than 14 registers. The chunks are unrolled 32 times and
@ entered Duff-style (chunks % 32 first), so a group pays one loop test
@ per 32 chunks (one in all at depth 128); the common tail (bias, per-tensor multiplier, full range)
@ is straight-line and keeps the rare cases out of line.
@
@ void nib_fc_rows_m4(FcJob* job)   (layout: fully_connected_s8.cc; the
@ job's bias, multiplier, shift and out fields are consumed, entry is
@ written)

  .syntax unified
  .thumb
  .text

#include "m4_asm.inc"

  .equ JOB_X, 0            @ the input row, int8
  .equ JOB_X_END, 4
  .equ JOB_REM, 8          @ chunks % 32
  .equ JOB_W, 12           @ row 0 of the first group
  .equ JOB_DEPTH, 16       @ a multiple of 4, >= 4
  .equ JOB_BIAS, 20        @ advances by 4 rows; or null
  .equ JOB_MULT, 24        @ advance by 4 rows when per channel
  .equ JOB_SHIFT, 28
  .equ JOB_OUT, 32         @ advances by 4 bytes
  .equ JOB_OUT_END, 36     @ out + 4 * groups, groups >= 1
  .equ JOB_MODE, 40        @ 0, or the MODE_ bits of the rare cases
  .equ JOB_M, 44           @ per tensor: multiplier, then e - 1 = ~shift,
  .equ JOB_E1, 48          @ then k = 2 * offset + 1 (see ROUND)
  .equ JOB_K, 52
  .equ JOB_LO, 56
  .equ JOB_HI, 60
  .equ JOB_ENTRY, 64       @ where a group enters the unrolled chunks
  .equ JOB_OFFSETS, 68     @ the input offset in both int16 lanes
  .equ JOB_KS, 72          @ per tensor: k << (e - 1) (see REQUANT)

  .equ MODE_PER_CHANNEL, 1
  .equ MODE_CLAMP, 2       @ not the full int8 range
  .equ MODE_NO_BIAS, 4
  .equ MODE_WIDE, 8        @ k << (e - 1) too wide, or m < 0

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
@ grouped: only the first of a run pays the extra cycle. The last chunk of
@ the unrolled body also loads the input's end into the second run (1
@ cycle there) and compares: SXTB16 and SMLAD leave the flags alone.
  .macro CHUNK last=0
  ldr r8, [r0], #4
  ldr r11, [r1, r3]
  ldr r10, [r1], #4
  sxtab16 r9, lr, r8, ror #8
  sxtab16 r8, lr, r8
  ROWS2 r4, r5, r10, r11
  ldr r11, [r2, r3]
  ldr r10, [r2], #4
  .if \last
  ldr r12, [sp, #SP_END]
  cmp r0, r12
  .endif
  ROWS2 r6, r7, r10, r11
  .endm

@ From high = SMMULR(2 acc, m), the rounding right shift by e >= 1 (ties
@ away from zero) is (((high + (high < 0 ? -1 : 0)) >> (e - 1)) + 1) >> 1;
@ the + 1, the final >> 1 and the output offset fold into FINISH.
  .macro ROUND acc, e1
  add \acc, \acc, \acc, asr #31
  asr \acc, \acc, \e1
  .endm

@ The straight-line path's ROUND and FINISH in 4 instead of 6 for
@ \acc = 2 acc (|acc| < 2^30), r8 m >= 0, r9 e - 1, r10 ks = k << (e - 1):
@ SMMLAR adds ks exactly (a multiple of 2^32 before the rounding), and
@ shifting h + ks right by e - 1 is shifting h and adding k. The sign
@ correction takes acc's sign instead of h's: with m >= 0 they differ only
@ when h = 0 > acc, and there k - 1 and k (k odd) give the same final >> 1.
@ |h| < 2^30 and |ks| < 2^29 (e - 1 <= 21), so nothing overflows. r11 is
@ scratch.
  .macro REQUANT acc
  smmlar r11, \acc, r8, r10
  sub \acc, r11, \acc, lsr #31
  asr \acc, \acc, r9
  ssat \acc, #8, \acc, asr #1
  .endm

@ acc = sat8((acc + 2 offset + 1) >> 1), k in r10.
  .macro FINISH acc
  add \acc, \acc, r10
  ssat \acc, #8, \acc, asr #1
  .endm

@ \op on each row's accumulator r4-r7, with \args after it when given.
  .macro EACH op, args:vararg
  .irp acc, r4, r5, r6, r7
  .ifb \args
  \op \acc
  .else
  \op \acc, \args
  .endif
  .endr
  .endm

@ The four output bytes at the job's out, which advances; r11 ends there.
  .macro STORE4
  ldr r11, [r12, #JOB_OUT]
  strb r4, [r11], #1
  strb r5, [r11], #1
  strb r6, [r11], #1
  strb r7, [r11], #1
  str r11, [r12, #JOB_OUT]
  .endm

  FUNC nib_fc_rows_m4
  push {r0, r4-r11, lr}
  sub sp, sp, #8
  mov r12, r0
  ldr r3, [r12, #JOB_DEPTH]
  ldr r1, [r12, #JOB_W]
  ldr r0, [r12, #JOB_X_END]
  str r0, [sp, #SP_END]
  ldr r0, [r12, #JOB_REM]
  adr r11, .Lentries
  ldr r10, [r11, r0, lsl #2]
  orr r10, r10, #1         @ a Thumb address for BX
  str r10, [r12, #JOB_ENTRY]
  ldr lr, [r12, #JOB_OFFSETS]
  ldr r0, [r12, #JOB_X]
  ldr r8, [r12, #JOB_BIAS]
  add r2, r1, r3, lsl #1
@ The next group: r8 its bias or null, r10 the entry, r12 the job.
.Lnext:
  cmp r8, #0
  beq .Lzero_bias
  ldmia r8!, {r4-r7}
  str r8, [r12, #JOB_BIAS]
  bx r10
.Lzero_bias:
  .irp acc, r4, r5, r6, r7
  movs \acc, #0
  .endr
  bx r10

@ chunks % 32 = n enters at chunk 32 - n (n = 0: chunk 0).
  .p2align 2
.Lentries:
  .word .Lc0
  .irp i, 31,30,29,28,27,26,25,24,23,22,21,20,19,18,17,16,15,14,13,12,11,10,9,8,7,6,5,4,3,2,1
  .word .Lc\i
  .endr

  .p2align 2
.Lloop:
  .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
.Lc\i: CHUNK
  .endr
.Lc31: CHUNK last=1
  bne .Lloop
  ldr r12, [sp, #SP_JOB]
  ldr r0, [r12, #JOB_MODE]
  ldr r8, [r12, #JOB_M]    @ m, e - 1, ks
  ldr r9, [r12, #JOB_E1]
  ldr r10, [r12, #JOB_KS]
  add r1, r2, r3           @ the next group's rows 0 and 2
  add r2, r1, r3, lsl #1
  .irp acc, r4, r5, r6, r7 @ high = SMMULR(2 acc, m)
  lsl \acc, \acc, #1
  .endr
  cbnz r0, .Lrare
  EACH REQUANT
  STORE4
  ldr r9, [r12, #JOB_OUT_END]
  ldr r10, [r12, #JOB_ENTRY]
  ldr r8, [r12, #JOB_BIAS]
  ldr r0, [r12, #JOB_X]
  cmp r11, r9
  beq .Ldone
  ldmia r8!, {r4-r7}       @ MODE 0: there is a bias
  str r8, [r12, #JOB_BIAS]
  bx r10
.Ldone:
  add sp, sp, #8
  pop {r0, r4-r11, pc}

@ Per-channel multipliers, clamping, no bias or a wide ks: r4-r7 doubled,
@ r8 m, r9 e - 1 (per tensor), r0 the mode, r12 the job; r0 and r11 are
@ free after the test (r0 is reloaded).
.Lrare:
  tst r0, #MODE_PER_CHANNEL
  beq .Lper_tensor
  ldr r0, [r12, #JOB_MULT]
  ldm r0!, {r8-r11}
  str r0, [r12, #JOB_MULT]
  smmulr r4, r4, r8
  smmulr r5, r5, r9
  smmulr r6, r6, r10
  smmulr r7, r7, r11
  ldr r0, [r12, #JOB_SHIFT]
  ldr r8, [r0], #4         @ four one-byte shifts
  str r0, [r12, #JOB_SHIFT]
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
  b .Lrare_finish
.Lper_tensor:
  .irp acc, r4, r5, r6, r7
  smmulr \acc, \acc, r8
  .endr
  EACH ROUND, r9
.Lrare_finish:
  ldr r10, [r12, #JOB_K]
  EACH FINISH
  ldr r11, [r12, #JOB_MODE]
  tst r11, #MODE_CLAMP
  beq .Lrare_store
  ldrd r8, r9, [r12, #JOB_LO]
  EACH CLAMP, r8, r9       @ lo, hi
.Lrare_store:
  STORE4
  ldr r9, [r12, #JOB_OUT_END]
  cmp r11, r9
  beq .Ldone
  ldr r0, [r12, #JOB_X]
  ldr r10, [r12, #JOB_ENTRY]
  ldr r8, [r12, #JOB_BIAS]
  b .Lnext

  .size nib_fc_rows_m4, . - nib_fc_rows_m4
