// Turns the canvas into what an MNIST model expects, the way MNIST itself
// was made:
//   1. the bounding box of the ink (pixels > 0);
//   2. scaled, keeping its aspect ratio, so its longest side is 20 pixels,
//      by area averaging (each output pixel is the mean of the source area
//      it covers, fractional pixels weighted by how much of them it covers);
//   3. placed in a 28×28 field so that its centre of mass lands on the
//      field's centre (14, 14) to the nearest pixel — MNIST's own centres of
//      mass have mean (14.0, 14.0) and spread ±0.5, an integer translation —
//      clamped so nothing leaves the field;
//   4. quantized with the model's input scale and zero point.
#pragma once

#include <cstdint>

#include "digits/geometry.h"
#include "nib/status.h"
#include "nib/tensor.h"

namespace nib::digits {

inline constexpr int kMnistSize = 28;
inline constexpr int kMnistBox = 20;

struct Image28 {
  uint8_t px[kMnistSize * kMnistSize] = {};  // 0 = background, 255 = ink
};

struct PreprocessInfo {
  Rect bbox;              // ink bounding box in the source image
  int box_w = 0;          // size after scaling; the longest side is kMnistBox
  int box_h = 0;
  int offset_x = 0;       // where the scaled box's top-left landed in 28×28
  int offset_y = 0;
  float com_x = 0.0f;     // centre of mass of the scaled box, box pixels
  float com_y = 0.0f;
};

// Ink bounding box of a grey image (stride in bytes); empty if there is none.
Rect ink_bounds(const uint8_t* src, int w, int h, int stride);

// Area-averaging resize of the src_w × src_h window at (src_x, src_y)
// (continuous source coordinates: pixel i covers [i, i + 1)) onto a
// dst_w × dst_h image. Source pixels outside the image count as 0.
void area_resize(const uint8_t* src, int w, int h, int stride, float src_x, float src_y, float src_w, float src_h,
                 uint8_t* dst, int dst_w, int dst_h);

// Steps 1-3. Returns false (and leaves out blank) when there is no ink.
bool preprocess(const uint8_t* src, int w, int h, int stride, Image28& out, PreprocessInfo* info = nullptr);

// Step 4: writes the image into a model input of 784 elements, int8 or
// uint8 (value = round(pixel / 255 / scale) + zero point, saturated) or
// float32 (pixel / 255).
Status quantize_into(const Image28& image, const TensorView& input);

// Paints a grey image (0 = paper) into a grey canvas, enlarged bilinearly to
// fill `target` (canvas coordinates), keeping the brighter of the old and
// new pixel: how an MNIST digit would look drawn on the screen.
void paint_image(uint8_t* canvas, int cw, int ch, const uint8_t* image, int w, int h, const Rect& target);

}  // namespace nib::digits
