// nib::Status — how every failure in nib is reported: a code plus a short
// message naming the operator, tensor or field at fault. No exceptions, no
// heap: the message lives in a fixed buffer inside the status.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nib {

enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidModel,     // the file is not a well-formed .tflite model
  kUnsupported,      // well-formed, but uses something nib does not run
  kInvalidArgument,  // a caller passed a wrong size, index or type
  kArenaTooSmall,    // the caller's arena cannot hold the plan
  kIoError,          // host tools only: a file could not be read or written
};

const char* status_code_name(StatusCode code);

class Status {
 public:
  static constexpr size_t kMaxMessage = 120;

  constexpr Status() = default;
  static Status ok() { return Status(); }

  // Builds a message from parts: C strings and integers, appended in order,
  // e.g. Status::error(kInvalidModel, "tensor ", 3, ": buffer too small").
  template <typename... Parts>
  static Status error(StatusCode code, const Parts&... parts) {
    Status s;
    s.code_ = code;
    (s.append(parts), ...);
    return s;
  }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  const char* message() const { return is_ok() ? "ok" : message_; }

  // Prefixes context ("operator 4 (CONV_2D): ") to an existing message.
  template <typename... Parts>
  Status& prefix(const Parts&... parts) {
    Status p;
    (p.append(parts), ...);
    p.append(message_);
    for (size_t i = 0; i <= p.length_; ++i) message_[i] = p.message_[i];
    length_ = p.length_;
    return *this;
  }

 private:
  void append(const char* text);
  void append(char* text) { append(static_cast<const char*>(text)); }
  void append(long long value);
  void append(int value) { append(static_cast<long long>(value)); }
  void append(long value) { append(static_cast<long long>(value)); }
  void append(unsigned value) { append(static_cast<long long>(value)); }
  void append(unsigned long value) { append(static_cast<long long>(value)); }
  void append(unsigned long long value) { append(static_cast<long long>(value)); }

  StatusCode code_ = StatusCode::kOk;
  uint8_t length_ = 0;
  char message_[kMaxMessage] = {};
};

}  // namespace nib

// Returns early from the enclosing function when `expr` yields an error.
#define NIB_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::nib::Status nib_status_ = (expr);        \
    if (!nib_status_.is_ok()) return nib_status_; \
  } while (0)
