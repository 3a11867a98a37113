/*
 * Cost classes of the Thumb/Thumb-2 decoder (ARMv7E-M + FPv4-SP, i.e. Cortex-M4F).
 *
 * Plain macros so that C, C++ and preprocessed assembly (tests/decode_cases.S)
 * share one definition.  The cycles of each class live in cost_table.h.
 */
#ifndef NIB_CYCLECOUNT_COST_CLASSES_H
#define NIB_CYCLECOUNT_COST_CLASSES_H

#define NIB_CC_UNKNOWN   0  /* not decoded: reported by the plugin and the classifier */
#define NIB_CC_ALU       1  /* data processing, moves, shifts, extends, bitfields, saturation,
                               SIMD add/sub, CLZ/REV, ADR, IT, NOP/YIELD, PLD/PLI */
#define NIB_CC_MUL       2  /* MUL, SMUL<x><y>, SMULW<y>, SMUAD/SMUSD, SMMUL, USAD8,
                               SMULL, UMULL */
#define NIB_CC_MAC       3  /* MLA, MLS, SMLA<x><y>, SMLAW<y>, SMLAD/SMLSD, SMMLA/SMMLS, USADA8,
                               SMLAL*, SMLALD/SMLSLD, UMLAL, UMAAL */
#define NIB_CC_DIV       4  /* SDIV, UDIV */
#define NIB_CC_LD        5  /* single load (any size/addressing mode, literal, LDREX*) and STREX* */
#define NIB_CC_ST        6  /* single store with immediate offset / pre- / post-index */
#define NIB_CC_ST_REG    7  /* single store with register offset */
#define NIB_CC_LDRD      8  /* LDRD, STRD */
#define NIB_CC_LDM       9  /* LDM/STM/PUSH/POP without PC in the list: nregs = registers */
#define NIB_CC_LDM_PC   10  /* LDM/POP with PC in the list (a branch): nregs includes PC */
#define NIB_CC_LD_PC    11  /* LDR PC, [...] (a branch) */
#define NIB_CC_TBB      12  /* TBB, TBH (a branch) */
#define NIB_CC_BRANCH   13  /* B, B<cond>, BL, BX, BLX, CBZ, CBNZ, MOV PC / ADD PC */
#define NIB_CC_FP       14  /* other FP: VADD/VSUB/VMUL/VNMUL/VABS/VNEG/VMOV/VCVT/VCMP/VMRS/VMSR */
#define NIB_CC_FP_MAC   15  /* VMLA/VMLS/VNMLA/VNMLS/VFMA/VFMS/VFNMA/VFNMS */
#define NIB_CC_FP_DIV   16  /* VDIV, VSQRT */
#define NIB_CC_FP_LS    17  /* VLDR, VSTR */
#define NIB_CC_FP_LDM   18  /* VLDM/VSTM/VPUSH/VPOP: nregs = 32-bit words transferred */
#define NIB_CC_SYS      19  /* MRS/MSR/CPS, DMB/DSB/ISB/CLREX, SVC, BKPT, UDF, WFI/WFE/SEV */
#define NIB_CC_COUNT    20

/* Flags of a decoded instruction (nib::cc::Insn::flags, and the expected flags in
 * tests/decode_cases.S). */
#define NIB_CCF_COND     0x01  /* conditional encoding: B<cond> (T1/T3), CBZ, CBNZ */
#define NIB_CCF_IT       0x02  /* the IT instruction itself (it_len = instructions in its block) */
#define NIB_CCF_WRITES_PC 0x04 /* may redirect the PC: class BRANCH, LDM_PC, LD_PC, TBB */

#endif
