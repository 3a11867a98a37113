// Canvas: the round anti-aliased pen, interpolation between samples, spike
// rejection, dirty tracking. Pen radius 7: coverage = clamp(7.5 - d, 0, 1)
// for a pixel centre at distance d from the path.
#include "digits/canvas.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nib::digits {
namespace {

struct TestCanvas {
  explicit TestCanvas(int w = 200, int h = 200, PenConfig config = {})
      : pixels(static_cast<size_t>(w * h)), canvas(pixels.data(), w, h, config) {}
  std::vector<uint8_t> pixels;
  Canvas canvas;
  uint8_t at(int x, int y) const { return canvas.at(x, y); }
  int inked() const {
    int n = 0;
    for (uint8_t p : pixels) n += p != 0;
    return n;
  }
};

TEST(DigitsCanvas, StartsBlank) {
  TestCanvas t;
  EXPECT_FALSE(t.canvas.has_ink());
  EXPECT_EQ(t.inked(), 0);
  EXPECT_EQ(t.canvas.strokes(), 0);
}

TEST(DigitsCanvas, TapLeavesARoundAntiAliasedDot) {
  TestCanvas t;
  t.canvas.pen_down({50, 50, 0});
  t.canvas.pen_up({50, 50, 40});
  EXPECT_TRUE(t.canvas.has_ink());
  EXPECT_EQ(t.at(50, 50), 255);
  EXPECT_EQ(t.at(56, 50), 255);  // d = 6: solid
  EXPECT_EQ(t.at(57, 50), 128);  // d = 7: half covered (0.5 * 255 rounded)
  EXPECT_EQ(t.at(58, 50), 0);    // d = 8: outside
  EXPECT_EQ(t.at(50, 43), 128);
  EXPECT_EQ(t.at(45, 45), 109);  // d = 7.07: 0.43 covered
}

TEST(DigitsCanvas, DotCoverageFollowsDistance) {
  TestCanvas t;
  t.canvas.pen_down({50, 50, 0});
  t.canvas.pen_up({50, 50, 0});
  for (int y = 35; y <= 65; ++y)
    for (int x = 35; x <= 65; ++x) {
      const float d = std::sqrt(static_cast<float>((x - 50) * (x - 50) + (y - 50) * (y - 50)));
      const float c = std::fmin(1.0f, std::fmax(0.0f, 7.5f - d));
      EXPECT_EQ(t.at(x, y), static_cast<int>(c * 255.0f + 0.5f)) << x << "," << y;
    }
}

TEST(DigitsCanvas, SparseSamplesAreJoined) {
  TestCanvas t;
  t.canvas.pen_down({20, 50, 0});
  t.canvas.pen_move({120, 50, 60});  // 100 px in 60 ms: fast, but a finger can
  t.canvas.pen_up({120, 50, 70});
  EXPECT_EQ(t.canvas.rejected_spikes(), 0);
  for (int x = 20; x <= 120; ++x) {
    EXPECT_EQ(t.at(x, 50), 255) << x;
    EXPECT_EQ(t.at(x, 44), 255) << x;
    EXPECT_EQ(t.at(x, 43), 128) << x;
    EXPECT_EQ(t.at(x, 42), 0) << x;
  }
  EXPECT_EQ(t.at(70, 58), 0);
  EXPECT_EQ(t.at(128, 50), 0);  // round cap: radius 7 beyond the end, no more
  EXPECT_EQ(t.at(127, 50), 128);
}

TEST(DigitsCanvas, CurveThroughSparseSamplesStaysOnTheCircle) {
  // Eight samples on a circle of radius 40: the spline passes through every
  // sample and stays close to the circle between them (a polyline would cut
  // the corners by 40·(1 - cos 22.5°) = 3 px; the spline by well under 1).
  TestCanvas t;
  const float cx = 100, cy = 100, r = 40;
  constexpr float kPi = 3.14159265f;
  for (int i = 0; i <= 8; ++i) {
    const float a = static_cast<float>(i) * 2.0f * kPi / 8.0f;
    const TouchSample s{cx + r * std::cos(a), cy + r * std::sin(a), static_cast<uint32_t>(i * 15)};
    if (i == 0) t.canvas.pen_down(s);
    else if (i == 8) t.canvas.pen_up(s);
    else t.canvas.pen_move(s);
  }
  for (int k = 0; k < 64; ++k) {
    const float a = static_cast<float>(k) * 2.0f * kPi / 64.0f;
    const int x = static_cast<int>(std::lround(cx + r * std::cos(a))), y = static_cast<int>(std::lround(cy + r * std::sin(a)));
    EXPECT_EQ(t.at(x, y), 255) << "angle step " << k;
    // The first and last spans have no sample beyond them to shape their
    // tangent; check the bulge between the inner samples only.
    if (k < 8 || k > 56) continue;
    // 6 px outside and inside the circle, between samples: still solid only
    // if the curve bulges or cuts by less than a pixel.
    const int xo = static_cast<int>(std::lround(cx + (r + 6.0f) * std::cos(a)));
    const int yo = static_cast<int>(std::lround(cy + (r + 6.0f) * std::sin(a)));
    const int xi = static_cast<int>(std::lround(cx + (r - 6.0f) * std::cos(a)));
    const int yi = static_cast<int>(std::lround(cy + (r - 6.0f) * std::sin(a)));
    EXPECT_GT(t.at(xo, yo), 128) << "outside, step " << k;
    EXPECT_GT(t.at(xi, yi), 128) << "inside, step " << k;
  }
  EXPECT_EQ(t.at(100, 100), 0);
  EXPECT_EQ(t.at(100, 130), 0);
}

TEST(DigitsCanvas, RestingFingerAddsNothing) {
  TestCanvas a, b;
  a.canvas.pen_down({30, 30, 0});
  a.canvas.pen_move({80, 30, 20});
  a.canvas.pen_up({80, 30, 40});
  b.canvas.pen_down({30, 30, 0});
  b.canvas.pen_move({30.3f, 30.2f, 10});  // within min_step of the last kept sample
  b.canvas.pen_move({80, 30, 20});
  b.canvas.pen_move({80.4f, 30, 30});
  b.canvas.pen_up({80, 30, 40});
  EXPECT_EQ(a.pixels, b.pixels);
}

// A horizontal stroke sampled every 5 px (10 ms apart), with optional
// replacements of single samples.
void horizontal_stroke(Canvas& c, int spike_index = -1, TouchSample spike = {}) {
  for (int i = 0; i <= 20; ++i) {
    TouchSample s{static_cast<float>(20 + 5 * i), 50.0f, static_cast<uint32_t>(10 * i)};
    if (i == spike_index) s = {spike.x, spike.y, s.t_ms};
    if (i == 0) c.pen_down(s);
    else if (i == 20) c.pen_up(s);
    else c.pen_move(s);
  }
}

TEST(DigitsCanvas, SpikeInTheMiddleOfAStrokeIsDropped) {
  TestCanvas clean, spiked;
  horizontal_stroke(clean.canvas);
  horizontal_stroke(spiked.canvas, 10, {70, 150, 0});
  EXPECT_EQ(spiked.canvas.rejected_spikes(), 1);
  EXPECT_EQ(spiked.at(70, 150), 0);
  EXPECT_EQ(spiked.at(70, 100), 0);
  // Without the spike sample the path is the same straight line.
  EXPECT_EQ(spiked.at(70, 50), 255);
  EXPECT_EQ(spiked.at(70, 43), 128);
  EXPECT_EQ(spiked.at(70, 57), 128);
  EXPECT_EQ(spiked.canvas.rejected_spikes(), 1);
  EXPECT_EQ(clean.canvas.rejected_spikes(), 0);
}

TEST(DigitsCanvas, SpikeAtTheStartOfAStrokeIsDropped) {
  TestCanvas t;
  horizontal_stroke(t.canvas, 0, {160, 170, 0});
  EXPECT_EQ(t.canvas.rejected_spikes(), 1);
  EXPECT_EQ(t.at(160, 170), 0);
  EXPECT_EQ(t.at(25, 50), 255);
}

TEST(DigitsCanvas, SecondSampleSpikeIsDropped) {
  TestCanvas t;
  horizontal_stroke(t.canvas, 1, {160, 170, 0});
  EXPECT_EQ(t.canvas.rejected_spikes(), 1);
  EXPECT_EQ(t.at(160, 170), 0);
  EXPECT_EQ(t.at(22, 50), 255);
}

TEST(DigitsCanvas, FastJumpAtPenUpIsDropped_SlowOneKept) {
  TestCanvas fast, slow;
  // Stroke to (60, 50) at t = 40, then the last sample 90 px away.
  for (TestCanvas* t : {&fast, &slow}) {
    t->canvas.pen_down({20, 50, 0});
    t->canvas.pen_move({40, 50, 20});
    t->canvas.pen_move({60, 50, 40});
  }
  fast.canvas.pen_up({150, 50, 45});   // 90 px in 5 ms: 18 px/ms
  slow.canvas.pen_up({150, 50, 140});  // 90 px in 100 ms: 0.9 px/ms
  EXPECT_EQ(fast.canvas.rejected_spikes(), 1);
  EXPECT_EQ(fast.at(150, 50), 0);
  EXPECT_EQ(fast.at(100, 50), 0);
  EXPECT_EQ(slow.canvas.rejected_spikes(), 0);
  EXPECT_EQ(slow.at(150, 50), 255);
  EXPECT_EQ(slow.at(100, 50), 255);
}

TEST(DigitsCanvas, FastButConsistentStrokeIsKept) {
  // Samples 45 px apart (more than spike_distance) at 4.5 px/ms, but moving
  // steadily: no sample is far from both neighbours while they are close to
  // each other.
  TestCanvas t;
  t.canvas.pen_down({10, 100, 0});
  t.canvas.pen_move({55, 100, 10});
  t.canvas.pen_move({100, 100, 20});
  t.canvas.pen_move({145, 100, 30});
  t.canvas.pen_up({190, 100, 40});
  EXPECT_EQ(t.canvas.rejected_spikes(), 0);
  for (int x = 10; x <= 190; ++x) EXPECT_EQ(t.at(x, 100), 255) << x;
}

TEST(DigitsCanvas, DirtyRegionCoversNewInkOnly) {
  TestCanvas t;
  t.canvas.take_dirty();  // clear() marked everything
  EXPECT_TRUE(t.canvas.take_dirty().empty());
  t.canvas.pen_down({100, 100, 0});
  t.canvas.pen_up({100, 100, 0});
  const Rect d = t.canvas.take_dirty();
  EXPECT_FALSE(d.empty());
  for (int y = 0; y < 200; ++y)
    for (int x = 0; x < 200; ++x)
      if (t.at(x, y) != 0) {
        EXPECT_TRUE(d.contains(x, y)) << x << "," << y;
      }
  EXPECT_LE(d.w, 20);
  EXPECT_TRUE(t.canvas.take_dirty().empty());
}

TEST(DigitsCanvas, InkIsClippedAtTheEdges) {
  TestCanvas t(40, 30);
  t.canvas.pen_down({0, 0, 0});
  t.canvas.pen_move({39, 29, 40});
  t.canvas.pen_up({39, 29, 50});
  EXPECT_EQ(t.at(0, 0), 255);
  EXPECT_EQ(t.at(39, 29), 255);
  const Rect d = t.canvas.take_dirty();
  EXPECT_EQ(d, (Rect{0, 0, 40, 30}));
}

TEST(DigitsCanvas, ClearForgetsEverything) {
  TestCanvas t;
  horizontal_stroke(t.canvas, 10, {70, 150, 0});
  EXPECT_TRUE(t.canvas.has_ink());
  t.canvas.clear();
  EXPECT_FALSE(t.canvas.has_ink());
  EXPECT_EQ(t.inked(), 0);
  EXPECT_EQ(t.canvas.strokes(), 0);
  EXPECT_EQ(t.canvas.rejected_spikes(), 0);
}

TEST(DigitsCanvas, MovesWithoutPenDownAreIgnored) {
  TestCanvas t;
  t.canvas.pen_move({50, 50, 0});
  t.canvas.pen_up({50, 50, 0});
  EXPECT_FALSE(t.canvas.has_ink());
  EXPECT_EQ(t.canvas.strokes(), 0);
}

TEST(DigitsSpikeFilter, KeepsOrderAndDropsOnlyTheOutlier) {
  PenConfig config;
  SpikeFilter f(config);
  std::vector<TouchSample> kept;
  auto emit = [&](const TouchSample& s) { kept.push_back(s); };
  const TouchSample in[] = {{0, 0, 0}, {5, 0, 10}, {10, 0, 20}, {10, 90, 30}, {15, 0, 40}, {20, 0, 50}};
  for (const TouchSample& s : in) f.push(s, emit);
  f.flush(emit);
  ASSERT_EQ(kept.size(), 5u);
  EXPECT_EQ(kept[2].x, 10);
  EXPECT_EQ(kept[3].x, 15);
  EXPECT_EQ(f.rejected(), 1);
}

TEST(DigitsSpikeFilter, SingleSampleStrokeIsKept) {
  PenConfig config;
  SpikeFilter f(config);
  int n = 0;
  auto emit = [&](const TouchSample&) { ++n; };
  f.push({3, 4, 0}, emit);
  f.flush(emit);
  EXPECT_EQ(n, 1);
  EXPECT_EQ(f.rejected(), 0);
}

TEST(DigitsCanvas, SlowOutAndBackIsNotASpike) {
  // The same geometry as a spike, but at a finger's pace (1 px/ms): kept.
  TestCanvas t;
  t.canvas.pen_down({20, 50, 0});
  t.canvas.pen_move({25, 50, 10});
  t.canvas.pen_move({25, 120, 80});
  t.canvas.pen_move({30, 50, 150});
  t.canvas.pen_up({35, 50, 160});
  EXPECT_EQ(t.canvas.rejected_spikes(), 0);
  EXPECT_EQ(t.at(25, 115), 255);
}

TEST(DigitsSpikeFilter, TwoFarSamplesAloneAreBothKept) {
  PenConfig config;
  SpikeFilter f(config);
  int n = 0;
  auto emit = [&](const TouchSample&) { ++n; };
  f.push({0, 0, 0}, emit);
  f.push({100, 0, 100}, emit);  // slow enough to be a real movement
  f.flush(emit);
  EXPECT_EQ(n, 2);
}

}  // namespace
}  // namespace nib::digits
