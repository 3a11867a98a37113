// The stroke-script reader: JSON syntax, validation, the mapping of the
// script's box onto the drawing area, and the touch events it plays.
#include "digits/stroke_script.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace nib::digits {
namespace {

using Kind = TouchEvent::Kind;

std::vector<TouchEvent> events(const StrokeScript& s, const Rect& area = layout::kDrawArea, uint32_t t0 = 0) {
  std::vector<TouchEvent> out;
  ScriptPlayer p(s, area, t0);
  TouchEvent e;
  while (p.next(e)) out.push_back(e);
  return out;
}

TEST(DigitsStrokeScript, ParsesTheFormat) {
  const std::string text = R"({"width": 100, "height": 50.5,
    "strokes": [[[1, 2, 0], [3.5, 4e1, 10.4], [-0.5, 6, 20]], [[7, 8, 300]]]})";
  StrokeScript s;
  const Status st = StrokeScript::parse(text, s);
  ASSERT_TRUE(st.is_ok()) << st.message();
  EXPECT_EQ(s.width(), 100.0f);
  EXPECT_EQ(s.height(), 50.5f);
  EXPECT_EQ(s.stroke_count(), 2);
  EXPECT_EQ(s.sample_count(), 4);
  EXPECT_EQ(s.duration_ms(), 300.0f);
}

TEST(DigitsStrokeScript, KeysInAnyOrderAndUnknownKeysSkipped) {
  const std::string text =
      R"({"strokes": [[[0, 0, 0]]], "comment": {"a": [1, "x\"y", true, null]}, "height": 10, "width": 20})";
  StrokeScript s;
  ASSERT_TRUE(StrokeScript::parse(text, s).is_ok());
  EXPECT_EQ(s.width(), 20.0f);
  EXPECT_EQ(s.stroke_count(), 1);
}

TEST(DigitsStrokeScript, EmptyDrawingIsValid) {
  StrokeScript s;
  ASSERT_TRUE(StrokeScript::parse(R"({"width": 1, "height": 1, "strokes": []})", s).is_ok());
  EXPECT_EQ(s.stroke_count(), 0);
  EXPECT_TRUE(events(s).empty());
}

TEST(DigitsStrokeScript, ErrorsSayWhatAndWhere) {
  struct Case {
    const char* text;
    const char* expect;
  };
  const Case cases[] = {
      {"", "expected '{'"},
      {R"({"width": 1, "strokes": []})", "\"width\" and \"height\" are required"},
      {R"({"width": 1, "height": 1})", "\"strokes\" is required"},
      {R"({"width": 0, "height": 1, "strokes": []})", "must be positive"},
      {R"({"width": 1, "height": 1, "strokes": [[]]})", "empty stroke"},
      {R"({"width": 1, "height": 1, "strokes": [[[1, 2]]]})", "[x, y, t_ms]"},
      {R"({"width": 1, "height": 1, "strokes": [[[1, 2, 5], [1, 2, 4]]]})", "t_ms goes backwards"},
      {R"({"width": 1, "height": 1, "strokes": [[[1, 2, 5]], [[1, 2, 4]]]})", "t_ms goes backwards"},
      {R"({"width": 1, "height": 1, "strokes": [[[1, 2, 5]]]} x)", "text after"},
      {R"({"width": 1 "height": 1})", "expected ',' or '}'"},
      {R"({"width": "1", "height": 1, "strokes": []})", "expected a number"},
      {R"({"width": 1, "height": 1, "strokes": {}})", "must be an array"},
      // Bounds that keep event times and pixels defined (fuzz_stroke_script found 1e39).
      {R"({"width": 1e7, "height": 1, "strokes": []})", "at most 1e6"},
      {R"({"width": 1, "height": 1, "strokes": [[[1, 2, 1e39]]]})", "0 <= t_ms <= 86400000"},
      {R"({"width": 1, "height": 1, "strokes": [[[1, 2, -1]]]})", "0 <= t_ms"},
      {R"({"width": 1, "height": 1, "strokes": [[[1e9, 2, 0]]]})", "|x|, |y| <= 1e6"},
  };
  for (const Case& c : cases) {
    StrokeScript s;
    const Status st = StrokeScript::parse(c.text, s);
    EXPECT_FALSE(st.is_ok()) << c.text;
    EXPECT_NE(std::string(st.message()).find(c.expect), std::string::npos) << c.text << " → " << st.message();
    EXPECT_NE(std::string(st.message()).find("byte "), std::string::npos) << st.message();
  }
}

TEST(DigitsStrokeScript, MapsTheBoxUniformlyAndCentred) {
  // 100 × 100 onto the 224 × 172 area at (8, 27): scale min(223, 171)/100
  // = 1.71, x centred: 8 + (223 - 171) / 2 = 34.
  StrokeScript s;
  ASSERT_TRUE(StrokeScript::parse(R"({"width": 100, "height": 100, "strokes": []})", s).is_ok());
  const PointF a = s.map(layout::kDrawArea, 0, 0), b = s.map(layout::kDrawArea, 100, 100);
  EXPECT_FLOAT_EQ(a.x, 34.0f);
  EXPECT_FLOAT_EQ(a.y, 27.0f);
  EXPECT_FLOAT_EQ(b.x, 205.0f);
  EXPECT_FLOAT_EQ(b.y, 198.0f);  // the area's last row
  // A wide box fills the width instead.
  StrokeScript w;
  ASSERT_TRUE(StrokeScript::parse(R"({"width": 446, "height": 100, "strokes": []})", w).is_ok());
  EXPECT_FLOAT_EQ(w.map(layout::kDrawArea, 0, 50).x, 8.0f);
  EXPECT_FLOAT_EQ(w.map(layout::kDrawArea, 446, 50).x, 231.0f);
  EXPECT_FLOAT_EQ(w.map(layout::kDrawArea, 0, 50).y, 27.0f + 85.5f);
}

TEST(DigitsStrokeScript, PlaysDownMoveUpPerStroke) {
  StrokeScript s;
  const std::string text =
      R"({"width": 100, "height": 100, "strokes": [[[0, 0, 0], [50, 50, 10.6], [100, 100, 20]], [[10, 10, 500]]]})";
  ASSERT_TRUE(StrokeScript::parse(text, s).is_ok());
  const std::vector<TouchEvent> ev = events(s, layout::kDrawArea, 1000);
  ASSERT_EQ(ev.size(), 5u);
  EXPECT_EQ(ev[0].kind, Kind::kDown);
  EXPECT_EQ(ev[1].kind, Kind::kMove);
  EXPECT_EQ(ev[2].kind, Kind::kUp);
  EXPECT_EQ(ev[3].kind, Kind::kDown);  // one-sample stroke: a tap
  EXPECT_EQ(ev[4].kind, Kind::kUp);
  EXPECT_EQ(ev[0].t_ms, 1000u);
  EXPECT_EQ(ev[1].t_ms, 1011u);
  EXPECT_EQ(ev[2].t_ms, 1020u);
  EXPECT_EQ(ev[3].t_ms, 1500u);
  EXPECT_EQ(ev[4].t_ms, 1500u);
  EXPECT_FLOAT_EQ(ev[0].x, 34.0f);
  EXPECT_FLOAT_EQ(ev[2].x, 205.0f);
  EXPECT_FLOAT_EQ(ev[1].y, 27.0f + 85.5f);
  EXPECT_FLOAT_EQ(ev[3].x, ev[4].x);
}

TEST(DigitsStrokeScript, ReplayDrawsAndRecognizesThroughTheController) {
  std::vector<Color> px(240 * 320);
  std::vector<uint8_t> ink(static_cast<size_t>(layout::kDrawArea.w * layout::kDrawArea.h));
  Framebuffer fb(px.data(), 240, 320);
  Canvas canvas(ink.data(), layout::kDrawArea.w, layout::kDrawArea.h);
  Ui ui(fb);
  Controller c(ui, canvas, nullptr);
  c.start();
  StrokeScript s;
  ASSERT_TRUE(StrokeScript::parse(R"({"width": 100, "height": 100, "strokes": [[[50, 10, 0], [50, 90, 100]]]})", s)
                  .is_ok());
  const uint32_t end = replay(s, c, 0, 600);
  EXPECT_EQ(end, 700u);
  EXPECT_TRUE(canvas.has_ink());
  EXPECT_EQ(canvas.strokes(), 1);
  EXPECT_EQ(c.state(), AppState::kIdle);  // it tried to recognize: no model
}

}  // namespace
}  // namespace nib::digits
