#include <algorithm>
#include <cstdio>

#include "commands.h"

namespace nib::cli {

int fail(const std::string& message) {
  std::fprintf(stderr, "nib: %s\n", message.c_str());
  return 1;
}

bool load_model(const std::string& path, LoadedModel* out) {
  std::string error;
  if (!tools::read_file(path, &out->bytes, &error)) return fail(error), false;
  const Status s = Model::load(out->bytes.data(), out->bytes.size(), out->model);
  if (!s) return fail(path + ": " + s.message()), false;
  return true;
}

Status try_start_session(const Model& model, const Options& options, Session* out) {
  // Ask with a generous arena, then re-init in one of exactly the size used,
  // so the run sees the same memory a device would give it.
  size_t size = 1 << 20;
  for (;;) {
    out->arena.assign(size + Interpreter::kArenaAlignment, 0);
    const Status s = out->interpreter.init(model, out->arena.data(), out->arena.size(), options);
    if (s) break;
    if (s.code() != StatusCode::kArenaTooSmall || size >= Interpreter::kMaxArenaBytes) return s;
    size = std::min(size * 4, Interpreter::kMaxArenaBytes);
  }
  const size_t exact = out->interpreter.arena_usage().total();
  out->arena.assign(exact + 2 * Interpreter::kArenaAlignment, 0);
  return out->interpreter.init(model, out->arena.data(), out->arena.size(), options);
}

bool start_session(const Model& model, const Options& options, Session* out) {
  const Status s = try_start_session(model, options, out);
  if (!s) return fail(s.message()), false;
  return true;
}

bool open_model(const std::string& path, const std::string& kernels, LoadedModel* model, Session* session) {
  if (!load_model(path, model)) return false;
  Options options;
  options.kernels = kernels == "reference" ? Kernels::kReference : Kernels::kOptimized;
  return start_session(model->model, options, session);
}

std::string shape_string(const TensorView& t) {
  std::string s = "[";
  for (int d = 0; d < t.rank; ++d) s += (d ? "," : "") + std::to_string(t.dims[d]);
  return s + "]";
}

}  // namespace nib::cli
