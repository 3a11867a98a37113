// The graph stage: what the model's dataflow says, computed once before any
// operator is prepared, and the fusion passes that work on it.
//
// model (verified file) -> graph (uses of each tensor, fusions) -> ops
// (prepare: validate, choose a kernel, accept or decline a proposed fusion)
// -> runtime (plans memory on the graph's lifetimes, runs what it says).
//
// A fusion merges operator i and i + 1 into one kernel call. A pass only
// proposes it, on structure alone; operator i's prepare accepts it when its
// kernel can do the work (ops/PrepareContext::fuse_next), and from then on
// operator i writes i + 1's output, i + 1 does not run, and the tensor
// between them is never materialized. No heap: the caller provides the
// arrays (the interpreter takes them from the arena's persistent part).
#pragma once

#include <cstdint>

#include "nib/model.h"

namespace nib::graph {

// Operators are indexed in file order, which the verifier checked is a valid
// execution order. A tensor is used from `first` to `last` inclusive: its
// writer or first reader, its last reader; model inputs from 0, model
// outputs up to op_count (a virtual reader after the last operator).
// Constants and unused tensors have first = last = -1.
struct TensorUse {
  int16_t first = -1;
  int16_t last = -1;
  bool used() const { return first >= 0; }
};

enum class Fusion : uint8_t {
  kNone = 0,
  kMaxPool,  // op i + 1 is a MAX_POOL_2D reading only op i's output 0
};

// Per-operator fusion state. `proposed` is set by a pass; `accepted` by the
// operator's prepare; `absorbed` on op i + 1 once op i accepted.
struct OpFusion {
  Fusion proposed : 6 = Fusion::kNone;  // one byte per operator in the arena
  bool accepted : 1 = false;
  bool absorbed : 1 = false;
};

class Graph {
 public:
  // uses: model.tensor_count() entries, fusion: model.op_count() entries.
  // Fills the uses and runs every fusion pass.
  void build(const Model& model, TensorUse* uses, OpFusion* fusion);

  const Model& model() const { return *model_; }
  const TensorUse& use(int32_t tensor) const { return uses_[tensor]; }
  bool is_model_output(int32_t tensor) const { return uses_[tensor].last == model_->op_count(); }
  // Only operator `op` writes `tensor` and only op + 1 reads it.
  bool passed_only_to_next(int32_t tensor, int op) const {
    return uses_[tensor].first == op && uses_[tensor].last == op + 1;
  }

  // For passes: op and op + 1 could run as one kernel call of op's.
  void propose_fusion(int op, Fusion kind) { fusion_[op].proposed = kind; }
  Fusion proposed_fusion(int op) const { return fusion_[op].proposed; }
  // Operator `op`'s kernel does op + 1's work too (a proposed fusion only).
  void accept_fusion(int op);
  bool fuses_next(int op) const { return fusion_[op].accepted; }
  bool absorbed(int op) const { return fusion_[op].absorbed; }  // done by op - 1's kernel
  // Where an operator that fuses_next() writes its output 0: op + 1's.
  int32_t fused_output(int op) const { return model_->op(op + 1).outputs[0]; }

  // After every prepare, the uses become lifetimes for memory planning: the
  // tensor between two fused operators is dropped and the fused output
  // lives from op i. (The runtime then merges aliases into their sources.)
  void apply_fusions();
  TensorUse* uses() { return uses_; }

 private:
  const Model* model_ = nullptr;
  TensorUse* uses_ = nullptr;
  OpFusion* fusion_ = nullptr;
};

// Fusion passes (graph/fusion_passes.cc): each looks at the structure only
// and proposes; Graph::build runs them all. Conv + activation or pad
// folding would be one more pass and one more Fusion kind.
void propose_conv_max_pool(Graph& graph);

}  // namespace nib::graph
