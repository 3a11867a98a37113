// Thumb / Thumb-2 classifier: see thumb_decode.h.
//
// The structure follows the encoding tables of the ARMv7-M Architecture Reference
// Manual (chapter A5 "The Thumb Instruction Set Encoding" and A6 "The
// Floating-point Instruction Set Encoding"); comments name the table rows as
// bit patterns of the fields they test.
#include "thumb_decode.h"

#include <cctype>

namespace nib::cc {
namespace {

constexpr unsigned bits(uint32_t v, unsigned hi, unsigned lo) {
  return (v >> lo) & ((1u << (hi - lo + 1)) - 1u);
}
constexpr unsigned bit(uint32_t v, unsigned b) { return (v >> b) & 1u; }

unsigned popcount16(unsigned v) {
  unsigned n = 0;
  for (; v; v &= v - 1) ++n;
  return n;
}

Insn make(unsigned size, unsigned cls, unsigned nregs = 0, unsigned flags = 0) {
  Insn r;
  r.size = static_cast<uint8_t>(size);
  r.cls = static_cast<uint8_t>(cls);
  r.nregs = static_cast<uint8_t>(nregs);
  r.flags = static_cast<uint8_t>(flags);
  return r;
}

Insn branch16(unsigned flags = 0) { return make(2, NIB_CC_BRANCH, 0, NIB_CCF_WRITES_PC | flags); }
Insn branch32(unsigned flags = 0) { return make(4, NIB_CC_BRANCH, 0, NIB_CCF_WRITES_PC | flags); }

// ---------------------------------------------------------------- 16-bit

// 1011 xxxx xxxx xxxx: miscellaneous 16-bit instructions.
Insn misc16(uint16_t hw) {
  const unsigned top = hw >> 8;
  switch (top) {
    case 0xB0:  // ADD/SUB SP, SP, #imm
    case 0xB2:  // SXTH, SXTB, UXTH, UXTB
      return make(2, NIB_CC_ALU);
    case 0xB1: case 0xB3: case 0xB9: case 0xBB:  // CBZ / CBNZ: 1011 o0i1
      return branch16(NIB_CCF_COND);
    case 0xB4: case 0xB5:  // PUSH {reglist, LR}
      return make(2, NIB_CC_LDM, popcount16(hw & 0xFF) + bit(hw, 8));
    case 0xBC: case 0xBD: {  // POP {reglist, PC}
      const unsigned n = popcount16(hw & 0xFF) + bit(hw, 8);
      if (bit(hw, 8)) return make(2, NIB_CC_LDM_PC, n, NIB_CCF_WRITES_PC);
      return make(2, NIB_CC_LDM, n);
    }
    case 0xB6:  // CPSIE/CPSID: 1011 0110 011 im (0)(0) I F
      if ((hw & 0xFFE0) == 0xB660) return make(2, NIB_CC_SYS);
      return make(2, NIB_CC_UNKNOWN);
    case 0xBA:  // REV, REV16, (10: undefined), REVSH
      if (bits(hw, 7, 6) == 2) return make(2, NIB_CC_UNKNOWN);
      return make(2, NIB_CC_ALU);
    case 0xBE:  // BKPT
      return make(2, NIB_CC_SYS);
    case 0xBF: {
      const unsigned mask = bits(hw, 3, 0);
      if (mask != 0) {  // IT: the block is 4 - (trailing zeros of mask) instructions
        Insn r = make(2, NIB_CC_ALU, 0, NIB_CCF_IT);
        unsigned tz = 0;
        while (!bit(mask, tz)) ++tz;
        r.it_len = static_cast<uint8_t>(4 - tz);
        return r;
      }
      switch (bits(hw, 7, 4)) {  // hints
        case 2: case 3: case 4:  // WFE, WFI, SEV
          return make(2, NIB_CC_SYS);
        default:  // NOP, YIELD, unallocated hints (execute as NOP)
          return make(2, NIB_CC_ALU);
      }
    }
    default:  // 0xB7, 0xB8: unallocated
      return make(2, NIB_CC_UNKNOWN);
  }
}

Insn decode16(uint16_t hw) {
  const unsigned op = hw >> 10;  // bits 15..10
  if ((op & 0x30) == 0x00)  // 00xxxx: shift (imm), add, sub, mov, cmp
    return make(2, NIB_CC_ALU);
  if (op == 0x10)  // 010000: data processing; opcode 1101 is MULS
    return make(2, bits(hw, 9, 6) == 0xD ? NIB_CC_MUL : NIB_CC_ALU);
  if (op == 0x11) {  // 010001: special data processing, branch and exchange
    const unsigned o = bits(hw, 9, 6);
    const unsigned rd = (bit(hw, 7) << 3) | bits(hw, 2, 0);
    if ((o & 0xC) == 0x0)  // ADD (register), high registers
      return rd == 15 ? branch16() : make(2, NIB_CC_ALU);
    if (o == 0x4) return make(2, NIB_CC_UNKNOWN);  // 0100: UNPREDICTABLE
    if ((o & 0xC) == 0x4) return make(2, NIB_CC_ALU);  // CMP (register), high registers
    if ((o & 0xC) == 0x8)  // MOV (register)
      return rd == 15 ? branch16() : make(2, NIB_CC_ALU);
    return branch16();  // 110x BX, 111x BLX
  }
  if ((op & 0x3E) == 0x12)  // 01001x: LDR (literal)
    return make(2, NIB_CC_LD);
  if ((op & 0x3C) == 0x14)  // 0101xx: load/store register offset
    return make(2, bits(hw, 11, 9) <= 2 ? NIB_CC_ST_REG : NIB_CC_LD);  // 000 STR 001 STRH 010 STRB
  if ((op & 0x38) == 0x18 || (op & 0x38) == 0x20)  // 011xxx, 100xxx: imm / SP-relative; bit 11 = L
    return make(2, bit(hw, 11) ? NIB_CC_LD : NIB_CC_ST);
  if ((op & 0x3C) == 0x28)  // 1010xx: ADR, ADD Rd, SP, #imm
    return make(2, NIB_CC_ALU);
  if ((op & 0x3C) == 0x2C)  // 1011xx: miscellaneous
    return misc16(hw);
  if ((op & 0x3C) == 0x30)  // 1100xx: STM / LDM (16-bit never includes PC)
    return make(2, NIB_CC_LDM, popcount16(hw & 0xFF));
  if ((op & 0x3C) == 0x34) {  // 1101xx: B<cond>, UDF, SVC
    const unsigned cond = bits(hw, 11, 8);
    if (cond >= 0xE) return make(2, NIB_CC_SYS);  // 1110 UDF, 1111 SVC
    return branch16(NIB_CCF_COND);
  }
  if ((op & 0x3E) == 0x38)  // 11100x: B (unconditional)
    return branch16();
  return make(2, NIB_CC_UNKNOWN);  // 32-bit prefixes are handled by the caller
}

// ---------------------------------------------------------------- 32-bit

// op1 = 01, op2 = 00xx0xx: load/store multiple.
Insn ldm_stm32(uint16_t h1, uint16_t h2) {
  const unsigned op = bits(h1, 8, 7);
  if (op != 1 && op != 2) return make(4, NIB_CC_UNKNOWN);  // SRS/RFE: not in ARMv7-M
  const unsigned n = popcount16(h2);
  if (bit(h1, 4) && bit(h2, 15)) return make(4, NIB_CC_LDM_PC, n, NIB_CCF_WRITES_PC);
  return make(4, NIB_CC_LDM, n);
}

// op1 = 01, op2 = 00xx1xx: load/store dual or exclusive, table branch.
Insn dual_excl32(uint16_t h1, uint16_t h2) {
  if (bit(h1, 8) || bit(h1, 5)) return make(4, NIB_CC_LDRD);  // LDRD/STRD (imm, literal)
  const unsigned op3 = bits(h2, 7, 4);
  switch ((bit(h1, 7) << 1) | bit(h1, 4)) {
    case 0:  // STREX
    case 1:  // LDREX
      return make(4, NIB_CC_LD);
    case 2:  // STREXB / STREXH
      return make(4, (op3 == 4 || op3 == 5) ? NIB_CC_LD : NIB_CC_UNKNOWN);
    default:  // TBB / TBH / LDREXB / LDREXH
      if (op3 == 0 || op3 == 1) return make(4, NIB_CC_TBB, 0, NIB_CCF_WRITES_PC);
      return make(4, (op3 == 4 || op3 == 5) ? NIB_CC_LD : NIB_CC_UNKNOWN);
  }
}

// op1 = 10, op = 1: branches and miscellaneous control.
Insn branch_misc32(uint16_t h1, uint16_t h2) {
  const unsigned op1 = bits(h1, 10, 4);
  const unsigned op2 = bits(h2, 14, 12);
  if ((op2 & 0x5) == 0x0) {  // 0x0
    if ((op1 & 0x38) != 0x38) return branch32(NIB_CCF_COND);   // B<cond> (T3)
    if ((op1 & 0x7E) == 0x38) return make(4, NIB_CC_SYS);      // 011100x MSR
    if ((op1 & 0x7E) == 0x3E) return make(4, NIB_CC_SYS);      // 011111x MRS
    if (op1 == 0x3A) {                                         // 0111010 hints
      if (bits(h2, 10, 8) != 0) return make(4, NIB_CC_UNKNOWN);
      const unsigned hint = bits(h2, 7, 0);
      if (hint >= 2 && hint <= 4) return make(4, NIB_CC_SYS);  // WFE, WFI, SEV
      if ((hint & 0xF0) == 0xF0) return make(4, NIB_CC_SYS);   // DBG
      return make(4, NIB_CC_ALU);                              // NOP.W, YIELD.W, unallocated
    }
    if (op1 == 0x3B) {                                         // 0111011 misc control
      const unsigned o = bits(h2, 7, 4);
      if (o == 2 || o == 4 || o == 5 || o == 6) return make(4, NIB_CC_SYS);  // CLREX DSB DMB ISB
      return make(4, NIB_CC_UNKNOWN);
    }
    if (op1 == 0x7F && op2 == 0x2) return make(4, NIB_CC_SYS); // UDF.W
    return make(4, NIB_CC_UNKNOWN);
  }
  if ((op2 & 0x5) == 0x1) return branch32();  // 0x1: B (T4)
  if ((op2 & 0x5) == 0x5) return branch32();  // 1x1: BL
  return make(4, NIB_CC_UNKNOWN);             // 1x0: BLX (immediate), ARM state only
}

// op1 = 11, op2 = 0110xxx: multiply, multiply accumulate, absolute difference.
Insn mul32(uint16_t h1, uint16_t h2) {
  if (bits(h2, 7, 6) != 0) return make(4, NIB_CC_UNKNOWN);
  const unsigned op1 = bits(h1, 6, 4);
  const unsigned op2 = bits(h2, 5, 4);
  const bool acc = bits(h2, 15, 12) != 15;  // Ra == 1111 selects the non-accumulating form
  const unsigned mul_or_mac = acc ? NIB_CC_MAC : NIB_CC_MUL;
  switch (op1) {
    case 0:  // 00: MLA / MUL, 01: MLS
      if (op2 == 0) return make(4, mul_or_mac);
      if (op2 == 1) return make(4, NIB_CC_MAC);
      return make(4, NIB_CC_UNKNOWN);
    case 1:  // SMLA<x><y> / SMUL<x><y>
      return make(4, mul_or_mac);
    case 2: case 3: case 4: case 5:  // SMLAD/SMUAD, SMLAW/SMULW, SMLSD/SMUSD, SMMLA/SMMUL
      return make(4, (op2 & 2) ? NIB_CC_UNKNOWN : mul_or_mac);
    case 6:  // SMMLS
      return make(4, (op2 & 2) ? NIB_CC_UNKNOWN : NIB_CC_MAC);
    default:  // USADA8 / USAD8
      return make(4, op2 == 0 ? mul_or_mac : NIB_CC_UNKNOWN);
  }
}

// op1 = 11, op2 = 0111xxx: long multiply, long multiply accumulate, divide.
Insn long_mul32(uint16_t h1, uint16_t h2) {
  const unsigned op1 = bits(h1, 6, 4);
  const unsigned op2 = bits(h2, 7, 4);
  switch (op1) {
    case 0: return make(4, op2 == 0x0 ? NIB_CC_MUL : NIB_CC_UNKNOWN);  // SMULL
    case 1: return make(4, op2 == 0xF ? NIB_CC_DIV : NIB_CC_UNKNOWN);  // SDIV
    case 2: return make(4, op2 == 0x0 ? NIB_CC_MUL : NIB_CC_UNKNOWN);  // UMULL
    case 3: return make(4, op2 == 0xF ? NIB_CC_DIV : NIB_CC_UNKNOWN);  // UDIV
    case 4:  // SMLAL, SMLAL<x><y> (10xx), SMLALD (110x)
      if (op2 == 0x0 || (op2 & 0xC) == 0x8 || (op2 & 0xE) == 0xC) return make(4, NIB_CC_MAC);
      return make(4, NIB_CC_UNKNOWN);
    case 5:  // SMLSLD (110x)
      return make(4, (op2 & 0xE) == 0xC ? NIB_CC_MAC : NIB_CC_UNKNOWN);
    case 6:  // UMLAL (0000), UMAAL (0110)
      return make(4, (op2 == 0x0 || op2 == 0x6) ? NIB_CC_MAC : NIB_CC_UNKNOWN);
    default:
      return make(4, NIB_CC_UNKNOWN);
  }
}

// op1 = 11, op2 = 000xxx0 (store) or 00xxAB1 (loads).
Insn store_single32(uint16_t h1, uint16_t h2) {
  if (bits(h1, 6, 5) == 3) return make(4, NIB_CC_UNKNOWN);
  if (bit(h1, 7)) return make(4, NIB_CC_ST);  // imm12
  if (bit(h2, 11)) return make(4, NIB_CC_ST);  // imm8: offset/pre/post-indexed, STRT
  if (bits(h2, 11, 6) == 0) return make(4, NIB_CC_ST_REG);
  return make(4, NIB_CC_UNKNOWN);
}

Insn load_single32(uint16_t h1, uint16_t h2, bool word) {
  const bool rt_pc = bits(h2, 15, 12) == 15;
  if (word) {
    if (bit(h1, 8)) return make(4, NIB_CC_UNKNOWN);  // no signed word load
    return rt_pc ? make(4, NIB_CC_LD_PC, 0, NIB_CCF_WRITES_PC) : make(4, NIB_CC_LD);
  }
  return make(4, rt_pc ? NIB_CC_ALU /* PLD, PLI, hints */ : NIB_CC_LD);
}

// Floating-point data processing (coprocessor 101x, op1 = 10xxxx, op = 0).
Insn fp_data32(uint16_t h1, uint16_t h2) {
  if (bit(h2, 8)) return make(4, NIB_CC_UNKNOWN);  // sz = 1: double precision, not on FPv4-SP
  const unsigned opc1 = bits(h1, 7, 4) & 0xB;      // bit 6 is D
  const unsigned opc2 = bits(h1, 3, 0);
  const unsigned opc3 = bits(h2, 7, 6);
  switch (opc1) {
    case 0x0: case 0x1:  // VMLA/VMLS, VNMLA/VNMLS
    case 0x9: case 0xA:  // VFNMA/VFNMS, VFMA/VFMS
      return make(4, NIB_CC_FP_MAC);
    case 0x2: case 0x3:  // VMUL/VNMUL, VADD/VSUB
      return make(4, NIB_CC_FP);
    case 0x8:  // VDIV
      return make(4, (opc3 & 1) ? NIB_CC_UNKNOWN : NIB_CC_FP_DIV);
    default:  // 1x11: other data-processing instructions
      break;
  }
  if ((opc3 & 1) == 0) return make(4, NIB_CC_FP);  // VMOV (immediate)
  switch (opc2) {
    case 0x0: return make(4, NIB_CC_FP);  // VMOV (register), VABS
    case 0x1: return make(4, opc3 == 3 ? NIB_CC_FP_DIV : NIB_CC_FP);  // VSQRT, VNEG
    case 0x2: case 0x3:  // VCVTB, VCVTT
    case 0x4: case 0x5:  // VCMP, VCMPE
    case 0x8:            // VCVT (integer to float)
    case 0xA: case 0xB: case 0xE: case 0xF:  // VCVT (fixed point)
    case 0xC: case 0xD:  // VCVT, VCVTR (float to integer)
      return make(4, NIB_CC_FP);
    default:  // 0110, 0111 (VCVT between double and single), 1001
      return make(4, NIB_CC_UNKNOWN);
  }
}

// Coprocessor space: 111T 11xx xxxx xxxx.  Only the FP coprocessors (CP10/CP11)
// with T = 0 exist on a Cortex-M4F.
Insn coproc32(uint16_t h1, uint16_t h2) {
  if (bit(h1, 12) || (bits(h2, 11, 8) & 0xE) != 0xA) return make(4, NIB_CC_UNKNOWN);
  const unsigned op1 = bits(h1, 9, 4);
  if ((op1 & 0x20) == 0) {  // 0xxxxx: extension register load/store, 64-bit transfers
    if ((op1 & 0x3A) == 0x00)  // 000x0x: 00010x VMOV two core registers, 00000x undefined
      return make(4, (op1 & 0x4) ? NIB_CC_FP : NIB_CC_UNKNOWN);
    const unsigned p = bit(h1, 8), u = bit(h1, 7), w = bit(h1, 5);
    if (p && !w) return make(4, NIB_CC_FP_LS);  // VLDR, VSTR
    if ((!p && u) || (p && !u && w))            // VLDM/VSTM IA{!}, DB! (VPUSH, VPOP)
      return make(4, NIB_CC_FP_LDM, bits(h2, 7, 0));
    return make(4, NIB_CC_UNKNOWN);
  }
  if ((op1 & 0x30) == 0x20) {  // 10xxxx
    if (bit(h2, 4)) return make(4, NIB_CC_FP);  // VMOV core<->S/scalar, VMRS, VMSR
    return fp_data32(h1, h2);
  }
  return make(4, NIB_CC_UNKNOWN);  // 11xxxx: Advanced SIMD
}

Insn decode32(uint16_t h1, uint16_t h2) {
  const unsigned op1 = bits(h1, 12, 11);
  const unsigned op2 = bits(h1, 10, 4);
  if ((h1 & 0xEC00) == 0xEC00) return coproc32(h1, h2);  // op2 = 1xxxxxx with op1 = 01 / 11
  if (op1 == 1) {
    if ((op2 & 0x64) == 0x00) return ldm_stm32(h1, h2);     // 00xx0xx
    if ((op2 & 0x64) == 0x04) return dual_excl32(h1, h2);   // 00xx1xx
    return make(4, NIB_CC_ALU);                             // 01xxxxx: data processing (shifted register)
  }
  if (op1 == 2) {
    if (bit(h2, 15)) return branch_misc32(h1, h2);
    return make(4, NIB_CC_ALU);  // data processing (modified / plain binary immediate)
  }
  // op1 == 3
  if ((op2 & 0x71) == 0x00) return store_single32(h1, h2);       // 000xxx0
  if ((op2 & 0x67) == 0x01) return load_single32(h1, h2, false);  // 00xx001 byte
  if ((op2 & 0x67) == 0x03) return load_single32(h1, h2, false);  // 00xx011 halfword
  if ((op2 & 0x67) == 0x05) return load_single32(h1, h2, true);   // 00xx101 word
  if ((op2 & 0x70) == 0x20) return make(4, NIB_CC_ALU);           // 010xxxx data processing (register)
  if ((op2 & 0x78) == 0x30) return mul32(h1, h2);                 // 0110xxx
  if ((op2 & 0x78) == 0x38) return long_mul32(h1, h2);            // 0111xxx
  return make(4, NIB_CC_UNKNOWN);
}

const char* const kNames[NIB_CC_COUNT] = {
    "UNKNOWN", "ALU", "MUL", "MAC", "DIV", "LD", "ST", "ST_REG", "LDRD", "LDM",
    "LDM_PC", "LD_PC", "TBB", "BRANCH", "FP", "FP_MAC", "FP_DIV", "FP_LS", "FP_LDM", "SYS",
};

}  // namespace

Insn decode(uint16_t hw1, uint16_t hw2) {
  return thumb_size(hw1) == 4 ? decode32(hw1, hw2) : decode16(hw1);
}

Insn decode_bytes(const uint8_t* bytes, size_t len) {
  if (len < 2) return Insn{};
  const uint16_t hw1 = static_cast<uint16_t>(bytes[0] | (bytes[1] << 8));
  if (thumb_size(hw1) == 2) return decode16(hw1);
  if (len < 4) return Insn{};
  const uint16_t hw2 = static_cast<uint16_t>(bytes[2] | (bytes[3] << 8));
  return decode32(hw1, hw2);
}

const char* class_name(unsigned cls) { return cls < NIB_CC_COUNT ? kNames[cls] : "UNKNOWN"; }

int class_from_name(const char* name) {
  for (int c = 0; c < NIB_CC_COUNT; ++c) {
    const char* a = kNames[c];
    const char* b = name;
    while (*a && *b && std::toupper(static_cast<unsigned char>(*b)) == *a) ++a, ++b;
    if (!*a && !*b) return c;
  }
  return -1;
}

}  // namespace nib::cc
