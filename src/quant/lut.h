// 513-entry int16 interpolation tables, as TFLite builds and reads them for
// its int16 activations (SOFTMAX's exp and 1 / (1 + x)). Values are built
// in float at prepare time; the kernels only interpolate integers.
#pragma once

#include <cstdint>

namespace nib::quant {

inline constexpr int kInt16LutSize = 513;  // 512 segments + the end point

// table[i] samples f at in_min + i * (in_max - in_min) / 512, scaled so that
// [out_min, out_max] spans the int16 range, each entry nudged by half the
// error interpolation would make at the segment's midpoint.
void fill_int16_lut(float (*f)(float), float in_min, float in_max, float out_min, float out_max, int16_t* table);

// Linear interpolation in such a table; `value` spans its whole input range.
inline int16_t lut_lookup_int16(int16_t value, const int16_t* table) {
  const int index = 256 + (value >> 7);  // arithmetic shift: 0..511
  const int32_t fraction = value & 0x7f;
  const int32_t base = table[index];
  const auto slope = static_cast<int16_t>(table[index + 1] - table[index]);
  return static_cast<int16_t>(base + ((slope * fraction + 64) >> 7));
}

}  // namespace nib::quant
