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

#include "graph/graph.h"
#include "kernels/persistent.h"
#include "nib/model.h"
#include "nib/options.h"
#include "nib/status.h"

namespace nib::ops {

struct OpRuntime {
  const void* params;
  const void* const* inputs;  // nullptr for an absent optional input
  void* const* outputs;
  void* scratch;
  size_t scratch_bytes;  // as planned: more than requested when a preference was granted
};

using InvokeFn = void (*)(const OpRuntime&);

// Results of prepare, recorded by the interpreter.
struct Prepared {
  InvokeFn invoke = nullptr;
  const char* kernel = "";
  const void* params = nullptr;
  uint64_t macs = 0;
  size_t scratch_bytes = 0;
  // More scratch a faster path would use; granted by the planner only where
  // it does not raise the arena's peak (OpRuntime::scratch_bytes tells).
  size_t scratch_preferred = 0;
  bool output_aliases_input = false;  // output 0 shares input 0's memory
};

// Persistent memory (kernels/persistent.h): the kernels' own prepare code
// allocates from it too.
using kernels::PersistentAllocator;

class PrepareContext {
 public:
  PrepareContext(graph::Graph& graph, int index, const Options& options, PersistentAllocator& alloc)
      : graph_(graph), model_(graph.model()), op_(model_.op(index)), index_(index), options_(options), alloc_(alloc) {}

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

  // Persistent array; nullptr once the arena is exhausted (prepare must then
  // skip filling it; init() reports the size the model needs).
  template <typename T>
  T* allocate_array(size_t count) {
    return alloc_.allocate_array<T>(count);
  }
  // For a kernel family's own prepare (kernels/cortex_m/prepare_*.h).
  PersistentAllocator& persistent() { return alloc_; }
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
  void request_scratch(size_t bytes, size_t preferred = 0) {
    prepared_.scratch_bytes = bytes;
    prepared_.scratch_preferred = preferred;
  }
  void alias_output_to_input(InvokeFn invoke) {
    prepared_.output_aliases_input = true;
    prepared_.invoke = invoke;
    prepared_.kernel = "alias";
  }
  // What the graph's fusion passes propose for this operator and the next.
  graph::Fusion proposed_fusion() const { return graph_.proposed_fusion(index_); }
  // Accepts the proposed fusion: the kernel also performs operator index()+1
  // and writes that operator's output; the interpreter then skips it and
  // never materializes this operator's own output.
  void fuse_next() { graph_.accept_fusion(index_); }
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
  graph::Graph& graph_;
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
