// nib run: one inference from input files to output files.
#include <chrono>
#include <cstdio>
#include <cstring>

#include "commands.h"
#include "npy.h"

namespace nib::cli {
namespace {

class ClockProfiler : public Profiler {
 public:
  void op_begin(const OpEvent&) override { start_ = std::chrono::steady_clock::now(); }
  void op_end(const OpEvent& e) override {
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "  op %-3d %-18s %-10s %12llu MACs %10.1f us\n", e.index, e.op, e.kernel,
                 static_cast<unsigned long long>(e.macs), us);
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

bool fill_input(const TensorView& t, const std::string& path) {
  std::vector<uint8_t> bytes;
  std::string error;
  if (!tools::read_file(path, &bytes, &error)) return fail(error), false;
  if (tools::is_npy_path(path)) {
    tools::NpyArray a;
    if (!tools::parse_npy(bytes, &a, &error)) return fail(path + ": " + error), false;
    if (a.type != t.type)
      return fail(path + ": .npy has type " + dtype_name(a.type) + ", model input is " + dtype_name(t.type)), false;
    bytes = std::move(a.data);
  }
  if (bytes.size() != t.bytes)
    return fail(path + ": " + std::to_string(bytes.size()) + " bytes, model input " + shape_string(t) + " " +
                dtype_name(t.type) + " needs " + std::to_string(t.bytes)),
           false;
  std::memcpy(t.data, bytes.data(), bytes.size());
  return true;
}

bool save_output(const TensorView& t, const std::string& path) {
  std::string error;
  bool ok;
  if (tools::is_npy_path(path)) {
    std::vector<int64_t> shape(t.dims, t.dims + t.rank);
    const std::vector<uint8_t> npy = tools::encode_npy(t.type, shape, t.data, t.bytes);
    ok = tools::write_file(path, npy.data(), npy.size(), &error);
  } else {
    ok = tools::write_file(path, t.data, t.bytes, &error);
  }
  if (!ok) fail(error);
  return ok;
}

void print_values(const TensorView& t) {
  const size_t n = t.elements();
  const size_t shown = n < 16 ? n : 16;
  std::printf("output %s %s:", dtype_name(t.type), shape_string(t).c_str());
  for (size_t i = 0; i < shown; ++i) {
    if (t.type == DType::kInt8) std::printf(" %d", t.as<int8_t>()[i]);
    else if (t.type == DType::kFloat32) std::printf(" %g", static_cast<double>(t.as<float>()[i]));
    else if (t.type == DType::kUInt8) std::printf(" %u", t.as<uint8_t>()[i]);
    else if (t.type == DType::kInt32) std::printf(" %d", t.as<int32_t>()[i]);
  }
  std::printf("%s\n", shown < n ? " ..." : "");
}

}  // namespace

int run(const RunArgs& args) {
  LoadedModel m;
  Session session;
  if (!open_model(args.model, args.kernels, &m, &session)) return 1;
  Interpreter& interp = session.interpreter;
  if (static_cast<int>(args.inputs.size()) != interp.input_count())
    return fail("model has " + std::to_string(interp.input_count()) + " inputs, got " +
                std::to_string(args.inputs.size()) + " --input files");
  if (args.outputs.size() > static_cast<size_t>(interp.output_count()))
    return fail("model has only " + std::to_string(interp.output_count()) + " outputs");
  for (int i = 0; i < interp.input_count(); ++i)
    if (!fill_input(interp.input(i), args.inputs[static_cast<size_t>(i)])) return 1;

  ClockProfiler profiler;
  if (args.profile) interp.set_profiler(&profiler);
  const Status s = interp.invoke();
  if (!s) return fail(s.message());
  for (int i = 0; i < interp.output_count(); ++i) {
    print_values(interp.output(i));
    if (static_cast<size_t>(i) < args.outputs.size() && !save_output(interp.output(i), args.outputs[static_cast<size_t>(i)]))
      return 1;
  }
  return 0;
}

}  // namespace nib::cli
