#include "ops/kernels.h"

namespace nib::ops {

// Optimized variants plug in here (issue: fast int8 kernels for Cortex-M4).
void select_conv2d_s8(PrepareContext& ctx, const kernels::ConvParams& p, InvokeFn reference) {
  ctx.set_kernel(reference, "reference", p);
}

void select_depthwise_conv2d_s8(PrepareContext& ctx, const kernels::ConvParams& p, InvokeFn reference) {
  ctx.set_kernel(reference, "reference", p);
}

void select_fully_connected_s8(PrepareContext& ctx, const kernels::FullyConnectedParams& p, InvokeFn reference) {
  ctx.set_kernel(reference, "reference", p);
}

}  // namespace nib::ops
