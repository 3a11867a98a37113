// nib cycle-count plugin for qemu-system-arm (TCG plugin API v1, QEMU 7.2).
//
// At translation time every instruction of a block is classified (thumb_decode.h)
// and the block's instruction count and static cycle estimate (cost_table.h) are
// computed once.  At run time a single callback per executed block adds them to
// the counters and settles what depends on the previous block:
//   * taken/not-taken of a conditional branch ending the previous block: taken iff
//     this block does not start at the previous block's fall-through address;
//   * load/store pipelining across a block boundary (fall-through only).
//
// Markers: the firmware calls nib_mark_begin(id) / nib_mark_end(id)
// (marker/nib_mark.c), which store to nib_mark_slots[2*id] / [2*id+1].  Stores
// made by instructions inside the marker functions get a memory callback; the
// store address gives the id and begin/end.  Instructions executed inside the
// marker functions are counted apart ("marker" bucket), so a window [begin, end]
// holds exactly the caller's instructions after the BL to nib_mark_begin up to
// and including the BL to nib_mark_end.
//
// Arguments (-plugin libnib_cyclecount.so,key=value,...):
//   out=FILE           JSON-lines results (default: QEMU's log / stderr at exit)
//   table=anchors|refined  cost table (default anchors)
//   markfn=ADDR:SIZE   code range of a marker function (repeat: begin and end)
//   slots=ADDR:SIZE    address and size in bytes of nib_mark_slots
//   occurrences=on|off one line per closed window (default on)
//   dump=FILE          write every translated block with its classification
//   profile=FILE       per executed block: address, instructions, executions and
//                      the cycles charged to it (for hot-spot lists; see the driver)
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "cost_table.h"
#include "qemu_plugin_api.h"
#include "thumb_decode.h"

extern "C" {
__attribute__((visibility("default"))) int qemu_plugin_version = 1;
}

namespace {

using namespace nib::cc;

struct Counters {
  uint64_t insns = 0;
  uint64_t cycles = 0;
};

struct TbInfo {
  uint64_t vaddr = 0;
  uint64_t fallthrough = 0;  // address after the last instruction
  uint64_t execs = 0;
  uint64_t charged = 0;        // cycles charged to this block, run-time adjustments included
  Counters* bucket = nullptr;  // net, or marker when the block is inside a marker function
  uint32_t n_insns = 0;
  uint32_t cycles = 0;        // static estimate, without cross-block adjustments
  uint32_t n_unknown = 0;
  uint8_t first_kind = PK_NONE;
  uint8_t last_kind = PK_NONE;
  uint8_t dyn_taken = 0;      // penalty if the next block is not the fall-through
  uint16_t per_class[NIB_CC_COUNT] = {};
};

struct Range {
  uint64_t lo, hi;
};

struct Snapshot {
  uint64_t insns, cycles;
};

struct IdStats {
  uint64_t begins = 0, ends = 0, unmatched_ends = 0;
  uint64_t insns = 0, cycles = 0;
  uint64_t min_insns = UINT64_MAX, max_insns = 0, min_cycles = UINT64_MAX, max_cycles = 0;
  std::vector<Snapshot> open;
};

struct UnknownSite {
  uint32_t hw1 = 0, hw2 = 0;
  uint8_t size = 0;
  std::vector<const TbInfo*> tbs;
};

// Never destroyed: QEMU runs the plugin's atexit callback after the plugin's own
// static destructors would have run.
struct State {
  const CostTable* table = &kAnchors;
  std::vector<Range> marker_fns;
  uint64_t slots_lo = 0, slots_hi = 0;
  bool occurrences = true;
  FILE* out = nullptr;
  std::string out_buf;  // used when no out= file
  FILE* dump = nullptr;
  FILE* profile = nullptr;

  TbInfo* prev = nullptr;
  Counters net, marker;
  uint64_t taken_dynamic = 0, not_taken_dynamic = 0, stray_stores = 0;
  std::deque<TbInfo> tbs;
  std::vector<IdStats> ids;
  std::map<uint64_t, UnknownSite> unknown;
};
State* S = nullptr;

void emit(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void emit(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (static_cast<size_t>(n) >= sizeof buf) n = sizeof buf - 1;
  if (S->out) fwrite(buf, 1, static_cast<size_t>(n), S->out);
  else S->out_buf.append(buf, static_cast<size_t>(n));
}

bool in_marker_fn(uint64_t va) {
  for (const Range& r : S->marker_fns)
    if (va >= r.lo && va < r.hi) return true;
  return false;
}

// ------------------------------------------------------------------ run time

void on_tb_exec(unsigned int, void* userdata) {
  TbInfo* t = static_cast<TbInfo*>(userdata);
  uint64_t cycles = t->cycles;
  if (TbInfo* p = S->prev) {
    if (t->vaddr == p->fallthrough) {
      cycles -= S->table->pipe_discount[p->last_kind][t->first_kind];
      if (p->dyn_taken) ++S->not_taken_dynamic;
    } else if (p->dyn_taken) {
      p->bucket->cycles += p->dyn_taken;
      p->charged += p->dyn_taken;
      ++S->taken_dynamic;
    }
  }
  ++t->execs;
  t->charged += cycles;
  t->bucket->insns += t->n_insns;
  t->bucket->cycles += cycles;
  S->prev = t;
}

void on_marker_store(unsigned int, qemu_plugin_meminfo_t info, uint64_t vaddr, void*) {
  // QEMU 7.2 also calls back for loads despite QEMU_PLUGIN_MEM_W: filter here.
  if (!qemu_plugin_mem_is_store(info)) return;
  if (vaddr < S->slots_lo || vaddr >= S->slots_hi) {
    ++S->stray_stores;  // e.g. a register spill inside the marker function
    return;
  }
  const uint64_t slot = (vaddr - S->slots_lo) / 4;
  IdStats& id = S->ids[slot / 2];
  const Counters& now = S->net;
  if ((slot & 1) == 0) {
    ++id.begins;
    id.open.push_back({now.insns, now.cycles});
    return;
  }
  if (id.open.empty()) {
    ++id.unmatched_ends;
    return;
  }
  const Snapshot b = id.open.back();
  id.open.pop_back();
  const uint64_t di = now.insns - b.insns, dc = now.cycles - b.cycles;
  if (S->occurrences)
    emit("{\"type\":\"occurrence\",\"id\":%" PRIu64 ",\"seq\":%" PRIu64 ",\"insns\":%" PRIu64
         ",\"cycles\":%" PRIu64 ",\"begin_insn\":%" PRIu64 ",\"depth\":%zu}\n",
         slot / 2, id.ends, di, dc, b.insns, id.open.size());
  ++id.ends;
  id.insns += di;
  id.cycles += dc;
  if (di < id.min_insns) id.min_insns = di;
  if (di > id.max_insns) id.max_insns = di;
  if (dc < id.min_cycles) id.min_cycles = dc;
  if (dc > id.max_cycles) id.max_cycles = dc;
}

// ---------------------------------------------------------------- translation

void on_tb_trans(qemu_plugin_id_t, struct qemu_plugin_tb* tb) {
  const size_t n = qemu_plugin_tb_n_insns(tb);
  if (n == 0) return;
  const CostTable& ct = *S->table;
  TbInfo& t = S->tbs.emplace_back();
  t.vaddr = qemu_plugin_tb_vaddr(tb);
  t.n_insns = static_cast<uint32_t>(n);
  t.bucket = in_marker_fn(t.vaddr) ? &S->marker : &S->net;
  if (S->dump) fprintf(S->dump, "tb 0x%08" PRIx64 " n=%zu%s\n", t.vaddr, n, t.bucket == &S->marker ? " marker" : "");

  unsigned it_left = 0;
  uint8_t prev_kind = PK_NONE;
  uint32_t cycles = 0;
  for (size_t i = 0; i < n; ++i) {
    struct qemu_plugin_insn* qi = qemu_plugin_tb_get_insn(tb, i);
    const auto* data = static_cast<const uint8_t*>(qemu_plugin_insn_data(qi));
    const size_t qsize = qemu_plugin_insn_size(qi);
    const uint64_t va = qemu_plugin_insn_vaddr(qi);
    Insn d = decode_bytes(data, qsize);
    // QEMU 7.2 may report MORE bytes than the instruction has: near the end of a
    // page the Thumb translator peeks at the next halfword (to see whether the
    // next instruction crosses the page) and the peek is appended to this
    // instruction's data.  The decoded size is the truth; fewer bytes than the
    // encoding needs (d.size == 0) is an error.
    if (d.size == 0) d.cls = NIB_CC_UNKNOWN;
    const size_t size = d.size ? d.size : qsize;

    const bool in_it = it_left > 0;
    if (in_it) --it_left;
    if (d.flags & NIB_CCF_IT) it_left = d.it_len;

    unsigned c = base_cycles(ct, d);
    const uint8_t kind = pipe_kind(d.cls);
    if (i == 0) t.first_kind = kind;
    else c -= ct.pipe_discount[prev_kind][kind];
    prev_kind = kind;
    if (d.flags & NIB_CCF_WRITES_PC) {
      if (!(d.flags & NIB_CCF_COND) && !in_it) c += ct.taken[d.cls];  // always taken
      else if (i + 1 == n) t.dyn_taken = ct.taken[d.cls];               // decided at run time
      // A conditional PC writer in the middle of a block was not taken: QEMU ends a
      // block at every taken branch.
    }
    cycles += c;
    ++t.per_class[d.cls];

    uint32_t hw1 = size >= 2 ? (data[0] | data[1] << 8) : 0, hw2 = size >= 4 ? (data[2] | data[3] << 8) : 0;
    if (d.cls == NIB_CC_UNKNOWN) {
      ++t.n_unknown;
      UnknownSite& u = S->unknown[va];
      u.hw1 = hw1, u.hw2 = hw2, u.size = static_cast<uint8_t>(size);
      u.tbs.push_back(&t);
    }
    if (S->dump) {
      if (size == 4) fprintf(S->dump, "  0x%08" PRIx64 " %04x %04x %-7s %u%s\n", va, hw1, hw2, class_name(d.cls), c, in_it ? " it" : "");
      else fprintf(S->dump, "  0x%08" PRIx64 " %04x      %-7s %u%s\n", va, hw1, class_name(d.cls), c, in_it ? " it" : "");
    }
    if (S->slots_hi > S->slots_lo && in_marker_fn(va))
      qemu_plugin_register_vcpu_mem_cb(qi, on_marker_store, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_W, nullptr);
    if (i + 1 == n) t.fallthrough = va + size;
  }
  t.last_kind = prev_kind;
  t.cycles = cycles;
  if (S->dump && t.dyn_taken) fprintf(S->dump, "  (+%u if taken)\n", t.dyn_taken);
  qemu_plugin_register_vcpu_tb_exec_cb(tb, on_tb_exec, QEMU_PLUGIN_CB_NO_REGS, &t);
}

// ----------------------------------------------------------------------- exit

void on_exit(qemu_plugin_id_t, void*) {
  for (size_t id = 0; id < S->ids.size(); ++id) {
    const IdStats& s = S->ids[id];
    if (!s.begins && !s.unmatched_ends) continue;
    const bool overflow = id + 1 == S->ids.size();
    emit("{\"type\":\"id\",\"id\":%zu,\"begins\":%" PRIu64 ",\"ends\":%" PRIu64 ",\"open\":%zu"
         ",\"unmatched_ends\":%" PRIu64 ",\"insns\":%" PRIu64 ",\"cycles\":%" PRIu64
         ",\"min_insns\":%" PRIu64 ",\"max_insns\":%" PRIu64 ",\"min_cycles\":%" PRIu64
         ",\"max_cycles\":%" PRIu64 "%s}\n",
         id, s.begins, s.ends, s.open.size(), s.unmatched_ends, s.insns, s.cycles,
         s.ends ? s.min_insns : 0, s.max_insns, s.ends ? s.min_cycles : 0, s.max_cycles,
         overflow ? ",\"overflow\":true" : "");
  }
  uint64_t per_class[NIB_CC_COUNT] = {};
  uint64_t unknown_insns = 0;
  for (const TbInfo& t : S->tbs) {
    for (int c = 0; c < NIB_CC_COUNT; ++c) per_class[c] += t.execs * t.per_class[c];
    unknown_insns += t.execs * t.n_unknown;
  }
  for (int c = 0; c < NIB_CC_COUNT; ++c)
    if (per_class[c]) emit("{\"type\":\"class\",\"class\":\"%s\",\"insns\":%" PRIu64 "}\n", class_name(c), per_class[c]);
  for (const auto& [addr, u] : S->unknown) {
    uint64_t execs = 0;
    for (const TbInfo* t : u.tbs) execs += t->execs;
    char hex[16];
    if (u.size == 4) snprintf(hex, sizeof hex, "%04x%04x", u.hw1, u.hw2);
    else snprintf(hex, sizeof hex, "%04x", u.hw1);
    emit("{\"type\":\"unknown\",\"addr\":\"0x%08" PRIx64 "\",\"hex\":\"%s\",\"execs\":%" PRIu64 "}\n", addr, hex, execs);
  }
  emit("{\"type\":\"total\",\"table\":\"%s\",\"insns\":%" PRIu64 ",\"cycles\":%" PRIu64
       ",\"net_insns\":%" PRIu64 ",\"net_cycles\":%" PRIu64
       ",\"marker_insns\":%" PRIu64 ",\"marker_cycles\":%" PRIu64 ",\"unknown_insns\":%" PRIu64
       ",\"blocks_translated\":%zu,\"dynamic_taken\":%" PRIu64 ",\"dynamic_not_taken\":%" PRIu64
       ",\"stray_marker_stores\":%" PRIu64 "}\n",
       S->table->name, S->net.insns + S->marker.insns, S->net.cycles + S->marker.cycles,
       S->net.insns, S->net.cycles, S->marker.insns, S->marker.cycles, unknown_insns, S->tbs.size(), S->taken_dynamic,
       S->not_taken_dynamic, S->stray_stores);
  if (S->out) {
    fclose(S->out);
    S->out = nullptr;
  } else {
    qemu_plugin_outs(S->out_buf.c_str());
  }
  if (S->dump) fclose(S->dump), S->dump = nullptr;
  if (S->profile) {
    for (const TbInfo& t : S->tbs)
      if (t.execs)
        fprintf(S->profile, "0x%08" PRIx64 " %u %" PRIu64 " %" PRIu64 "\n", t.vaddr, t.n_insns, t.execs, t.charged);
    fclose(S->profile), S->profile = nullptr;
  }
}

// ---------------------------------------------------------------------- setup

bool parse_range(const char* s, Range* r) {
  char* end = nullptr;
  const unsigned long long lo = strtoull(s, &end, 0);
  if (end == s || *end != ':') return false;
  const char* s2 = end + 1;
  const unsigned long long size = strtoull(s2, &end, 0);
  if (end == s2 || *end) return false;
  r->lo = lo & ~1ull;  // a Thumb function symbol has bit 0 set
  r->hi = lo + size;
  return true;
}

void complain(const char* what, const char* arg) {
  std::string m = std::string("nib_cyclecount: ") + what + ": " + arg + "\n";
  qemu_plugin_outs(m.c_str());
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info,
                                                                        int argc, char** argv) {
  S = new State;
  if (info && info->target_name && strcmp(info->target_name, "arm") != 0) {
    complain("this plugin models Cortex-M4 (target arm), not", info->target_name);
    return -1;
  }
  const char* out_path = nullptr;
  const char* dump_path = nullptr;
  const char* profile_path = nullptr;
  for (int i = 0; i < argc; ++i) {
    const char* a = argv[i];
    const char* eq = strchr(a, '=');
    if (!eq) {
      complain("argument without '='", a);
      return -1;
    }
    const std::string key(a, static_cast<size_t>(eq - a));
    const char* val = eq + 1;
    Range r{};
    if (key == "out") {
      out_path = val;
    } else if (key == "dump") {
      dump_path = val;
    } else if (key == "profile") {
      profile_path = val;
    } else if (key == "table") {
      S->table = find_table(val);
      if (!S->table) {
        complain("unknown table (anchors|refined)", val);
        return -1;
      }
    } else if (key == "markfn") {
      if (!parse_range(val, &r)) {
        complain("markfn wants ADDR:SIZE", val);
        return -1;
      }
      S->marker_fns.push_back(r);
    } else if (key == "slots") {
      if (!parse_range(val, &r) || r.hi - r.lo < 8) {
        complain("slots wants ADDR:SIZE (size >= 8)", val);
        return -1;
      }
      S->slots_lo = r.lo;
      S->slots_hi = r.lo + ((r.hi - r.lo) & ~7ull);
    } else if (key == "occurrences") {
      S->occurrences = !(strcmp(val, "off") == 0 || strcmp(val, "0") == 0 || strcmp(val, "false") == 0);
    } else {
      complain("unknown argument", a);
      return -1;
    }
  }
  if (S->slots_hi > S->slots_lo) S->ids.resize((S->slots_hi - S->slots_lo) / 8);
  if (out_path) {
    S->out = fopen(out_path, "w");
    if (!S->out) {
      complain("cannot write", out_path);
      return -1;
    }
    setvbuf(S->out, nullptr, _IOFBF, 1 << 16);
  }
  if (dump_path) {
    S->dump = fopen(dump_path, "w");
    if (!S->dump) {
      complain("cannot write", dump_path);
      return -1;
    }
  }
  if (profile_path) {
    S->profile = fopen(profile_path, "w");
    if (!S->profile) {
      complain("cannot write", profile_path);
      return -1;
    }
  }
  emit("{\"type\":\"config\",\"table\":\"%s\",\"marker_functions\":%zu,\"slots\":\"0x%08" PRIx64
       "\",\"ids\":%zu}\n",
       S->table->name, S->marker_fns.size(), S->slots_lo, S->ids.size());
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_trans);
  qemu_plugin_register_atexit_cb(id, on_exit, nullptr);
  return 0;
}
