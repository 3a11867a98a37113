// REDUCE_MAX, REDUCE_MIN, ARG_MAX, ARG_MIN: compare stored values (int8
// keeps its quantization), as TFLite Micro's reference kernels do.
#pragma once

#include <cstdint>

#include "kernels/reduce_params.h"

namespace nib::kernels::reference {

template <typename T>
void reduce_max(const ReduceParams& p, const T* input, T* output);
template <typename T>
void reduce_min(const ReduceParams& p, const T* input, T* output);
template <typename T>
void arg_max(const ArgParams& p, const T* input, int32_t* output);
template <typename T>
void arg_min(const ArgParams& p, const T* input, int32_t* output);

}  // namespace nib::kernels::reference
