// RESIZE_BILINEAR (int8 in 10-bit fixed point, float32 in float) and
// RESIZE_NEAREST_NEIGHBOR, with TFLite's source-coordinate rules for
// align_corners and half_pixel_centers.
#pragma once

#include <cstdint>

#include "kernels/resize_params.h"

namespace nib::kernels::reference {

void resize_bilinear_s8(const ResizeParams& p, const int8_t* input, int8_t* output);
void resize_bilinear_f32(const ResizeParams& p, const float* input, float* output);
void resize_nearest(const ResizeParams& p, const void* input, void* output);

// Source row/column of output index `out` for nearest neighbor.
int32_t nearest_source(int32_t out, int32_t in_size, int32_t out_size, bool align_corners, bool half_pixel_centers);

}  // namespace nib::kernels::reference
