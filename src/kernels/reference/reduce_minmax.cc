#include "kernels/reference/reduce_minmax.h"

namespace nib::kernels::reference {
namespace {

// Folds every input element into its output element with `take(current,
// candidate)`; the first element of each output seeds it.
template <typename T, typename Take>
void reduce(const ReduceParams& p, const T* input, T* output, Take take) {
  // Output strides of the kept axes (0 for reduced ones).
  int32_t out_stride[kMaxDims] = {};
  int32_t stride = 1;
  for (int d = p.rank - 1; d >= 0; --d) {
    if (p.reduce[d]) continue;
    out_stride[d] = stride;
    stride *= p.in_dims[d];
  }
  int32_t counter[kMaxDims] = {};
  int32_t o = 0;
  // An output is first reached where every reduced counter is 0: that input seeds it.
  bool first_pass = true;
  for (int32_t i = 0; i < p.in_elements; ++i) {
    output[o] = first_pass ? input[i] : take(output[o], input[i]);
    for (int d = p.rank - 1; d >= 0; --d) {
      o += out_stride[d];
      if (++counter[d] < p.in_dims[d]) break;
      o -= out_stride[d] * p.in_dims[d];
      counter[d] = 0;
    }
    first_pass = true;
    for (int d = 0; d < p.rank; ++d)
      if (p.reduce[d] && counter[d] != 0) first_pass = false;
  }
}

template <typename T, typename Better>
void arg(const ArgParams& p, const T* input, int32_t* output, Better better) {
  for (int32_t outer = 0; outer < p.outer; ++outer) {
    const T* base = input + outer * p.axis_size * p.inner;
    for (int32_t inner = 0; inner < p.inner; ++inner) {
      T best = base[inner];
      int32_t best_index = 0;
      for (int32_t k = 1; k < p.axis_size; ++k) {
        const T v = base[k * p.inner + inner];
        if (better(v, best)) {
          best = v;
          best_index = k;
        }
      }
      output[outer * p.inner + inner] = best_index;
    }
  }
}

}  // namespace

template <typename T>
void reduce_max(const ReduceParams& p, const T* input, T* output) {
  reduce(p, input, output, [](T a, T b) { return b > a ? b : a; });
}
template <typename T>
void reduce_min(const ReduceParams& p, const T* input, T* output) {
  reduce(p, input, output, [](T a, T b) { return b < a ? b : a; });
}
template <typename T>
void arg_max(const ArgParams& p, const T* input, int32_t* output) {
  arg(p, input, output, [](T a, T b) { return a > b; });
}
template <typename T>
void arg_min(const ArgParams& p, const T* input, int32_t* output) {
  arg(p, input, output, [](T a, T b) { return a < b; });
}

template void reduce_max<int8_t>(const ReduceParams&, const int8_t*, int8_t*);
template void reduce_max<float>(const ReduceParams&, const float*, float*);
template void reduce_min<int8_t>(const ReduceParams&, const int8_t*, int8_t*);
template void reduce_min<float>(const ReduceParams&, const float*, float*);
template void arg_max<int8_t>(const ArgParams&, const int8_t*, int32_t*);
template void arg_max<float>(const ArgParams&, const float*, int32_t*);
template void arg_min<int8_t>(const ArgParams&, const int8_t*, int32_t*);
template void arg_min<float>(const ArgParams&, const float*, int32_t*);

}  // namespace nib::kernels::reference
