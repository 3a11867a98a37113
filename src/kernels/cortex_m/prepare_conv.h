// Prepare for the Cortex-M convolution kernels: everything the fast paths
// compute once from the constant weights (channel plans, widened or
// transposed weights, folded biases) and which of their variants runs.
// ops/ validates the operator, decides that the fast kernels may run
// (Options, conv_s8_supported) and hands the result to the interpreter.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/conv_s8.h"
#include "kernels/cortex_m/depthwise_conv_s8.h"
#include "kernels/params.h"
#include "kernels/persistent.h"

namespace nib::kernels::cortex_m {

// What a prepare chose: the kernel's name as profilers print it and the
// scratch it needs at every run.
struct KernelChoice {
  const char* name = "dsp";
  size_t scratch_bytes = 0;
  size_t preferred_scratch_bytes = 0;  // a faster path's, if granted (0: none)
};

// A fused max pool keeps requantization monotone only if no positive shift
// can overflow the accumulator bound.
bool conv_s8_can_fuse_pool(const ConvParams& p, const int32_t* bias);

// CONV_2D int8 (conv_s8_supported(p) holds). `pool`: the fused MAX_POOL_2D,
// or null. Fills *fast (its persistent tables from `mem`).
KernelChoice prepare_conv_s8(const ConvParams& p, const int8_t* filter, const int32_t* bias, const FusedPool* pool,
                             PersistentAllocator& mem, ConvS8Params* fast);

// A depthwise convolution of a single input channel is an ordinary one with
// depth_multiplier output channels: run it on the conv paths. Its weights
// [1, KH, KW, M] are transposed once to the conv layout (small fields: widened
// to int16 pairs instead), which is counted in the arena's persistent part.
struct ConvOwnFilter {
  ConvS8Params conv;
  const int8_t* filter;  // conv-layout copy, or null on the small-field path
};
// False when it does not apply (more than one input channel, per-tensor
// requantization without shifts).
bool prepare_single_channel_depthwise(const ConvParams& p, const int8_t* filter, const int32_t* bias,
                                      PersistentAllocator& mem, ConvOwnFilter* fast, KernelChoice* choice);
void conv_s8_own_filter(const ConvOwnFilter& f, const int8_t* input, int8_t* output, void* scratch);

// DEPTHWISE_CONV_2D int8 (depthwise_s8_supported(p) and per-channel shifts).
KernelChoice prepare_depthwise_s8(const ConvParams& p, const int32_t* bias, DepthwiseS8Params* fast);

}  // namespace nib::kernels::cortex_m
