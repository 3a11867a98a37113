// Activation memory planning: a pure function from buffer lifetimes to
// offsets in one shared region.
//
// A buffer is live from the operator that writes it (`first`) to the last
// operator that reads it (`last`), inclusive. Buffers whose lifetimes
// intersect must not overlap in memory. Greedy placement, largest buffer
// first, each at the lowest aligned offset that fits between the buffers
// already placed that are live at the same time. Works in place on the
// caller's tables (no allocation): O(n^2) selection plus O(n^2) candidate
// checks per buffer, fine for the few hundred buffers of an MCU model.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nib::plan {

inline constexpr uint32_t kUnplaced = 0xFFFFFFFFu;

inline constexpr uint32_t align_up(uint32_t v, uint32_t align) { return (v + align - 1) & ~(align - 1); }

// Buffers: count(), size(i), first(i), last(i), offset(i), set_offset(i, o).
// size(i) == 0 means "not planned". Every planned buffer must start with
// offset(i) == kUnplaced. Returns the region size.
template <typename Buffers>
uint32_t plan_offsets(Buffers& b, uint32_t align) {
  const int n = b.count();
  uint32_t total = 0;
  for (;;) {
    // Next: the largest unplaced buffer (earliest first use breaks ties).
    int pick = -1;
    for (int i = 0; i < n; ++i) {
      if (b.size(i) == 0 || b.offset(i) != kUnplaced) continue;
      if (pick < 0 || b.size(i) > b.size(pick) || (b.size(i) == b.size(pick) && b.first(i) < b.first(pick)))
        pick = i;
    }
    if (pick < 0) break;
    const uint32_t size = align_up(b.size(pick), align);
    const auto overlaps_in_time = [&](int j) {
      return j != pick && b.size(j) != 0 && b.offset(j) != kUnplaced && b.first(j) <= b.last(pick) &&
             b.first(pick) <= b.last(j);
    };
    // Candidates: offset 0 and the end of every time-overlapping buffer.
    uint32_t best = kUnplaced;
    for (int c = -1; c < n; ++c) {
      if (c >= 0 && !overlaps_in_time(c)) continue;
      const uint32_t at = c < 0 ? 0 : b.offset(c) + align_up(b.size(c), align);
      if (at >= best) continue;
      bool fits = true;
      for (int j = 0; j < n && fits; ++j)
        if (overlaps_in_time(j)) fits = at + size <= b.offset(j) || b.offset(j) + align_up(b.size(j), align) <= at;
      if (fits) best = at;
    }
    b.set_offset(pick, best);
    if (best + size > total) total = best + size;
  }
  return total;
}

}  // namespace nib::plan
