// nib-thumb-classify: classify Thumb instructions from the command line.
//
//   nib-thumb-classify [--table anchors|refined] HEX...
//       HEX is one instruction as objdump prints it: "4770", "f04f0001" or
//       "f04f 0001" (first halfword first).  Prints: hex class cycles nregs flags.
//   nib-thumb-classify [--table T] [--unknown-only] --objdump [FILE|-]
//       reads `arm-none-eabi-objdump -d` output and classifies every Thumb
//       instruction line (data directives such as .word/.short are skipped).
//       Prints "addr hex class cycles  disassembly" per instruction (only
//       UNKNOWN ones with --unknown-only), a per-class summary on stderr, and
//       exits 1 when an instruction is UNKNOWN.
// "cycles" is base cost + taken penalty for unconditional PC writers, without
// pipelining (which depends on the previous executed instruction).
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "cost_table.h"
#include "thumb_decode.h"

using namespace nib::cc;

namespace {

bool parse_hex16(const std::string& s, uint16_t* v) {
  if (s.size() != 4) return false;
  unsigned x = 0;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    x = x * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10));
  }
  *v = static_cast<uint16_t>(x);
  return true;
}

unsigned static_cycles(const CostTable& t, const Insn& d) {
  unsigned c = base_cycles(t, d);
  if ((d.flags & NIB_CCF_WRITES_PC) && !(d.flags & NIB_CCF_COND)) c += t.taken[d.cls];
  return c;
}

std::string flags_text(const Insn& d) {
  std::string s;
  if (d.flags & NIB_CCF_COND) s += " cond";
  if (d.flags & NIB_CCF_WRITES_PC) s += " writes_pc";
  if (d.flags & NIB_CCF_IT) s += " it_len=" + std::to_string(d.it_len);
  return s;
}

int classify_args(const CostTable& t, int argc, char** argv, int first) {
  int bad = 0;
  for (int i = first; i < argc; ++i) {
    std::string s;
    for (const char* p = argv[i]; *p; ++p)
      if (*p != ' ' && *p != '_') s += *p;
    uint16_t h1 = 0, h2 = 0;
    const bool ok = (s.size() == 4 && parse_hex16(s, &h1)) ||
                    (s.size() == 8 && parse_hex16(s.substr(0, 4), &h1) && parse_hex16(s.substr(4), &h2));
    if (!ok || thumb_size(h1) * 2 != s.size()) {
      std::fprintf(stderr, "nib-thumb-classify: '%s' is not a 16-bit (4 hex digits) or 32-bit (8 hex digits) Thumb instruction\n", argv[i]);
      return 2;
    }
    const Insn d = decode(h1, h2);
    std::printf("%s %s %u nregs=%u%s\n", s.c_str(), class_name(d.cls), static_cycles(t, d), d.nregs, flags_text(d).c_str());
    if (d.cls == NIB_CC_UNKNOWN) ++bad;
  }
  return bad ? 1 : 0;
}

int classify_objdump(const CostTable& t, std::istream& in, bool unknown_only) {
  uint64_t per_class[NIB_CC_COUNT] = {};
  std::string line;
  while (std::getline(in, line)) {
    // "    58:\tf000 f852 \tbl\t100 <nib_mark_begin>"
    const size_t colon = line.find(":\t");
    if (colon == std::string::npos) continue;
    const std::string addr = line.substr(0, colon);
    if (addr.find_first_not_of(" 0123456789abcdef") != std::string::npos || addr.find_first_not_of(' ') == std::string::npos)
      continue;
    const size_t tab2 = line.find('\t', colon + 2);
    if (tab2 == std::string::npos) continue;
    const std::string hex = line.substr(colon + 2, tab2 - colon - 2);
    const std::string text = line.substr(tab2 + 1);
    if (text.empty() || text[0] == '.') continue;  // .word, .short, .byte: data
    std::vector<uint16_t> hws;
    size_t pos = 0;
    bool ok = true;
    while (pos < hex.size()) {
      while (pos < hex.size() && hex[pos] == ' ') ++pos;
      if (pos >= hex.size()) break;
      const size_t end = hex.find(' ', pos);
      const std::string tok = hex.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      uint16_t v = 0;
      if (!parse_hex16(tok, &v)) ok = false;
      else hws.push_back(v);
      pos = end == std::string::npos ? hex.size() : end;
    }
    if (!ok || hws.empty() || hws.size() > 2 || thumb_size(hws[0]) != hws.size() * 2) continue;  // not Thumb code
    const Insn d = decode(hws[0], hws.size() == 2 ? hws[1] : 0);
    ++per_class[d.cls];
    if (unknown_only && d.cls != NIB_CC_UNKNOWN) continue;
    const size_t a0 = addr.find_first_not_of(' ');
    if (hws.size() == 2)
      std::printf("%8s %04x %04x %-7s %2u  %s\n", addr.c_str() + a0, hws[0], hws[1], class_name(d.cls), static_cycles(t, d), text.c_str());
    else
      std::printf("%8s %04x      %-7s %2u  %s\n", addr.c_str() + a0, hws[0], class_name(d.cls), static_cycles(t, d), text.c_str());
  }
  uint64_t total = 0;
  for (int c = 0; c < NIB_CC_COUNT; ++c) total += per_class[c];
  std::fprintf(stderr, "%llu instructions:", static_cast<unsigned long long>(total));
  for (int c = 0; c < NIB_CC_COUNT; ++c)
    if (per_class[c]) std::fprintf(stderr, " %s=%llu", class_name(c), static_cast<unsigned long long>(per_class[c]));
  std::fprintf(stderr, "\n");
  if (total == 0) {
    std::fprintf(stderr, "nib-thumb-classify: no Thumb instructions found in the objdump input\n");
    return 2;
  }
  return per_class[NIB_CC_UNKNOWN] ? 1 : 0;
}

void usage() {
  std::fprintf(stderr,
               "usage: nib-thumb-classify [--table anchors|refined] HEX...\n"
               "       nib-thumb-classify [--table anchors|refined] [--unknown-only] --objdump [FILE|-]\n");
}

}  // namespace

int main(int argc, char** argv) {
  const CostTable* table = &kAnchors;
  bool objdump = false, unknown_only = false;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; ++i) {
    if (!std::strcmp(argv[i], "--table") && i + 1 < argc) {
      table = find_table(argv[++i]);
      if (!table) {
        usage();
        return 2;
      }
    } else if (!std::strcmp(argv[i], "--objdump")) {
      objdump = true;
    } else if (!std::strcmp(argv[i], "--unknown-only")) {
      unknown_only = true;
    } else if (!std::strcmp(argv[i], "--help")) {
      usage();
      return 0;
    } else {
      usage();
      return 2;
    }
  }
  if (objdump) {
    if (i < argc && std::strcmp(argv[i], "-") != 0) {
      std::ifstream f(argv[i]);
      if (!f) {
        std::fprintf(stderr, "nib-thumb-classify: cannot read %s\n", argv[i]);
        return 2;
      }
      return classify_objdump(*table, f, unknown_only);
    }
    return classify_objdump(*table, std::cin, unknown_only);
  }
  if (i >= argc) {
    usage();
    return 2;
  }
  return classify_args(*table, argc, argv, i);
}
