// PAD, TRANSPOSE and CONCATENATION: pure data movement on raw bytes, so one
// implementation serves every element type.
#include <cstring>

#include "kernels/reference/reference.h"

namespace nib::kernels::reference {

void pad(const PadParams& p, const void* input, void* output) {
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  const size_t es = static_cast<size_t>(p.element_size);
  int32_t out_elements = 1;
  for (int d = 0; d < p.rank; ++d) out_elements *= p.out_dims[d];
  int32_t counter[kMaxDims] = {};
  for (int32_t o = 0; o < out_elements; ++o) {
    bool inside = true;
    int32_t in_index = 0;
    for (int d = 0; d < p.rank; ++d) {
      const int32_t i = counter[d] - p.before[d];
      inside &= (i >= 0 && i < p.in_dims[d]);
      in_index = in_index * p.in_dims[d] + i;
    }
    if (inside)
      std::memcpy(out + o * es, in + static_cast<size_t>(in_index) * es, es);
    else
      std::memcpy(out + o * es, &p.pad_value, es);
    for (int d = p.rank - 1; d >= 0; --d) {
      if (++counter[d] < p.out_dims[d]) break;
      counter[d] = 0;
    }
  }
}

void transpose(const TransposeParams& p, const void* input, void* output) {
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  const size_t es = static_cast<size_t>(p.element_size);
  int32_t elements = 1;
  for (int d = 0; d < p.rank; ++d) elements *= p.out_dims[d];
  int32_t counter[kMaxDims] = {};
  int32_t in_index = 0;
  for (int32_t o = 0; o < elements; ++o) {
    std::memcpy(out + o * es, in + static_cast<size_t>(in_index) * es, es);
    for (int d = p.rank - 1; d >= 0; --d) {
      in_index += p.in_strides[d];
      if (++counter[d] < p.out_dims[d]) break;
      in_index -= p.in_strides[d] * p.out_dims[d];
      counter[d] = 0;
    }
  }
}

void concatenation(const ConcatParams& p, const void* const* inputs, void* output) {
  auto* out = static_cast<uint8_t*>(output);
  for (int32_t o = 0; o < p.outer; ++o)
    for (int32_t i = 0; i < p.inputs; ++i) {
      const size_t n = static_cast<size_t>(p.chunk_bytes[i]);
      std::memcpy(out, static_cast<const uint8_t*>(inputs[i]) + static_cast<size_t>(o) * n, n);
      out += n;
    }
}

}  // namespace nib::kernels::reference
