/*
 * Hand-counted test firmware for the cyclecount plugin (QEMU mps2-an386, Cortex-M4F).
 *
 * Markers: nib_mark_begin/nib_mark_end come from marker/nib_mark.c (compiled C);
 * their internal instructions are excluded from every window and from "net"
 * totals, so every number below depends only on this file.
 *   id 1: the whole loop (1 occurrence)
 *   id 2: one loop iteration (10 occurrences, nested in id 1)
 *   id 3: 600 back-to-back loads (1 occurrence)
 * A window = caller instructions after `bl nib_mark_begin` .. `bl nib_mark_end`
 * inclusive.
 *
 * Anchor costs used below: ALU/MUL/MAC 1; LD/ST 2, 1 right after another single
 * load/store; LDM/PUSH/POP 1+N; POP {..,pc} 1+N, +2 taken; branch 1, +2 taken;
 * TBB 2+2; UDIV 7; VMLA 3; VDIV/VSQRT 14; other FP 1; VLDR/VSTR 2; VPUSH/VPOP 1+N.
 *
 * ---------------------------------------------------------------- arithmetic
 * sub(r0 = k), see the per-line costs:
 *   odd k : push 3, tst 1, itt 1, addne 1, popne 3+2 (taken)      = 5 insns, 11 cycles
 *   even k: push 3, tst 1, itt 1, addne 1 (condition fails, still
 *           charged), popne 3 (not taken)                          = 9
 *           vldr 2, vldr 2, vmla 3, vdiv 14, vsqrt 14, vadd 1,
 *           vpush 5, vpop 5, vstr 2                                = 48
 *           lsrs 1, and 1, tbb 4                                   =  6
 *           -> 17 insns, 63 cycles, then TBB case (k>>1)&1:
 *      case 0 (k = 8, 4):     adds 1, b 3, cbz 3 (taken), pop 5   = 4 insns, 12 cycles
 *      case 1 (k = 10, 6, 2): adds 1, cbz 1 (not taken), adds 1, pop 5
 *                                                                  = 4 insns,  8 cycles
 *      -> case 0: 21 insns, 75 cycles; case 1: 21 insns, 71 cycles
 * Window id 2, iteration with r5 = k:
 *   ldr 2, ldr 1, str 1, mul 1, smlad 1, push 3, pop 3, ldm 4, udiv 7,
 *   cmp 1, beq 1                                                   = 11 insns, 25 cycles
 *   mov 1, bl sub 3, movs 1, bl nib_mark_end 3                     =  4 insns,  8 cycles
 *   k != 5: adds 1 (beq not taken)  -> 16 insns, 34 cycles
 *   k == 5: beq taken +2            -> 15 insns, 35 cycles
 *   plus sub(k):
 *   k = 10, 6, 2:   16+21 = 37 insns, 34+71 = 105 cycles
 *   k = 8, 4:       16+21 = 37 insns, 34+75 = 109 cycles
 *   k = 9, 7, 3, 1: 16+5  = 21 insns, 34+11 =  45 cycles
 *   k = 5:          15+5  = 20 insns, 35+11 =  46 cycles
 *   sum: insns 5*37 + 4*21 + 20 = 289; cycles 3*105 + 2*109 + 4*45 + 46 = 759
 * Window id 1:
 *   movs r5 1                                                      =   1 insn,    1 cycle
 *   10 x (movs r0 1 + bl nib_mark_begin 3)                         =  20 insns,  40 cycles
 *   10 iterations of window 2                                      = 289 insns, 759 cycles
 *   10 x subs 1, 10 x bne 1, 9 taken x 2                           =  20 insns,  38 cycles
 *   movs r0 1, bl nib_mark_end 3                                   =   2 insns,   4 cycles
 *   -> 332 insns, 842 cycles
 * Window id 3 (function ldrun): 600 back-to-back `ldr r1, [r4]`, 2 + 599*1 = 601
 *   cycles (QEMU splits this straight-line run into several blocks: the plugin
 *   must keep pipelining across the fall-through), movs 1, bl 3
 *   -> 602 insns, 605 cycles
 * Whole run outside the marker functions ("net" = total - marker):
 *   before id 1: movs 1, ldr 2, ldr 1, orr 1, str 2, dsb 1, isb 1, ldr 2, movs 1,
 *                bl 3                                              =  10 insns,  15 cycles
 *   id 1                                                           = 332 insns, 842 cycles
 *   bl ldrun 3, push {lr} 2, movs 1, bl 3, id 3 (602, 605),
 *   pop {pc} 1+1+2                                                 = 607 insns, 618 cycles
 *   exit: movs 1, ldr 2, bkpt 1                                    =   3 insns,   4 cycles
 *   -> 10 + 332 + 607 + 3 = 952 insns, 15 + 842 + 618 + 4 = 1479 cycles
 * The same numbers are asserted by check_run.py (mode loop).
 */
    .syntax unified
    .cpu cortex-m4
    .fpu fpv4-sp-d16
    .thumb

    .section .vectors, "a", %progbits
    .word __stack_top
    .word reset_handler
    .rept 14
    .word fault_handler
    .endr

    .text
    .global reset_handler
    .type reset_handler, %function
    .thumb_func
reset_handler:
    movs    r6, #0                  @ ALU 1
    ldr     r0, =0xE000ED88         @ LD 2       CPACR
    ldr     r1, [r0]                @ LD 1       (pipelined)
    orr     r1, r1, #0x00F00000     @ ALU 1      CP10, CP11 full access
    str     r1, [r0]                @ ST 2
    dsb                             @ SYS 1
    isb                             @ SYS 1
    ldr     r4, =data               @ LD 2
    movs    r0, #1                  @ ALU 1
    bl      nib_mark_begin          @ BRANCH 3   ---- id 1 begins
    movs    r5, #10                 @ ALU 1
loop:
    movs    r0, #2                  @ ALU 1
    bl      nib_mark_begin          @ BRANCH 3   ---- id 2 begins
    ldr     r1, [r4, #0]            @ LD 2
    ldr     r2, [r4, #4]            @ LD 1       (pipelined)
    str     r1, [r4, #8]            @ ST 1       (pipelined)
    mul     r3, r1, r2              @ MUL 1
    smlad   r3, r1, r2, r3          @ MAC 1
    push    {r1, r2}                @ LDM 1+2
    pop     {r1, r2}                @ LDM 1+2
    ldm     r4, {r1, r2, r3}        @ LDM 1+3
    udiv    r3, r3, r5              @ DIV 7
    cmp     r5, #5                  @ ALU 1
    beq     1f                      @ BRANCH 1, +2 taken (k == 5)
    adds    r6, r6, #1              @ ALU 1
1:
    mov     r0, r5                  @ ALU 1
    bl      sub                     @ BRANCH 3
    movs    r0, #2                  @ ALU 1
    bl      nib_mark_end            @ BRANCH 3   ---- id 2 ends
    subs    r5, r5, #1              @ ALU 1
    bne     loop                    @ BRANCH 1, +2 taken (9 of 10)
    movs    r0, #1                  @ ALU 1
    bl      nib_mark_end            @ BRANCH 3   ---- id 1 ends
    bl      ldrun                   @ BRANCH 3
    movs    r0, #0x18               @ ALU 1      SYS_EXIT
    ldr     r1, =0x20026            @ LD 2       ADP_Stopped_ApplicationExit
    bkpt    0xab                    @ SYS 1
    b       .

    .type sub, %function
    .thumb_func
sub:
    push    {r4, lr}                @ LDM 1+2
    tst     r0, #1                  @ ALU 1
    itt     ne                      @ ALU 1
    addne   r6, r6, #1              @ ALU 1      (charged even when skipped)
    popne   {r4, pc}                @ LDM_PC 1+2, +2 taken (odd k)
    vldr    s0, [r4, #12]           @ FP_LS 2
    vldr    s1, [r4, #16]           @ FP_LS 2
    vmla.f32 s2, s0, s1             @ FP_MAC 3
    vdiv.f32 s3, s0, s1             @ FP_DIV 14
    vsqrt.f32 s4, s0                @ FP_DIV 14
    vadd.f32 s5, s3, s4             @ FP 1
    vpush   {s0-s3}                 @ FP_LDM 1+4
    vpop    {s0-s3}                 @ FP_LDM 1+4
    vstr    s5, [r4, #20]           @ FP_LS 2
    lsrs    r1, r0, #1              @ ALU 1
    and     r1, r1, #1              @ ALU 1
    tbb     [pc, r1]                @ TBB 2+2
2:
    .byte   (3f - 2b) / 2
    .byte   (4f - 2b) / 2
    .p2align 1
3:  adds    r6, r6, #2              @ ALU 1      case 0
    b       5f                      @ BRANCH 1+2
4:  adds    r6, r6, #3              @ ALU 1      case 1
5:  cbz     r1, 6f                  @ BRANCH 1, +2 taken (case 0)
    adds    r6, r6, #1              @ ALU 1
6:  pop     {r4, pc}                @ LDM_PC 1+2+2

    .type fault_handler, %function
    .thumb_func
fault_handler:
    movs    r0, #0x18               @ SYS_EXIT
    ldr     r1, =0x20023            @ ADP_Stopped_RunTimeErrorUnknown -> QEMU exits 1
    bkpt    0xab
    b       .

    .ltorg

    .type ldrun, %function
    .thumb_func
ldrun:
    push    {lr}                    @ LDM 1+1
    movs    r0, #3                  @ ALU 1
    bl      nib_mark_begin          @ BRANCH 3   ---- id 3 begins
    .rept   600
    ldr     r1, [r4]                @ LD 2 (first), then 1 (pipelined)
    .endr
    movs    r0, #3                  @ ALU 1
    bl      nib_mark_end            @ BRANCH 3   ---- id 3 ends
    pop     {pc}                    @ LDM_PC 1+1+2

    .bss
    .p2align 3
data:
    .space  32
