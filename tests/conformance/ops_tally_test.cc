// The operator suite's bookkeeping: what passes, what fails, what is stale.
#include "support/ops_tally.h"

#include <gtest/gtest.h>

#include <string>

namespace nib::test {
namespace {

struct Texts {
  std::string ops = "model\top\nadd_a.int8.tflite\tADD\nadd_b.int16.tflite\tADD\nexp.float32.tflite\tEXP\n"
                    "neg.float32.tflite\tNEG\n";
  std::string list;
};

TEST(OpsTally, UnlistedFailureFails) {
  Texts t;
  t.list = "EXP\n";
  OpsTally tally;
  ASSERT_TRUE(tally.parse(t.ops.data(), t.list.data()));
  EXPECT_TRUE(tally.record("add_a.int8.tflite", true));
  EXPECT_FALSE(tally.record("add_b.int16.tflite", false));
  EXPECT_TRUE(tally.record("exp.float32.tflite", false));
  EXPECT_EQ(tally.passed(), 1);
  EXPECT_EQ(tally.failed(), 1);
  EXPECT_EQ(tally.not_supported(), 1);
  EXPECT_FALSE(tally.all_good());
}

TEST(OpsTally, ModelEntryCoversOnlyThatModel) {
  Texts t;
  t.list = "# comment\nadd_b.int16   # the int16 variant\nEXP\n";
  OpsTally tally;
  ASSERT_TRUE(tally.parse(t.ops.data(), t.list.data()));
  EXPECT_TRUE(tally.listed("add_b.int16.tflite"));
  EXPECT_FALSE(tally.listed("add_a.int8.tflite"));
  EXPECT_TRUE(tally.record("add_b.int16.tflite", false));
  EXPECT_FALSE(tally.record("add_a.int8.tflite", false));
  EXPECT_TRUE(tally.record("exp.float32.tflite", false));
  EXPECT_EQ(tally.entries(), 2);
  EXPECT_EQ(tally.stale_count(), 0);
}

TEST(OpsTally, EntryThatNowPassesIsStale) {
  Texts t;
  t.list = "EXP\nNEG\nRSQRT\n";
  OpsTally tally;
  ASSERT_TRUE(tally.parse(t.ops.data(), t.list.data()));
  tally.record("add_a.int8.tflite", true);
  tally.record("exp.float32.tflite", true);
  tally.record("exp.float32.tflite", false);  // partly passing: still needed
  tally.record("neg.float32.tflite", true);   // all passing: stale
  EXPECT_FALSE(tally.stale(0));
  EXPECT_TRUE(tally.stale(1));
  EXPECT_TRUE(tally.stale(2));  // RSQRT covers no case at all
  EXPECT_EQ(tally.stale_count(), 2);
  EXPECT_FALSE(tally.all_good());
}

TEST(OpsTally, NothingPassingIsNotGood) {
  Texts t;
  OpsTally tally;
  ASSERT_TRUE(tally.parse(t.ops.data(), t.list.data()));
  EXPECT_FALSE(tally.all_good());
  tally.record("add_a.int8.tflite", true);
  EXPECT_TRUE(tally.all_good());
}

}  // namespace
}  // namespace nib::test
