// compiled_consumer INPUT OUTPUT: one inference of a model compiled by
// `nib compile` (MODEL, from MODEL_HEADER): the raw bytes of input 0 read
// from INPUT, the raw bytes of output 0 written to OUTPUT. No model file,
// no interpreter.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include MODEL_HEADER

namespace {

alignas(16) uint8_t g_arena[MODEL::kArenaBytes];

int fail(const char* what, const nib::Status& status) {
  std::fprintf(stderr, "compiled_consumer: %s: %s\n", what, status.message());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: compiled_consumer INPUT OUTPUT\n");
    return 2;
  }
  if (const nib::Status s = MODEL::init(g_arena, sizeof g_arena); !s) return fail("init", s);
  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<char> input(std::istreambuf_iterator<char>(in), {});
  const nib::TensorView view = MODEL::input(0);
  if (input.size() != view.bytes) {
    std::fprintf(stderr, "compiled_consumer: %s holds %zu bytes, input 0 needs %zu\n", argv[1], input.size(), view.bytes);
    return 1;
  }
  std::memcpy(view.data, input.data(), input.size());
  if (const nib::Status s = MODEL::invoke(); !s) return fail("invoke", s);
  const nib::TensorView out = MODEL::output(0);
  std::ofstream(argv[2], std::ios::binary).write(static_cast<const char*>(out.data), static_cast<std::streamsize>(out.bytes));
  std::printf("compiled_consumer: %zu output bytes\n", out.bytes);
  return 0;
}
