// Cortex-M4 cycle cost tables: the ONE place that holds cycle numbers.
//
// Model (both tables)
// -------------------
// cycles(insn) = base[cls] + per_reg[cls] * nregs
//              + taken[cls]                       when the instruction redirects the PC
//              - pipe_discount[prev][this]        when the previously executed
//                                                 instruction is a pipelinable
//                                                 load/store (see PipeKind)
// * nregs: registers in an LDM/STM/PUSH/POP list (PC and LR included), 32-bit words
//   of a VLDM/VSTM/VPUSH/VPOP.
// * "taken": unconditional PC writers (B, BL, BX, BLX, POP {..,pc}, LDR pc, TBB/TBH,
//   MOV/ADD pc) always pay it; conditional ones (B<cond>, CBZ/CBNZ and any PC writer
//   inside an IT block) pay it when the next executed block does not start at the
//   fall-through address (decided at run time by the plugin).
// * A conditional instruction inside an IT block whose condition fails is charged
//   as if it executed (except the taken penalty above).
// * Zero wait states (code in the mps2-an386 SSRAM), no interrupt/exception entry
//   cost, no register-dependency stalls, fixed-latency divides.
//
// "anchors" (default): the project's anchor table, verbatim:
//   ALU, MUL, MAC (incl. SMLAD etc.) 1; single LDR/STR 2, or 1 right after another
//   single load/store; LDRD/STRD 3; LDM/STM/PUSH/POP 1+N; branch 1, +2 when taken;
//   TBB/TBH and loads to PC 2+2; SDIV/UDIV 7; VMLA/VFMA 3; VDIV/VSQRT 14; other FP 1;
//   VLDR/VSTR 2.  Classes the anchor list does not name: IT/hints/PLD count as ALU
//   (1), system instructions (MRS/MSR/barriers/SVC/BKPT/WFI...) 1, VLDM/VPUSH like
//   LDM (1+N words), an LDM/POP that loads PC 1+N, +2 when taken, UNKNOWN 1.
//
// "refined" (optional, --table refined): anchors with the load/store pairing rules
// of the Cortex-M processor TRMs applied:
//   [TRM-M4] ARM Cortex-M4 Processor Technical Reference Manual r0p1 (ARM 100166_0001_00),
//            section 3.3.1 Table 3-1: MLA/MLS 1 cycle, MOV/ADD PC 1+P, P = 1..3
//            (pipeline refill; we keep P = 2 as in the anchors).
//   [TRM-LS] Load/store timing rules of the same family (Cortex-M3 TRM ARM DDI 0337I,
//            section 3.3 "Load/store timings", reproduced for Cortex-M cores in TI
//            SWCU185G, "instruction pairing"):
//            - "STR Rx,[Ry,#imm] is always one cycle"                  -> ST = 1
//            - "Other instructions cannot be pipelined after STR with register
//               offset. STR can only be pipelined when it follows an LDR, but
//               nothing can be pipelined after the store"              -> discount only
//              after a load (LD), and only for a following LD or ST_REG
//            - "LDREX and STREX can be pipelined exactly as LDR"       -> class LD
//            - "LDRD and STRD cannot be pipelined"                     -> no discount
//            - "LDR PC,[any] ... at least two cycles for the load, and three cycles
//               for the pipeline reload"                               -> LD_PC 2+3
//            - "TBB and TBH ... two cycles for the load, one cycle for the add, and
//               three cycles for the pipeline reload"                  -> TBB 3+3
//   Not modelled: "any load or store that generates an address dependent on the
//   result of a preceding data processing operation stalls ... an additional cycle",
//   data-dependent SDIV/UDIV latency (2..12), P varying between 1 and 3.
#pragma once

#include <cstdint>
#include <initializer_list>

#include "cost_classes.h"
#include "thumb_decode.h"

namespace nib::cc {

// How an instruction takes part in load/store pipelining.
enum PipeKind : uint8_t {
  PK_NONE = 0,    // everything else (LDRD/STRD, LDM, FP loads/stores included)
  PK_LD = 1,      // NIB_CC_LD
  PK_ST = 2,      // NIB_CC_ST
  PK_ST_REG = 3,  // NIB_CC_ST_REG
  PK_COUNT = 4,
};

constexpr PipeKind pipe_kind(unsigned cls) {
  return cls == NIB_CC_LD ? PK_LD : cls == NIB_CC_ST ? PK_ST : cls == NIB_CC_ST_REG ? PK_ST_REG : PK_NONE;
}

struct CostTable {
  const char* name;
  uint8_t base[NIB_CC_COUNT];
  uint8_t per_reg[NIB_CC_COUNT];
  uint8_t taken[NIB_CC_COUNT];               // extra cycles when the PC is redirected
  uint8_t pipe_discount[PK_COUNT][PK_COUNT];  // [previous instruction][this instruction]
};

constexpr CostTable make_anchors() {
  CostTable t{};
  t.name = "anchors";
  t.base[NIB_CC_UNKNOWN] = 1;
  t.base[NIB_CC_ALU] = 1;
  t.base[NIB_CC_MUL] = 1;
  t.base[NIB_CC_MAC] = 1;
  t.base[NIB_CC_DIV] = 7;
  t.base[NIB_CC_LD] = 2;
  t.base[NIB_CC_ST] = 2;
  t.base[NIB_CC_ST_REG] = 2;
  t.base[NIB_CC_LDRD] = 3;
  t.base[NIB_CC_LDM] = 1;    t.per_reg[NIB_CC_LDM] = 1;     // 1 + N
  t.base[NIB_CC_LDM_PC] = 1; t.per_reg[NIB_CC_LDM_PC] = 1;  // 1 + N, + taken
  t.base[NIB_CC_LD_PC] = 2;  t.taken[NIB_CC_LD_PC] = 2;     // 2 + 2
  t.base[NIB_CC_TBB] = 2;    t.taken[NIB_CC_TBB] = 2;       // 2 + 2
  t.base[NIB_CC_BRANCH] = 1; t.taken[NIB_CC_BRANCH] = 2;    // 1, +2 when taken
  t.taken[NIB_CC_LDM_PC] = 2;
  t.base[NIB_CC_FP] = 1;
  t.base[NIB_CC_FP_MAC] = 3;
  t.base[NIB_CC_FP_DIV] = 14;
  t.base[NIB_CC_FP_LS] = 2;
  t.base[NIB_CC_FP_LDM] = 1; t.per_reg[NIB_CC_FP_LDM] = 1;  // 1 + N words
  t.base[NIB_CC_SYS] = 1;
  // A single load/store right after another single load/store costs 1 instead of 2.
  for (int p = PK_LD; p < PK_COUNT; ++p)
    for (int c = PK_LD; c < PK_COUNT; ++c) t.pipe_discount[p][c] = 1;
  return t;
}

constexpr CostTable make_refined() {
  CostTable t = make_anchors();
  t.name = "refined";
  t.base[NIB_CC_ST] = 1;     // [TRM-LS] STR Rx,[Ry,#imm] is always one cycle
  t.taken[NIB_CC_LD_PC] = 3; // [TRM-LS] LDR PC: 2 + 3
  t.base[NIB_CC_TBB] = 3;    // [TRM-LS] TBB/TBH: 2 + 1 + 3
  t.taken[NIB_CC_TBB] = 3;
  for (int p = 0; p < PK_COUNT; ++p)
    for (int c = 0; c < PK_COUNT; ++c) t.pipe_discount[p][c] = 0;
  t.pipe_discount[PK_LD][PK_LD] = 1;      // [TRM-LS] LDR; LDR
  t.pipe_discount[PK_LD][PK_ST_REG] = 1;  // [TRM-LS] LDR; STR Rx,[Ry,Rz]
  return t;
}

inline constexpr CostTable kAnchors = make_anchors();
inline constexpr CostTable kRefined = make_refined();

// Cycles of one instruction without pipelining discount and taken penalty.
constexpr unsigned base_cycles(const CostTable& t, const Insn& i) {
  return t.base[i.cls] + t.per_reg[i.cls] * i.nregs;
}

// "anchors" or "refined"; nullptr for anything else.
inline const CostTable* find_table(const char* name) {
  for (const CostTable* t : {&kAnchors, &kRefined}) {
    const char* a = t->name;
    const char* b = name;
    while (*a && *a == *b) ++a, ++b;
    if (!*a && !*b) return t;
  }
  return nullptr;
}

}  // namespace nib::cc
