#include "host_files.h"

#include <cstring>

#include "console.h"
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

bool start_model(const char* who, const char* path, std::span<uint8_t> model_buffer, std::span<uint8_t> arena,
                 const Options& options, Model& model, Interpreter& interp) {
  const long size = load(path, model_buffer);
  if (size < 0) return false;
  Status s = Model::load(model_buffer.data(), static_cast<size_t>(size), model);
  if (s) s = interp.init(model, arena.data(), arena.size(), options);
  if (!s) {
    print(who);
    print(": ");
    print(s.message());
    print("\n");
  }
  return s.is_ok();
}

Options kernels_option(const char* name) {
  Options options;
  if (name != nullptr && std::strcmp(name, "reference") == 0) options.kernels = Kernels::kReference;
  return options;
}

void print(const char* s) { semihost::write(s); }
void print_int(long long v) { console::write_dec(v); }

}  // namespace nib::m4
