// What an operator's prepare step sees and what its invoke step gets.
//
// prepare (once, at Interpreter::init): validate the operator against the
// model, fill a params struct, allocate persistent per-channel data, ask for
// scratch memory, count MACs and pick a kernel. invoke (every inference):
// call the kernel; it cannot fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "nib/interpreter.h"
#include "nib/model.h"
#include "nib/status.h"

namespace nib::ops {

struct OpRuntime {
  const void* params;
  const void* const* inputs;  // nullptr for an absent optional input
  void* const* outputs;
  void* scratch;
};

using InvokeFn = void (*)(const OpRuntime&);

// Results of prepare, recorded by the interpreter.
struct Prepared {
  InvokeFn invoke = nullptr;
  const char* kernel = "";
  const void* params = nullptr;
  uint64_t macs = 0;
  size_t scratch_bytes = 0;
  bool output_aliases_input = false;  // output 0 shares input 0's memory
  bool fuses_next = false;            // also does the next operator's work, writing its output
};

// Persistent memory handed out downward from the end of the arena (whose
// end the interpreter aligns to 16). Offsets are counted from the end, so a
// measuring run (no arena) and a real run agree on the byte count; while
// measuring, or once the arena is exhausted, it returns nullptr.
class PersistentAllocator {
 public:
  PersistentAllocator(uint8_t* end, size_t capacity) : end_(end), capacity_(capacity) {}
  void* allocate(size_t bytes, size_t align) {
    used_ = (used_ + bytes + align - 1) & ~(align - 1);
    if (end_ == nullptr) return nullptr;
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
  size_t used() const { return used_; }
  bool exhausted() const { return end_ != nullptr && !rolling_ && used_ > capacity_; }

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

class PrepareContext {
 public:
  PrepareContext(const Model& model, int index, const Options& options, PersistentAllocator& alloc)
      : model_(model), op_(model.op(index)), index_(index), options_(options), alloc_(alloc) {}

  const OpInfo& op() const { return op_; }
  const Model& model() const { return model_; }
  int index() const { return index_; }
  const Options& options() const { return options_; }
  int input_count() const { return static_cast<int>(op_.inputs.size()); }
  int output_count() const { return static_cast<int>(op_.outputs.size()); }
  bool has_input(int k) const { return k < input_count() && op_.inputs[static_cast<size_t>(k)] >= 0; }
  TensorInfo input(int k) const { return model_.tensor(op_.inputs[static_cast<size_t>(k)]); }
  TensorInfo output(int k) const { return model_.tensor(op_.outputs[static_cast<size_t>(k)]); }
  template <typename Options>
  const Options* options_as() const;  // defined in ops/options.h

  // Persistent array; nullptr while measuring (prepare must then skip filling it).
  template <typename T>
  T* allocate_array(size_t count) {
    return static_cast<T*>(alloc_.allocate(count * sizeof(T), alignof(T)));
  }
  void* allocate_bytes(size_t bytes, size_t align) { return alloc_.allocate(bytes, align); }
  // Stores the kernel parameters and selects the kernel that will use them.
  template <typename P>
  void set_kernel(InvokeFn invoke, const char* name, const P& params) {
    void* p = alloc_.allocate(sizeof(P), alignof(P));
    if (p != nullptr) std::memcpy(p, &params, sizeof(P));
    prepared_.params = p;
    prepared_.invoke = invoke;
    prepared_.kernel = name;
  }
  void set_macs(uint64_t macs) { prepared_.macs = macs; }
  void request_scratch(size_t bytes) { prepared_.scratch_bytes = bytes; }
  void alias_output_to_input(InvokeFn invoke) {
    prepared_.output_aliases_input = true;
    prepared_.invoke = invoke;
    prepared_.kernel = "alias";
  }
  // The kernel also performs operator index()+1 and writes that operator's
  // output; the interpreter then skips it and never materializes this
  // operator's own output.
  void fuse_next() { prepared_.fuses_next = true; }
  const Prepared& prepared() const { return prepared_; }

  // An error naming this operator: "operator 3 (CONV_2D): <parts>".
  template <typename... Parts>
  Status fail(StatusCode code, const Parts&... parts) const {
    return Status::error(code, "operator ", index_, " (", op_.name(), "): ", parts...);
  }
  template <typename... Parts>
  Status invalid(const Parts&... parts) const { return fail(StatusCode::kInvalidModel, parts...); }
  template <typename... Parts>
  Status unsupported(const Parts&... parts) const { return fail(StatusCode::kUnsupported, parts...); }

 private:
  const Model& model_;
  OpInfo op_;
  int index_;
  const Options& options_;
  PersistentAllocator& alloc_;
  Prepared prepared_;
};

using PrepareFn = Status (*)(PrepareContext&);

// The prepare function for a builtin code, or nullptr.
PrepareFn find_prepare(int32_t code);

}  // namespace nib::ops
