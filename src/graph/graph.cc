#include "graph/graph.h"

namespace nib::graph {
namespace {

// Widens a use to include operator `at`.
void touch(TensorUse& u, int at) {
  if (u.first < 0 || at < u.first) u.first = static_cast<int16_t>(at);
  if (at > u.last) u.last = static_cast<int16_t>(at);
}

}  // namespace

void Graph::build(const Model& model, TensorUse* uses, OpFusion* fusion) {
  model_ = &model;
  uses_ = uses;
  fusion_ = fusion;
  const int n_ops = model.op_count();
  for (int t = 0; t < model.tensor_count(); ++t) uses[t] = TensorUse{};
  for (int i = 0; i < n_ops; ++i) fusion[i] = OpFusion{};
  // Constants are read in place: they have no lifetime.
  const auto activation = [&model](int32_t t) { return t >= 0 && !model.tensor(t).is_constant(); };
  for (int32_t t : model.inputs()) touch(uses[t], 0);
  for (int i = 0; i < n_ops; ++i) {
    const OpInfo o = model.op(i);
    for (int32_t t : o.inputs)
      if (activation(t)) touch(uses[t], i);
    for (int32_t t : o.outputs)
      if (activation(t)) touch(uses[t], i);
  }
  for (int32_t t : model.outputs())
    if (activation(t)) touch(uses[t], n_ops);

  propose_conv_max_pool(*this);
}

void Graph::accept_fusion(int op) {
  if (fusion_[op].proposed == Fusion::kNone || op + 1 >= model_->op_count()) return;
  fusion_[op].accepted = true;
  fusion_[op + 1].absorbed = true;
}

void Graph::apply_fusions() {
  for (int i = 0; i + 1 < model_->op_count(); ++i) {
    if (!fusion_[i].accepted) continue;
    uses_[model_->op(i).outputs[0]] = TensorUse{};
    touch(uses_[model_->op(i + 1).outputs[0]], i);
  }
}

}  // namespace nib::graph
