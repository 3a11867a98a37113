// Drawing primitives, the bitmap and vector fonts, text formatting and the
// screen layout.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "digits/font.h"
#include "digits/framebuffer.h"
#include "digits/report.h"
#include "digits/text.h"
#include "digits/ui.h"

namespace nib::digits {
namespace {

constexpr Color kWhite = 0xFFFF;
constexpr Color kRed = 0xF800;

struct Screen {
  Screen(int w = 64, int h = 48) : px(static_cast<size_t>(w * h), 0), fb(px.data(), w, h) {}
  int count(Color c) const {
    int n = 0;
    for (Color p : px) n += p == c;
    return n;
  }
  int not_black() const { return static_cast<int>(px.size()) - count(0); }
  std::vector<Color> px;
  Framebuffer fb;
};

TEST(DigitsColor, Rgb565PacksAndExpands) {
  EXPECT_EQ(rgb(255, 255, 255), 0xFFFF);
  EXPECT_EQ(rgb(255, 0, 0), 0xF800);
  EXPECT_EQ(rgb(0, 255, 0), 0x07E0);
  EXPECT_EQ(rgb(0, 0, 255), 0x001F);
  EXPECT_EQ(red8(0xF800), 255);
  EXPECT_EQ(green8(0x07E0), 255);
  EXPECT_EQ(blue8(0x001F), 255);
  EXPECT_EQ(red8(rgb(128, 0, 0)), 132);  // 16 → 10000 100
  EXPECT_EQ(blend(0x0000, 0xFFFF, 0), 0x0000);
  EXPECT_EQ(blend(0x0000, 0xFFFF, 255), 0xFFFF);
  EXPECT_EQ(blend(0x0000, 0xFFFF, 128), rgb(128, 128, 128));  // 16/31, 32/63, 16/31
}

TEST(DigitsFramebuffer, FillIsClipped) {
  Screen s;
  s.fb.fill_rect({-10, -10, 20, 15}, kWhite);
  EXPECT_EQ(s.count(kWhite), 10 * 5);
  s.fb.fill_rect({60, 40, 100, 100}, kRed);
  EXPECT_EQ(s.count(kRed), 4 * 8);
  const Rect old = s.fb.set_clip({20, 20, 2, 2});
  s.fb.fill({0x1234});
  EXPECT_EQ(s.count(0x1234), 4);
  s.fb.set_clip(old);
  EXPECT_EQ(s.fb.clip(), s.fb.bounds());
}

TEST(DigitsFramebuffer, FrameRectDrawsOnlyTheBorder) {
  Screen s;
  s.fb.frame_rect({10, 10, 8, 6}, kWhite, 2);
  EXPECT_EQ(s.fb.at(10, 10), kWhite);
  EXPECT_EQ(s.fb.at(17, 15), kWhite);
  EXPECT_EQ(s.fb.at(11, 11), kWhite);
  EXPECT_EQ(s.fb.at(12, 12), 0);
  EXPECT_EQ(s.fb.at(15, 13), 0);
  EXPECT_EQ(s.count(kWhite), 8 * 6 - 4 * 2);
}

TEST(DigitsFramebuffer, RoundRectHasSoftCornersAndSolidMiddle) {
  Screen s;
  const Rect r{4, 4, 40, 30};
  s.fb.fill_round_rect(r, 8, kWhite);
  EXPECT_EQ(s.fb.at(24, 19), kWhite);
  EXPECT_EQ(s.fb.at(4, 19), kWhite);   // straight edges are solid
  EXPECT_EQ(s.fb.at(24, 4), kWhite);
  EXPECT_EQ(s.fb.at(4, 4), 0);         // the corner pixel is outside the arc
  EXPECT_EQ(s.fb.at(43, 33), 0);
  // Along the diagonal from a corner: paper, then partial, then solid.
  bool partial = false;
  for (int i = 0; i < 8; ++i) {
    const Color c = s.fb.at(4 + i, 4 + i);
    if (c != 0 && c != kWhite) partial = true;
  }
  EXPECT_TRUE(partial);
  // Symmetric corners.
  EXPECT_EQ(s.fb.at(6, 7), s.fb.at(41, 7));
  EXPECT_EQ(s.fb.at(6, 7), s.fb.at(6, 30));
  EXPECT_EQ(s.fb.at(6, 7), s.fb.at(41, 30));
  // Nothing outside the rectangle.
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 64; ++x)
      if (!r.contains(x, y)) {
        EXPECT_EQ(s.fb.at(x, y), 0) << x << "," << y;
      }
}

TEST(DigitsFramebuffer, LineHasRoundedCapsAndWidth) {
  Screen s;
  s.fb.line({10, 20}, {40, 20}, 6.0f, kWhite);  // radius 3: coverage 3.5 - d
  EXPECT_EQ(s.fb.at(25, 20), kWhite);
  EXPECT_EQ(s.fb.at(25, 18), kWhite);                 // d = 2
  EXPECT_EQ(s.fb.at(25, 22), kWhite);
  EXPECT_EQ(s.fb.at(25, 17), blend(0, kWhite, 128));  // d = 3: half
  EXPECT_EQ(s.fb.at(25, 23), blend(0, kWhite, 128));
  EXPECT_EQ(s.fb.at(25, 16), 0);                      // d = 4
  EXPECT_EQ(s.fb.at(42, 20), kWhite);                 // round cap
  EXPECT_EQ(s.fb.at(43, 20), blend(0, kWhite, 128));
  EXPECT_EQ(s.fb.at(44, 20), 0);
  EXPECT_EQ(s.fb.at(42, 23), 0);                      // d = sqrt(13) = 3.6
}

TEST(DigitsFramebuffer, BlitGrayMapsLevelsToColours) {
  Screen s;
  const uint8_t img[4] = {0, 255, 128, 0};
  s.fb.blit_gray(1, 1, img, 2, 2, 2, 0x0000, kWhite);
  EXPECT_EQ(s.fb.at(1, 1), 0);
  EXPECT_EQ(s.fb.at(2, 1), kWhite);
  EXPECT_EQ(s.fb.at(1, 2), blend(0, kWhite, 128));
  EXPECT_EQ(s.not_black(), 2);
}

TEST(DigitsFont, EveryPrintableGlyphIsDistinctAndOnlySpaceIsBlank) {
  std::set<std::string> shapes;
  for (int c = 32; c <= 126; ++c) {
    const uint8_t* rows = font::glyph_rows(static_cast<char>(c));
    std::string key(reinterpret_cast<const char*>(rows), font::kCellHeight);
    int ink = 0;
    for (int r = 0; r < font::kCellHeight; ++r) {
      EXPECT_EQ(rows[r] & ~0x1F, 0) << "glyph " << c << " wider than 5";
      ink += __builtin_popcount(rows[r]);
    }
    if (c == ' ') {
      EXPECT_EQ(ink, 0);
    }
    else EXPECT_GT(ink, 0) << "glyph " << static_cast<char>(c);
    shapes.insert(key);
  }
  EXPECT_EQ(shapes.size(), 95u);
  EXPECT_EQ(font::glyph_rows('\x01'), font::glyph_rows('?'));
}

TEST(DigitsFont, GlyphBitsMatchTheArt) {
  // 'L': a column on the left and a full bottom row.
  const uint8_t* l = font::glyph_rows('L');
  for (int r = 0; r < 6; ++r) EXPECT_EQ(l[r], 0x10) << r;
  EXPECT_EQ(l[6], 0x1F);
  EXPECT_EQ(l[7], 0);
  // 'g' reaches below the baseline.
  const uint8_t* g = font::glyph_rows('g');
  EXPECT_NE(g[7] | g[8], 0);
}

TEST(DigitsFont, DrawTextPlacesGlyphsOnAGrid) {
  Screen s;
  EXPECT_EQ(text_width("", 1), 0);
  EXPECT_EQ(text_width("L", 1), 5);
  EXPECT_EQ(text_width("LL", 1), 11);
  EXPECT_EQ(text_width("LL", 2), 22);
  const int end = draw_text(s.fb, 3, 2, "LL", kWhite);
  EXPECT_EQ(end, 3 + 12);
  EXPECT_EQ(s.fb.at(3, 2), kWhite);   // first L, column
  EXPECT_EQ(s.fb.at(7, 8), kWhite);   // first L, foot end
  EXPECT_EQ(s.fb.at(8, 8), 0);        // spacing
  EXPECT_EQ(s.fb.at(9, 2), kWhite);   // second L
  EXPECT_EQ(s.count(kWhite), 2 * (6 + 5));
}

TEST(DigitsFont, ScaleTwoStaysInItsCell) {
  Screen s;
  draw_text(s.fb, 0, 0, "@", kWhite, 2);
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 64; ++x)
      if (x >= 10 || y >= 18) {
        EXPECT_EQ(s.fb.at(x, y), 0) << x << "," << y;
      }
  EXPECT_GT(s.count(kWhite), 20);
  // 'L' at scale 2: four pixels per pixel; the smoothing rounds the outer
  // corner (-1) and fills the inner one (+1).
  Screen t;
  draw_text(t.fb, 0, 0, "L", kWhite, 2);
  EXPECT_EQ(t.count(kWhite), 4 * 11);
}

TEST(DigitsFont, TextCanBeCentredAndRightAligned) {
  Screen s;
  draw_text_in(s.fb, {0, 0, 64, 48}, "L", kWhite, 1, Align::kCenter);
  EXPECT_EQ(s.fb.at(29, 20), kWhite);  // x = (64 - 5) / 2 = 29, y = (48 - 7) / 2 = 20
  Screen r;
  draw_text_in(r.fb, {0, 0, 64, 48}, "L", kWhite, 1, Align::kRight);
  EXPECT_EQ(r.fb.at(59, 26), kWhite);  // the foot ends at the right edge
  EXPECT_EQ(r.fb.at(63, 26), kWhite);
}

TEST(DigitsBigDigits, EachDigitInksInsideItsBoxAndDiffers) {
  std::set<std::vector<Color>> seen;
  for (int d = 0; d <= 9; ++d) {
    Screen s;
    const Rect box{10, 4, 30, 40};
    draw_big_digit(s.fb, box, d, kWhite, 4.0f);
    int inside = 0;
    for (int y = 0; y < 48; ++y)
      for (int x = 0; x < 64; ++x) {
        if (s.fb.at(x, y) == 0) continue;
        EXPECT_TRUE(box.contains(x, y)) << "digit " << d << " at " << x << "," << y;
        ++inside;
      }
    EXPECT_GT(inside, 80) << d;
    seen.insert(s.px);
  }
  EXPECT_EQ(seen.size(), 10u);
}

TEST(DigitsBigDigits, OneIsNarrowAndEightIsSymmetric) {
  Screen one, eight;
  draw_big_digit(one.fb, {0, 0, 30, 48}, 1, kWhite, 4.0f);
  draw_big_digit(eight.fb, {0, 0, 30, 48}, 8, kWhite, 4.0f);
  EXPECT_LT(one.not_black(), eight.not_black());
  int asym = 0;
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 15; ++x) asym += (eight.fb.at(x, y) == 0) != (eight.fb.at(29 - x, y) == 0);
  EXPECT_LT(asym, 12);
}

TEST(DigitsTextBuf, FormatsNumbers) {
  EXPECT_EQ(TextBuf<32>().add_int(0).view(), "0");
  EXPECT_EQ(TextBuf<32>().add_int(-45).view(), "-45");
  EXPECT_EQ(TextBuf<32>().add_int(1234567, true).view(), "1,234,567");
  EXPECT_EQ(TextBuf<32>().add_int(999, true).view(), "999");
  EXPECT_EQ(TextBuf<32>().add_fixed(0.5f, 4).view(), "0.5000");
  EXPECT_EQ(TextBuf<32>().add_fixed(1.0f, 4).view(), "1.0000");
  EXPECT_EQ(TextBuf<32>().add_fixed(0.25f, 1).view(), "0.3");  // half away from zero
  EXPECT_EQ(TextBuf<32>().add_fixed(-2.5f, 0).view(), "-3");
  EXPECT_EQ(TextBuf<32>().add_fixed(12.375f, 2).view(), "12.38");
  EXPECT_EQ(TextBuf<32>().add_fixed(-0.00001f, 2).view(), "0.00");
  TextBuf<4> small;
  small.add("abcdef");
  EXPECT_EQ(small.view(), "abc");
  EXPECT_TRUE(small.full());
}

TEST(DigitsReport, PredictionAsJson) {
  Prediction p;
  p.probability[7] = 0.5f;
  p.probability[1] = 0.25f;
  p.probability[2] = 0.125f;
  p.probability[3] = 0.125f;
  rank(p);
  EXPECT_EQ(p.digit, 7);
  EXPECT_EQ(p.top[2], 2);  // tie with 3: the lower class first
  TextBuf<128> out;
  format_prediction_json(&p, out);
  EXPECT_EQ(out.view(), R"({"digit": 7, "top3": [[7, 0.5000], [1, 0.2500], [2, 0.1250]]})");
  TextBuf<128> none;
  format_prediction_json(nullptr, none);
  EXPECT_EQ(none.view(), R"({"digit": null, "top3": []})");
}

struct FullScreen {
  FullScreen() : px(layout::kScreenWidth * layout::kScreenHeight, 0), fb(px.data(), 240, 320), ui(fb) {}
  std::vector<Color> px;
  Framebuffer fb;
  Ui ui;
};

TEST(DigitsUi, LayoutFitsTheScreenWithoutOverlaps) {
  using namespace layout;
  const Rect parts[] = {kTitle, kDrawArea.inset(-1), kClearButton, kRecognizeButton, kPanel};
  for (const Rect& r : parts) {
    EXPECT_EQ(intersect(r, {0, 0, kScreenWidth, kScreenHeight}), r);
    for (const Rect& o : parts)
      if (&o != &r) {
        EXPECT_TRUE(intersect(r, o).empty());
      }
  }
}

TEST(DigitsUi, ScreenShowsPaperButtonsAndHint) {
  FullScreen s;
  s.ui.set_title("seed_mnist_int8", "optimized kernels");
  s.ui.draw_screen();
  EXPECT_EQ(s.ui.take_dirty(), s.fb.bounds());
  EXPECT_TRUE(s.ui.take_dirty().empty());
  const Rect a = layout::kDrawArea;
  EXPECT_EQ(s.fb.at(a.x, a.y), theme::kPaper);
  EXPECT_EQ(s.fb.at(a.right() - 1, a.bottom() - 1), theme::kPaper);
  EXPECT_EQ(s.fb.at(a.x - 1, a.y), theme::kFrame);
  EXPECT_EQ(s.fb.at(layout::kRecognizeButton.x + 3, layout::kRecognizeButton.y + 14), theme::kAccent);
  EXPECT_EQ(s.fb.at(layout::kClearButton.x + 3, layout::kClearButton.y + 14), theme::kButton);
  // The hint wrote text into the panel.
  int text = 0;
  for (int y = layout::kPanel.y; y < layout::kPanel.bottom(); ++y)
    for (int x = layout::kPanel.x; x < layout::kPanel.right(); ++x) text += s.fb.at(x, y) == theme::kText;
  EXPECT_GT(text, 100);
}

TEST(DigitsUi, PressedButtonChangesColour) {
  FullScreen s;
  s.ui.draw_screen();
  s.ui.take_dirty();
  s.ui.draw_button(Button::kRecognize, true);
  EXPECT_EQ(s.ui.take_dirty(), layout::kRecognizeButton);
  EXPECT_EQ(s.fb.at(layout::kRecognizeButton.x + 3, layout::kRecognizeButton.y + 14), theme::kAccentPressed);
}

TEST(DigitsUi, HitTestsButtons) {
  EXPECT_EQ(Ui::hit(20, 215), Button::kClear);
  EXPECT_EQ(Ui::hit(200, 215), Button::kRecognize);
  EXPECT_EQ(Ui::hit(108, 215), Button::kNone);  // the gap
  EXPECT_EQ(Ui::hit(100, 100), Button::kNone);
}

TEST(DigitsUi, ResultDrawsOnlyInsideThePanel) {
  FullScreen s;
  s.ui.draw_screen();
  const std::vector<Color> before = s.px;
  s.ui.take_dirty();
  Prediction p;
  p.probability[3] = 0.9f;
  p.probability[5] = 0.08f;
  p.probability[8] = 0.02f;
  p.micros = 1234;
  p.cycles = 5678901;
  rank(p);
  Image28 input;
  for (int i = 0; i < 784; i += 3) input.px[i] = 255;
  s.ui.draw_result(p, input, "optimized", "dsp-small, maxpool, dsp");
  EXPECT_EQ(s.ui.take_dirty(), layout::kPanel);
  int changed = 0;
  for (int y = 0; y < 320; ++y)
    for (int x = 0; x < 240; ++x) {
      const bool differs = s.fb.at(x, y) != before[static_cast<size_t>(y * 240 + x)];
      if (differs) {
        EXPECT_TRUE(layout::kPanel.contains(x, y)) << x << "," << y;
      }
      changed += differs;
    }
  EXPECT_GT(changed, 500);
}

TEST(DigitsUi, CanvasIsCopiedWithInkColour) {
  FullScreen s;
  s.ui.draw_screen();
  std::vector<uint8_t> ink(static_cast<size_t>(layout::kDrawArea.w * layout::kDrawArea.h));
  Canvas c(ink.data(), layout::kDrawArea.w, layout::kDrawArea.h);
  c.pen_down({50, 60, 0});
  c.pen_up({50, 60, 0});
  s.ui.draw_canvas(c, c.take_dirty());
  EXPECT_EQ(s.fb.at(layout::kDrawArea.x + 50, layout::kDrawArea.y + 60), theme::kInk);
  EXPECT_EQ(s.fb.at(layout::kDrawArea.x + 80, layout::kDrawArea.y + 60), theme::kPaper);
}

}  // namespace
}  // namespace nib::digits
