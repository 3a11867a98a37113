// The board's boot self-test on the host, with the scripts the firmware
// embeds by default: every drawing recognized by both kernel sets, one line
// each, then exactly "selftest: 12/12 correct".
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/selftest.h"
#include "digits/ui.h"

namespace nib::board {
namespace {

std::string g_out;
void collect(std::string_view line) { g_out += line; }

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Host final : digits::Platform {
  uint64_t micros() override { return 0; }
};

TEST(BoardSelftest, EmbeddedScriptsAllRecognized) {
  const std::string model = slurp(NIB_DIGITS_MODEL);
  ASSERT_FALSE(model.empty());
  alignas(16) static uint8_t model_bytes[64 << 10];
  ASSERT_LE(model.size(), sizeof model_bytes);
  std::copy(model.begin(), model.end(), model_bytes);
  alignas(16) static uint8_t arena_a[32 << 10], arena_b[32 << 10];
  Host host;
  digits::Recognizer opt(host), ref(host);
  ASSERT_TRUE(opt.init(model_bytes, model.size(), arena_a, sizeof arena_a, Kernels::kOptimized).is_ok());
  ASSERT_TRUE(ref.init(model_bytes, model.size(), arena_b, sizeof arena_b, Kernels::kReference).is_ok());

  const char* names[] = {"0_oval_00", "1_serif_base_02", "2_curvy_00", "3_round_00", "4_open_00",
                         "4_closed_two_strokes_02", "5_two_strokes_00", "6_spiral_00", "7_plain_00",
                         "7_crossed_small_01", "8_single_00", "9_straight_00"};
  std::vector<std::string> texts;
  for (const char* n : names) texts.push_back(slurp(std::string(NIB_STROKES_DIR) + "/" + n + ".json"));
  std::vector<SelftestScript> scripts;
  for (size_t i = 0; i < texts.size(); ++i) scripts.push_back({names[i], texts[i], names[i][0] - '0'});

  static uint8_t ink[digits::layout::kDrawArea.w * digits::layout::kDrawArea.h];
  digits::Canvas canvas(ink, digits::layout::kDrawArea.w, digits::layout::kDrawArea.h);
  g_out.clear();
  const SelftestResult r = run_selftest(scripts, canvas, opt, &ref, collect);
  EXPECT_EQ(r.total, 12);
  EXPECT_EQ(r.correct, 12);
  std::istringstream lines(g_out);
  std::string line;
  int drawings = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("drawing ", 0) == 0) {
      ++drawings;
      std::istringstream w(line);
      std::string word, name, expected, got;
      w >> word >> name >> word >> expected >> word >> got;
      EXPECT_EQ(expected, got) << line;
    }
  }
  EXPECT_EQ(drawings, 12);
  EXPECT_NE(g_out.find("\nselftest: 12/12 correct\n"), std::string::npos) << g_out;
  EXPECT_FALSE(canvas.has_ink()) << "the canvas is left clear for the app";
}

}  // namespace
}  // namespace nib::board
