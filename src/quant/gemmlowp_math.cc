#include "quant/gemmlowp_math.h"

namespace nib::quant {
namespace {

// Product of two Q-format values: Qa * Qb -> Q(a+b), same raw scaling rule.
constexpr int32_t mul(int32_t a, int32_t b) { return saturating_rounding_doubling_high_mul(a, b); }

// Wrapping add/sub: the reference arithmetic adds raw int32 values directly.
constexpr int32_t add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
constexpr int32_t sub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

// exp(x) for x in [-1/4, 0), Q0 in and out: Taylor series around -1/8.
int32_t exp_on_interval_minus_quarter_to_zero(int32_t a) {
  constexpr int32_t kExpMinusOneEighth = 1895147668;  // round(exp(-1/8) * 2^31)
  constexpr int32_t kOneThird = 715827883;            // round(2^31 / 3)
  const int32_t x = add(a, int32_t{1} << 28);         // a + 1/8
  const int32_t x2 = mul(x, x);
  const int32_t x3 = mul(x2, x);
  const int32_t x4 = mul(x2, x2);
  const int32_t x4_over_4 = rounding_divide_by_pot(x4, 2);
  // (x^4/4 + x^3) / 3 + x^2, halved: x^4/24 + x^3/6 + x^2/2
  const int32_t poly = rounding_divide_by_pot(add(mul(add(x4_over_4, x3), kOneThird), x2), 1);
  return add(kExpMinusOneEighth, mul(kExpMinusOneEighth, add(x, poly)));
}

// round(exp(-2^k) * 2^31) for k = -2 .. 4: factors for the integer and
// quarter bits of -x (checked against std::exp in the unit tests).
constexpr int32_t kExpOfMinusPowerOfTwo[7] = {1672461947, 1302514674, 790015084, 290630308,
                                              39332535,   720401,     242};

}  // namespace

int32_t exp_on_negative_values(int32_t a, int integer_bits) {
  const int fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = int32_t{1} << (fractional_bits - 2);
  const int32_t a_mod_quarter_minus_quarter = sub(a & (one_quarter - 1), one_quarter);
  int32_t result =
      exp_on_interval_minus_quarter_to_zero(saturating_rounding_multiply_by_pot(a_mod_quarter_minus_quarter, integer_bits));
  // -a = remainder + (quarter - a mod quarter): multiply in exp(-2^k) for
  // every bit k of the remainder.
  const int32_t remainder = sub(a_mod_quarter_minus_quarter, a);
  for (int k = -2; k <= 4; ++k) {
    if (integer_bits <= k) break;
    const int bit = fractional_bits + k;
    if (remainder & (int32_t{1} << bit)) result = mul(result, kExpOfMinusPowerOfTwo[k + 2]);
  }
  if (integer_bits > 5) {  // below -32, exp underflows Q0 entirely
    const int32_t clamp = -(int32_t{1} << (36 - integer_bits));
    if (a < clamp) result = 0;
  }
  if (a == 0) result = kInt32Max;  // exp(0) = 1, the largest Q0 value
  return result;
}

int32_t one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  // half_denominator = (1 + a) / 2 in Q0, rounded half away from zero.
  const int64_t sum = static_cast<int64_t>(a) + kInt32Max;
  const int32_t half_denominator = static_cast<int32_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
  // Newton-Raphson for 1/d in Q2 starting at 48/17 - 32/17 * d.
  constexpr int32_t k48Over17 = 1515870810;
  constexpr int32_t kMinus32Over17 = -1010580540;
  constexpr int32_t kOneQ2 = int32_t{1} << 29;
  int32_t x = add(k48Over17, mul(half_denominator, kMinus32Over17));
  for (int i = 0; i < 3; ++i) {
    const int32_t one_minus_dx = sub(kOneQ2, mul(half_denominator, x));
    x = add(x, saturating_rounding_multiply_by_pot(mul(x, one_minus_dx), 2));  // Q4 -> Q2
  }
  // x approximates 1/half_denominator = 2/(1+a) in Q2: halve it, return Q0.
  return saturating_rounding_multiply_by_pot(x, 1);
}

int32_t one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a) {
  // Same Newton-Raphson as above for 2/(1+a) in Q2, then minus one.
  const int64_t sum = static_cast<int64_t>(a) + kInt32Max;
  const int32_t half_denominator = static_cast<int32_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
  constexpr int32_t k48Over17 = 1515870810;
  constexpr int32_t kMinus32Over17 = -1010580540;
  constexpr int32_t kOneQ2 = int32_t{1} << 29;
  int32_t x = add(k48Over17, mul(half_denominator, kMinus32Over17));
  for (int i = 0; i < 3; ++i) {
    const int32_t one_minus_dx = sub(kOneQ2, mul(half_denominator, x));
    x = add(x, saturating_rounding_multiply_by_pot(mul(x, one_minus_dx), 2));
  }
  return saturating_rounding_multiply_by_pot(sub(x, kOneQ2), 2);  // Q2 -> Q0
}

int32_t tanh(int32_t a, int integer_bits) {
  if (a == 0) return 0;
  // tanh(-|a|) = -(1 - e^(-2|a|)) / (1 + e^(-2|a|)); the doubling is exact in Q(integer_bits + 1).
  const int32_t magnitude = a > 0 ? a : sub(0, a);
  const int32_t t = one_minus_x_over_one_plus_x_for_x_in_0_1(exp_on_negative_values(sub(0, magnitude), integer_bits + 1));
  return a > 0 ? t : sub(0, t);
}

void inv_sqrt_multiplier(int32_t x, int32_t* multiplier, int* right_shift) {
  if (x <= 1) {  // 1 (and the invalid 0) would overflow below
    *multiplier = kInt32Max;
    *right_shift = 0;
    return;
  }
  int shift = 11;
  while (x >= (int32_t{1} << 29)) {
    x /= 4;
    ++shift;
  }
  // Normalize x into [2^27, 2^29) by an even left shift.
  const int pairs = (__builtin_clz(static_cast<uint32_t>(x)) - 1) / 2 - 1;
  shift -= pairs;
  x <<= 2 * pairs;
  // Newton-Raphson for 1/sqrt in Q3 from x = 1: x <- 1.5 x - (input/2) x^3.
  const int32_t input_q3 = x >> 1;
  const int32_t half_input = rounding_divide_by_pot(input_q3, 1);
  constexpr int32_t kThreeHalvesQ3 = (int32_t{1} << 28) + (int32_t{1} << 27);
  int32_t r = int32_t{1} << 28;
  for (int i = 0; i < 5; ++i) {
    const int32_t r3 = saturating_rounding_multiply_by_pot(mul(mul(r, r), r), 6);  // Q9 -> Q3
    r = saturating_rounding_multiply_by_pot(sub(mul(kThreeHalvesQ3, r), mul(half_input, r3)), 3);  // Q6 -> Q3
  }
  constexpr int32_t kHalfSqrt2Q0 = 1518500250;  // round(sqrt(2)/2 * 2^31)
  r = mul(r, kHalfSqrt2Q0);
  if (shift < 0) {
    r = static_cast<int32_t>(static_cast<uint32_t>(r) << -shift);
    shift = 0;
  }
  *multiplier = r;
  *right_shift = shift;
}

namespace {
int32_t saturating_add(int32_t a, int32_t b) {
  const int64_t s = int64_t{a} + int64_t{b};
  return static_cast<int32_t>(s > kInt32Max ? kInt32Max : (s < kInt32Min ? kInt32Min : s));
}
int32_t saturating_sub(int32_t a, int32_t b) {
  const int64_t s = int64_t{a} - int64_t{b};
  return static_cast<int32_t>(s > kInt32Max ? kInt32Max : (s < kInt32Min ? kInt32Min : s));
}
int32_t rounding_half_sum(int32_t a, int32_t b) {
  const int64_t s = int64_t{a} + int64_t{b};
  return static_cast<int32_t>((s + (s >= 0 ? 1 : -1)) / 2);
}
}  // namespace

int32_t log_x_for_x_at_least_1_q12_to_q5(int32_t x) {
  constexpr int kInputIntegerBits = 12;
  constexpr int kAccumIntegerBits = 6;  // one more than the Q5 output: headroom for the sum
  // Q0 constants: round(c * 2^31).
  constexpr int32_t kLog2 = 1488522236;          // log(2)
  constexpr int32_t kSqrtSqrtHalf = 1805811301;  // 0.5^(1/4)
  constexpr int32_t kSqrtHalf = 1518500250;      // 0.5^(1/2)
  constexpr int32_t kAlphaN = 117049297;         // 11/240 * 2^(1/4)
  constexpr int32_t kAlphaD = 127690142;         // 1/20 * 2^(1/4)
  constexpr int32_t kAlphaI = 1057819769;        // 2 / 2^(1/4) - 2^(1/4)
  constexpr int32_t kAlphaF = 638450708;         // 1/4 * 2^(1/4)
  const int32_t quarter_accum = rounding_divide_by_pot(int32_t{1} << 29, kAccumIntegerBits);

  // x = 2^e * r with r in [sqrt(1/2), sqrt(2)) chosen from two normalizations
  // (x and x * sqrt(1/2)), the exponent kept in Q6 with a quarter offset.
  const int a_headroom_plus_1 = __builtin_clz(static_cast<uint32_t>(x));
  const int32_t r_a_tmp = saturating_rounding_multiply_by_pot(x, a_headroom_plus_1 - 1);
  const int32_t r_a = saturating_rounding_multiply_by_pot(mul(r_a_tmp, kSqrtHalf), 1);
  const int32_t e_a = saturating_add(
      saturating_rounding_multiply_by_pot(kInputIntegerBits - a_headroom_plus_1, 31 - kAccumIntegerBits), quarter_accum);
  const int32_t z_b = mul(x, kSqrtHalf);
  const int b_headroom = __builtin_clz(static_cast<uint32_t>(z_b)) - 1;
  const int32_t r_b = saturating_rounding_multiply_by_pot(x, b_headroom);
  const int32_t e_b = saturating_sub(
      saturating_rounding_multiply_by_pot(kInputIntegerBits - b_headroom, 31 - kAccumIntegerBits), quarter_accum);
  const int32_t r = r_a < r_b ? r_a : r_b;
  const int32_t e = e_a > e_b ? e_a : e_b;

  // log(r) by a rational approximation around 0.5^(1/4).
  const int32_t p = rounding_half_sum(r, kSqrtSqrtHalf);
  int32_t q = sub(r, kSqrtSqrtHalf);
  q = add(q, q);
  const int32_t q2 = mul(q, q);
  const int32_t num = add(mul(q, r), mul(mul(q, q2), kAlphaN));
  const int32_t denom_minus_one = add(mul(p, add(add(kAlphaI, q), mul(kAlphaD, q2))), mul(kAlphaF, q));
  const int32_t recip_denom = one_over_one_plus_x_for_x_in_0_1(denom_minus_one);
  const int32_t num_accum = rounding_divide_by_pot(num, kAccumIntegerBits);
  return saturating_rounding_multiply_by_pot(add(mul(e, kLog2), mul(num_accum, recip_denom)), 1);  // Q6 -> Q5
}

int32_t logistic(int32_t a, int integer_bits) {
  if (a == 0) return int32_t{1} << 30;  // one half
  const int32_t magnitude = a > 0 ? a : sub(0, a);
  const int32_t positive = one_over_one_plus_x_for_x_in_0_1(exp_on_negative_values(sub(0, magnitude), integer_bits));
  return a > 0 ? positive : sub(kInt32Max, positive);
}

int32_t reciprocal(int32_t x, int integer_bits, int* num_bits_over_unit) {
  const int headroom_plus_one = __builtin_clz(static_cast<uint32_t>(x));
  *num_bits_over_unit = integer_bits - headroom_plus_one;
  const int32_t shifted_minus_one =
      static_cast<int32_t>((static_cast<uint32_t>(x) << headroom_plus_one) - (uint32_t{1} << 31));
  return one_over_one_plus_x_for_x_in_0_1(shifted_minus_one);
}

}  // namespace nib::quant
