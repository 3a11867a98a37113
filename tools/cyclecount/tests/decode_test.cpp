// Decoder unit test: walks the records of decode_cases.S (the .text section as a
// raw binary: {class, nregs/it_len, flags, length} + instruction bytes) and
// compares nib::cc::decode_bytes with the expectations.  Also checks the cost
// tables against the anchor list they must implement.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "cost_table.h"
#include "thumb_decode.h"

using namespace nib::cc;

namespace {

int failures = 0;

void fail(const char* what, size_t offset, const std::vector<uint8_t>& insn, unsigned want, unsigned got,
          bool names) {
  ++failures;
  std::fprintf(stderr, "FAIL %-6s at record offset 0x%04zx, bytes", what, offset);
  for (uint8_t b : insn) std::fprintf(stderr, " %02x", b);
  if (names) std::fprintf(stderr, ": expected %s, got %s\n", class_name(want), class_name(got));
  else std::fprintf(stderr, ": expected %u, got %u\n", want, got);
}

void check_eq(const char* what, unsigned want, unsigned got) {
  if (want != got) {
    ++failures;
    std::fprintf(stderr, "FAIL %s: expected %u, got %u\n", what, want, got);
  }
}

// The anchor table, verbatim (cost_table.h must match it).
void check_tables() {
  const CostTable& a = kAnchors;
  auto cost = [&](unsigned cls, unsigned nregs = 0) {
    Insn i;
    i.cls = static_cast<uint8_t>(cls);
    i.nregs = static_cast<uint8_t>(nregs);
    return base_cycles(a, i);
  };
  check_eq("anchor ALU", 1, cost(NIB_CC_ALU));
  check_eq("anchor MUL", 1, cost(NIB_CC_MUL));
  check_eq("anchor MAC", 1, cost(NIB_CC_MAC));
  check_eq("anchor LD", 2, cost(NIB_CC_LD));
  check_eq("anchor ST", 2, cost(NIB_CC_ST));
  check_eq("anchor ST_REG", 2, cost(NIB_CC_ST_REG));
  for (int p = PK_LD; p < PK_COUNT; ++p)
    for (int c = PK_LD; c < PK_COUNT; ++c) check_eq("anchor pipelined LD/ST discount", 1, a.pipe_discount[p][c]);
  check_eq("anchor no discount after non-LD/ST", 0, a.pipe_discount[PK_NONE][PK_LD]);
  check_eq("anchor LDRD", 3, cost(NIB_CC_LDRD));
  check_eq("anchor LDM N=5", 6, cost(NIB_CC_LDM, 5));
  check_eq("anchor POP {r4,pc} not taken", 3, cost(NIB_CC_LDM_PC, 2));
  check_eq("anchor branch", 1, cost(NIB_CC_BRANCH));
  check_eq("anchor branch taken", 2, a.taken[NIB_CC_BRANCH]);
  check_eq("anchor TBB", 4, cost(NIB_CC_TBB) + a.taken[NIB_CC_TBB]);
  check_eq("anchor LDR pc", 4, cost(NIB_CC_LD_PC) + a.taken[NIB_CC_LD_PC]);
  check_eq("anchor DIV", 7, cost(NIB_CC_DIV));
  check_eq("anchor FP_MAC", 3, cost(NIB_CC_FP_MAC));
  check_eq("anchor FP_DIV", 14, cost(NIB_CC_FP_DIV));
  check_eq("anchor FP", 1, cost(NIB_CC_FP));
  check_eq("anchor FP_LS", 2, cost(NIB_CC_FP_LS));
  check_eq("anchor FP_LDM 4 words", 5, cost(NIB_CC_FP_LDM, 4));
  check_eq("find_table anchors", 1, find_table("anchors") == &kAnchors);
  check_eq("find_table refined", 1, find_table("refined") == &kRefined);
  check_eq("find_table bogus", 1, find_table("bogus") == nullptr);
  for (int c = 0; c < NIB_CC_COUNT; ++c) check_eq("class_from_name(class_name)", c, class_from_name(class_name(c)));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s decode_cases.bin\n", argv[0]);
    return 2;
  }
  std::ifstream f(argv[1], std::ios::binary);
  const std::vector<uint8_t> buf((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (buf.empty()) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  size_t off = 0, cases = 0;
  unsigned seen[NIB_CC_COUNT] = {};
  // Records end where the trailing literal word (.Lalign_target, 4-byte aligned) begins.
  while (off + 4 <= buf.size()) {
    const unsigned cls = buf[off], n = buf[off + 1], flags = buf[off + 2], len = buf[off + 3];
    if (len != 2 && len != 4) break;  // the literal word / padding after the last record
    if (off + 4 + len > buf.size()) break;
    const std::vector<uint8_t> insn(buf.begin() + off + 4, buf.begin() + off + 4 + len);
    const Insn d = decode_bytes(insn.data(), insn.size());
    if (d.size != len) fail("size", off, insn, len, d.size, false);
    if (d.cls != cls) fail("class", off, insn, cls, d.cls, true);
    const unsigned got_n = (d.flags & NIB_CCF_IT) ? d.it_len : d.nregs;
    if (got_n != n) fail("nregs", off, insn, n, got_n, false);
    if (d.flags != flags) fail("flags", off, insn, flags, d.flags, false);
    if (cls < NIB_CC_COUNT) ++seen[cls];
    ++cases;
    off += 4 + len;
  }
  if (cases < 250) {
    std::fprintf(stderr, "FAIL only %zu records parsed (file layout broken?)\n", cases);
    ++failures;
  }
  for (int c = 0; c < NIB_CC_COUNT; ++c)
    if (!seen[c]) {
      std::fprintf(stderr, "FAIL no test case for class %s\n", class_name(c));
      ++failures;
    }
  check_tables();
  std::printf("%zu decoder cases, %d failure(s)\n", cases, failures);
  return failures ? 1 : 0;
}
