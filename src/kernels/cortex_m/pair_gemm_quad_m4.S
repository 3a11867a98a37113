@ The 4-pixel tile of pair_gemm_s8 (pair_gemm_s8.cc) for K of 16, 32, 64
@ or 128 (unrolled, so no loop counter and two input temporaries): for every pair
@ of output channels, the 4 pixels x 2 channels dot products over two
@ widened pixel pairs, then requantization and the eight byte stores.
@ Against the 2-pixel loop of pair_gemm_m4.S, each weight word serves four
@ pixels and the per-channel-pair set-up and requantization constants are
@ shared by twice the MACs: with small K those dominate.
@ Requantization for layers whose shifts are all right shifts and whose
@ output range is all of int8 (mode 2 of pair_gemm_m4.S), accumulators
@ proven fit for requant_fast: with h = SMMULR(2 acc, m) and e = -shift >= 1,
@   out = sat8((((h + (h >> 31)) >> (e - 1)) + 2 offset + 1) >> 1),
@ the rounding shift by e (ties away from zero) plus the offset, since
@ floor((y + 2^(e-1)) / 2^e) = floor((floor(y / 2^(e-1)) + 1) / 2).
@
@ void nib_pair_gemm_quad16_m4(QuadJob* job)   (layout: pair_gemm_s8.cc)
@ void nib_pair_gemm_quad32_m4(QuadJob* job)
@ void nib_pair_gemm_quad64_m4(QuadJob* job)
@ void nib_pair_gemm_quad128_m4(QuadJob* job)
@ void nib_pair_gemm_window144_m4(QuadJob* job)   (the row-window variants, below)
@ void nib_pair_gemm_window288_m4(QuadJob* job)
@ void nib_pair_gemm_window576_m4(QuadJob* job)

  .syntax unified
  .thumb
  .text

#include "quad_tile.inc"

  .equ J_X, 0        @ widened pairs (a, b) then (c, d), 4 words per 4 bytes of K each
  .equ J_W, 4        @ weights of the current pair's first channel (advanced)
  .equ J_BIAS, 8     @ its folded bias (advanced)
  .equ J_MULT, 12    @ its multiplier (advanced)
  .equ J_SHIFT, 16   @ its shift, int8 (advanced)
  .equ J_OUT, 20     @ its output byte for pixel a (advanced)
  .equ J_STEP, 24    @ bytes between the outputs of consecutive pixels
  .equ J_KE, 28      @ 2 * output offset + 1
  .equ J_W_END, 32   @ J_W after the last pair
  .equ J_LO, 36      @ activation range (clamped variants)
  .equ J_HI, 40
  .equ J_LIVE, 44    @ live-channel variants: the current pair's two uint16
                     @ channels (advanced); J_W, J_BIAS, J_MULT, J_SHIFT and
                     @ J_OUT are then bases, J_W_END the list's end

@ One weight word of each channel (c0's at r1 + \w, c1's \k bytes later)
@ times the four pixels' input words at r0 + \x, + \s1, + \s2 and
@ + \s2 + \s1; \ror: the SXTB16 rotation widening the weights, blank when
@ they are int16 already. The four loads run back to back (each after the
@ first costs 1 cycle); r12 and lr take the inputs.
  .macro QMAC w, k, x, s1, s2, ror
  ldr r2, [r1, #(\w)]
  ldr r3, [r1, #(\k + \w)]
  ldr r12, [r0, #(\x)]
  ldr lr, [r0, #(\x + \s1)]
  .ifnb \ror
  sxtb16 r2, r2, ror #\ror
  sxtb16 r3, r3, ror #\ror
  .endif
  MAC2 r4, r5, r6, r7
  ldr r12, [r0, #(\x + \s2)]
  ldr lr, [r0, #(\x + \s2 + \s1)]
  MAC2 r8, r9, r10, r11
  .endm

@ Lane \lane (0: even bytes, 4: odd) of bytes g*4 .. g*4+3 of K, r0 x,
@ r1 weights: pixel pair (a, b)'s group at x + 16 g, (c, d)'s 4 K further.
  .macro HALF g, k, ror, lane
  QMAC (4 * \g), \k, (16 * \g + \lane), 8, (4 * \k), \ror
  .endm

@ Groups \g and up of 4 bytes of K, until byte \n, with \half per lane.
  .macro GROUPS k, n, half=HALF, g=0
  \half \g, \k, 0, 0
  \half \g, \k, 8, 4
  .if (\g + 1) * 4 < \n
  GROUPS \k, \n, \half, (\g + 1)
  .endif
  .endm

@ acc = sat8((((h + (h >> 31)) >> e1) + ke) >> 1), h = SMMULR(2 acc, m);
@ e1 = e - 1 in \e, ke in r1.
  .macro RQ acc, m, e
  lsl \acc, \acc, #1
  smmulr \acc, \acc, \m
  add \acc, \acc, \acc, asr #31
  asr \acc, \acc, \e
  add \acc, \acc, r1
  ssat \acc, #8, \acc, asr #1
  .endm

@ All eight accumulators: c0's with m0 in r2 and e0 - 1 in r0, c1's with
@ m1 in r3 and e1 - 1 in r12.
  .macro RQ8
  .irp acc, r4, r6, r8, r10
  RQ \acc, r2, r0
  .endr
  .irp acc, r5, r7, r9, r11
  RQ \acc, r3, r12
  .endr
  .endm

@ Loads the pair's bias into the eight accumulators; r1 its weights, r0 x.
@ \job: the job's stack offset.
  .macro PAIR_START job
  ldr lr, [sp, #\job]
  ldr r2, [lr, #J_BIAS]
  ldr r1, [lr, #J_W]
  ldr r0, [lr, #J_X]
  ldr r4, [r2]
  ldr r5, [r2, #4]
  add r2, r2, #8
  str r2, [lr, #J_BIAS]
  SPREAD_BIAS
  .endm

@ Requantizes, stores and moves to the next pair; branches to 1b while
@ pairs are left.
  .macro PAIR_END job, k, clamp
  ldr lr, [sp, #\job]
  ldr r0, [lr, #J_MULT]
  ldr r1, [lr, #J_SHIFT]
  ldr r2, [r0]             @ m0
  ldr r3, [r0, #4]         @ m1
  ldrsb r12, [r1, #1]      @ shift1
  ldrsb r1, [r1]           @ shift0
  add r0, r0, #8
  str r0, [lr, #J_MULT]
  ldr r0, [lr, #J_SHIFT]
  add r0, r0, #2
  str r0, [lr, #J_SHIFT]
  mvn r0, r1               @ e0 - 1 = -shift0 - 1
  mvn r12, r12
  ldr r1, [lr, #J_KE]
  RQ8
  .if \clamp
  ldr r2, [lr, #J_LO]
  ldr r3, [lr, #J_HI]
  .irp acc, r4, r5, r6, r7, r8, r9, r10, r11
  CLAMP \acc, r2, r3     @ the clamped variants, after the saturation
  .endr
  .endif
  ldr r0, [lr, #J_OUT]
  ldr r2, [lr, #J_STEP]
  STORE8 r0, r2, r3
  add r0, r0, #2
  str r0, [lr, #J_OUT]
  ldr r1, [lr, #J_W]
  ldr r0, [lr, #J_W_END]
  add r1, r1, #(2 * \k)
  str r1, [lr, #J_W]
  cmp r1, r0
  bne 1b
  .endm

@ A tile function: for every pair, the biases, \body (the MACs over all of
@ K bytes), the requantization and the stores.
  .macro TILE name, k, clamp, body:vararg
  FUNC \name
  push {r0, r4-r11, lr}    @ [sp] the job
1:
  PAIR_START 0
  \body
  PAIR_END 0, \k, \clamp
  pop {r0, r4-r11, pc}
  .size \name, . - \name
  .endm

@ The same with \body in a loop (larger K): each pass advances x by \dx
@ and the weights by \dw bytes, until x + \xlen, kept at [sp].
  .macro LOOP_TILE name, k, clamp, xlen, dx, dw, body:vararg
  FUNC \name
  push {r0, r4-r11, lr}
  ldr r1, [r0, #J_X]
  add r1, r1, #(\xlen)
  push {r1}                @ [sp] x end, [sp, #4] the job
1:
  PAIR_START 4
2:
  \body
  add r0, r0, #(\dx)
  add r1, r1, #(\dw)
  ldr r12, [sp]
  cmp r0, r12
  bne 2b
  PAIR_END 4, \k, \clamp
  add sp, sp, #4
  pop {r0, r4-r11, pc}
  .size \name, . - \name
  .endm

@ K unrolled (16 to 128).
  .macro QUAD name, k, clamp
  TILE \name, \k, \clamp, GROUPS \k, \k
  .endm

@ K a multiple of 16 (larger K): a loop over 16 bytes of K, the end of
@ pixel pair (a, b)'s words at [sp].
  .macro QUAD_LOOP name, k, clamp
  LOOP_TILE \name, \k, \clamp, (4 * \k), 64, 16, GROUPS \k, 16
  .endm

@ Live-channel variants (pruned layers): the pair's channels c0, c1 come
@ from the list, so their weights are not adjacent: c1's pointer takes lr
@ and the inputs one temporary (r12). Stack: [sp] c0, [sp, #4] c1,
@ [sp, #8] the job.
  .macro LHALF g, k, ror, lane
  ldr r2, [r1, #(4 * \g)]
  ldr r3, [lr, #(4 * \g)]
  sxtb16 r2, r2, ror #\ror
  sxtb16 r3, r3, ror #\ror
  ldr r12, [r0, #(16 * \g + \lane)]
  smlad r4, r12, r2, r4
  smlad r5, r12, r3, r5
  ldr r12, [r0, #(16 * \g + 8 + \lane)]
  smlad r6, r12, r2, r6
  smlad r7, r12, r3, r7
  ldr r12, [r0, #(4 * \k + 16 * \g + \lane)]
  smlad r8, r12, r2, r8
  smlad r9, r12, r3, r9
  ldr r12, [r0, #(4 * \k + 16 * \g + 8 + \lane)]
  smlad r10, r12, r2, r10
  smlad r11, r12, r3, r11
  .endm

  .macro LIVE_QUAD name, k
  FUNC \name
  push {r0, r4-r11, lr}
  sub sp, sp, #8
1:
  ldr lr, [sp, #8]
  ldr r2, [lr, #J_LIVE]
  ldrh r3, [r2]            @ c0
  ldrh r12, [r2, #2]       @ c1
  strd r3, r12, [sp]
  ldr r0, [lr, #J_BIAS]
  ldr r4, [r0, r3, lsl #2]
  ldr r5, [r0, r12, lsl #2]
  ldr r0, [lr, #J_W]
  mov r2, #\k
  mla r1, r3, r2, r0       @ c0's weights
  mla lr, r12, r2, r0      @ c1's weights
  ldr r0, [sp, #8]
  ldr r0, [r0, #J_X]
  SPREAD_BIAS
  GROUPS \k, \k, LHALF
  ldr lr, [sp, #8]
  ldrd r2, r3, [sp]        @ c0, c1
  ldr r0, [lr, #J_MULT]
  ldr r1, [lr, #J_SHIFT]
  ldrsb r12, [r1, r2]      @ shift0
  ldrsb r1, [r1, r3]       @ shift1
  ldr r2, [r0, r2, lsl #2] @ m0
  ldr r3, [r0, r3, lsl #2] @ m1
  mvn r0, r12              @ e0 - 1
  mvn r12, r1              @ e1 - 1
  ldr r1, [lr, #J_KE]
  RQ8
  ldr r0, [lr, #J_OUT]
  ldr r2, [lr, #J_STEP]
  ldrd r1, r3, [sp]
  add r1, r0, r1           @ pixel a, c0
  add r3, r0, r3           @ pixel a, c1
  strb r4, [r1]
  strb r5, [r3]
  strb r6, [r1, r2]
  strb r7, [r3, r2]
  add r1, r1, r2, lsl #1
  add r3, r3, r2, lsl #1
  strb r8, [r1]
  strb r9, [r3]
  strb r10, [r1, r2]
  strb r11, [r3, r2]
  ldr r1, [lr, #J_LIVE]
  ldr r0, [lr, #J_W_END]
  add r1, r1, #4
  str r1, [lr, #J_LIVE]
  cmp r1, r0
  bne 1b
  add sp, sp, #8
  pop {r0, r4-r11, pc}
  .size \name, . - \name
  .endm

  LIVE_QUAD nib_pair_gemm_live64_m4, 64
  LIVE_QUAD nib_pair_gemm_live128_m4, 128

  QUAD nib_pair_gemm_quad16_m4, 16, 0
  QUAD nib_pair_gemm_quad32_m4, 32, 0
  QUAD nib_pair_gemm_quad64_m4, 64, 0
  QUAD nib_pair_gemm_quad128_m4, 128, 0
  QUAD nib_pair_gemm_quad16c_m4, 16, 1
  QUAD nib_pair_gemm_quad32c_m4, 32, 1
  QUAD_LOOP nib_pair_gemm_quad256_m4, 256, 0
  QUAD_LOOP nib_pair_gemm_quad288_m4, 288, 0
  QUAD_LOOP nib_pair_gemm_quad576_m4, 576, 0
  QUAD_LOOP nib_pair_gemm_quad288c_m4, 288, 1
  QUAD_LOOP nib_pair_gemm_quad144_m4, 144, 0     @ with granted scratch only (pair_gemm_s8.cc, wide_bytes)
  QUAD_LOOP nib_pair_gemm_quad576c_m4, 576, 1

@ The row-window variants for 3x3 convolutions at stride 1 over C = 16, 32
@ or 64 channels (K = 9 C): the four pixels are consecutive in one output
@ row, so their fields overlap inside one window of 3 input rows x 6
@ columns, widened once per tile (pair_gemm_s8.cc, widen_window): per row
@ 6 columns of C channels as (even, odd) lane words per 4 bytes (12 C
@ bytes), so pixel p's field row starts 2 C p bytes into the window row.
@ Half the scratch of two widened pairs, and half the widening.
@ WROW: one window row (3 C bytes of K per pixel) from weight offset \w0
@ and window offset \x0, groups \j and up; \c: C, \k: K.
  .macro WROW w0, x0, c, k, j=0
  QMAC (\w0 + 4 * \j), \k, (\x0 + 8 * \j), (2 * \c), (4 * \c), 0
  QMAC (\w0 + 4 * \j), \k, (\x0 + 8 * \j + 4), (2 * \c), (4 * \c), 8
  .if (\j + 1) * 4 < 3 * \c
  WROW \w0, \x0, \c, \k, (\j + 1)
  .endif
  .endm

@ C = 16: the three rows unrolled.
  .macro WINDOW16
  .irp row, 0, 1, 2
  WROW (48 * \row), (192 * \row), 16, 144
  .endr
  .endm

@ C = 32 or 64: a loop over the three rows, the window's end at [sp].
  .macro WINDOW_LOOP name, c, clamp
  LOOP_TILE \name, (9 * \c), \clamp, (36 * \c), (12 * \c), (3 * \c), WROW 0, 0, \c, (9 * \c)
  .endm

  TILE nib_pair_gemm_window144_m4, 144, 0, WINDOW16
  WINDOW_LOOP nib_pair_gemm_window288_m4, 32, 0
  WINDOW_LOOP nib_pair_gemm_window576_m4, 64, 0

@ void nib_widen_words_m4(const int8_t* src, uint32_t* dst, const int8_t* src_end)
@ A window row's contiguous bytes (widen_window): each word as its
@ (even, odd) SXTB16 lanes, four words per pass (src word-aligned, the
@ length a multiple of 16 bytes): LDM and STM instead of single loads and
@ stores.
  FUNC nib_widen_words_m4
  push {r4-r10}
1:
  ldm r0!, {r3, r4, r5, r6}
  sxtb16 r7, r3
  sxtb16 r8, r3, ror #8
  sxtb16 r9, r4
  sxtb16 r10, r4, ror #8
  stm r1!, {r7, r8, r9, r10}
  sxtb16 r7, r5
  sxtb16 r8, r5, ror #8
  sxtb16 r9, r6
  sxtb16 r10, r6, ror #8
  stm r1!, {r7, r8, r9, r10}
  cmp r0, r2
  bne 1b
  pop {r4-r10}
  bx lr
  .size nib_widen_words_m4, . - nib_widen_words_m4
