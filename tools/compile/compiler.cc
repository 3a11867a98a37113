#include "compiler.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "emission.h"
#include "kernel_emitters.h"
#include "runtime/introspect.h"

namespace nib::compile {
namespace {

std::string shape_of(const TensorInfo& t) {
  std::string s = "[";
  for (int d = 0; d < t.rank(); ++d) s += (d ? "," : "") + std::to_string(t.dim(d));
  return s + "]";
}

// A C++ string literal of s.
std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    if (c == '\n') { q += "\\n"; continue; }
    q += c;
  }
  return q + "\"";
}

// A comment line that cannot end the comment early.
std::string comment(std::string s) {
  for (size_t i; (i = s.find("*/")) != std::string::npos;) s.replace(i, 2, "* /");
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string dtype_enum(DType t) {
  switch (t) {
    case DType::kFloat32: return "nib::DType::kFloat32";
    case DType::kFloat16: return "nib::DType::kFloat16";
    case DType::kInt32: return "nib::DType::kInt32";
    case DType::kUInt8: return "nib::DType::kUInt8";
    case DType::kInt64: return "nib::DType::kInt64";
    case DType::kString: return "nib::DType::kString";
    case DType::kBool: return "nib::DType::kBool";
    case DType::kInt16: return "nib::DType::kInt16";
    case DType::kComplex64: return "nib::DType::kComplex64";
    case DType::kInt8: return "nib::DType::kInt8";
    case DType::kFloat64: return "nib::DType::kFloat64";
  }
  return "nib::DType::kInt8";
}

// Headers of every kernel the emitters may call.
constexpr const char* kKernelHeaders[] = {
    "kernels/cortex_m/add_s8.h",       "kernels/cortex_m/average_pool_s8.h", "kernels/cortex_m/conv_s8.h",
    "kernels/cortex_m/depthwise_conv_s8.h", "kernels/cortex_m/fully_connected_s8.h", "kernels/cortex_m/conv3x3x1_pool_s8.h",
    "kernels/cortex_m/pointwise_small_s8.h", "kernels/cortex_m/pooled_tile_s8.h", "kernels/cortex_m/pooled_quad_s8.h",
    "kernels/params.h",
    "kernels/reference/reference.h",
};

// The model's input/output table: what input(i) / output(i) describe.
std::string io_table(Emission& e, const Model& model, const Interpreter& interp, std::span<const int32_t> list,
                     const char* name, std::string* error) {
  std::ostringstream os;
  os << "constinit const TensorSlot " << name << "[] = {\n";
  for (int32_t t : list) {
    const TensorInfo info = model.tensor(t);
    size_t offset = 0;
    if (!e.has_arena_offset(detail::InterpreterAccess::tensor_data(interp, t), &offset)) {
      *error = std::string("tensor ") + std::to_string(t) + " (" + info.name + "): a model input or output must be an activation";
      return "";
    }
    os << "    {" << dtype_enum(info.type) << ", " << info.rank() << ", {";
    for (int d = 0; d < info.rank(); ++d) os << (d ? ", " : "") << info.dim(d);
    os << "}, ";
    Emission::put(os, info.scale());
    os << ", " << info.zero_point() << ", " << offset << ", " << info.bytes << ", " << quoted(info.name) << "},\n";
  }
  os << "};\n";
  return os.str();
}

}  // namespace

std::string identifier_from_path(const std::string& path) {
  std::string stem = path;
  if (const size_t slash = stem.find_last_of("/\\"); slash != std::string::npos) stem = stem.substr(slash + 1);
  if (const size_t dot = stem.find('.'); dot != std::string::npos && dot > 0) stem = stem.substr(0, dot);
  for (char& c : stem)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  if (stem.empty() || std::isdigit(static_cast<unsigned char>(stem[0]))) stem = "m_" + stem;
  return stem;
}

Status compile_model(const Model& model, const CompileOptions& options, CompiledFiles* out) {
  // Prepare and plan on the host, in an arena sized to fit.
  const Options interp_options{options.kernels};
  Interpreter interp;
  std::unique_ptr<uint8_t[]> arena;
  for (size_t size = 64 * 1024;;) {
    arena.reset(new uint8_t[size]);
    const Status s = interp.init(model, arena.get(), size, interp_options);
    if (s) break;
    // A "more than N" lower bound, or the exact need: grow and try again.
    if (s.code() != StatusCode::kArenaTooSmall || size >= Interpreter::kMaxArenaBytes) return s;
    size = std::max(2 * size, interp.arena_usage().total() + 2 * Interpreter::kArenaAlignment);
  }
  const uintptr_t raw = reinterpret_cast<uintptr_t>(arena.get());
  const auto* begin = reinterpret_cast<const uint8_t*>((raw + 15) & ~uintptr_t{15});
  const size_t activations = interp.arena_usage().activations;

  Emission e(model, interp, begin, activations);
  std::ostringstream invoke;
  for (int i = 0; i < model.op_count(); ++i) {
    OpSite op;
    op.index = i;
    op.info = model.op(i);
    op.prepared = detail::InterpreterAccess::op(interp, i);
    if (!op.info.inputs.empty() && op.info.inputs[0] >= 0) op.input_type = model.tensor(op.info.inputs[0]).type;
    const TensorInfo result = model.tensor(op.info.outputs.empty() ? 0 : op.info.outputs[0]);
    invoke << "  // " << i << " " << op.info.name() << " -> " << shape_of(result) << " "
           << comment(result.name) << "\n";
    if (op.prepared.alias) {
      invoke << "  // (no code: the output shares its input's memory)\n";
      continue;
    }
    std::vector<std::string> calls;
    if (!op.prepared.skipped) {
      const EmitFn emit = find_emitter(op);
      if (emit == nullptr)
        return Status::error(StatusCode::kUnsupported, "operator ", i, " (", op.info.name(), ", kernel ",
                             op.prepared.kernel, "): nib compile has no emitter for this kernel");
      emit(e, op);
      if (!e.error().empty()) return Status::error(StatusCode::kUnsupported, e.error().c_str());
      calls = e.take_calls();
    } else {
      invoke << "  // (done by operator " << i - 1 << ")\n";
    }
    invoke << "  NIB_LAYER(" << i << ", " << quoted(op.info.name()) << ", " << quoted(op.prepared.kernel) << ", "
           << op.prepared.macs << "u";
    for (const std::string& c : calls) invoke << ", " << c.substr(0, c.size() - 1);  // without the ';'
    invoke << ");\n";
  }
  std::string error;
  const std::string inputs = io_table(e, model, interp, model.inputs(), "kInputs", &error);
  const std::string outputs = io_table(e, model, interp, model.outputs(), "kOutputs", &error);
  if (!error.empty()) return Status::error(StatusCode::kUnsupported, error.c_str());

  // What an application may want to show without the interpreter: the MACs
  // of one inference, the kernel variants used (components of the names,
  // e.g. "dsp-small, maxpool, dsp") and whether output 0 is a SOFTMAX's.
  uint64_t macs = 0;
  std::string kernels_used;
  bool softmax_output = false;
  for (int i = 0; i < model.op_count(); ++i) {
    const detail::PreparedOp p = detail::InterpreterAccess::op(interp, i);
    macs += p.macs;
    const std::string k = p.kernel;
    if (k != "alias" && k != "fused")
      for (size_t at = 0; at <= k.size();) {
        const size_t plus = std::min(k.find('+', at), k.size());
        const std::string part = k.substr(at, plus - at);
        if (!part.empty() && (", " + kernels_used + ",").find(", " + part + ",") == std::string::npos)
          kernels_used += (kernels_used.empty() ? "" : ", ") + part;
        at = plus + 1;
      }
    for (int32_t t : model.op(i).outputs)
      if (!model.outputs().empty() && t == model.outputs()[0])
        softmax_output = model.op(i).code == static_cast<int32_t>(OpCode::kSoftmax);
  }

  const std::string& n = options.name;
  const size_t arena_bytes = (activations + 15) & ~size_t{15};
  out->arena_bytes = arena_bytes;
  out->weight_bytes = e.data_bytes();

  std::ostringstream h;
  h << "// " << n << ": written by `nib compile` (" << (options.kernels == Kernels::kOptimized ? "optimized" : "reference")
    << " kernels). Do not edit; compile again instead.\n"
    << "// " << model.op_count() << " operators; arena " << arena_bytes << " bytes (activations and scratch); "
    << e.data_bytes() << " bytes of constant data.\n"
    << "#pragma once\n\n#include <cstddef>\n\n#include \"nib/profiler.h\"\n#include \"nib/status.h\"\n#include \"nib/tensor.h\"\n\n"
    << "namespace " << n << " {\n\n"
    << "inline constexpr size_t kArenaBytes = " << arena_bytes << ";\n"
    << "inline constexpr size_t kWeightBytes = " << e.data_bytes() << ";  // weights, tables (" << n << "_data.cc)\n"
    << "inline constexpr unsigned long long kMacs = " << macs << "ull;  // multiply-accumulates of one invoke()\n"
    << "inline constexpr const char* kKernelsUsed = " << quoted(kernels_used) << ";\n"
    << "inline constexpr bool kOutputFromSoftmax = " << (softmax_output ? "true" : "false") << ";  // output 0\n\n"
    << "// arena: kArenaBytes or more, 16-byte aligned; used by invoke() until init() is called again.\n"
    << "nib::Status init(void* arena, size_t arena_bytes);\n"
    << "nib::Status invoke();\n"
    << "nib::TensorView input(int index);\n"
    << "nib::TensorView output(int index);\n"
    << "#if defined(NIB_COMPILED_PROFILE) && NIB_COMPILED_PROFILE\n"
    << "// Called around every operator, as nib::Interpreter does (compile " << n
    << ".cc with NIB_COMPILED_PROFILE=1; without it, no hook and no cost).\n"
    << "void set_profiler(nib::Profiler* profiler);\n"
    << "#endif\n\n"
    << "}  // namespace " << n << "\n";

  std::ostringstream cc;
  cc << "// " << n << ": parameters and invoke(), written by `nib compile`. Do not edit.\n"
     << "#include \"" << n << ".h\"\n\n#include <cstdint>\n\n";
  for (const char* header : kKernelHeaders) cc << "#include \"" << header << "\"\n";
  cc << "\nnamespace " << n << " {\nnamespace data {\n" << e.data_declarations() << "}  // namespace data\n\nnamespace {\n\n"
     << "uint8_t* g_arena = nullptr;\n\n"
     << "template <typename T>\nT* at(size_t offset) {\n  return reinterpret_cast<T*>(g_arena + offset);\n}\n\n"
     << "#if defined(NIB_COMPILED_PROFILE) && NIB_COMPILED_PROFILE\n"
     << "nib::Profiler* g_profiler = nullptr;\n"
     << "#define NIB_LAYER(index, op, kernel, macs, ...)                 \\\n"
     << "  do {                                                          \\\n"
     << "    const nib::OpEvent event{index, op, kernel, macs};          \\\n"
     << "    if (g_profiler != nullptr) g_profiler->op_begin(event);     \\\n"
     << "    __VA_ARGS__;                                                \\\n"
     << "    if (g_profiler != nullptr) g_profiler->op_end(event);       \\\n"
     << "  } while (0)\n"
     << "#else\n"
     << "#define NIB_LAYER(index, op, kernel, macs, ...) __VA_ARGS__\n"
     << "#endif\n\n"
     << "struct TensorSlot {\n  nib::DType type;\n  int rank;\n  int32_t dims[nib::kMaxRank];\n  float scale;\n"
     << "  int32_t zero_point;\n  size_t offset;\n  size_t bytes;\n  const char* name;\n};\n\n"
     << inputs << "\n" << outputs << "\n"
     << "nib::TensorView view(const TensorSlot& s) {\n  nib::TensorView v;\n  v.type = s.type;\n  v.rank = s.rank;\n"
     << "  for (int d = 0; d < s.rank; ++d) v.dims[d] = s.dims[d];\n  v.scale = s.scale;\n  v.zero_point = s.zero_point;\n"
     << "  v.data = g_arena + s.offset;\n  v.bytes = s.bytes;\n  v.name = s.name;\n  return v;\n}\n\n"
     << e.definitions()
     << "}  // namespace\n\n"
     << "nib::Status init(void* arena, size_t arena_bytes) {\n"
     << "  g_arena = nullptr;\n"
     << "  if (arena == nullptr || reinterpret_cast<uintptr_t>(arena) % 16 != 0)\n"
     << "    return nib::Status::error(nib::StatusCode::kInvalidArgument, \"" << n << ": arena must be 16-byte aligned\");\n"
     << "  if (arena_bytes < kArenaBytes)\n"
     << "    return nib::Status::error(nib::StatusCode::kArenaTooSmall, \"" << n
     << ": arena too small: model needs \", kArenaBytes, \" bytes, arena has \", arena_bytes);\n"
     << "  g_arena = static_cast<uint8_t*>(arena);\n  return nib::Status::ok();\n}\n\n"
     << "nib::Status invoke() {\n"
     << "  if (g_arena == nullptr) return nib::Status::error(nib::StatusCode::kInvalidArgument, \"" << n
     << ": init() has not succeeded\");\n"
     << invoke.str() << "  return nib::Status::ok();\n}\n\n"
     << "nib::TensorView input(int index) {\n"
     << "  if (g_arena == nullptr || index < 0 || index >= static_cast<int>(sizeof kInputs / sizeof kInputs[0])) return {};\n"
     << "  return view(kInputs[index]);\n}\n\n"
     << "nib::TensorView output(int index) {\n"
     << "  if (g_arena == nullptr || index < 0 || index >= static_cast<int>(sizeof kOutputs / sizeof kOutputs[0])) return {};\n"
     << "  return view(kOutputs[index]);\n}\n\n"
     << "#if defined(NIB_COMPILED_PROFILE) && NIB_COMPILED_PROFILE\nvoid set_profiler(nib::Profiler* profiler) { g_profiler = profiler; }\n#endif\n\n"
     << "}  // namespace " << n << "\n";

  std::ostringstream data;
  data << "// " << n << ": weights and prepared tables, written by `nib compile`. Do not edit.\n"
       << "#include <cstdint>\n\nnamespace " << n << "::data {\n\n" << e.data_declarations() << "\n"
       << e.data_definitions() << "}  // namespace " << n << "::data\n";

  out->header = h.str();
  out->source = cc.str();
  out->data = data.str();
  return Status::ok();
}

}  // namespace nib::compile
