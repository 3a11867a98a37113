// Number and text formatting into fixed buffers: no heap, no stdio, the same
// characters on every target (the simulator and the firmware print results
// with it, so their output can be compared byte for byte).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nib::digits {

template <size_t N>
class TextBuf {
 public:
  TextBuf() { buf_[0] = '\0'; }
  explicit TextBuf(std::string_view s) : TextBuf() { add(s); }

  TextBuf& add(std::string_view s) {
    for (char c : s) add(c);
    return *this;
  }
  TextBuf& add(char c) {
    if (len_ + 1 < N) {
      buf_[len_++] = c;
      buf_[len_] = '\0';
    }
    return *this;
  }
  // Decimal integer; with `grouped`, thousands separated by commas.
  TextBuf& add_int(long long v, bool grouped = false) {
    unsigned long long u = v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    if (v < 0) add('-');
    char digits[24];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    for (int i = n - 1; i >= 0; --i) {
      add(digits[i]);
      if (grouped && i > 0 && i % 3 == 0) add(',');
    }
    return *this;
  }
  // Fixed-point decimal with `decimals` digits after the point, rounded half
  // away from zero: add_fixed(0.97315f, 4) → "0.9732".
  TextBuf& add_fixed(float v, int decimals) {
    long long scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    const bool negative = v < 0.0f;
    const double mag = std::fabs(static_cast<double>(v)) * static_cast<double>(scale) + 0.5;
    const long long q = static_cast<long long>(std::floor(mag));
    if (negative && q != 0) add('-');
    add_int(q / scale);
    if (decimals > 0) {
      add('.');
      long long frac = q % scale;
      for (long long d = scale / 10; d > 0; d /= 10) {
        add(static_cast<char>('0' + frac / d));
        frac %= d;
      }
    }
    return *this;
  }
  void clear() {
    len_ = 0;
    buf_[0] = '\0';
  }

  std::string_view view() const { return {buf_, len_}; }
  const char* c_str() const { return buf_; }
  size_t size() const { return len_; }
  bool full() const { return len_ + 1 >= N; }

 private:
  char buf_[N];
  size_t len_ = 0;
};

}  // namespace nib::digits
