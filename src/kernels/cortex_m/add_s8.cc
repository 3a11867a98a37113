#include "kernels/cortex_m/add_s8.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/dsp.h"
#include "kernels/cortex_m/requant.h"

namespace nib::kernels::cortex_m {

bool add_s8_supported(const BinaryParams& p) {
  // Inputs: |x| <= 255 << left_shift must stay below 2^30 with no extra
  // left shift; the sum of two rescaled inputs (each at most half the
  // shifted range) must too, after the output's left shift.
  const int64_t in_bound = int64_t{255} << p.left_shift;
  const int32_t shifts[2] = {p.input1_shift, p.input2_shift};
  return p.same_shape && requant_fast_ok(in_bound, shifts, 2) && requant_fast_ok(in_bound, &p.output_shift, 1);
}

namespace {

// The three rescales when every shift is a right shift (the usual case),
// with the layer's constants in locals: a byte store through `output` may
// alias the parameter struct, which would otherwise be reloaded per element.
[[gnu::noinline]] void add_right_shifts(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output) {
  const int32_t n = p.elements, left = p.left_shift + 1;  // + 1: requant_fast_right's doubling, done here
  const int32_t off1 = p.input1_offset * (int32_t{1} << left), off2 = p.input2_offset * (int32_t{1} << left);
  const int32_t m1 = p.input1_multiplier, m2 = p.input2_multiplier, mo = p.output_multiplier;
  const int32_t e1 = -p.input1_shift, e2 = -p.input2_shift, eo = -p.output_shift;
  const int32_t r1 = int32_t{1} << (e1 - 1), r2 = int32_t{1} << (e2 - 1), ro = int32_t{1} << (eo - 1);
  const int32_t offset = p.output_offset, lo = p.act_min, hi = p.act_max;
  const auto round = [](int32_t h, int32_t r, int32_t e) { return (h + r + (h >> 31)) >> e; };
  for (int32_t i = 0; i < n; ++i) {
    const int32_t x1 = static_cast<int32_t>(static_cast<uint32_t>(a[i]) << left) + off1;
    const int32_t x2 = static_cast<int32_t>(static_cast<uint32_t>(b[i]) << left) + off2;
    const int32_t s = round(smmulr(x1, m1), r1, e1) + round(smmulr(x2, m2), r2, e2);
    const int32_t v = round(smmulr(static_cast<int32_t>(static_cast<uint32_t>(s) << 1), mo), ro, eo) + offset;
    output[i] = static_cast<int8_t>(dsp::clamp(v, lo, hi));
  }
}

#if NIB_ADD_ASM
struct AddJob {
  const int8_t* a;  // the input rescaled by a right shift
  const int8_t* b;  // the input with shift 0
  int8_t* out;
  const int8_t* a_end;
  int32_t o1, o2, m1, m2, er1, lo, mo, ke;
  int32_t hi, clamp, unused[2];
};
static_assert(sizeof(AddJob) == 64 && offsetof(AddJob, o1) == 16 && offsetof(AddJob, hi) == 48);
extern "C" void nib_add_s8_m4(const AddJob* job);
extern "C" void nib_add_s8_words_m4(const AddJob* job);  // o2 = offset2 << 20, whole words

// (constant << 8) | shift, when the constant fits 24 bits.
bool packed(int64_t constant, int32_t shift, int32_t* out) {
  if (constant < -(int64_t{1} << 23) || constant >= (int64_t{1} << 23) || shift < 0 || shift > 31) return false;
  *out = static_cast<int32_t>(static_cast<uint32_t>(constant) << 8 | static_cast<uint32_t>(shift));
  return true;
}

bool add_asm(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output) {
  if (p.left_shift != 20 || p.elements < 1 || p.output_shift >= 0) return false;
  // Input 1 of the loop: the one with a right shift; input 2: shift 0.
  const bool swap = p.input1_shift == 0;
  const int32_t shift1 = swap ? p.input2_shift : p.input1_shift, shift2 = swap ? p.input1_shift : p.input2_shift;
  if (shift1 >= 0 || shift2 != 0) return false;
  const int32_t e1 = -shift1, eo = -p.output_shift;
  AddJob job{swap ? b : a, swap ? a : b, output, (swap ? b : a) + p.elements,
             (swap ? p.input2_offset : p.input1_offset) * (1 << 21), (swap ? p.input1_offset : p.input2_offset) * (1 << 21),
             swap ? p.input2_multiplier : p.input1_multiplier, swap ? p.input1_multiplier : p.input2_multiplier,
             0, p.act_min, p.output_multiplier, 0, p.act_max, p.act_min > -128 || p.act_max < 127, {0, 0}};
  if (!packed(int64_t{1} << (e1 - 1), e1, &job.er1) || !packed(2 * int64_t{p.output_offset} + 1, eo - 1, &job.ke))
    return false;
  // Input 2's multiplier exactly 1/2 (the usual case): whole words of both
  // inputs through the 4-element loop, the rest through the 1-element one.
  const int32_t words = p.elements & ~3;
  const bool aligned = ((reinterpret_cast<uintptr_t>(job.a) | reinterpret_cast<uintptr_t>(job.b)) & 3) == 0;
  if (job.clamp == 0 && job.m2 == (int32_t{1} << 30) && aligned && words > 0) {
    AddJob whole = job;
    whole.a_end = job.a + words;
    whole.o2 = (swap ? p.input1_offset : p.input2_offset) * (1 << 20);
    nib_add_s8_words_m4(&whole);
    if (words == p.elements) return true;
    job.a += words;
    job.b += words;
    job.out += words;
  }
  nib_add_s8_m4(&job);
  return true;
}
#endif

}  // namespace

void add_s8(const BinaryParams& p, const int8_t* a, const int8_t* b, int8_t* output) {
#if NIB_ADD_ASM
  if (add_asm(p, a, b, output)) return;
#endif
  if (p.input1_shift < 0 && p.input2_shift < 0 && p.output_shift < 0) return add_right_shifts(p, a, b, output);
  for (int32_t i = 0; i < p.elements; ++i) {
    const int32_t x1 = (a[i] + p.input1_offset) * (int32_t{1} << p.left_shift);
    const int32_t x2 = (b[i] + p.input2_offset) * (int32_t{1} << p.left_shift);
    const int32_t s = requant_fast(x1, p.input1_multiplier, p.input1_shift) +
                      requant_fast(x2, p.input2_multiplier, p.input2_shift);
    // Wraps like the reference when a hostile output scale reaches int32's edge.
    const int32_t v = quant::wrap_add(requant_fast(s, p.output_multiplier, p.output_shift), p.output_offset);
    output[i] = static_cast<int8_t>(std::clamp<int32_t>(v, p.act_min, p.act_max));
  }
}

}  // namespace nib::kernels::cortex_m
