// Thumb / Thumb-2 instruction classifier for ARMv7E-M with FPv4-SP (Cortex-M4F).
//
// Sorts each instruction into a cost class (cost_classes.h) and extracts what the
// cost model needs: the size, the number of transferred registers for LDM/STM/PUSH/
// POP/VLDM/VSTM/VPUSH/VPOP, whether the encoding is conditional, and the length of
// an IT block.  Encodings that are UNDEFINED, UNPREDICTABLE-only or need something a
// Cortex-M4 lacks (double-precision FP, Advanced SIMD, other coprocessors, ARM-only
// instructions) come back as NIB_CC_UNKNOWN.
//
// Used by the QEMU plugin (plugin.cpp), the command-line classifier
// (classify_main.cpp: nib-thumb-classify) and the tests.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cost_classes.h"

namespace nib::cc {

struct Insn {
  uint8_t cls = NIB_CC_UNKNOWN;  // NIB_CC_*
  uint8_t size = 0;              // 2 or 4 bytes; 0 when fewer bytes than needed were given
  uint8_t nregs = 0;             // LDM/LDM_PC: registers in the list; FP_LDM: 32-bit words
  uint8_t flags = 0;             // NIB_CCF_*
  uint8_t it_len = 0;            // IT: number of instructions in the block (1..4)
};

// Size in bytes (2 or 4) of the instruction whose first halfword is hw1.
constexpr unsigned thumb_size(uint16_t hw1) { return (hw1 >> 11) >= 0x1D ? 4u : 2u; }

// Classifies one instruction given as halfwords (hw2 is ignored for 16-bit ones).
Insn decode(uint16_t hw1, uint16_t hw2);

// Classifies the instruction at `bytes` (memory order: little-endian halfwords, the
// first halfword first).  len is the number of bytes available.
Insn decode_bytes(const uint8_t* bytes, size_t len);

// "ALU", "LD", ... ("UNKNOWN" for NIB_CC_UNKNOWN or out-of-range values).
const char* class_name(unsigned cls);

// Inverse of class_name (case-insensitive); -1 when the name is not a class.
int class_from_name(const char* name);

}  // namespace nib::cc
