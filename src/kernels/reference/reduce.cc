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
  // Per output element, a walk over just its reduced elements (one pass
  // over the input in all, allocation-free).
  const int32_t n = p.reduced_elements;
  int32_t stride[kMaxDims];
  for (int d = p.rank - 1, s = 1; d >= 0; --d) {
    stride[d] = s;
    s *= p.in_dims[d];
  }
  // Steps the counter over the dims whose reduce flag equals `reduced`, last fastest.
  const auto step = [&p](int32_t* counter, bool reduced) {
    for (int d = p.rank - 1; d >= 0; --d) {
      if (p.reduce[d] != reduced) continue;
      if (++counter[d] < p.in_dims[d]) return;
      counter[d] = 0;
    }
  };
  int32_t kept[kMaxDims] = {};
  for (int32_t o = 0; o < p.out_elements; ++o, step(kept, false)) {
    int32_t base = 0;
    for (int d = 0; d < p.rank; ++d) base += p.reduce[d] ? 0 : kept[d] * stride[d];
    int32_t sum = 0;
    int32_t r[kMaxDims] = {};
    for (int32_t k = 0; k < n; ++k, step(r, true)) {
      int32_t i = base;
      for (int d = 0; d < p.rank; ++d) i += p.reduce[d] ? r[d] * stride[d] : 0;
      sum = quant::wrap_add(sum, input[i] - (p.spatial_int8 ? p.input_zero_point : 0));
    }
    int32_t value;
    if (p.spatial_int8) {
      value = quant::multiply_by_quantized_multiplier(sum, p.multiplier, p.shift);
      value = value > 0 ? quant::wrap_add(value, n / 2) / n : quant::wrap_add(value, -(n / 2)) / n;
      value = quant::wrap_add(value, p.output_zero_point);
    } else {
      const float bias = static_cast<float>(p.output_zero_point) - static_cast<float>(p.input_zero_point) * p.scale;
      const float mean = static_cast<float>(sum) / static_cast<float>(n);
      value = quant::saturating_round(mean * p.scale + bias);
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
