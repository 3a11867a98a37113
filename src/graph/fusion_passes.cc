// Fusion passes: structure only. Whether the kernel can take the fused work
// (types, quantization, geometry) is decided by the operator's prepare.
#include "graph/graph.h"

namespace nib::graph {

// CONV_2D whose output 0 goes only to the MAX_POOL_2D right after it.
void propose_conv_max_pool(Graph& graph) {
  const Model& model = graph.model();
  for (int i = 0; i + 1 < model.op_count(); ++i) {
    const OpInfo conv = model.op(i), pool = model.op(i + 1);
    if (conv.code != static_cast<int32_t>(OpCode::kConv2D) || pool.code != static_cast<int32_t>(OpCode::kMaxPool2D))
      continue;
    if (conv.outputs.empty() || pool.inputs.size() != 1 || pool.outputs.size() != 1) continue;
    const int32_t t = conv.outputs[0];
    if (t < 0 || pool.inputs[0] != t || !graph.passed_only_to_next(t, i)) continue;
    graph.propose_fusion(i, Fusion::kMaxPool);
  }
}

}  // namespace nib::graph
