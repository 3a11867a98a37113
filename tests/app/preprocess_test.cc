// MNIST-style preprocessing on hand-made images with hand-checked results:
// bounding box, area-averaging scale to 20 px, centre-of-mass placement in
// 28×28, quantization.
#include "digits/preprocess.h"

#include <gtest/gtest.h>

#include <vector>

namespace nib::digits {
namespace {

struct Gray {
  Gray(int w_, int h_) : w(w_), h(h_), px(static_cast<size_t>(w_ * h_)) {}
  void fill(int x0, int y0, int fw, int fh, uint8_t v) {
    for (int y = y0; y < y0 + fh; ++y)
      for (int x = x0; x < x0 + fw; ++x) px[static_cast<size_t>(y * w + x)] = v;
  }
  int w, h;
  std::vector<uint8_t> px;
};

uint8_t at(const Image28& img, int x, int y) { return img.px[y * kMnistSize + x]; }

int ink_count(const Image28& img) {
  int n = 0;
  for (uint8_t p : img.px) n += p != 0;
  return n;
}

TEST(DigitsInkBounds, FindsTheTightBox) {
  Gray g(50, 40);
  EXPECT_TRUE(ink_bounds(g.px.data(), g.w, g.h, g.w).empty());
  g.px[10 * 50 + 7] = 1;
  g.px[30 * 50 + 42] = 200;
  EXPECT_EQ(ink_bounds(g.px.data(), g.w, g.h, g.w), (Rect{7, 10, 36, 21}));
}

TEST(DigitsAreaResize, AveragesWholeBlocks) {
  // 4×2 → 2×1: each output pixel is the mean of a 2×2 block.
  const uint8_t src[8] = {0, 255, 255, 255,  //
                          0, 0, 255, 255};
  uint8_t dst[2];
  area_resize(src, 4, 2, 4, 0, 0, 4, 2, dst, 2, 1);
  EXPECT_EQ(dst[0], 64);  // 255 / 4 = 63.75
  EXPECT_EQ(dst[1], 255);
}

TEST(DigitsAreaResize, WeighsPartlyCoveredPixels) {
  // 3 → 2 pixels: output 0 covers [0, 1.5), output 1 covers [1.5, 3).
  const uint8_t src[3] = {0, 255, 90};
  uint8_t dst[2];
  area_resize(src, 3, 1, 3, 0, 0, 3, 1, dst, 2, 1);
  EXPECT_EQ(dst[0], 85);   // (0·1 + 255·0.5) / 1.5
  EXPECT_EQ(dst[1], 145);  // (255·0.5 + 90·1) / 1.5 = 145
}

TEST(DigitsAreaResize, OutsideTheImageCountsAsPaper) {
  const uint8_t src[2] = {255, 255};
  uint8_t dst[2];
  area_resize(src, 2, 1, 2, -1, 0, 4, 1, dst, 2, 1);  // window [-1, 3)
  EXPECT_EQ(dst[0], 128);  // half outside
  EXPECT_EQ(dst[1], 128);
}

TEST(DigitsPreprocess, EmptyCanvasGivesNothing) {
  Gray g(100, 100);
  Image28 out;
  out.px[0] = 9;
  PreprocessInfo info;
  EXPECT_FALSE(preprocess(g.px.data(), g.w, g.h, g.w, out, &info));
  EXPECT_EQ(ink_count(out), 0);
  EXPECT_TRUE(info.bbox.empty());
}

TEST(DigitsPreprocess, SquareBecomes20x20CentredByMass) {
  // A solid 40×40 square: scale 2, a solid 20×20 box, centre of mass
  // (9.5, 9.5); offset round(14 - 9.5) = round(4.5) = 5.
  Gray g(100, 100);
  g.fill(13, 31, 40, 40, 255);
  Image28 out;
  PreprocessInfo info;
  ASSERT_TRUE(preprocess(g.px.data(), g.w, g.h, g.w, out, &info));
  EXPECT_EQ(info.bbox, (Rect{13, 31, 40, 40}));
  EXPECT_EQ(info.box_w, 20);
  EXPECT_EQ(info.box_h, 20);
  EXPECT_FLOAT_EQ(info.com_x, 9.5f);
  EXPECT_FLOAT_EQ(info.com_y, 9.5f);
  EXPECT_EQ(info.offset_x, 5);
  EXPECT_EQ(info.offset_y, 5);
  EXPECT_EQ(ink_count(out), 400);
  EXPECT_EQ(at(out, 5, 5), 255);
  EXPECT_EQ(at(out, 24, 24), 255);
  EXPECT_EQ(at(out, 4, 5), 0);
  EXPECT_EQ(at(out, 25, 24), 0);
}

TEST(DigitsPreprocess, TallShapeKeepsItsAspect) {
  // 10×40 bar: height → 20, width → 10 / 2 = 5; centre of mass (2, 9.5):
  // offsets round(12) = 12 and round(4.5) = 5.
  Gray g(60, 60);
  g.fill(30, 5, 10, 40, 255);
  Image28 out;
  PreprocessInfo info;
  ASSERT_TRUE(preprocess(g.px.data(), g.w, g.h, g.w, out, &info));
  EXPECT_EQ(info.box_w, 5);
  EXPECT_EQ(info.box_h, 20);
  EXPECT_EQ(info.offset_x, 12);
  EXPECT_EQ(info.offset_y, 5);
  EXPECT_EQ(ink_count(out), 100);
  EXPECT_EQ(at(out, 12, 5), 255);
  EXPECT_EQ(at(out, 16, 24), 255);
  EXPECT_EQ(at(out, 17, 24), 0);
  EXPECT_EQ(at(out, 11, 5), 0);
}

TEST(DigitsPreprocess, CentreOfMassNotBoxCentre) {
  // An "L" in a 20×40 bbox (box 10×20 after halving): a column two output
  // pixels wide down the left (40 px) and a foot, output columns 2-9 of
  // rows 17-19 (24 px); 64 pixels of 255.
  //   com_x = (20·(0+1) + 3·(2+…+9)) / 64 = (20 + 132) / 64 = 2.375
  //           → offset round(14 - 2.375) = round(11.625) = 12
  //   com_y = (2·(0+…+19) + 8·(17+18+19)) / 64 = (380 + 432) / 64 = 12.6875
  //           → offset round(1.3125) = 1
  // (neither is the box centre (4.5, 9.5), which would give 10 and 5).
  Gray g(80, 80);
  g.fill(30, 20, 4, 40, 255);
  g.fill(34, 54, 16, 6, 255);
  Image28 out;
  PreprocessInfo info;
  ASSERT_TRUE(preprocess(g.px.data(), g.w, g.h, g.w, out, &info));
  EXPECT_EQ(info.bbox, (Rect{30, 20, 20, 40}));
  EXPECT_EQ(info.box_w, 10);
  EXPECT_EQ(info.box_h, 20);
  EXPECT_FLOAT_EQ(info.com_x, 2.375f);
  EXPECT_FLOAT_EQ(info.com_y, 12.6875f);
  EXPECT_EQ(info.offset_x, 12);
  EXPECT_EQ(info.offset_y, 1);
  EXPECT_EQ(ink_count(out), 64);
  EXPECT_EQ(at(out, 12, 1), 255);   // top of the column
  EXPECT_EQ(at(out, 13, 20), 255);  // bottom of the column
  EXPECT_EQ(at(out, 12, 0), 0);
  EXPECT_EQ(at(out, 12, 21), 0);
  EXPECT_EQ(at(out, 14, 17), 0);    // just above the foot
  EXPECT_EQ(at(out, 14, 18), 255);  // the foot
  EXPECT_EQ(at(out, 21, 20), 255);
  EXPECT_EQ(at(out, 22, 20), 0);
}

TEST(DigitsPreprocess, OffsetIsClampedInsideTheField) {
  // A 20×20 box whose mass sits in its bottom-right corner would need an
  // offset of round(14 - 19) = -5; it is clamped to 0.
  Gray g(40, 40);
  g.px[0] = 1;  // a faint pixel making the bbox 20×20
  g.fill(18, 18, 2, 2, 255);
  Image28 out;
  PreprocessInfo info;
  ASSERT_TRUE(preprocess(g.px.data(), g.w, g.h, g.w, out, &info));
  EXPECT_EQ(info.box_w, 20);
  EXPECT_EQ(info.offset_x, 0);
  EXPECT_EQ(info.offset_y, 0);
  EXPECT_EQ(at(out, 19, 19), 255);
}

TEST(DigitsPreprocess, SmallDrawingIsEnlarged) {
  // A 5×10 block grows to 10×20 (each source pixel a 2×2 block).
  Gray g(30, 30);
  g.fill(3, 4, 5, 10, 255);
  Image28 out;
  PreprocessInfo info;
  ASSERT_TRUE(preprocess(g.px.data(), g.w, g.h, g.w, out, &info));
  EXPECT_EQ(info.box_w, 10);
  EXPECT_EQ(info.box_h, 20);
  EXPECT_EQ(ink_count(out), 200);
  // com (4.5, 9.5) → offsets round(9.5) = 10, round(4.5) = 5
  EXPECT_EQ(info.offset_x, 10);
  EXPECT_EQ(info.offset_y, 5);
}

TEST(DigitsQuantize, Int8WithMnistParameters) {
  Image28 img;
  img.px[0] = 0;
  img.px[1] = 255;
  img.px[2] = 128;
  img.px[3] = 1;
  int8_t data[784];
  TensorView in;
  in.type = DType::kInt8;
  in.rank = 4;
  in.dims[0] = 1;
  in.dims[1] = 28;
  in.dims[2] = 28;
  in.dims[3] = 1;
  in.scale = 1.0f / 255.0f;
  in.zero_point = -128;
  in.data = data;
  in.bytes = sizeof data;
  ASSERT_TRUE(quantize_into(img, in).is_ok());
  EXPECT_EQ(data[0], -128);
  EXPECT_EQ(data[1], 127);
  EXPECT_EQ(data[2], 0);
  EXPECT_EQ(data[3], -127);
  EXPECT_EQ(data[500], -128);
}

TEST(DigitsQuantize, Uint8SaturatesAndFloatNormalizes) {
  Image28 img;
  img.px[0] = 255;
  img.px[1] = 100;
  uint8_t u[784];
  TensorView in;
  in.type = DType::kUInt8;
  in.rank = 2;
  in.dims[0] = 1;
  in.dims[1] = 784;
  in.scale = 1.0f / 512.0f;  // 255 → 512: saturates
  in.zero_point = 0;
  in.data = u;
  in.bytes = sizeof u;
  ASSERT_TRUE(quantize_into(img, in).is_ok());
  EXPECT_EQ(u[0], 255);
  EXPECT_EQ(u[1], 201);  // 100/255·512 = 200.78
  float f[784];
  in.type = DType::kFloat32;
  in.data = f;
  in.bytes = sizeof f;
  ASSERT_TRUE(quantize_into(img, in).is_ok());
  EXPECT_FLOAT_EQ(f[0], 1.0f);
  EXPECT_FLOAT_EQ(f[1], 100.0f / 255.0f);
}

TEST(DigitsQuantize, RejectsWrongShapes) {
  Image28 img;
  int8_t data[100];
  TensorView in;
  in.type = DType::kInt8;
  in.rank = 1;
  in.dims[0] = 100;
  in.scale = 1.0f;
  in.data = data;
  in.bytes = sizeof data;
  const Status s = quantize_into(img, in);
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(std::string(s.message()).find("784"), std::string::npos) << s.message();
}

TEST(DigitsPaintImage, EnlargesBilinearly) {
  // 2×1 image [0, 255] painted onto 4×1: sample points at x = -0.25, 0.25,
  // 0.75, 1.25 of the source → 0, 64, 191, 255 (edges clamp to zero
  // outside: -0.25 mixes 0 with the paper, 1.25 mixes 255 with the paper).
  const uint8_t img[2] = {0, 255};
  uint8_t canvas[4] = {};
  paint_image(canvas, 4, 1, img, 2, 1, {0, 0, 4, 1});
  EXPECT_EQ(canvas[0], 0);
  EXPECT_EQ(canvas[1], 64);
  EXPECT_EQ(canvas[2], 191);
  EXPECT_EQ(canvas[3], 191);  // 0.75·255 + 0.25·0 (outside)
}

TEST(DigitsPaintImage, KeepsTheBrighterPixel) {
  const uint8_t img[1] = {100};
  uint8_t canvas[2] = {200, 0};
  paint_image(canvas, 2, 1, img, 1, 1, {0, 0, 2, 1});
  EXPECT_EQ(canvas[0], 200);
}

}  // namespace
}  // namespace nib::digits
