#include "file_io.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace nib::tools {

AlignedBytes::AlignedBytes(size_t size) : size_(size) {
  // At least one byte so an empty file still gets a valid pointer.
  const size_t rounded = ((size == 0 ? 1 : size) + 15) / 16 * 16;
  data_.reset(static_cast<uint8_t*>(std::aligned_alloc(16, rounded)));
}

void AlignedBytes::Free::operator()(uint8_t* p) const { std::free(p); }

namespace {

template <typename Sink>
bool read_into(const std::string& path, Sink make_buffer, std::string* error) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  if (!f) {
    *error = path + ": " + std::strerror(errno);
    return false;
  }
  const std::streamsize size = f.tellg();
  f.seekg(0);
  uint8_t* dst = make_buffer(static_cast<size_t>(size));
  if (size > 0 && !f.read(reinterpret_cast<char*>(dst), size)) {
    *error = path + ": read failed";
    return false;
  }
  return true;
}

}  // namespace

bool read_file(const std::string& path, AlignedBytes* out, std::string* error) {
  return read_into(path, [out](size_t n) {
    *out = AlignedBytes(n);
    return out->data();
  }, error);
}

bool read_file(const std::string& path, std::vector<uint8_t>* out, std::string* error) {
  return read_into(path, [out](size_t n) {
    out->resize(n);
    return out->data();
  }, error);
}

bool write_file(const std::string& path, const void* data, size_t size, std::string* error) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f || !f.write(static_cast<const char*>(data), static_cast<std::streamsize>(size))) {
    *error = path + ": cannot write: " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace nib::tools
