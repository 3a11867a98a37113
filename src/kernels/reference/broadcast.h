// The index walk shared by every broadcasting binary kernel.
#pragma once

#include "kernels/params.h"

namespace nib::kernels::reference {

// Calls f(out_index, index1, index2) for every output element, walking the
// broadcast strides like an odometer.
template <typename F>
void for_each_broadcast(const BinaryParams& p, F f) {
  if (p.same_shape) {
    for (int32_t i = 0; i < p.elements; ++i) f(i, i, i);
    return;
  }
  int32_t counter[kMaxDims] = {};
  int32_t i1 = 0, i2 = 0;
  for (int32_t out = 0; out < p.elements; ++out) {
    f(out, i1, i2);
    for (int d = p.rank - 1; d >= 0; --d) {
      i1 += p.stride1[d];
      i2 += p.stride2[d];
      if (++counter[d] < p.out_dims[d]) break;
      i1 -= p.stride1[d] * p.out_dims[d];
      i2 -= p.stride2[d] * p.out_dims[d];
      counter[d] = 0;
    }
  }
}

}  // namespace nib::kernels::reference
