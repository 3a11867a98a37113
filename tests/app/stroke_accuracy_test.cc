// The stroke test set (tests/app/strokes, made by gen_strokes.py): its
// coverage of digits and styles, and the app's accuracy on it with the real
// model, through the whole app (touch events → canvas → preprocessing →
// engine), with both kernel choices.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app_test_util.h"
#include "digits/stroke_script.h"

namespace nib::digits {
namespace {

namespace fs = std::filesystem;

struct Drawing {
  std::string name;
  int label;
  std::string text;
};

std::vector<Drawing> stroke_set() {
  std::vector<Drawing> out;
  for (const auto& e : fs::directory_iterator(NIB_STROKES_DIR)) {
    if (e.path().extension() != ".json") continue;
    std::ifstream f(e.path());
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string name = e.path().filename().string();
    out.push_back({name, name[0] - '0', ss.str()});
  }
  std::sort(out.begin(), out.end(), [](const Drawing& a, const Drawing& b) { return a.name < b.name; });
  return out;
}

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

TEST(DigitsStrokeSet, CoversEveryDigitInSeveralStyles) {
  const std::vector<Drawing> set = stroke_set();
  ASSERT_GE(set.size(), 100u);
  std::map<int, int> per_digit;
  std::map<int, std::set<std::string>> styles;
  int multi_stroke = 0, spikes = 0;
  for (const Drawing& d : set) {
    ASSERT_GE(d.label, 0) << d.name;
    ASSERT_LE(d.label, 9) << d.name;
    StrokeScript s;
    const Status st = StrokeScript::parse(d.text, s);
    ASSERT_TRUE(st.is_ok()) << d.name << ": " << st.message();
    ++per_digit[d.label];
    styles[d.label].insert(d.name.substr(2, d.name.find('_', 2) - 2));
    multi_stroke += s.stroke_count() > 1;
    spikes += has(d.name, "spike");
  }
  for (int digit = 0; digit <= 9; ++digit) {
    EXPECT_GE(per_digit[digit], 10) << "digit " << digit;
    EXPECT_GE(styles[digit].size(), 2u) << "digit " << digit;
  }
  // The styles the app must handle.
  for (const char* must : {"4_open", "4_closed", "7_crossed", "7_plain", "1_plain", "1_serif", "_slanted", "_small",
                           "_offcentre"}) {
    EXPECT_TRUE(std::any_of(set.begin(), set.end(), [&](const Drawing& d) { return has(d.name, must); })) << must;
  }
  EXPECT_GE(multi_stroke, 20);
  EXPECT_GE(spikes, 10);
}

struct Outcome {
  int digit = -1;
  float confidence = 0.0f;
  int spikes_rejected = 0;
};

Outcome run(Classifier& c, const Drawing& d) {
  testing::OffscreenApp app(&c);
  StrokeScript s;
  EXPECT_TRUE(StrokeScript::parse(d.text, s).is_ok()) << d.name;
  replay(s, app.controller);
  Outcome o;
  o.spikes_rejected = app.canvas.rejected_spikes();
  if (app.controller.has_result()) {
    o.digit = app.controller.result().digit;
    o.confidence = app.controller.result().probability[o.digit];
  }
  return o;
}

TEST(DigitsStrokeSet, AccuracyWithTheModelIsAtLeast95Percent) {
  testing::LoadedModel optimized, reference;
  if (!fs::exists(NIB_DIGITS_MODEL)) GTEST_SKIP() << "model not found: " << NIB_DIGITS_MODEL;
  ASSERT_TRUE(optimized.load(NIB_DIGITS_MODEL, Kernels::kOptimized)) << optimized.status.message();
  ASSERT_TRUE(reference.load(NIB_DIGITS_MODEL, Kernels::kReference)) << reference.status.message();

  const std::vector<Drawing> set = stroke_set();
  int correct = 0;
  std::map<int, std::pair<int, int>> per_digit;  // correct, total
  for (const Drawing& d : set) {
    const Outcome o = run(optimized.recognizer, d);
    const Outcome r = run(reference.recognizer, d);
    EXPECT_EQ(o.digit, r.digit) << d.name << ": optimized and reference kernels disagree";
    EXPECT_EQ(o.confidence, r.confidence) << d.name;
    if (has(d.name, "spike")) {
      EXPECT_GE(o.spikes_rejected, 1) << d.name << ": the touch spike was not rejected";
    }
    const bool ok = o.digit == d.label;
    correct += ok;
    per_digit[d.label].first += ok;
    per_digit[d.label].second += 1;
    if (!ok) std::printf("  miss: %-40s -> %d (%.2f)\n", d.name.c_str(), o.digit, static_cast<double>(o.confidence));
  }
  const double accuracy = static_cast<double>(correct) / static_cast<double>(set.size());
  std::printf("stroke set: %d / %zu correct (%.1f%%) with %s\n", correct, set.size(), 100.0 * accuracy,
              NIB_DIGITS_MODEL);
  for (const auto& [digit, ct] : per_digit) std::printf("  digit %d: %d / %d\n", digit, ct.first, ct.second);
  EXPECT_GE(accuracy, 0.95);
}

}  // namespace
}  // namespace nib::digits
