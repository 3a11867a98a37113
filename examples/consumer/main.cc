// consumer MODEL INPUT OUTPUT: one inference with nib, the raw bytes of
// input 0 read from INPUT, the raw bytes of output 0 written to OUTPUT.
// Uses nib's public headers only.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "nib/interpreter.h"
#include "nib/model.h"
#include "nib/version.h"

namespace {

bool read_file(const char* path, std::vector<char>& out) {
  std::ifstream in(path, std::ios::binary);
  out.assign(std::istreambuf_iterator<char>(in), {});
  return static_cast<bool>(in) || in.eof();
}

int fail(const char* what, const nib::Status& status) {
  std::fprintf(stderr, "consumer: %s: %s\n", what, status.message());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: consumer MODEL INPUT OUTPUT\n");
    return 2;
  }
  std::vector<char> model_bytes, input;
  if (!read_file(argv[1], model_bytes) || !read_file(argv[2], input)) {
    std::fprintf(stderr, "consumer: cannot read %s or %s\n", argv[1], argv[2]);
    return 1;
  }
  // The model's bytes must be aligned (flatbuffers aligns weights to 16).
  std::vector<std::max_align_t> aligned(model_bytes.size() / sizeof(std::max_align_t) + 1);
  std::memcpy(aligned.data(), model_bytes.data(), model_bytes.size());

  nib::Model model;
  if (nib::Status s = nib::Model::load(aligned.data(), model_bytes.size(), model); !s) return fail("load", s);
  alignas(16) static std::uint8_t arena[512 * 1024];
  nib::Interpreter interp;
  if (nib::Status s = interp.init(model, arena, sizeof arena); !s) return fail("init", s);

  nib::TensorView in = interp.input(0);
  if (input.size() != in.bytes) {
    std::fprintf(stderr, "consumer: %s has %zu bytes, the model input needs %zu\n", argv[2], input.size(), in.bytes);
    return 1;
  }
  std::memcpy(in.data, input.data(), in.bytes);
  if (nib::Status s = interp.invoke(); !s) return fail("invoke", s);

  const nib::TensorView out = interp.output(0);
  std::FILE* f = std::fopen(argv[3], "wb");
  const bool ok = f != nullptr && std::fwrite(out.data, 1, out.bytes, f) == out.bytes;
  if (f == nullptr || std::fclose(f) != 0 || !ok) {
    std::fprintf(stderr, "consumer: cannot write %s\n", argv[3]);
    return 1;
  }
  std::printf("consumer: nib %s, arena %zu bytes, %zu output bytes\n", nib::kVersion, interp.arena_usage().total(),
              out.bytes);
  return 0;
}
