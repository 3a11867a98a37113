// nib run: one inference from input files to output files.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

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

// Every operator's output as DIR/NNN_<op>_t<tensor>.npy, written right after
// the operator ran (later operators may reuse the memory). An operator whose
// kernel also did the next one (conv + max pool) never materializes its own
// output: only the fused result is written, under the next operator.
class DumpProfiler : public Profiler {
 public:
  DumpProfiler(const Interpreter& interp, const Model& model, std::string dir)
      : interp_(interp), model_(model), dir_(std::move(dir)) {}
  void op_begin(const OpEvent&) override {}
  void op_end(const OpEvent& e) override {
    if (e.index + 1 < model_.op_count() && std::strcmp(interp_.op_event(e.index + 1).kernel, "fused") == 0) return;
    for (int32_t t : model_.op(e.index).outputs) {
      const TensorView v = interp_.tensor(t);
      char name[160];
      std::snprintf(name, sizeof name, "%03d_%s_t%d.npy", e.index, e.op, t);
      const std::vector<uint8_t> npy =
          tools::encode_npy(v.type, std::vector<int64_t>(v.dims, v.dims + v.rank), v.data, v.bytes);
      std::string error;
      if (!tools::write_file((std::filesystem::path(dir_) / name).string(), npy.data(), npy.size(), &error)) {
        if (ok_) fail(error);
        ok_ = false;
      }
      ++written_;
    }
  }
  bool ok() const { return ok_; }
  int written() const { return written_; }

 private:
  const Interpreter& interp_;
  const Model& model_;
  std::string dir_;
  bool ok_ = true;
  int written_ = 0;
};

// float32 values into an int8 tensor with its scale and zero point, rounding
// half away from zero like TFLite's QUANTIZE.
std::vector<uint8_t> quantize_to_int8(const std::vector<uint8_t>& floats, const TensorView& t) {
  std::vector<uint8_t> out(floats.size() / sizeof(float));
  for (size_t i = 0; i < out.size(); ++i) {
    float x;
    std::memcpy(&x, floats.data() + i * sizeof(float), sizeof x);
    const float q = std::round(x / t.scale) + static_cast<float>(t.zero_point);
    out[i] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp(q, -128.0f, 127.0f)));
  }
  return out;
}

bool fill_input(const TensorView& t, const std::string& path) {
  std::vector<uint8_t> bytes;
  std::string error;
  if (!tools::read_file(path, &bytes, &error)) return fail(error), false;
  if (tools::is_npy_path(path)) {
    tools::NpyArray a;
    if (!tools::parse_npy(bytes, &a, &error)) return fail(path + ": " + error), false;
    if (a.type == DType::kFloat32 && t.type == DType::kInt8 && t.scale > 0.0f) {
      a.data = quantize_to_int8(a.data, t);  // float input for an int8 model
    } else if (a.type != t.type) {
      return fail(path + ": .npy has type " + dtype_name(a.type) + ", model input is " + dtype_name(t.type)), false;
    }
    bytes = std::move(a.data);
  }
  if (bytes.size() != t.bytes)
    return fail(path + ": " + std::to_string(bytes.size()) + " bytes, model input " + shape_string(t) + " " +
                dtype_name(t.type) + " needs " + std::to_string(t.bytes)),
           false;
  std::memcpy(t.data, bytes.data(), bytes.size());
  return true;
}

bool save_output(const TensorView& t, const std::string& path, bool dequantize) {
  std::string error;
  bool ok;
  DType type = t.type;
  const void* data = t.data;
  size_t bytes = t.bytes;
  std::vector<float> real;
  if (dequantize && t.type == DType::kInt8 && t.scale > 0.0f) {
    real.resize(t.elements());
    for (size_t i = 0; i < real.size(); ++i)
      real[i] = t.scale * static_cast<float>(t.as<int8_t>()[i] - t.zero_point);
    type = DType::kFloat32;
    data = real.data();
    bytes = real.size() * sizeof(float);
  }
  if (tools::is_npy_path(path)) {
    std::vector<int64_t> shape(t.dims, t.dims + t.rank);
    const std::vector<uint8_t> npy = tools::encode_npy(type, shape, data, bytes);
    ok = tools::write_file(path, npy.data(), npy.size(), &error);
  } else {
    ok = tools::write_file(path, data, bytes, &error);
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
  DumpProfiler dumper(interp, m.model, args.dump);
  if (!args.dump.empty()) {
    if (args.profile) return fail("--dump and --profile cannot be combined (dumping would be timed)");
    std::error_code ec;
    std::filesystem::create_directories(args.dump, ec);
    if (ec) return fail(args.dump + ": " + ec.message());
    interp.set_profiler(&dumper);
  } else if (args.profile) {
    interp.set_profiler(&profiler);
  }
  const Status s = interp.invoke();
  if (!s) return fail(s.message());
  if (!args.dump.empty()) {
    if (!dumper.ok()) return 1;
    std::fprintf(stderr, "nib: %d tensors written to %s\n", dumper.written(), args.dump.c_str());
  }
  for (int i = 0; i < interp.output_count(); ++i) {
    print_values(interp.output(i));
    if (static_cast<size_t>(i) < args.outputs.size() && !save_output(interp.output(i), args.outputs[static_cast<size_t>(i)], args.dequantize))
      return 1;
  }
  return 0;
}

}  // namespace nib::cli
