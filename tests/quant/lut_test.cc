// The int16 interpolation tables: endpoints and lookups checked by hand.
#include "quant/lut.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nib::quant {
namespace {

float identity(float x) { return x; }
float reciprocal(float x) { return 1.0f / (1.0f + x); }

// A straight line needs no midpoint correction: table[i] = round(x * 32768)
// for x = -1 + i / 256, the last entry clamped to 32767.
TEST(Int16Lut, LineIsSampledExactly) {
  int16_t t[kInt16LutSize];
  fill_int16_lut(identity, -1.0f, 1.0f, -1.0f, 1.0f, t);
  EXPECT_EQ(t[0], -32768);
  EXPECT_EQ(t[256], 0);
  EXPECT_EQ(t[257], 128);
  EXPECT_EQ(t[512], 32767);
  // value v lands at index 256 + v / 128 and interpolates in between:
  // 200 = 128 + 72 -> 128 + (128 * 72 + 64) / 128 = 200.
  EXPECT_EQ(lut_lookup_int16(200, t), 200);
  EXPECT_EQ(lut_lookup_int16(-32768, t), -32768);
  EXPECT_EQ(lut_lookup_int16(32767, t), 32767 - 1);  // slope 127 at the clamped end: 32640 + 126
}

// 1 / (1 + x) on [0, 1]: 1 -> 32767 (clamped), 0.5 at the end -> 16384.
TEST(Int16Lut, ReciprocalEndpoints) {
  int16_t t[kInt16LutSize];
  fill_int16_lut(reciprocal, 0.0f, 1.0f, -1.0f, 1.0f, t);
  EXPECT_EQ(t[0], 32767);
  EXPECT_EQ(t[512], 16384);
  for (int i = 1; i < kInt16LutSize; ++i) EXPECT_LE(t[i], t[i - 1]) << i;  // decreasing
  EXPECT_NEAR(lut_lookup_int16(0, t), 32768 / 1.5, 2);  // the middle of [0, 1]
}

}  // namespace
}  // namespace nib::quant
