// Kernel selection: where an operator with several implementations picks one
// for the prepared shape. With Kernels::kReference (or no faster variant for
// the shape) the portable reference kernel runs.
#pragma once

#include "kernels/params.h"
#include "ops/context.h"

namespace nib::ops {

void select_conv2d_s8(PrepareContext& ctx, const kernels::ConvParams& p, InvokeFn reference);
void select_depthwise_conv2d_s8(PrepareContext& ctx, const kernels::ConvParams& p, InvokeFn reference);
void select_fully_connected_s8(PrepareContext& ctx, const kernels::FullyConnectedParams& p, InvokeFn reference);

}  // namespace nib::ops
