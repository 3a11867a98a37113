// The nib tool's subcommands. Each returns the process exit code and prints
// a one-line reason to stderr on failure.
#pragma once

#include <string>
#include <vector>

#include "file_io.h"
#include "nib/interpreter.h"
#include "nib/model.h"

namespace nib::cli {

struct InspectArgs {
  std::string model;
  bool json = false;
  bool host = false;  // arena with this host's pointer size, not a 32-bit MCU's
};
int inspect(const InspectArgs& args);

struct RunArgs {
  std::string model;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::string kernels = "optimized";
  bool profile = false;
  bool dequantize = false;  // int8 outputs written as float32
  std::string dump;         // directory for every operator's output (.npy)
};
int run(const RunArgs& args);

struct BenchArgs {
  std::string model;
  std::string kernels = "optimized";
  std::string table = "anchors";
  std::string csv, json;
  std::string firmware;  // m4_bench.elf; default: this build's
  bool aot = false;      // the model compiled by nib compile, in a firmware built for it
};
int bench_m4(const BenchArgs& args);
int bench_m4_aot(const BenchArgs& args);

struct EvalArgs {
  std::string model;
  std::string mnist;   // directory with t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte
  std::string errors;  // PNG grid of the misread images (optional)
  std::string kernels = "optimized";
  size_t limit = 0;    // first N test images only (0 = all)
};
int eval(const EvalArgs& args);

struct CompileArgs {
  std::string model, output, name;
  std::string kernels = "optimized";
};
int compile(const CompileArgs& args);

struct EmbedArgs {
  std::string model, output, name;
};
int embed(const EmbedArgs& args);

// Shared by subcommands: a loaded model and its bytes.
struct LoadedModel {
  tools::AlignedBytes bytes;
  Model model;
};
bool load_model(const std::string& path, LoadedModel* out);

// An initialized interpreter with an arena sized to fit exactly.
struct Session {
  std::vector<uint8_t> arena;
  Interpreter interpreter;
};
bool start_session(const Model& model, const Options& options, Session* out);
// The same without printing: the status of the final init.
Status try_start_session(const Model& model, const Options& options, Session* out);

// The arena a 32-bit Cortex-M needs for the model at `path` (optimized
// kernels): m4_run.elf --arena under QEMU. False with the reason on failure;
// arena32_available() says whether the firmware is built, arena32_missing()
// what builds it.
bool arena32(const std::string& path, ArenaUsage* out, std::string* why);
bool arena32_available();
std::string arena32_missing();

// load_model + start_session with the --kernels choice ("reference" or "optimized").
bool open_model(const std::string& path, const std::string& kernels, LoadedModel* model, Session* session);

int fail(const std::string& message);
std::string shape_string(const TensorView& t);

}  // namespace nib::cli
