#include "digits/preprocess.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace nib::digits {

Rect ink_bounds(const uint8_t* src, int w, int h, int stride) {
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; ++y) {
    const uint8_t* row = src + y * stride;
    int first = -1, last = -1;
    for (int x = 0; x < w; ++x) {
      if (row[x] != 0) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    x0 = std::min(x0, first);
    x1 = std::max(x1, last);
    y0 = std::min(y0, y);
    y1 = y;
  }
  if (x1 < 0) return {};
  return {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

void area_resize(const uint8_t* src, int w, int h, int stride, float src_x, float src_y, float src_w, float src_h,
                 uint8_t* dst, int dst_w, int dst_h) {
  const float sx = src_w / static_cast<float>(dst_w), sy = src_h / static_cast<float>(dst_h);
  const float area = sx * sy;
  for (int j = 0; j < dst_h; ++j) {
    const float ya = src_y + static_cast<float>(j) * sy, yb = ya + sy;
    const int py0 = std::max(0, static_cast<int>(std::floor(ya)));
    const int py1 = std::min(h - 1, static_cast<int>(std::ceil(yb)) - 1);
    for (int i = 0; i < dst_w; ++i) {
      const float xa = src_x + static_cast<float>(i) * sx, xb = xa + sx;
      const int px0 = std::max(0, static_cast<int>(std::floor(xa)));
      const int px1 = std::min(w - 1, static_cast<int>(std::ceil(xb)) - 1);
      float acc = 0.0f;
      for (int py = py0; py <= py1; ++py) {
        const float fy = static_cast<float>(py);
        const float wy = std::min(yb, fy + 1.0f) - std::max(ya, fy);
        if (wy <= 0.0f) continue;
        const uint8_t* row = src + py * stride;
        float line = 0.0f;
        for (int px = px0; px <= px1; ++px) {
          const float fx = static_cast<float>(px);
          const float wx = std::min(xb, fx + 1.0f) - std::max(xa, fx);
          if (wx > 0.0f) line += static_cast<float>(row[px]) * wx;
        }
        acc += line * wy;
      }
      const float v = acc / area;
      dst[j * dst_w + i] = static_cast<uint8_t>(std::min(255.0f, v + 0.5f));
    }
  }
}

namespace {

// floor(a / b) for b > 0.
int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

}  // namespace

bool preprocess(const uint8_t* src, int w, int h, int stride, Image28& out, PreprocessInfo* info) {
  std::fill(std::begin(out.px), std::end(out.px), uint8_t{0});
  const Rect bb = ink_bounds(src, w, h, stride);
  if (info != nullptr) *info = PreprocessInfo{};
  if (bb.empty()) return false;

  // Longest side → 20 pixels; the other keeps the aspect ratio (at least 1).
  const int longest = std::max(bb.w, bb.h);
  const float s = static_cast<float>(longest) / static_cast<float>(kMnistBox);  // source pixels per output pixel
  auto scaled = [&](int side) {
    if (side == longest) return kMnistBox;
    const int v = static_cast<int>(static_cast<float>(side) / s + 0.5f);
    return std::clamp(v, 1, kMnistBox);
  };
  const int bw = scaled(bb.w), bh = scaled(bb.h);
  const float win_w = static_cast<float>(bw) * s, win_h = static_cast<float>(bh) * s;
  const float win_x = static_cast<float>(bb.x) + (static_cast<float>(bb.w) - win_w) * 0.5f;
  const float win_y = static_cast<float>(bb.y) + (static_cast<float>(bb.h) - win_h) * 0.5f;
  uint8_t box[kMnistBox * kMnistBox];
  area_resize(src, w, h, stride, win_x, win_y, win_w, win_h, box, bw, bh);

  // Centre of mass in exact integers; the offset puts it nearest to (14, 14).
  int64_t mass = 0, mx = 0, my = 0;
  for (int y = 0; y < bh; ++y)
    for (int x = 0; x < bw; ++x) {
      const int v = box[y * bw + x];
      mass += v;
      mx += static_cast<int64_t>(v) * x;
      my += static_cast<int64_t>(v) * y;
    }
  const int centre = kMnistSize / 2;
  int ox = (kMnistSize - bw) / 2, oy = (kMnistSize - bh) / 2;
  if (mass > 0) {
    // round(centre - m/mass) = floor(((2·centre + 1)·mass - 2m) / (2·mass))
    ox = static_cast<int>(floor_div((2 * centre + 1) * mass - 2 * mx, 2 * mass));
    oy = static_cast<int>(floor_div((2 * centre + 1) * mass - 2 * my, 2 * mass));
  }
  ox = std::clamp(ox, 0, kMnistSize - bw);
  oy = std::clamp(oy, 0, kMnistSize - bh);
  for (int y = 0; y < bh; ++y)
    for (int x = 0; x < bw; ++x) out.px[(oy + y) * kMnistSize + ox + x] = box[y * bw + x];

  if (info != nullptr) {
    info->bbox = bb;
    info->box_w = bw;
    info->box_h = bh;
    info->offset_x = ox;
    info->offset_y = oy;
    if (mass > 0) {
      info->com_x = static_cast<float>(mx) / static_cast<float>(mass);
      info->com_y = static_cast<float>(my) / static_cast<float>(mass);
    }
  }
  return true;
}

Status quantize_into(const Image28& image, const TensorView& input) {
  constexpr size_t n = kMnistSize * kMnistSize;
  if (input.data == nullptr || input.elements() != n)
    return Status::error(StatusCode::kInvalidArgument, "model input has ", static_cast<long long>(input.elements()),
                         " elements, the app needs 784 (28x28x1)");
  switch (input.type) {
    case DType::kFloat32:
      for (size_t i = 0; i < n; ++i) input.as<float>()[i] = static_cast<float>(image.px[i]) / 255.0f;
      return Status::ok();
    case DType::kInt8:
    case DType::kUInt8: {
      if (!(input.scale > 0.0f)) return Status::error(StatusCode::kInvalidArgument, "model input is not quantized");
      const bool is_signed = input.type == DType::kInt8;
      const int lo = is_signed ? -128 : 0, hi = is_signed ? 127 : 255;
      // One quantized value per grey level, then a table look-up per pixel.
      int16_t table[256];
      for (int v = 0; v < 256; ++v) {
        const float real = static_cast<float>(v) / 255.0f;
        const int q = static_cast<int>(std::floor(real / input.scale + 0.5f)) + input.zero_point;
        table[v] = static_cast<int16_t>(std::clamp(q, lo, hi));
      }
      if (is_signed) {
        for (size_t i = 0; i < n; ++i) input.as<int8_t>()[i] = static_cast<int8_t>(table[image.px[i]]);
      } else {
        for (size_t i = 0; i < n; ++i) input.as<uint8_t>()[i] = static_cast<uint8_t>(table[image.px[i]]);
      }
      return Status::ok();
    }
    default:
      return Status::error(StatusCode::kUnsupported, "model input type ", dtype_name(input.type),
                           " (the app feeds int8, uint8 or float32)");
  }
}

void paint_image(uint8_t* canvas, int cw, int ch, const uint8_t* image, int w, int h, const Rect& target) {
  const Rect r = intersect(target, {0, 0, cw, ch});
  const float fx = static_cast<float>(w) / static_cast<float>(target.w);
  const float fy = static_cast<float>(h) / static_cast<float>(target.h);
  auto src = [&](int x, int y) -> float {
    return (x < 0 || y < 0 || x >= w || y >= h) ? 0.0f : static_cast<float>(image[y * w + x]);
  };
  for (int y = r.y; y < r.bottom(); ++y) {
    const float sy = (static_cast<float>(y - target.y) + 0.5f) * fy - 0.5f;
    const int y0 = static_cast<int>(std::floor(sy));
    const float ty = sy - static_cast<float>(y0);
    for (int x = r.x; x < r.right(); ++x) {
      const float sx = (static_cast<float>(x - target.x) + 0.5f) * fx - 0.5f;
      const int x0 = static_cast<int>(std::floor(sx));
      const float tx = sx - static_cast<float>(x0);
      const float top = src(x0, y0) * (1.0f - tx) + src(x0 + 1, y0) * tx;
      const float bottom = src(x0, y0 + 1) * (1.0f - tx) + src(x0 + 1, y0 + 1) * tx;
      const float v = top * (1.0f - ty) + bottom * ty;
      const uint8_t q = static_cast<uint8_t>(std::min(255.0f, v + 0.5f));
      uint8_t& p = canvas[y * cw + x];
      if (q > p) p = q;
    }
  }
}

}  // namespace nib::digits
