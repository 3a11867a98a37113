#include "nib/status.h"

namespace nib {

const char* status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidModel: return "invalid model";
    case StatusCode::kUnsupported: return "unsupported";
    case StatusCode::kInvalidArgument: return "invalid argument";
    case StatusCode::kArenaTooSmall: return "arena too small";
    case StatusCode::kIoError: return "i/o error";
  }
  return "unknown";
}

void Status::append(const char* text) {
  if (text == nullptr) text = "(null)";
  while (*text != '\0' && static_cast<size_t>(length_) + 1 < kMaxMessage) message_[length_++] = *text++;
  message_[length_] = '\0';
}

void Status::append(long long value) {
  char digits[24];
  int n = 0;
  // Work on the negative magnitude so the most negative value does not overflow.
  const bool negative = value < 0;
  long long v = negative ? value : -value;
  do {
    digits[n++] = static_cast<char>('0' - v % 10);
    v /= 10;
  } while (v != 0);
  if (negative) digits[n++] = '-';
  char text[24];
  for (int i = 0; i < n; ++i) text[i] = digits[n - 1 - i];
  text[n] = '\0';
  append(static_cast<const char*>(text));
}

}  // namespace nib
