// Activation memory planning: a pure function from buffer lifetimes to
// offsets in one shared region.
//
// A buffer is live from the operator that writes it (`first`) to the last
// operator that reads it (`last`), inclusive. Buffers whose lifetimes
// intersect must not overlap in memory. Greedy placement, largest buffer
// first, each at the lowest aligned offset that fits between the buffers
// already placed that are live at the same time. Works in place on the
// caller's tables (no allocation): O(n^2) selection plus, per buffer, a
// search that jumps from conflict to conflict, fine for the few hundred
// buffers of an MCU model (the loader caps tensors and operators).
//
// Offsets and sizes are 64-bit so no sum can wrap, and placement stops as
// soon as a buffer would end past `limit` (what the arena or the target's
// address space can hold): the caller reports that as too large.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nib::plan {

inline constexpr uint64_t kUnplaced = ~uint64_t{0};

inline constexpr uint64_t align_up(uint64_t v, uint64_t align) { return (v + align - 1) & ~(align - 1); }

// Buffers: count(), size(i), first(i), last(i), offset(i), set_offset(i, o).
// size(i) == 0 means "not planned". Every planned buffer must start with
// offset(i) == kUnplaced. Sizes must stay below 2^62. Returns the region
// size, or a value above `limit` (with some buffers left unplaced) when the
// plan does not fit in `limit` bytes.
template <typename Buffers>
uint64_t plan_offsets(Buffers& b, uint64_t align, uint64_t limit = kUnplaced - 1) {
  const int n = b.count();
  uint64_t total = 0;
  for (;;) {
    // Next: the largest unplaced buffer (earliest first use breaks ties).
    int pick = -1;
    for (int i = 0; i < n; ++i) {
      if (b.size(i) == 0 || b.offset(i) != kUnplaced) continue;
      if (pick < 0 || b.size(i) > b.size(pick) || (b.size(i) == b.size(pick) && b.first(i) < b.first(pick)))
        pick = i;
    }
    if (pick < 0) break;
    const uint64_t size = align_up(b.size(pick), align);
    // Lowest offset that conflicts with no placed, time-overlapping buffer:
    // while [at, at + size) hits some, no offset below the smallest end among
    // them fits either, so jump there (always 0 or a placed buffer's end).
    uint64_t at = 0;
    for (;;) {
      uint64_t next = kUnplaced;
      for (int j = 0; j < n; ++j) {
        if (j == pick || b.size(j) == 0 || b.offset(j) == kUnplaced) continue;
        if (b.first(j) > b.last(pick) || b.first(pick) > b.last(j)) continue;
        const uint64_t end = b.offset(j) + align_up(b.size(j), align);
        if (at < end && b.offset(j) < at + size && end < next) next = end;
      }
      if (next == kUnplaced) break;
      at = next;
    }
    if (at + size > limit) return at + size;
    b.set_offset(pick, at);
    if (at + size > total) total = at + size;
  }
  return total;
}

// Preferred sizes: some buffers (an operator's scratch) have a fast path
// that wants `extra(i)` more bytes than the size they need. Each is granted,
// in index order, only if the plan with it still fits in the region the
// required sizes alone take: a preference never raises the peak. The
// decision is a pure function of sizes and lifetimes, so every build (the
// host planning for a target too) grants the same ones.
// Buffers additionally: extra(i) (0: no preference), grant(i, bool) (size(i)
// then includes the extra bytes, or no longer does). Returns what
// plan_offsets returns for the final sizes, the buffers placed by it.
template <typename Buffers>
uint64_t plan_offsets_with_preferred(Buffers& b, uint64_t align, uint64_t limit = kUnplaced - 1) {
  const int n = b.count();
  const auto unplace = [&b, n] {
    for (int i = 0; i < n; ++i)
      if (b.size(i) != 0) b.set_offset(i, kUnplaced);
  };
  const uint64_t peak = plan_offsets(b, align, limit);
  if (peak > limit) return peak;
  uint64_t total = peak;
  bool placed = true;  // the offsets in place are the plan of the current sizes
  for (int i = 0; i < n; ++i) {
    if (b.extra(i) == 0) continue;
    b.grant(i, true);
    unplace();
    const uint64_t with = plan_offsets(b, align, peak);
    placed = with <= peak;
    if (placed) total = with;
    else b.grant(i, false);
  }
  if (placed) return total;
  unplace();
  return plan_offsets(b, align, limit);
}

}  // namespace nib::plan
