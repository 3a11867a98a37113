#include "host_files.h"

#include <cstring>

#include "semihost.h"

namespace nib::m4 {

long load(const char* path, std::span<uint8_t> buf) {
  const long n = semihost::read_file(path, std::as_writable_bytes(buf));
  if (n < 0) {
    print("cannot read ");
    print(path);
    print(" (missing, or larger than the buffer)\n");
  }
  return n;
}

bool join(char* out, size_t size, const char* a, const char* b) {
  const size_t la = std::strlen(a), lb = std::strlen(b);
  if (la + 1 + lb + 1 > size) return false;
  std::memcpy(out, a, la);
  out[la] = '/';
  std::memcpy(out + la + 1, b, lb + 1);
  return true;
}

void print(const char* s) { semihost::write(s); }
void print_int(long long v) { semihost::write_dec(v); }

}  // namespace nib::m4
