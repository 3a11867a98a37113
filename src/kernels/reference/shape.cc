// Shape and data-movement kernels on raw bytes (one implementation for every
// element type): strided views, split, gather, mirror pad, space <-> batch,
// and CAST's value conversions.
#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/reference/reference.h"
#include "nib/tensor.h"

namespace nib::kernels::reference {

void strided_copy(const StridedCopyParams& p, const void* input, void* output) {
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  const size_t es = static_cast<size_t>(p.element_size);
  if (p.rank == 0) {
    std::memcpy(out, in + static_cast<size_t>(p.in_start) * es, es);
    return;
  }
  // Rows along the last dimension: contiguous in the input when its stride is 1.
  const int last = p.rank - 1;
  const int32_t row = p.out_dims[last];
  const bool contiguous = p.in_strides[last] == 1;
  int32_t rows = 1;
  for (int d = 0; d < last; ++d) rows *= p.out_dims[d];
  int32_t counter[kMaxDims] = {};
  int32_t base = p.in_start;
  for (int32_t r = 0; r < rows; ++r) {
    if (contiguous) {
      std::memcpy(out, in + static_cast<size_t>(base) * es, static_cast<size_t>(row) * es);
      out += static_cast<size_t>(row) * es;
    } else {
      int32_t i = base;
      for (int32_t k = 0; k < row; ++k, i += p.in_strides[last], out += es)
        std::memcpy(out, in + static_cast<size_t>(i) * es, es);
    }
    for (int d = last - 1; d >= 0; --d) {
      base += p.in_strides[d];
      if (++counter[d] < p.out_dims[d]) break;
      base -= p.in_strides[d] * p.out_dims[d];
      counter[d] = 0;
    }
  }
}

void split(const ConcatParams& p, const void* input, void* const* outputs) {
  const auto* in = static_cast<const uint8_t*>(input);
  for (int32_t o = 0; o < p.outer; ++o)
    for (int32_t k = 0; k < p.inputs; ++k) {
      const size_t n = static_cast<size_t>(p.chunk_bytes[k]);
      std::memcpy(static_cast<uint8_t*>(outputs[k]) + static_cast<size_t>(o) * n, in, n);
      in += n;
    }
}

void gather(const GatherParams& p, const void* input, const void* indices, void* output) {
  const auto* in = static_cast<const uint8_t*>(input);
  const auto* idx = static_cast<const uint8_t*>(indices);
  auto* out = static_cast<uint8_t*>(output);
  const size_t inner = static_cast<size_t>(p.inner);
  for (int32_t b = 0; b < p.batches; ++b)
    for (int32_t o = 0; o < p.outer; ++o)
      for (int32_t j = 0; j < p.coords; ++j, out += inner) {
        int64_t k;
        const size_t at = static_cast<size_t>(b * p.coords + j);
        if (p.index_bytes == 8) {
          std::memcpy(&k, idx + at * 8, 8);
        } else {
          int32_t k32;
          std::memcpy(&k32, idx + at * 4, 4);
          k = k32;
        }
        // Indices from a non-constant tensor cannot be checked at prepare:
        // an out-of-range one gives zeros instead of reading out of bounds.
        if (k < 0 || k >= p.axis_size) {
          std::memset(out, 0, inner);
          continue;
        }
        const size_t src = (static_cast<size_t>(b * p.outer + o) * static_cast<size_t>(p.axis_size) +
                            static_cast<size_t>(k)) * inner;
        std::memcpy(out, in + src, inner);
      }
}

void mirror_pad(const MirrorPadParams& p, const void* input, void* output) {
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  const size_t es = static_cast<size_t>(p.element_size);
  int32_t elements = 1;
  for (int d = 0; d < p.rank; ++d) elements *= p.out_dims[d];
  int32_t counter[kMaxDims] = {};
  for (int32_t o = 0; o < elements; ++o, out += es) {
    int32_t src = 0;
    for (int d = 0; d < p.rank; ++d) {
      // Left of the data: mirrored around its first element (REFLECT skips
      // the border itself, SYMMETRIC repeats it); right of it likewise.
      int32_t i = counter[d] - p.before[d];
      if (i < 0) i = -i - 1 + p.offset;
      else if (i >= p.in_dims[d]) i = 2 * p.in_dims[d] - 1 - i - p.offset;
      src = src * p.in_dims[d] + i;
    }
    std::memcpy(out, in + static_cast<size_t>(src) * es, es);
    for (int d = p.rank - 1; d >= 0; --d) {
      if (++counter[d] < p.out_dims[d]) break;
      counter[d] = 0;
    }
  }
}

namespace {

// Visits every pixel of the batch tensor with its space coordinates.
template <typename F>
void for_each_batch_pixel(const SpaceBatchParams& p, F f) {
  const int32_t batches = p.batch * p.block_h * p.block_w;
  for (int32_t n = 0; n < batches; ++n) {
    const int32_t b = n % p.batch;
    const int32_t block = n / p.batch;
    const int32_t dy = block / p.block_w, dx = block % p.block_w;
    for (int32_t y = 0; y < p.batch_h; ++y)
      for (int32_t x = 0; x < p.batch_w; ++x) {
        const int32_t sy = y * p.block_h + dy - p.pad_top;
        const int32_t sx = x * p.block_w + dx - p.pad_left;
        const bool inside = sy >= 0 && sy < p.height && sx >= 0 && sx < p.width;
        const size_t batch_at = static_cast<size_t>((n * p.batch_h + y) * p.batch_w + x);
        const size_t space_at = inside ? static_cast<size_t>((b * p.height + sy) * p.width + sx) : 0;
        f(batch_at * static_cast<size_t>(p.depth_bytes), space_at * static_cast<size_t>(p.depth_bytes), inside);
      }
  }
}

}  // namespace

void space_to_batch(const SpaceBatchParams& p, const void* space, void* batch) {
  const auto* in = static_cast<const uint8_t*>(space);
  auto* out = static_cast<uint8_t*>(batch);
  const size_t n = static_cast<size_t>(p.depth_bytes);
  for_each_batch_pixel(p, [&](size_t b, size_t s, bool inside) {
    if (inside)
      std::memcpy(out + b, in + s, n);
    else
      std::memset(out + b, p.pad_byte, n);
  });
}

void batch_to_space(const SpaceBatchParams& p, const void* batch, void* space) {
  const auto* in = static_cast<const uint8_t*>(batch);
  auto* out = static_cast<uint8_t*>(space);
  const size_t n = static_cast<size_t>(p.depth_bytes);
  for_each_batch_pixel(p, [&](size_t b, size_t s, bool inside) {
    if (inside) std::memcpy(out + s, in + b, n);  // cropped pixels are dropped
  });
}

namespace {

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <typename T>
void store(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

// float -> int32 truncates toward zero; beyond int32 it saturates (NaN -> 0).
int32_t float_to_int32(float v) {
  if (!(v == v)) return 0;
  if (v >= 2147483648.0f) return std::numeric_limits<int32_t>::max();
  if (v < -2147483648.0f) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(v);
}

}  // namespace

void cast(const CastParams& p, const void* input, void* output) {
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  const auto from = static_cast<DType>(p.from), to = static_cast<DType>(p.to);
  const size_t in_size = dtype_size(from), out_size = dtype_size(to);
  for (int32_t i = 0; i < p.elements; ++i, in += in_size, out += out_size) {
    // Integers go through int64 (exact for every source type); floats stay floats.
    if (from == DType::kFloat32 && to == DType::kFloat32) {
      store(out, load<float>(in));
      continue;
    }
    if (to == DType::kFloat32) {
      int64_t v = from == DType::kInt8 ? load<int8_t>(in) : from == DType::kInt16 ? load<int16_t>(in) : load<int32_t>(in);
      store(out, static_cast<float>(v));
      continue;
    }
    int64_t v;
    switch (from) {
      case DType::kFloat32: v = float_to_int32(load<float>(in)); break;
      case DType::kInt8: v = load<int8_t>(in); break;
      case DType::kInt16: v = load<int16_t>(in); break;
      default: v = load<int32_t>(in); break;
    }
    // Narrowing keeps the low bits (two's complement wraparound).
    const auto bits = static_cast<uint64_t>(v);
    switch (to) {
      case DType::kInt8: store(out, static_cast<int8_t>(static_cast<uint8_t>(bits))); break;
      case DType::kInt16: store(out, static_cast<int16_t>(static_cast<uint16_t>(bits))); break;
      default: store(out, static_cast<int32_t>(static_cast<uint32_t>(bits))); break;
    }
  }
}

}  // namespace nib::kernels::reference
