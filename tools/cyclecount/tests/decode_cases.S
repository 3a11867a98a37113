/*
 * Decoder test vectors.  Each case is a 4-byte header {expected class,
 * expected nregs (or IT block length), expected flags, instruction length}
 * followed by the instruction as assembled by GNU as.  decode_test.cpp walks the
 * records (the .text section extracted with objcopy -O binary) and checks
 * nib::cc::decode_bytes against them.
 *
 * X cls, nregs, flags, insn   expect class cls, nregs, flags
 */
#include "cost_classes.h"

#define PC_ NIB_CCF_WRITES_PC
#define CND NIB_CCF_COND

    .syntax unified
    .cpu cortex-m4
    .fpu fpv4-sp-d16
    .thumb
    .text

    .macro X cls, nregs, flags, insn:vararg
    .byte \cls, \nregs, \flags, .Le\@ - .Lb\@
.Lb\@:
    \insn
.Le\@:
    .endm

/* ---------------------------------------------------------------- ALU */
    X NIB_CC_ALU, 0, 0, movs r0, #1
    X NIB_CC_ALU, 0, 0, adds r0, r1, r2
    X NIB_CC_ALU, 0, 0, subs r0, r1, #3
    X NIB_CC_ALU, 0, 0, adds r3, #200
    X NIB_CC_ALU, 0, 0, lsls r0, r1, #2
    X NIB_CC_ALU, 0, 0, asrs r0, r1, #31
    X NIB_CC_ALU, 0, 0, cmp r0, #1
    X NIB_CC_ALU, 0, 0, ands r0, r1
    X NIB_CC_ALU, 0, 0, eors r0, r1
    X NIB_CC_ALU, 0, 0, lsls r0, r1
    X NIB_CC_ALU, 0, 0, rors r0, r1
    X NIB_CC_ALU, 0, 0, adcs r0, r1
    X NIB_CC_ALU, 0, 0, sbcs r0, r1
    X NIB_CC_ALU, 0, 0, tst r0, r1
    X NIB_CC_ALU, 0, 0, rsbs r0, r1, #0
    X NIB_CC_ALU, 0, 0, cmn r0, r1
    X NIB_CC_ALU, 0, 0, orrs r0, r1
    X NIB_CC_ALU, 0, 0, bics r0, r1
    X NIB_CC_ALU, 0, 0, mvns r0, r1
    X NIB_CC_ALU, 0, 0, add r8, r9
    X NIB_CC_ALU, 0, 0, add r0, sp, r0
    X NIB_CC_ALU, 0, 0, cmp r8, r9
    X NIB_CC_ALU, 0, 0, mov r8, r9
    X NIB_CC_ALU, 0, 0, mov r0, r8
    X NIB_CC_ALU, 0, 0, mov sp, r7
    X NIB_CC_ALU, 0, 0, adr r0, .Lalign_target
    X NIB_CC_ALU, 0, 0, add r0, sp, #8
    X NIB_CC_ALU, 0, 0, add sp, #16
    X NIB_CC_ALU, 0, 0, sub sp, #16
    X NIB_CC_ALU, 0, 0, sxth r0, r1
    X NIB_CC_ALU, 0, 0, sxtb r0, r1
    X NIB_CC_ALU, 0, 0, uxth r0, r1
    X NIB_CC_ALU, 0, 0, uxtb r0, r1
    X NIB_CC_ALU, 0, 0, rev r0, r1
    X NIB_CC_ALU, 0, 0, rev16 r0, r1
    X NIB_CC_ALU, 0, 0, revsh r0, r1
    X NIB_CC_ALU, 0, 0, nop
    X NIB_CC_ALU, 0, 0, yield
    X NIB_CC_ALU, 0, 0, movw r0, #0x1234
    X NIB_CC_ALU, 0, 0, movt r0, #0x5678
    X NIB_CC_ALU, 0, 0, mov.w r0, #0xff00ff00
    X NIB_CC_ALU, 0, 0, movs.w r8, #1
    X NIB_CC_ALU, 0, 0, mvn.w r0, #7
    X NIB_CC_ALU, 0, 0, add.w r0, r1, r2, lsl #2
    X NIB_CC_ALU, 0, 0, adds.w r8, r9, r10
    X NIB_CC_ALU, 0, 0, addw r0, r1, #0xfff
    X NIB_CC_ALU, 0, 0, subw r0, r1, #0xfff
    X NIB_CC_ALU, 0, 0, sub.w r0, r1, #0x10000
    X NIB_CC_ALU, 0, 0, rsb.w r0, r1, r2, asr #3
    X NIB_CC_ALU, 0, 0, orr.w r0, r1, #0xff00ff00
    X NIB_CC_ALU, 0, 0, orn r0, r1, r2
    X NIB_CC_ALU, 0, 0, bic.w r0, r1, #1
    X NIB_CC_ALU, 0, 0, and.w r0, r1, r2, ror #8
    X NIB_CC_ALU, 0, 0, eor.w r0, r1, r2
    X NIB_CC_ALU, 0, 0, adc.w r0, r1, r2
    X NIB_CC_ALU, 0, 0, sbc.w r0, r1, #1
    X NIB_CC_ALU, 0, 0, teq.w r0, r1
    X NIB_CC_ALU, 0, 0, tst.w r0, #0x100
    X NIB_CC_ALU, 0, 0, cmp.w r0, #0x1000
    X NIB_CC_ALU, 0, 0, cmn.w r0, r1, lsl #1
    X NIB_CC_ALU, 0, 0, lsl.w r0, r1, r2
    X NIB_CC_ALU, 0, 0, asr.w r0, r1, r2
    X NIB_CC_ALU, 0, 0, lsr.w r0, r1, #5
    X NIB_CC_ALU, 0, 0, ror.w r0, r1, r2
    X NIB_CC_ALU, 0, 0, rrx r0, r1
    X NIB_CC_ALU, 0, 0, sxth.w r0, r1, ror #8
    X NIB_CC_ALU, 0, 0, uxtb16 r0, r1
    X NIB_CC_ALU, 0, 0, sxtab r0, r1, r2
    X NIB_CC_ALU, 0, 0, uxtah r0, r1, r2
    X NIB_CC_ALU, 0, 0, sadd16 r0, r1, r2
    X NIB_CC_ALU, 0, 0, uadd8 r0, r1, r2
    X NIB_CC_ALU, 0, 0, usub8 r0, r1, r2
    X NIB_CC_ALU, 0, 0, qadd r0, r1, r2
    X NIB_CC_ALU, 0, 0, qdadd r0, r1, r2
    X NIB_CC_ALU, 0, 0, qadd16 r0, r1, r2
    X NIB_CC_ALU, 0, 0, shadd8 r0, r1, r2
    X NIB_CC_ALU, 0, 0, uqsub8 r0, r1, r2
    X NIB_CC_ALU, 0, 0, sel r0, r1, r2
    X NIB_CC_ALU, 0, 0, clz r0, r1
    X NIB_CC_ALU, 0, 0, rbit r0, r1
    X NIB_CC_ALU, 0, 0, rev.w r8, r9
    X NIB_CC_ALU, 0, 0, ssat r0, #8, r1
    X NIB_CC_ALU, 0, 0, usat r0, #8, r1, lsl #4
    X NIB_CC_ALU, 0, 0, ssat16 r0, #8, r1
    X NIB_CC_ALU, 0, 0, usat16 r0, #8, r1
    X NIB_CC_ALU, 0, 0, pkhbt r0, r1, r2, lsl #16
    X NIB_CC_ALU, 0, 0, bfi r0, r1, #4, #8
    X NIB_CC_ALU, 0, 0, bfc r0, #4, #8
    X NIB_CC_ALU, 0, 0, sbfx r0, r1, #4, #8
    X NIB_CC_ALU, 0, 0, ubfx r0, r1, #4, #8
    X NIB_CC_ALU, 0, 0, adr.w r0, .Lalign_target
    X NIB_CC_ALU, 0, 0, nop.w
    X NIB_CC_ALU, 0, 0, pld [r0]
    X NIB_CC_ALU, 0, 0, pld [r0, #4]
    X NIB_CC_ALU, 0, 0, pld [r0, r1, lsl #2]
    X NIB_CC_ALU, 0, 0, pli [r0, #-8]
    X NIB_CC_ALU, 2, NIB_CCF_IT, itt eq
    X NIB_CC_ALU, 0, 0, addeq r0, r1
    X NIB_CC_ALU, 0, 0, moveq r0, #1
    X NIB_CC_ALU, 4, NIB_CCF_IT, itete ne
    X NIB_CC_ALU, 0, 0, movne r0, #1
    X NIB_CC_ALU, 0, 0, moveq r0, #2
    X NIB_CC_LD, 0, 0, ldrne r0, [r1]
    X NIB_CC_ST, 0, 0, streq r0, [r1]
    X NIB_CC_ALU, 1, NIB_CCF_IT, it gt
    X NIB_CC_BRANCH, 0, PC_, bxgt lr
    X NIB_CC_ALU, 3, NIB_CCF_IT, itte cc
    X NIB_CC_ALU, 0, 0, addcc r0, r1
    X NIB_CC_ALU, 0, 0, addcc r0, r2
    X NIB_CC_LDM_PC, 2, PC_, popcs {r4, pc}

/* ---------------------------------------------------------------- MUL / MAC / DIV */
    X NIB_CC_MUL, 0, 0, muls r0, r1, r0
    X NIB_CC_MUL, 0, 0, mul r3, r1, r2
    X NIB_CC_MAC, 0, 0, mla r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, mls r0, r1, r2, r3
    X NIB_CC_MUL, 0, 0, smulbb r0, r1, r2
    X NIB_CC_MUL, 0, 0, smultb r0, r1, r2
    X NIB_CC_MAC, 0, 0, smlabb r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, smlatt r0, r1, r2, r3
    X NIB_CC_MUL, 0, 0, smuad r0, r1, r2
    X NIB_CC_MUL, 0, 0, smuadx r0, r1, r2
    X NIB_CC_MAC, 0, 0, smlad r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, smladx r0, r1, r2, r3
    X NIB_CC_MUL, 0, 0, smusd r0, r1, r2
    X NIB_CC_MAC, 0, 0, smlsd r0, r1, r2, r3
    X NIB_CC_MUL, 0, 0, smulwb r0, r1, r2
    X NIB_CC_MAC, 0, 0, smlawt r0, r1, r2, r3
    X NIB_CC_MUL, 0, 0, smmul r0, r1, r2
    X NIB_CC_MUL, 0, 0, smmulr r0, r1, r2
    X NIB_CC_MAC, 0, 0, smmla r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, smmls r0, r1, r2, r3
    X NIB_CC_MUL, 0, 0, usad8 r0, r1, r2
    X NIB_CC_MAC, 0, 0, usada8 r0, r1, r2, r3
    X NIB_CC_MUL, 0, 0, smull r0, r1, r2, r3
    X NIB_CC_MUL, 0, 0, umull r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, smlal r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, umlal r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, umaal r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, smlalbt r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, smlald r0, r1, r2, r3
    X NIB_CC_MAC, 0, 0, smlsldx r0, r1, r2, r3
    X NIB_CC_DIV, 0, 0, sdiv r0, r1, r2
    X NIB_CC_DIV, 0, 0, udiv r0, r1, r2

/* ---------------------------------------------------------------- single loads / stores */
    X NIB_CC_LD, 0, 0, ldr r0, [r1]
    X NIB_CC_LD, 0, 0, ldr r0, [r1, #124]
    X NIB_CC_LD, 0, 0, ldr r0, [r1, r2]
    X NIB_CC_LD, 0, 0, ldrb r0, [r1, #31]
    X NIB_CC_LD, 0, 0, ldrb r0, [r1, r2]
    X NIB_CC_LD, 0, 0, ldrh r0, [r1, #2]
    X NIB_CC_LD, 0, 0, ldrh r0, [r1, r2]
    X NIB_CC_LD, 0, 0, ldrsb r0, [r1, r2]
    X NIB_CC_LD, 0, 0, ldrsh r0, [r1, r2]
    X NIB_CC_LD, 0, 0, ldr r0, [sp, #4]
    X NIB_CC_LD, 0, 0, ldr r0, .Lalign_target
    X NIB_CC_LD, 0, 0, ldr.w r0, .Lalign_target
    X NIB_CC_LD, 0, 0, ldr.w r0, [r1, #4095]
    X NIB_CC_LD, 0, 0, ldr r0, [r1, #-4]
    X NIB_CC_LD, 0, 0, ldr r0, [r1], #4
    X NIB_CC_LD, 0, 0, ldr r0, [r1, #4]!
    X NIB_CC_LD, 0, 0, ldr.w r0, [r1, r2, lsl #2]
    X NIB_CC_LD, 0, 0, ldr.w r8, [sp, #8]
    X NIB_CC_LD, 0, 0, ldrb.w r0, [r1, #1]
    X NIB_CC_LD, 0, 0, ldrsb.w r0, [r1, #1]
    X NIB_CC_LD, 0, 0, ldrh.w r0, [r1, #-2]
    X NIB_CC_LD, 0, 0, ldrsh.w r0, [r1, r2, lsl #1]
    X NIB_CC_LD, 0, 0, ldrt r0, [r1, #4]
    X NIB_CC_LD, 0, 0, ldrex r0, [r1]
    X NIB_CC_LD, 0, 0, ldrexb r0, [r1]
    X NIB_CC_LD, 0, 0, ldrexh r0, [r1]
    X NIB_CC_LD, 0, 0, strex r0, r1, [r2]
    X NIB_CC_LD, 0, 0, strexb r0, r1, [r2]
    X NIB_CC_LD, 0, 0, strexh r0, r1, [r2]
    X NIB_CC_ST, 0, 0, str r0, [r1]
    X NIB_CC_ST, 0, 0, str r0, [r1, #4]
    X NIB_CC_ST, 0, 0, strb r0, [r1, #1]
    X NIB_CC_ST, 0, 0, strh r0, [r1, #2]
    X NIB_CC_ST, 0, 0, str r0, [sp, #4]
    X NIB_CC_ST, 0, 0, str.w r0, [r1, #4095]
    X NIB_CC_ST, 0, 0, str r0, [r1, #-4]
    X NIB_CC_ST, 0, 0, str r0, [r1], #4
    X NIB_CC_ST, 0, 0, str r0, [r1, #4]!
    X NIB_CC_ST, 0, 0, strb.w r8, [r1, #1]
    X NIB_CC_ST, 0, 0, strh.w r0, [r1, #-2]
    X NIB_CC_ST, 0, 0, strt r0, [r1, #4]
    X NIB_CC_ST, 0, 0, push {r8}
    X NIB_CC_ST_REG, 0, 0, str r0, [r1, r2]
    X NIB_CC_ST_REG, 0, 0, strb r0, [r1, r2]
    X NIB_CC_ST_REG, 0, 0, strh r0, [r1, r2]
    X NIB_CC_ST_REG, 0, 0, str.w r0, [r1, r2, lsl #2]
    X NIB_CC_ST_REG, 0, 0, strb.w r8, [r1, r2, lsl #1]
    X NIB_CC_LDRD, 0, 0, ldrd r0, r1, [r2]
    X NIB_CC_LDRD, 0, 0, ldrd r0, r1, [r2], #8
    X NIB_CC_LDRD, 0, 0, ldrd r0, r1, .Lalign_target
    X NIB_CC_LDRD, 0, 0, strd r0, r1, [r2, #8]
    X NIB_CC_LDRD, 0, 0, strd r0, r1, [r2, #-8]!

/* ---------------------------------------------------------------- multiple */
    X NIB_CC_LDM, 4, 0, push {r4-r7}
    X NIB_CC_LDM, 2, 0, push {r4, lr}
    X NIB_CC_LDM, 3, 0, pop {r4-r6}
    X NIB_CC_LDM, 2, 0, ldmia r0!, {r1, r2}
    X NIB_CC_LDM, 3, 0, stmia r0!, {r1-r3}
    X NIB_CC_LDM, 3, 0, ldm.w r0, {r1, r2, r8}
    X NIB_CC_LDM, 9, 0, push {r4-r11, lr}
    X NIB_CC_LDM, 2, 0, ldmdb r0, {r1, r2}
    X NIB_CC_LDM, 2, 0, stmdb r0!, {r1, r2}
    X NIB_CC_LDM, 8, 0, pop {r4-r11}
    X NIB_CC_LDM_PC, 2, PC_, pop {r4, pc}
    X NIB_CC_LDM_PC, 1, PC_, pop {pc}
    X NIB_CC_LDM_PC, 9, PC_, pop {r4-r11, pc}
    X NIB_CC_LDM_PC, 2, PC_, ldmia.w r0, {r1, pc}
    X NIB_CC_LD_PC, 0, PC_, ldr pc, [r0]
    X NIB_CC_LD_PC, 0, PC_, ldr pc, [r0, r1, lsl #2]
    X NIB_CC_LD_PC, 0, PC_, ldr pc, [sp], #4
    X NIB_CC_LD_PC, 0, PC_, ldr.w pc, .Lalign_target
    X NIB_CC_TBB, 0, PC_, tbb [r0, r1]
    X NIB_CC_TBB, 0, PC_, tbh [r0, r1, lsl #1]

/* ---------------------------------------------------------------- branches */
.Lbr:
    X NIB_CC_BRANCH, 0, PC_, b .Lbr
    X NIB_CC_BRANCH, 0, PC_, b.w .Lbr
    X NIB_CC_BRANCH, 0, PC_|CND, beq .Lbr
    X NIB_CC_BRANCH, 0, PC_|CND, bne.w .Lbr
    X NIB_CC_BRANCH, 0, PC_|CND, bhi.w .Lfar
    X NIB_CC_BRANCH, 0, PC_, bl .Lbr
    X NIB_CC_BRANCH, 0, PC_, bx lr
    X NIB_CC_BRANCH, 0, PC_, blx r3
    X NIB_CC_BRANCH, 0, PC_|CND, cbz r0, .Lfwd
    X NIB_CC_BRANCH, 0, PC_|CND, cbnz r7, .Lfwd
    X NIB_CC_BRANCH, 0, PC_, mov pc, lr
    X NIB_CC_BRANCH, 0, PC_, add pc, r0
.Lfwd:

/* ---------------------------------------------------------------- floating point */
    X NIB_CC_FP, 0, 0, vadd.f32 s0, s1, s2
    X NIB_CC_FP, 0, 0, vsub.f32 s0, s1, s2
    X NIB_CC_FP, 0, 0, vmul.f32 s31, s1, s2
    X NIB_CC_FP, 0, 0, vnmul.f32 s0, s1, s2
    X NIB_CC_FP, 0, 0, vabs.f32 s0, s1
    X NIB_CC_FP, 0, 0, vneg.f32 s0, s1
    X NIB_CC_FP, 0, 0, vmov.f32 s0, s1
    X NIB_CC_FP, 0, 0, vmov.f32 s0, #1.0
    X NIB_CC_FP, 0, 0, vmov s0, r0
    X NIB_CC_FP, 0, 0, vmov r0, s0
    X NIB_CC_FP, 0, 0, vmov r0, r1, d0
    X NIB_CC_FP, 0, 0, vmov d1, r2, r3
    X NIB_CC_FP, 0, 0, vmov s0, s1, r0, r1
    X NIB_CC_FP, 0, 0, vmrs APSR_nzcv, fpscr
    X NIB_CC_FP, 0, 0, vmrs r0, fpscr
    X NIB_CC_FP, 0, 0, vmsr fpscr, r0
    X NIB_CC_FP, 0, 0, vcvt.f32.s32 s0, s0
    X NIB_CC_FP, 0, 0, vcvt.f32.u32 s0, s1
    X NIB_CC_FP, 0, 0, vcvt.s32.f32 s0, s0
    X NIB_CC_FP, 0, 0, vcvtr.u32.f32 s0, s0
    X NIB_CC_FP, 0, 0, vcvt.s32.f32 s0, s0, #16
    X NIB_CC_FP, 0, 0, vcvt.f32.u16 s0, s0, #8
    X NIB_CC_FP, 0, 0, vcvtb.f32.f16 s0, s1
    X NIB_CC_FP, 0, 0, vcvtt.f16.f32 s0, s1
    X NIB_CC_FP, 0, 0, vcmp.f32 s0, s1
    X NIB_CC_FP, 0, 0, vcmpe.f32 s0, #0.0
    X NIB_CC_FP_MAC, 0, 0, vmla.f32 s0, s1, s2
    X NIB_CC_FP_MAC, 0, 0, vmls.f32 s0, s1, s2
    X NIB_CC_FP_MAC, 0, 0, vnmla.f32 s0, s1, s2
    X NIB_CC_FP_MAC, 0, 0, vnmls.f32 s0, s1, s2
    X NIB_CC_FP_MAC, 0, 0, vfma.f32 s0, s1, s2
    X NIB_CC_FP_MAC, 0, 0, vfms.f32 s0, s1, s2
    X NIB_CC_FP_MAC, 0, 0, vfnma.f32 s0, s1, s2
    X NIB_CC_FP_MAC, 0, 0, vfnms.f32 s0, s1, s2
    X NIB_CC_FP_DIV, 0, 0, vdiv.f32 s0, s1, s2
    X NIB_CC_FP_DIV, 0, 0, vsqrt.f32 s0, s1
    X NIB_CC_FP_LS, 0, 0, vldr s0, [r0]
    X NIB_CC_FP_LS, 0, 0, vldr s0, [r0, #-8]
    X NIB_CC_FP_LS, 0, 0, vstr s31, [sp, #1020]
    X NIB_CC_FP_LS, 0, 0, vldr d0, [r0]
    X NIB_CC_FP_LS, 0, 0, vstr d15, [r0, #8]
    X NIB_CC_FP_LS, 0, 0, vldr s2, .Lalign_target
    X NIB_CC_FP_LDM, 16, 0, vpush {s16-s31}
    X NIB_CC_FP_LDM, 16, 0, vpop {d8-d15}
    X NIB_CC_FP_LDM, 4, 0, vldmia r0!, {s0-s3}
    X NIB_CC_FP_LDM, 2, 0, vstmia r0, {s0-s1}
    X NIB_CC_FP_LDM, 4, 0, vstmdb r0!, {d0-d1}
    X NIB_CC_FP_LDM, 1, 0, vldmdb r1!, {s5}

/* ---------------------------------------------------------------- system */
    X NIB_CC_SYS, 0, 0, mrs r0, primask
    X NIB_CC_SYS, 0, 0, msr basepri, r0
    X NIB_CC_SYS, 0, 0, cpsid i
    X NIB_CC_SYS, 0, 0, cpsie f
    X NIB_CC_SYS, 0, 0, dmb
    X NIB_CC_SYS, 0, 0, dsb
    X NIB_CC_SYS, 0, 0, isb
    X NIB_CC_SYS, 0, 0, clrex
    X NIB_CC_SYS, 0, 0, svc 0
    X NIB_CC_SYS, 0, 0, bkpt 0xab
    X NIB_CC_SYS, 0, 0, udf 0
    X NIB_CC_SYS, 0, 0, udf.w 0x1234
    X NIB_CC_SYS, 0, 0, wfi
    X NIB_CC_SYS, 0, 0, wfe
    X NIB_CC_SYS, 0, 0, sev
    X NIB_CC_SYS, 0, 0, wfi.w

/* ---------------------------------------------------------------- not on a Cortex-M4F */
    X NIB_CC_UNKNOWN, 0, 0, .inst.w 0xee300b00   /* vadd.f64 d0, d0, d0 (double precision) */
    X NIB_CC_UNKNOWN, 0, 0, .inst.w 0xee800b01   /* vdiv.f64 */
    X NIB_CC_UNKNOWN, 0, 0, .inst.w 0xeeb70ac0   /* vcvt.f64.f32 */
    X NIB_CC_UNKNOWN, 0, 0, .inst.n 0xb800       /* unallocated misc 16-bit */
    X NIB_CC_UNKNOWN, 0, 0, .inst.n 0xba80       /* HLT (ARMv8) */
    X NIB_CC_UNKNOWN, 0, 0, .inst.n 0x4508       /* CMP (register) T2 with two low registers */
    X NIB_CC_UNKNOWN, 0, 0, .inst.w 0xf000e800   /* BLX (immediate): ARM state only */
    X NIB_CC_UNKNOWN, 0, 0, .inst.w 0xfe000000   /* CDP2 / Advanced SIMD space */
    X NIB_CC_UNKNOWN, 0, 0, .inst.w 0xee000e10   /* MCR p14 */
    X NIB_CC_UNKNOWN, 0, 0, .inst.w 0xe9900000   /* RFE */
    X NIB_CC_UNKNOWN, 0, 0, .inst.w 0xf9500000   /* signed word load (no such instruction) */
    X NIB_CC_UNKNOWN, 0, 0, .inst.w 0xe8d00070   /* LDREXD (not ARMv7-M) */

    .p2align 2
.Lalign_target:
    .word 0
.Lfar:
