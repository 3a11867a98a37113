// Persistent memory for prepare steps: what an operator keeps for the
// model's lifetime (per-channel tables, re-laid-out weights, parameters).
// A leaf of the engine so that a kernel family's own prepare code
// (kernels/cortex_m/prepare_*.cc) can allocate without knowing the ops/ or
// runtime/ stages above it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nib::kernels {

// Handed out downward from the end of the arena (whose end the interpreter
// aligns to 16). Offsets are counted from the end, so the measuring run
// (the rolling windows below) and a real run agree on the byte count; when
// there is no memory to give (the arena is exhausted, or a window
// overflowed) it returns nullptr and the caller must skip filling what it
// asked for: init() then reports the arena as too small.
class PersistentAllocator {
 public:
  PersistentAllocator(uint8_t* end, size_t capacity) : end_(end), capacity_(capacity) {}
  void* allocate(size_t bytes, size_t align) {
    used_ = (used_ + bytes + align - 1) & ~(align - 1);
    if (!rolling_) return used_ > capacity_ ? nullptr : end_ - used_;
    // Rolling: this operator's allocations reuse the space under the kept
    // tables; the count goes on exactly as in a real run.
    const size_t in_window = used_ - window_base_;
    if (kept_ + in_window > capacity_) {
      window_overflow_ = true;
      return nullptr;
    }
    return end_ - kept_ - in_window;
  }
  template <typename T>
  T* allocate_array(size_t count) {
    return static_cast<T*>(allocate(count * sizeof(T), alignof(T)));
  }
  size_t used() const { return used_; }
  bool exhausted() const { return !rolling_ && used_ > capacity_; }

  // Measuring the exact need of an arena that is too small: what has been
  // allocated so far (the interpreter's tables) stays; from then on each
  // operator's persistent data overwrites the previous operator's (call
  // next_window() before each prepare), so only the largest one must fit.
  // Offsets keep their real alignment (windows start on 16-byte multiples).
  void start_rolling() {
    rolling_ = true;
    kept_ = (used_ + 15) & ~size_t{15};
    next_window();
  }
  void next_window() { window_base_ = used_ & ~size_t{15}; }
  bool window_overflow() const { return window_overflow_; }

 private:
  uint8_t* end_;
  size_t capacity_;
  size_t used_ = 0;
  bool rolling_ = false;
  bool window_overflow_ = false;
  size_t kept_ = 0;
  size_t window_base_ = 0;
};

}  // namespace nib::kernels
