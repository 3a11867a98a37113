// nib::Interpreter — runs a loaded Model inside one caller-provided arena.
//
//   nib::Model model;
//   NIB_RETURN_IF_ERROR(nib::Model::load(bytes, size, model));
//   alignas(16) static uint8_t arena[32 * 1024];
//   nib::Interpreter interp;
//   NIB_RETURN_IF_ERROR(interp.init(model, arena, sizeof(arena)));
//   nib::TensorView in = interp.input(0);   // fill in.data
//   NIB_RETURN_IF_ERROR(interp.invoke());
//   nib::TensorView out = interp.output(0);
//
// init() prepares every operator (validates shapes, precomputes multipliers,
// picks kernels) and plans activation memory; afterwards arena_usage() says
// exactly how many bytes the model needs, before any inference. An arena
// that is too small fails init() with the exact size it needs (it prepares
// and plans every operator first, reusing the arena while measuring), and
// arena_usage() then holds that size; only an arena too small to hold the
// model's tables and its largest operator's parameters gets a lower bound
// ("more than N bytes"). invoke() only computes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "nib/model.h"
#include "nib/options.h"
#include "nib/profiler.h"
#include "nib/status.h"
#include "nib/tensor.h"

namespace nib {

struct ArenaUsage {
  size_t persistent = 0;   // tensor and operator tables, per-channel parameters
  size_t activations = 0;  // planned activation and scratch memory
  size_t total() const { return persistent + activations; }
};

namespace detail {
struct TensorSlot;
struct OpSlot;
struct InterpreterAccess;  // host tools' view of the prepared state (src/runtime/introspect.h)
}  // namespace detail
namespace graph {
class Graph;
}  // namespace graph

class Interpreter {
 public:
  static constexpr size_t kArenaAlignment = 16;
  // Largest arena a model may need (persistent + activations), on every
  // target: a plan beyond it fails init() with kUnsupported.
  static constexpr size_t kMaxArenaBytes = limits::kMaxArenaBytes;

  Status init(const Model& model, void* arena, size_t arena_size, const Options& options = {});

  Status invoke();

  int input_count() const;
  int output_count() const;
  TensorView input(int index) const;
  TensorView output(int index) const;
  // Any tensor by its model index (activations are valid right after invoke
  // only while no later operator reused their memory).
  TensorView tensor(int index) const;

  // After init: what the model uses (success) or needs (kArenaTooSmall).
  ArenaUsage arena_usage() const { return usage_; }
  // MACs and kernel variant of operator `index` as prepared.
  OpEvent op_event(int index) const;

  void set_profiler(Profiler* profiler) { profiler_ = profiler; }

 private:
  friend struct detail::InterpreterAccess;
  Status build(const Model& model, uint8_t* begin, size_t capacity, const Options& options, ArenaUsage* usage,
               bool measure);

  const Model* model_ = nullptr;
  detail::TensorSlot* tensors_ = nullptr;
  detail::OpSlot* ops_ = nullptr;
  graph::Graph* graph_ = nullptr;
  ArenaUsage usage_;
  Profiler* profiler_ = nullptr;
};

}  // namespace nib
