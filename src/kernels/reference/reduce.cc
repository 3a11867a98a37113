// MEAN. int8 over the spatial axes of a 4D tensor uses TFLite's integer
// path (rescale the sum, then divide with rounding); other int8 reductions
// use its float path (mean * scale + bias, rounded).
#include <algorithm>
#include <cmath>

#include "kernels/reference/reference.h"
#include "quant/fixed_point.h"

namespace nib::kernels::reference {
namespace {

// Calls f(in_index, out_index) over every input element.
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

}  // namespace

void mean_s8(const MeanParams& p, const int8_t* input, int8_t* output) {
  // Sums are accumulated in the output buffer's place through a small
  // per-call pass per output element to stay allocation-free.
  const int32_t n = p.reduced_elements;
  for (int32_t o = 0; o < p.out_elements; ++o) {
    int32_t sum = 0;
    for_each_reduced(p, [&](int32_t i, int32_t out) {
      if (out == o) sum += input[i] - (p.spatial_int8 ? p.input_zero_point : 0);
    });
    int32_t value;
    if (p.spatial_int8) {
      value = quant::multiply_by_quantized_multiplier(sum, p.multiplier, p.shift);
      value = value > 0 ? (value + n / 2) / n : (value - n / 2) / n;
      value += p.output_zero_point;
    } else {
      const float bias = static_cast<float>(p.output_zero_point) - static_cast<float>(p.input_zero_point) * p.scale;
      const float mean = static_cast<float>(sum) / static_cast<float>(n);
      value = static_cast<int32_t>(std::round(mean * p.scale + bias));
    }
    output[o] = static_cast<int8_t>(std::clamp<int32_t>(value, -128, 127));
  }
}

void mean_f32(const MeanParams& p, const float* input, float* output) {
  for (int32_t o = 0; o < p.out_elements; ++o) output[o] = 0.0f;
  for_each_reduced(p, [&](int32_t i, int32_t o) { output[o] += input[i]; });
  for (int32_t o = 0; o < p.out_elements; ++o) output[o] /= static_cast<float>(p.reduced_elements);
}

}  // namespace nib::kernels::reference
