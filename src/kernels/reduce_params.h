// Parameters of REDUCE_MAX / REDUCE_MIN and ARG_MAX / ARG_MIN.
#pragma once

#include <cstdint>

#include "kernels/params.h"

namespace nib::kernels {

// Max or min over a set of axes; the output keeps the other axes in order.
struct ReduceParams {
  int32_t rank;
  int32_t in_dims[kMaxDims];
  bool reduce[kMaxDims];
  int32_t in_elements, out_elements;
};

// Index of the largest (smallest) value along one axis: the input seen as
// [outer, axis, inner]; ties give the first index.
struct ArgParams {
  int32_t outer, axis_size, inner;
};

}  // namespace nib::kernels
