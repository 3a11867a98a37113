// The controller's state machine with a fake classifier: drawing, the 0.5 s
// auto-recognition, the buttons, clearing, errors.
#include "digits/controller.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "app_test_util.h"

namespace nib::digits {
namespace {

class FakeClassifier final : public Classifier {
 public:
  Status classify(const Image28& image, Prediction& out) override {
    ++calls;
    last = image;
    if (fail) return Status::error(StatusCode::kInvalidArgument, "fake failure");
    out = Prediction{};
    out.probability[answer] = 0.9f;
    out.probability[(answer + 1) % 10] = 0.1f;
    out.micros = 42;
    rank(out);
    return Status::ok();
  }
  const char* kernels_requested() const override { return "optimized"; }
  const char* kernels_used() const override { return "fake"; }

  int calls = 0;
  int answer = 4;
  bool fail = false;
  Image28 last;
};

struct App : testing::OffscreenApp {
  explicit App(Classifier* c) : OffscreenApp(c) {}
  void touch(TouchEvent::Kind k, float x, float y, uint32_t t) { controller.on_touch({k, x, y, t}); }
  // A short vertical stroke in the drawing area, from t to t + 40 ms.
  void stroke(uint32_t t, float x = 120) {
    touch(TouchEvent::Kind::kDown, x, 60, t);
    touch(TouchEvent::Kind::kMove, x, 100, t + 20);
    touch(TouchEvent::Kind::kUp, x, 150, t + 40);
  }
  void tap(Button b, uint32_t t) {
    const Rect r = b == Button::kClear ? layout::kClearButton : layout::kRecognizeButton;
    const float x = static_cast<float>(r.x + r.w / 2), y = static_cast<float>(r.y + r.h / 2);
    touch(TouchEvent::Kind::kDown, x, y, t);
    touch(TouchEvent::Kind::kUp, x, y, t + 60);
  }
};

TEST(DigitsController, StartsIdle) {
  FakeClassifier fake;
  App app(&fake);
  EXPECT_EQ(app.controller.state(), AppState::kIdle);
  EXPECT_FALSE(app.controller.has_result());
  EXPECT_EQ(fake.calls, 0);
}

TEST(DigitsController, RecognizesHalfASecondAfterThePenLifts) {
  FakeClassifier fake;
  App app(&fake);
  app.touch(TouchEvent::Kind::kDown, 120, 60, 1000);
  EXPECT_EQ(app.controller.state(), AppState::kDrawing);
  app.touch(TouchEvent::Kind::kMove, 120, 150, 1020);
  app.controller.tick(3000);  // time passing while drawing fires nothing
  EXPECT_EQ(fake.calls, 0);
  app.touch(TouchEvent::Kind::kUp, 120, 160, 1040);
  EXPECT_EQ(app.controller.state(), AppState::kWaiting);
  EXPECT_EQ(app.controller.deadline_ms(), 1540u);
  app.controller.tick(1539);
  EXPECT_EQ(fake.calls, 0);
  EXPECT_EQ(app.controller.state(), AppState::kWaiting);
  app.controller.tick(1540);
  EXPECT_EQ(fake.calls, 1);
  EXPECT_EQ(app.controller.state(), AppState::kShowing);
  ASSERT_TRUE(app.controller.has_result());
  EXPECT_EQ(app.controller.result().digit, 4);
  EXPECT_EQ(app.controller.recognitions(), 1);
  app.controller.tick(5000);  // no second recognition without new ink
  EXPECT_EQ(fake.calls, 1);
}

TEST(DigitsController, NewStrokeBeforeTheDeadlinePostponesRecognition) {
  FakeClassifier fake;
  App app(&fake);
  app.stroke(0);            // up at 40: deadline 540
  app.controller.tick(300);
  app.stroke(400, 150);     // second stroke of the same digit, up at 440
  EXPECT_EQ(app.controller.deadline_ms(), 940u);
  app.controller.tick(600);
  EXPECT_EQ(fake.calls, 0);
  app.controller.tick(940);
  EXPECT_EQ(fake.calls, 1);
  EXPECT_EQ(app.canvas.strokes(), 2);
}

TEST(DigitsController, DrawingAfterAResultAddsToTheSameDigit) {
  FakeClassifier fake;
  App app(&fake);
  app.stroke(0);
  app.controller.tick(540);
  EXPECT_EQ(app.controller.state(), AppState::kShowing);
  app.stroke(2000, 160);
  EXPECT_EQ(app.controller.state(), AppState::kWaiting);
  EXPECT_TRUE(app.controller.has_result());  // the old result stays up meanwhile
  app.controller.tick(2540);
  EXPECT_EQ(fake.calls, 2);
  EXPECT_EQ(app.canvas.strokes(), 2);
}

TEST(DigitsController, RecognizeButtonActsAtOnce) {
  FakeClassifier fake;
  App app(&fake);
  app.stroke(0);
  app.tap(Button::kRecognize, 100);
  EXPECT_EQ(fake.calls, 1);
  EXPECT_EQ(app.controller.state(), AppState::kShowing);
  app.controller.tick(10000);  // the timer was consumed
  EXPECT_EQ(fake.calls, 1);
}

TEST(DigitsController, ButtonFiresOnlyWhenReleasedInside) {
  FakeClassifier fake;
  App app(&fake);
  app.stroke(0);
  const Rect r = layout::kRecognizeButton;
  app.touch(TouchEvent::Kind::kDown, static_cast<float>(r.x + 10), static_cast<float>(r.y + 10), 100);
  EXPECT_EQ(app.controller.pressed_button(), Button::kRecognize);
  EXPECT_EQ(app.fb.at(r.x + 3, r.y + 14), theme::kAccentPressed);
  app.touch(TouchEvent::Kind::kMove, 10, 300, 150);  // slide off
  EXPECT_EQ(app.fb.at(r.x + 3, r.y + 14), theme::kAccent);
  app.touch(TouchEvent::Kind::kUp, 10, 300, 200);
  EXPECT_EQ(fake.calls, 0);
  EXPECT_EQ(app.controller.pressed_button(), Button::kNone);
}

TEST(DigitsController, ClearWipesCanvasAndResult) {
  FakeClassifier fake;
  App app(&fake);
  app.stroke(0);
  app.controller.tick(540);
  ASSERT_TRUE(app.controller.has_result());
  app.tap(Button::kClear, 1000);
  EXPECT_EQ(app.controller.state(), AppState::kIdle);
  EXPECT_FALSE(app.controller.has_result());
  EXPECT_FALSE(app.canvas.has_ink());
  const Rect a = layout::kDrawArea;
  EXPECT_EQ(app.fb.at(a.x + 112, a.y + 60), theme::kPaper);
}

TEST(DigitsController, ClearWhileWaitingCancelsTheTimer) {
  FakeClassifier fake;
  App app(&fake);
  app.stroke(0);
  app.tap(Button::kClear, 100);
  app.controller.tick(2000);
  EXPECT_EQ(fake.calls, 0);
}

TEST(DigitsController, NothingToRecognizeOnABlankCanvas) {
  FakeClassifier fake;
  App app(&fake);
  app.tap(Button::kRecognize, 0);
  EXPECT_EQ(fake.calls, 0);
  EXPECT_FALSE(app.controller.recognize());
  EXPECT_EQ(app.controller.state(), AppState::kIdle);
}

TEST(DigitsController, InkOnScreenFollowsTheFinger) {
  FakeClassifier fake;
  App app(&fake);
  app.stroke(0, 120);
  const Rect a = layout::kDrawArea;
  EXPECT_EQ(app.fb.at(120, 100), theme::kInk);
  EXPECT_EQ(app.canvas.at(120 - a.x, 100 - a.y), 255);
  EXPECT_EQ(app.fb.at(60, 100), theme::kPaper);
}

TEST(DigitsController, StrokeLeavingTheAreaIsClampedToItsEdge) {
  FakeClassifier fake;
  App app(&fake);
  app.touch(TouchEvent::Kind::kDown, 120, 100, 0);
  app.touch(TouchEvent::Kind::kMove, 120, 150, 10);
  app.touch(TouchEvent::Kind::kMove, 120, 190, 20);
  app.touch(TouchEvent::Kind::kMove, 120, 250, 30);  // over the buttons
  EXPECT_EQ(app.controller.state(), AppState::kDrawing);
  EXPECT_EQ(app.controller.pressed_button(), Button::kNone);
  app.touch(TouchEvent::Kind::kUp, 120, 260, 40);
  const Rect a = layout::kDrawArea;
  EXPECT_EQ(app.canvas.at(120 - a.x, a.h - 1), 255);
  EXPECT_EQ(app.fb.at(120, a.bottom()), theme::kFrame);  // the frame is untouched
}

TEST(DigitsController, ClassifierSeesThePreprocessedCanvas) {
  FakeClassifier fake;
  App app(&fake);
  app.stroke(0);
  app.controller.recognize();
  Image28 expected;
  preprocess(app.canvas.pixels(), app.canvas.width(), app.canvas.height(), app.canvas.width(), expected);
  EXPECT_EQ(0, std::memcmp(fake.last.px, expected.px, sizeof expected.px));
  EXPECT_EQ(0, std::memcmp(app.controller.model_input().px, expected.px, sizeof expected.px));
  // A vertical bar: 20 tall, thin, centred.
  EXPECT_EQ(app.controller.preprocess_info().box_h, 20);
  EXPECT_LT(app.controller.preprocess_info().box_w, 8);
}

TEST(DigitsController, EngineFailureIsReported) {
  FakeClassifier fake;
  fake.fail = true;
  App app(&fake);
  app.stroke(0);
  EXPECT_FALSE(app.controller.recognize());
  EXPECT_FALSE(app.controller.has_result());
  EXPECT_STREQ(app.controller.last_error(), "fake failure");
}

TEST(DigitsController, WithoutAModelTheAppStillDraws) {
  App app(nullptr);
  app.stroke(0);
  EXPECT_TRUE(app.canvas.has_ink());
  app.controller.tick(1000);
  EXPECT_FALSE(app.controller.has_result());
  EXPECT_FALSE(app.controller.recognize());
  EXPECT_STREQ(app.controller.last_error(), "no model loaded");
}

TEST(DigitsController, TimerSurvivesClockWrap) {
  FakeClassifier fake;
  App app(&fake);
  const uint32_t t = 0xFFFFFF00u;
  app.stroke(t);  // up at t + 40, deadline wraps past zero
  app.controller.tick(t + 100);
  EXPECT_EQ(fake.calls, 0);
  app.controller.tick(t + 540);
  EXPECT_EQ(fake.calls, 1);
}

TEST(DigitsController, StateNames) {
  EXPECT_STREQ(state_name(AppState::kIdle), "idle");
  EXPECT_STREQ(state_name(AppState::kDrawing), "drawing");
  EXPECT_STREQ(state_name(AppState::kWaiting), "waiting");
  EXPECT_STREQ(state_name(AppState::kShowing), "showing");
}

}  // namespace
}  // namespace nib::digits
