#include "ops/op_test_util.h"

#include <memory>

namespace nib::test {

OpResult run_model(const ModelBuilder& b, const void* input, size_t bytes, Kernels kernels) {
  OpResult r;
  const tools::AlignedBytes file = b.build();
  Model model;
  r.status = Model::load(file.data(), file.size(), model);
  if (!r.status) return r;
  constexpr size_t kArena = 64 * 1024;
  auto arena = std::make_unique<uint8_t[]>(kArena);
  Interpreter interp;
  r.status = interp.init(model, arena.get(), kArena, Options{kernels});
  if (!r.status) return r;
  TensorView in = interp.input(0);
  if (in.bytes != bytes) {
    r.status = Status::error(StatusCode::kInvalidArgument, "test input has ", bytes, " bytes, model wants ", in.bytes);
    return r;
  }
  std::memcpy(in.data, input, bytes);
  r.status = interp.invoke();
  if (!r.status) return r;
  const TensorView out = interp.output(0);
  const auto* p = static_cast<const uint8_t*>(out.data);
  r.output.assign(p, p + out.bytes);
  return r;
}

std::vector<int> ints(const std::vector<int8_t>& v) { return {v.begin(), v.end()}; }
std::vector<int> ints(const std::vector<int16_t>& v) { return {v.begin(), v.end()}; }

}  // namespace nib::test
