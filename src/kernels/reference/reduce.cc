// MEAN and SUM, with TFLite Micro's arithmetic: quantized inputs are summed
// raw into int32, the zero point is taken off once per output (zp x count),
// and the result is requantized by a single multiplier. For MEAN that
// multiplier already holds 1/count (folded in at prepare), so the division
// is rounded twice: once in the high multiply, once in the final shift.
#include <algorithm>
#include <limits>

#include "kernels/reference/reference.h"
#include "quant/fixed_point.h"

namespace nib::kernels::reference {
namespace {

// Calls f(in_index, out_index) over every input element, in memory order.
template <typename F>
void for_each_reduced(const MeanParams& p, F f) {
  int32_t in_elements = 1;
  for (int d = 0; d < p.rank; ++d) in_elements *= p.in_dims[d];
  int32_t counter[kMaxDims] = {};
  for (int32_t i = 0; i < in_elements; ++i) {
    int32_t o = 0;
    for (int d = 0; d < p.rank; ++d)
      if (!p.reduce[d]) o = o * p.in_dims[d] + counter[d];
    f(i, o);
    for (int d = p.rank - 1; d >= 0; --d) {
      if (++counter[d] < p.in_dims[d]) break;
      counter[d] = 0;
    }
  }
}

template <typename T>
void mean_quantized(const MeanParams& p, const T* input, T* output, int32_t* sums) {
  std::fill(sums, sums + p.out_elements, 0);
  for_each_reduced(p, [&](int32_t i, int32_t o) { sums[o] = quant::wrap_add(sums[o], input[i]); });
  // int32 wraparound like the reference (sum - zp * count), without UB.
  const uint32_t zero_sum = static_cast<uint32_t>(p.input_zero_point) * static_cast<uint32_t>(p.reduced_elements);
  for (int32_t o = 0; o < p.out_elements; ++o) {
    const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(sums[o]) - zero_sum);
    const int32_t v =
        quant::wrap_add(quant::multiply_by_quantized_multiplier(shifted, p.multiplier, p.shift), p.output_zero_point);
    output[o] = static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
  }
}

}  // namespace

void mean_s8(const MeanParams& p, const int8_t* input, int8_t* output, int32_t* scratch) {
  mean_quantized(p, input, output, scratch);
}

void mean_s16(const MeanParams& p, const int16_t* input, int16_t* output, int32_t* scratch) {
  mean_quantized(p, input, output, scratch);
}

void mean_f32(const MeanParams& p, const float* input, float* output) {
  for (int32_t o = 0; o < p.out_elements; ++o) output[o] = 0.0f;
  for_each_reduced(p, [&](int32_t i, int32_t o) { output[o] += input[i]; });
  if (p.sum) return;
  for (int32_t o = 0; o < p.out_elements; ++o) output[o] /= static_cast<float>(p.reduced_elements);
}

}  // namespace nib::kernels::reference
