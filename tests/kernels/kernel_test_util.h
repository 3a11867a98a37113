// Small helpers shared by the reference-kernel tests: parameter builders and
// int8 vector conversions so failures print numbers, not characters.
//
// A note on the rounding the expected values in these tests follow (it is
// TensorFlow Lite's / gemmlowp's, and the kernels must reproduce it):
// requantizing x by a real multiplier M = q * 2^shift (q in [0.5, 1)) is
//   1. SaturatingRoundingDoublingHighMul(x << max(shift, 0), q * 2^31):
//      x * q rounded to nearest with ties toward +infinity (like the
//      VQRDMULH instruction): 1.5 -> 2 but -1.5 -> -1;
//   2. RoundingDivideByPOT(., max(-shift, 0)): ties away from zero:
//      1.5 -> 2 and -1.5 -> -2.
// So M = 0.5 (q = 0.5, shift 0) rounds -3 * 0.5 to -1 (step 1 tie), while
// M = 0.25 (q = 0.5, shift -1) rounds -6 * 0.25 = -1.5 to -2 (step 2 tie:
// step 1 gives -3 exactly, step 2 halves it). M = 1.0 is q = 0.5, shift 1:
// exact identity.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "kernels/params.h"
#include "quant/fixed_point.h"

namespace nib::kernels::testing {

// Q31 multipliers and shifts for a list of real multipliers, laid out the way
// Requant points at them. The object must outlive the params using it.
class Multipliers {
 public:
  Multipliers(std::initializer_list<double> reals) {
    for (const double real : reals) {
      int32_t multiplier = 0;
      int shift = 0;
      quant::quantize_multiplier(real, &multiplier, &shift);
      multiplier_.push_back(multiplier);
      shift_.push_back(static_cast<int8_t>(shift));
    }
  }

  Requant requant(int32_t output_offset = 0, int32_t act_min = -128, int32_t act_max = 127) const {
    Requant r;
    r.multiplier = multiplier_.data();
    r.shift = shift_.data();
    r.output_offset = output_offset;
    r.act_min = act_min;
    r.act_max = act_max;
    return r;
  }

 private:
  std::vector<int32_t> multiplier_;
  std::vector<int8_t> shift_;
};

struct ConvShape {
  int32_t in_h, in_w, in_c;
  int32_t filter_h, filter_w;
  int32_t out_h, out_w, out_c;
};

// One batch, stride 1, no dilation, no padding, one group (filter_in_c =
// in_c), depth multiplier 1, zero input offset, default requant/clamp ranges.
// Tests override the fields their case is about.
inline ConvParams conv_params(const ConvShape& s) {
  ConvParams p{};
  p.batches = 1;
  p.in_h = s.in_h;
  p.in_w = s.in_w;
  p.in_c = s.in_c;
  p.out_h = s.out_h;
  p.out_w = s.out_w;
  p.out_c = s.out_c;
  p.filter_h = s.filter_h;
  p.filter_w = s.filter_w;
  p.filter_in_c = s.in_c;
  p.depth_multiplier = 1;
  p.stride_h = p.stride_w = 1;
  p.dilation_h = p.dilation_w = 1;
  p.pad_h = p.pad_w = 0;
  p.input_offset = 0;
  return p;
}

// The same for DEPTHWISE_CONV_2D: out_c = in_c * depth_multiplier.
inline ConvParams depthwise_params(const ConvShape& s) {
  ConvParams p = conv_params(s);
  p.filter_in_c = 1;
  p.depth_multiplier = s.out_c / s.in_c;
  return p;
}

inline std::vector<int> as_ints(const std::vector<int8_t>& v) { return {v.begin(), v.end()}; }

}  // namespace nib::kernels::testing
