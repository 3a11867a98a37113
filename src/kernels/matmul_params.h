// Parameters of BATCH_MATMUL and TRANSPOSE_CONV.
#pragma once

#include <cstdint>

#include "kernels/params.h"

namespace nib::kernels {

// out[b][i][j] = sum_k lhs[b][i][k] * rhs[b][k][j] over broadcast batch
// dimensions. Element strides express adj_x / adj_y (transposed operands).
struct BatchMatMulParams {
  int32_t batch_rank;                 // leading (batch) dimensions of the output, up to 4
  int32_t batch_dims[kMaxDims];       // output batch sizes
  int32_t lhs_batch_stride[kMaxDims];  // per batch dim, 0 where broadcast
  int32_t rhs_batch_stride[kMaxDims];
  int32_t batches;                    // product of batch_dims
  int32_t rows, cols, depth;          // M, N, K
  int32_t lhs_row_stride, lhs_depth_stride;  // element (i, k) of one lhs matrix
  int32_t rhs_depth_stride, rhs_col_stride;  // element (k, j) of one rhs matrix
  // int8
  int32_t lhs_offset, rhs_offset, output_offset;  // offsets: minus zero points
  int32_t output_multiplier, output_shift;
  int32_t act_min, act_max;
  FloatClamp clamp;
};

// TRANSPOSE_CONV: NHWC input, OHWI filter; every input pixel scatters
// filter x value into the output window at (in * stride - pad).
struct TransposeConvParams {
  int32_t batches, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t filter_h, filter_w;
  int32_t stride_h, stride_w, pad_h, pad_w;
  int32_t input_offset;  // minus the input zero point (int8)
  Requant requant;       // per output channel (count = out_c)
  FloatClamp clamp;
  bool has_bias;         // the operator has input 3
};

}  // namespace nib::kernels
