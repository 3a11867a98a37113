// PAD, TRANSPOSE and CONCATENATION reference kernels (byte-level, any type).
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernel_test_util.h"
#include "kernels/reference/reference.h"

namespace nib::kernels::testing {
namespace {

namespace ref = reference;

TEST(Pad, Int8WithPadValue) {
  // [2,2] -> [3,4]: one row before, two columns after; pad value -10
  // (the output zero point for int8, as src/ops/shape_ops.cc sets it).
  PadParams p{};
  p.rank = 2;
  p.in_dims[0] = 2, p.in_dims[1] = 2;
  p.out_dims[0] = 3, p.out_dims[1] = 4;
  p.before[0] = 1, p.before[1] = 0;
  p.element_size = 1;
  const int8_t pad_value = -10;
  std::memcpy(&p.pad_value, &pad_value, 1);  // the first element_size bytes are the value
  const std::vector<int8_t> input = {1, 2, 3, 4};
  std::vector<int8_t> out(12, 99);
  ref::pad(p, input.data(), out.data());
  EXPECT_EQ(as_ints(out), (std::vector<int>{-10, -10, -10, -10,  //
                                            1, 2, -10, -10,       //
                                            3, 4, -10, -10}));
}

TEST(Pad, Float4dSpatialBorder) {
  // NHWC [1,2,2,1] -> [1,4,4,1]: one before and one after in H and W, with
  // the float bit pattern of -1.0 as pad value (whole 4-byte elements).
  PadParams p{};
  p.rank = 4;
  const int32_t in_dims[] = {1, 2, 2, 1}, out_dims[] = {1, 4, 4, 1}, before[] = {0, 1, 1, 0};
  for (int d = 0; d < 4; ++d) {
    p.in_dims[d] = in_dims[d];
    p.out_dims[d] = out_dims[d];
    p.before[d] = before[d];
  }
  p.element_size = 4;
  p.pad_value = std::bit_cast<uint32_t>(-1.0f);
  const std::vector<float> input = {1.5f, -2.0f, 3.0f, 4.0f};
  std::vector<float> out(16, 99.0f);
  ref::pad(p, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-1, -1, -1, -1,    //
                                     -1, 1.5f, -2, -1,  //
                                     -1, 3, 4, -1,      //
                                     -1, -1, -1, -1}));
}

TEST(Transpose, Int8ThreeDimensionalPermutation) {
  // Input [2,3,4], in[i][j][k] = 12i + 4j + k (0..23). perm {2,0,1}: output
  // [4,2,3] with out[k][i][j] = in[i][j][k]. Input strides are {12,4,1}, so
  // output dims (k, i, j) read input strides {1, 12, 4}.
  TransposeParams p{};
  p.rank = 3;
  p.out_dims[0] = 4, p.out_dims[1] = 2, p.out_dims[2] = 3;
  p.in_strides[0] = 1, p.in_strides[1] = 12, p.in_strides[2] = 4;
  p.element_size = 1;
  std::vector<int8_t> input(24);
  for (int v = 0; v < 24; ++v) input[static_cast<size_t>(v)] = static_cast<int8_t>(v);
  std::vector<int8_t> out(24, 99);
  ref::transpose(p, input.data(), out.data());
  EXPECT_EQ(as_ints(out), (std::vector<int>{0, 4, 8, 12, 16, 20,    // k = 0: i = 0 {0,4,8}, i = 1 {12,16,20}
                                            1, 5, 9, 13, 17, 21,    // k = 1
                                            2, 6, 10, 14, 18, 22,   // k = 2
                                            3, 7, 11, 15, 19, 23}));  // k = 3
}

TEST(Transpose, FloatSwapsLeadingDimensions) {
  // Input [2,3,2] (strides {6,2,1}), perm {1,0,2}: output [3,2,2] reads
  // strides {2,6,1}; out[j][i][k] = in[i][j][k] = 6i + 2j + k.
  TransposeParams p{};
  p.rank = 3;
  p.out_dims[0] = 3, p.out_dims[1] = 2, p.out_dims[2] = 2;
  p.in_strides[0] = 2, p.in_strides[1] = 6, p.in_strides[2] = 1;
  p.element_size = 4;
  std::vector<float> input(12);
  for (int v = 0; v < 12; ++v) input[static_cast<size_t>(v)] = static_cast<float>(v) + 0.5f;
  std::vector<float> out(12, 99.0f);
  ref::transpose(p, input.data(), out.data());
  // j = 0: {0,1 | 6,7};  j = 1: {2,3 | 8,9};  j = 2: {4,5 | 10,11}  (+ 0.5)
  EXPECT_EQ(out, (std::vector<float>{0.5f, 1.5f, 6.5f, 7.5f, 2.5f, 3.5f, 8.5f, 9.5f, 4.5f, 5.5f, 10.5f, 11.5f}));
}

TEST(Concatenation, Int8Axis1DifferentSizes) {
  // [2,2] ++ [2,3] along axis 1 -> [2,5]: outer 2, chunks of 2 and 3 bytes.
  ConcatParams p{};
  p.inputs = 2;
  p.outer = 2;
  p.chunk_bytes[0] = 2;
  p.chunk_bytes[1] = 3;
  const std::vector<int8_t> a = {1, 2, 3, 4}, b = {5, 6, 7, 8, 9, 10};
  const void* inputs[] = {a.data(), b.data()};
  std::vector<int8_t> out(10, 99);
  ref::concatenation(p, inputs, out.data());
  EXPECT_EQ(as_ints(out), (std::vector<int>{1, 2, 5, 6, 7,  //
                                            3, 4, 8, 9, 10}));
}

TEST(Concatenation, FloatThreeInputsAxis1) {
  // [2,1,2] ++ [2,2,2] ++ [2,1,2] along axis 1 -> [2,4,2]: outer 2, chunks
  // of 1*2*4 = 8, 2*2*4 = 16 and 8 bytes.
  ConcatParams p{};
  p.inputs = 3;
  p.outer = 2;
  p.chunk_bytes[0] = 8;
  p.chunk_bytes[1] = 16;
  p.chunk_bytes[2] = 8;
  const std::vector<float> a = {1, 2, 3, 4}, b = {5, 6, 7, 8, 9, 10, 11, 12}, c = {13, 14, 15, 16};
  const void* inputs[] = {a.data(), b.data(), c.data()};
  std::vector<float> out(16, 99.0f);
  ref::concatenation(p, inputs, out.data());
  EXPECT_EQ(out, (std::vector<float>{1, 2, 5, 6, 7, 8, 13, 14,      // outer 0
                                     3, 4, 9, 10, 11, 12, 15, 16}));  // outer 1
}

}  // namespace
}  // namespace nib::kernels::testing
