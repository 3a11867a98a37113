// The few Cortex-M4 DSP-extension operations the optimized kernels use,
// through ACLE intrinsics when the target has them (__ARM_FEATURE_DSP) and
// as plain C++ with identical results otherwise, so the kernels' logic is
// built and tested on the host too.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#include <arm_acle.h>
#define NIB_HAVE_DSP 1
#else
#define NIB_HAVE_DSP 0
#endif

namespace nib::kernels::dsp {

// Four bytes from any address (the M4 allows unaligned single loads).
inline uint32_t load4(const int8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

inline void store4(int8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }

// Sign-extends bytes 0 and 2 into two int16 lanes: (b0, b2).
// acc + the sum of x's four unsigned bytes (USADA8 against zero).
inline uint32_t usada8(uint32_t x, uint32_t acc) {
#if NIB_HAVE_DSP
  return __usada8(x, 0u, acc);
#else
  return acc + (x & 0xFFu) + ((x >> 8) & 0xFFu) + ((x >> 16) & 0xFFu) + (x >> 24);
#endif
}

inline uint32_t sxtb16(uint32_t x) {
#if NIB_HAVE_DSP
  return static_cast<uint32_t>(__sxtb16(static_cast<int32_t>(x)));
#else
  const uint32_t lo = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(x))) & 0xFFFFu;
  const uint32_t hi = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(x >> 16))) & 0xFFFFu;
  return lo | (hi << 16);
#endif
}

// Bytes 1 and 3 into two int16 lanes: (b1, b3). One SXTB16 with ROR #8.
inline uint32_t sxtb16_odd(uint32_t x) {
#if NIB_HAVE_DSP
  // One instruction: GCC does not fold a separate rotate into SXTB16.
  uint32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
#else
  return sxtb16((x >> 8) | (x << 24));
#endif
}

// acc + lo(x)*lo(y) + hi(x)*hi(y), int16 lanes.
inline int32_t smlad(uint32_t x, uint32_t y, int32_t acc) {
#if NIB_HAVE_DSP
  return __smlad(static_cast<int16x2_t>(x), static_cast<int16x2_t>(y), acc);
#else
  const int32_t xl = static_cast<int16_t>(x), xh = static_cast<int16_t>(x >> 16);
  const int32_t yl = static_cast<int16_t>(y), yh = static_cast<int16_t>(y >> 16);
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(xl * yl) +
                              static_cast<uint32_t>(xh * yh));
#endif
}

// acc + lo(x)*lo(y) and acc + hi(x)*hi(y).
inline int32_t smlabb(uint32_t x, uint32_t y, int32_t acc) {
#if NIB_HAVE_DSP
  return __smlabb(static_cast<int32_t>(x), static_cast<int32_t>(y), acc);
#else
  return static_cast<int32_t>(static_cast<uint32_t>(acc) +
                              static_cast<uint32_t>(static_cast<int16_t>(x) * static_cast<int16_t>(y)));
#endif
}
inline int32_t smlatt(uint32_t x, uint32_t y, int32_t acc) {
#if NIB_HAVE_DSP
  return __smlatt(static_cast<int32_t>(x), static_cast<int32_t>(y), acc);
#else
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(static_cast<int16_t>(x >> 16) *
                                                                                  static_cast<int16_t>(y >> 16)));
#endif
}

// acc + hi(x)*lo(y).
inline int32_t smlatb(uint32_t x, uint32_t y, int32_t acc) {
#if NIB_HAVE_DSP
  return __smlatb(static_cast<int32_t>(x), static_cast<int32_t>(y), acc);
#else
  return static_cast<int32_t>(static_cast<uint32_t>(acc) +
                              static_cast<uint32_t>(static_cast<int16_t>(x >> 16) * static_cast<int16_t>(y)));
#endif
}

// Four int8 lanes of x, each clamped to the same lane of lo4 and hi4
// (SSUB8 sets the GE flags per byte, SEL picks by them).
inline uint32_t clamp8x4(uint32_t x, uint32_t lo4, uint32_t hi4) {
#if NIB_HAVE_DSP
  // One asm block: the GE flags SEL reads are invisible to the compiler.
  uint32_t t;
  __asm__("ssub8 %[t], %[x], %[lo]\n\t"
          "sel %[x], %[x], %[lo]\n\t"
          "ssub8 %[t], %[hi], %[x]\n\t"
          "sel %[x], %[x], %[hi]"
          : [x] "+r"(x), [t] "=&r"(t)
          : [lo] "r"(lo4), [hi] "r"(hi4));
  return x;
#else
  uint32_t r = 0;
  for (int i = 0; i < 32; i += 8) {
    const int32_t v = static_cast<int8_t>(x >> i), l = static_cast<int8_t>(lo4 >> i), h = static_cast<int8_t>(hi4 >> i);
    r |= (static_cast<uint32_t>(v < l ? l : (v > h ? h : v)) & 0xFFu) << i;
  }
  return r;
#endif
}

// Lane-wise int16 add (wrapping).
inline uint32_t sadd16(uint32_t x, uint32_t y) {
#if NIB_HAVE_DSP
  return static_cast<uint32_t>(__sadd16(static_cast<int16x2_t>(x), static_cast<int16x2_t>(y)));
#else
  return ((x + y) & 0xFFFFu) | (((x >> 16) + (y >> 16)) << 16);
#endif
}

// Two int16 values in one word: lo in bits 0..15, hi in 16..31.
inline uint32_t pack16(int32_t lo, int32_t hi) {
  return (static_cast<uint32_t>(lo) & 0xFFFFu) | (static_cast<uint32_t>(hi) << 16);
}

// lo <= x <= hi, as two conditional moves (no branches).
inline int32_t clamp(int32_t x, int32_t lo, int32_t hi) {
#if NIB_HAVE_DSP
  __asm__("cmp %[x], %[lo]\n\t"
          "it lt\n\t"
          "movlt %[x], %[lo]\n\t"
          "cmp %[x], %[hi]\n\t"
          "it gt\n\t"
          "movgt %[x], %[hi]"
          : [x] "+r"(x)
          : [lo] "r"(lo), [hi] "r"(hi)
          : "cc");
  return x;
#else
  return x < lo ? lo : (x > hi ? hi : x);
#endif
}

// Saturate to int8.
inline int32_t sat8(int32_t x) {
#if NIB_HAVE_DSP
  return __ssat(x, 8);
#else
  return x < -128 ? -128 : (x > 127 ? 127 : x);
#endif
}

}  // namespace nib::kernels::dsp
