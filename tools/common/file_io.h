// Host-side file helpers for the tools (not part of the MCU core).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace nib::tools {

// Bytes of a file in 16-byte aligned memory (as nib::Model::load needs).
class AlignedBytes {
 public:
  AlignedBytes() = default;
  explicit AlignedBytes(size_t size);
  uint8_t* data() { return data_.get(); }
  const uint8_t* data() const { return data_.get(); }
  size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(uint8_t* p) const;
  };
  std::unique_ptr<uint8_t, Free> data_;
  size_t size_ = 0;
};

// Reads a whole file; on failure returns false and sets `error`.
bool read_file(const std::string& path, AlignedBytes* out, std::string* error);
bool read_file(const std::string& path, std::vector<uint8_t>* out, std::string* error);
bool write_file(const std::string& path, const void* data, size_t size, std::string* error);

}  // namespace nib::tools
