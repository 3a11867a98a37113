// nib eval: accuracy of an MNIST classifier on the 10,000 test images, run
// by nib's engine exactly as `nib run` would run it.
//
// Pixels become the model's input through its own input tensor: real value
// = pixel / 255, then q = round(real / scale) + zero_point, clamped to the
// type (float32 inputs take the real value). The prediction is the argmax of
// the output (lowest class on ties).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "commands.h"
#include "idx.h"

#ifdef NIB_HAVE_PNG
#include <png.h>
#endif

namespace nib::cli {
namespace {

constexpr int kClasses = 10;
constexpr int kSide = 28;
constexpr size_t kPixels = kSide * kSide;

bool supported(DType t) { return t == DType::kInt8 || t == DType::kUInt8 || t == DType::kFloat32; }

// Input element bytes for every pixel value 0..255.
struct InputTable {
  size_t element = 1;
  uint8_t bytes[256][4] = {};
};

InputTable input_table(const TensorView& in) {
  InputTable table;
  table.element = dtype_size(in.type);
  for (int p = 0; p < 256; ++p) {
    const float real = static_cast<float>(p) / 255.0f;
    if (in.type == DType::kFloat32) {
      std::memcpy(table.bytes[p], &real, sizeof real);
      continue;
    }
    const float lo = in.type == DType::kInt8 ? -128.0f : 0.0f;
    const float hi = in.type == DType::kInt8 ? 127.0f : 255.0f;
    const float q = std::clamp(std::round(real / in.scale) + static_cast<float>(in.zero_point), lo, hi);
    if (in.type == DType::kInt8) {
      const auto v = static_cast<int8_t>(q);
      std::memcpy(table.bytes[p], &v, 1);
    } else {
      table.bytes[p][0] = static_cast<uint8_t>(q);
    }
  }
  return table;
}

int argmax(const TensorView& out) {
  int best = 0;
  for (int c = 1; c < kClasses; ++c) {
    bool better = false;
    switch (out.type) {
      case DType::kInt8: better = out.as<int8_t>()[c] > out.as<int8_t>()[best]; break;
      case DType::kUInt8: better = out.as<uint8_t>()[c] > out.as<uint8_t>()[best]; break;
      default: better = out.as<float>()[c] > out.as<float>()[best]; break;
    }
    if (better) best = c;
  }
  return best;
}

struct Miss {
  size_t index;
  int truth;
  int predicted;
};

void print_confusion(const int (&m)[kClasses][kClasses]) {
  int widest = 1;
  for (const auto& row : m)
    for (int v : row) widest = std::max(widest, static_cast<int>(std::to_string(v).size()));
  const int w = widest + 1;
  std::printf("\nconfusion matrix (rows: true label, columns: predicted)\n");
  std::printf("%6s", "");
  for (int c = 0; c < kClasses; ++c) std::printf("%*d", w, c);
  std::printf("%*s\n", w + 7, "recall");
  for (int t = 0; t < kClasses; ++t) {
    int total = 0;
    for (int c = 0; c < kClasses; ++c) total += m[t][c];
    std::printf("%6d", t);
    for (int c = 0; c < kClasses; ++c) std::printf("%*d", w, m[t][c]);
    if (total > 0)
      std::printf("%*.2f%%\n", w + 6, 100.0 * m[t][t] / total);
    else
      std::printf("%*s\n", w + 7, "-");
  }
}

// ------------------------------------------------------------ error grid PNG

// 3x5 bitmap digits, one row per byte (bit 2 = leftmost column), and ">".
constexpr uint8_t kGlyphs[11][5] = {
    {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1}, {7, 4, 7, 1, 7},
    {7, 4, 7, 5, 7}, {7, 1, 1, 2, 2}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}, {4, 2, 1, 2, 4},
};
constexpr int kScale = 2;                         // digit pixels -> image pixels
constexpr int kPad = 2;                           // around each digit
constexpr int kFont = 2;                          // glyph pixel size
constexpr int kLabelH = 5 * kFont + 4;            // label strip under the digit
constexpr int kTileW = kSide * kScale + 2 * kPad;  // 60
constexpr int kTileH = kSide * kScale + 2 * kPad + kLabelH;
constexpr int kColumns = 20;
constexpr size_t kMaxTiles = 2000;

struct Rgb {
  uint8_t r, g, b;
};

class Canvas {
 public:
  Canvas(int w, int h, Rgb fill) : w_(w), h_(h), px_(static_cast<size_t>(w) * h * 3) {
    for (size_t i = 0; i < px_.size(); i += 3) {
      px_[i] = fill.r;
      px_[i + 1] = fill.g;
      px_[i + 2] = fill.b;
    }
  }
  void set(int x, int y, Rgb c) {
    if (x < 0 || y < 0 || x >= w_ || y >= h_) return;
    uint8_t* p = &px_[(static_cast<size_t>(y) * w_ + x) * 3];
    p[0] = c.r;
    p[1] = c.g;
    p[2] = c.b;
  }
  void rect(int x, int y, int w, int h, Rgb c) {
    for (int j = 0; j < h; ++j)
      for (int i = 0; i < w; ++i) set(x + i, y + j, c);
  }
  void glyph(int x, int y, int g, Rgb c) {
    for (int row = 0; row < 5; ++row)
      for (int col = 0; col < 3; ++col)
        if (kGlyphs[g][row] & (4 >> col)) rect(x + col * kFont, y + row * kFont, kFont, kFont, c);
  }
  int width() const { return w_; }
  int height() const { return h_; }
  const uint8_t* data() const { return px_.data(); }

 private:
  int w_, h_;
  std::vector<uint8_t> px_;
};

bool write_error_grid(const std::string& path, const std::vector<Miss>& misses, const tools::IdxImages& images) {
#ifdef NIB_HAVE_PNG
  const size_t tiles = std::max<size_t>(1, std::min(misses.size(), kMaxTiles));
  const int cols = static_cast<int>(std::min<size_t>(tiles, kColumns));
  const int rows = static_cast<int>((tiles + kColumns - 1) / kColumns);
  Canvas canvas(cols * kTileW, rows * kTileH, Rgb{48, 48, 48});
  const Rgb truth_color{96, 220, 96}, arrow_color{200, 200, 200}, pred_color{255, 96, 96};
  for (size_t t = 0; t < std::min(misses.size(), kMaxTiles); ++t) {
    const Miss& m = misses[t];
    const int x0 = static_cast<int>(t % kColumns) * kTileW;
    const int y0 = static_cast<int>(t / kColumns) * kTileH;
    const auto img = images.image(m.index);
    for (int y = 0; y < kSide; ++y)
      for (int x = 0; x < kSide; ++x) {
        const uint8_t v = img[static_cast<size_t>(y * kSide + x)];
        canvas.rect(x0 + kPad + x * kScale, y0 + kPad + y * kScale, kScale, kScale, Rgb{v, v, v});
      }
    // "7>2": true label (green) > predicted (red), centered under the digit.
    const int text_w = 3 * (3 * kFont) + 2 * kFont;
    const int tx = x0 + (kTileW - text_w) / 2;
    const int ty = y0 + kSide * kScale + 2 * kPad + 2;
    canvas.glyph(tx, ty, m.truth, truth_color);
    canvas.glyph(tx + 4 * kFont, ty, 10, arrow_color);
    canvas.glyph(tx + 8 * kFont, ty, m.predicted, pred_color);
  }
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(canvas.width());
  image.height = static_cast<png_uint_32>(canvas.height());
  image.format = PNG_FORMAT_RGB;
  if (!png_image_write_to_file(&image, path.c_str(), 0, canvas.data(), 0, nullptr)) {
    fail(path + ": cannot write PNG: " + image.message);
    png_image_free(&image);
    return false;
  }
  return true;
#else
  (void)misses;
  (void)images;
  fail(path + ": this nib was built without libpng (apt-get install libpng-dev, then reconfigure)");
  return false;
#endif
}

}  // namespace

int eval(const EvalArgs& args) {
  LoadedModel m;
  Session session;
  if (!open_model(args.model, args.kernels, &m, &session)) return 1;
  Interpreter& interp = session.interpreter;

  if (interp.input_count() != 1 || interp.output_count() != 1)
    return fail(args.model + ": an MNIST classifier has one input and one output, this model has " +
                std::to_string(interp.input_count()) + " and " + std::to_string(interp.output_count()));
  const TensorView in = interp.input(0);
  const TensorView out = interp.output(0);
  if (!supported(in.type) || in.elements() != kPixels)
    return fail(args.model + ": input " + shape_string(in) + " " + dtype_name(in.type) +
                ", expected 784 (28x28) int8, uint8 or float32 elements");
  if (in.type != DType::kFloat32 && !(in.scale > 0.0f))
    return fail(args.model + ": input " + dtype_name(in.type) + " is not quantized (no scale)");
  if (!supported(out.type) || out.elements() != kClasses)
    return fail(args.model + ": output " + shape_string(out) + " " + dtype_name(out.type) +
                ", expected 10 int8, uint8 or float32 scores");

  auto split = tools::read_mnist_split(args.mnist, "t10k");
  if (!split) return fail(split.error());
  const tools::IdxImages& images = split->images;
  const std::vector<uint8_t>& labels = split->labels.labels;
  const size_t count = args.limit > 0 ? std::min(args.limit, images.count) : images.count;
  for (size_t i = 0; i < count; ++i)
    if (labels[i] >= kClasses) return fail(args.mnist + ": label " + std::to_string(labels[i]) + " of image " +
                                           std::to_string(i) + " is not a digit");

  const InputTable table = input_table(in);
  auto* dst = static_cast<uint8_t*>(in.data);
  int confusion[kClasses][kClasses] = {};
  std::vector<Miss> misses;
  size_t correct = 0;
  const bool progress = isatty(fileno(stderr)) != 0;
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < count; ++i) {
    const auto img = images.image(i);
    for (size_t p = 0; p < kPixels; ++p) std::memcpy(dst + p * table.element, table.bytes[img[p]], table.element);
    const Status s = interp.invoke();
    if (!s) return fail("image " + std::to_string(i) + ": " + s.message());
    const int predicted = argmax(interp.output(0));
    const int truth = labels[i];
    ++confusion[truth][predicted];
    if (predicted == truth)
      ++correct;
    else
      misses.push_back({i, truth, predicted});
    if (progress && (i + 1) % 500 == 0)
      std::fprintf(stderr, "\r%zu/%zu images, %zu misread", i + 1, count, misses.size());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (progress) std::fprintf(stderr, "\r%*s\r", 40, "");

  std::printf("accuracy: %.2f%% (%zu/%zu)\n", count ? 100.0 * static_cast<double>(correct) / static_cast<double>(count) : 0.0,
              correct, count);
  print_confusion(confusion);
  std::fprintf(stderr, "nib eval: %zu images in %.2f s with %s kernels (%.0f us per image)\n", count, seconds,
               args.kernels.c_str(), count ? 1e6 * seconds / static_cast<double>(count) : 0.0);

  if (!args.errors.empty()) {
    if (!write_error_grid(args.errors, misses, images)) return 1;
    const size_t drawn = std::min(misses.size(), kMaxTiles);
    std::printf("\nwrote %s: %zu misread image%s%s, %d per row in test-set order; under each, true label > "
                "predicted\n",
                args.errors.c_str(), drawn, drawn == 1 ? "" : "s",
                drawn < misses.size() ? (" (first " + std::to_string(drawn) + " of " +
                                         std::to_string(misses.size()) + ")").c_str()
                                      : "",
                kColumns);
  }
  return 0;
}

}  // namespace nib::cli
