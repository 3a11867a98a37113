// MNIST test digits drawn into the canvas at screen scale — each 28×28
// image enlarged onto the drawing area as if drawn there, then through the
// app's own preprocessing — must score within one point of the model's plain
// MNIST accuracy: the preprocessing reproduces how MNIST was made.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "app_test_util.h"
#include "digits/preprocess.h"
#include "idx.h"

namespace nib::digits {
namespace {

namespace fs = std::filesystem;

TEST(DigitsMnistOnCanvas, ScoresWithinOnePointOfPlainMnist) {
  if (!fs::exists(NIB_DIGITS_MODEL)) GTEST_SKIP() << "model not found: " << NIB_DIGITS_MODEL;
  auto split = tools::read_mnist_split(NIB_MNIST_DIR, "t10k");
  if (!split.ok())
    GTEST_SKIP() << "MNIST not available (" << split.error() << "); fetch it with scripts/fetch-mnist.sh data/mnist";
  testing::LoadedModel model;
  ASSERT_TRUE(model.load(NIB_DIGITS_MODEL, Kernels::kOptimized)) << model.status.message();

  const auto& images = split->images;
  const auto& labels = split->labels.labels;
  const size_t n = std::min<size_t>(images.count, NIB_APP_MNIST_LIMIT);
  // The 28×28 field mapped onto the drawing area like a stroke script's box:
  // uniform scale, centred.
  const int cw = layout::kDrawArea.w, ch = layout::kDrawArea.h;
  const int side = std::min(cw, ch);
  const Rect target{(cw - side) / 2, (ch - side) / 2, side, side};
  std::vector<uint8_t> canvas(static_cast<size_t>(cw * ch));

  size_t plain_ok = 0, canvas_ok = 0, agree = 0, empty = 0;
  for (size_t i = 0; i < n; ++i) {
    Image28 plain;
    std::memcpy(plain.px, images.image(i).data(), sizeof plain.px);
    Prediction a, b;
    ASSERT_TRUE(model.recognizer.classify(plain, a).is_ok());

    std::fill(canvas.begin(), canvas.end(), uint8_t{0});
    paint_image(canvas.data(), cw, ch, plain.px, kMnistSize, kMnistSize, target);
    Image28 redone;
    if (!preprocess(canvas.data(), cw, ch, cw, redone)) ++empty;
    ASSERT_TRUE(model.recognizer.classify(redone, b).is_ok());

    plain_ok += a.digit == labels[i];
    canvas_ok += b.digit == labels[i];
    agree += a.digit == b.digit;
  }
  const double plain = 100.0 * static_cast<double>(plain_ok) / static_cast<double>(n);
  const double drawn = 100.0 * static_cast<double>(canvas_ok) / static_cast<double>(n);
  std::printf("MNIST t10k, %zu digits: plain %.2f%%, drawn on the canvas %.2f%% (same answer %.2f%%)\n", n, plain,
              drawn, 100.0 * static_cast<double>(agree) / static_cast<double>(n));
  EXPECT_EQ(empty, 0u);
  EXPECT_LE(std::fabs(plain - drawn), 1.0);
}

}  // namespace
}  // namespace nib::digits
