// Parameters of RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR (NHWC).
#pragma once

#include <cstdint>

namespace nib::kernels {

struct ResizeParams {
  int32_t batches, in_h, in_w, channels;
  int32_t out_h, out_w;
  bool align_corners, half_pixel_centers;
  int32_t element_size;  // nearest neighbor copies elements of any type
};

}  // namespace nib::kernels
