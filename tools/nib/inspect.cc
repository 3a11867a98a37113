// nib inspect: what a model contains and what it costs to run.
#include <cstdio>
#include <string>

#include "commands.h"

namespace nib::cli {
namespace {

std::string quant_string(const TensorInfo& t) {
  if (!t.is_quantized()) return "-";
  char buf[96];
  if (t.per_channel())
    std::snprintf(buf, sizeof buf, "per-channel x%zu (dim %d)", t.scales.size(), t.quantized_dimension);
  else
    std::snprintf(buf, sizeof buf, "scale %.6g zp %d", static_cast<double>(t.scale()), t.zero_point());
  return buf;
}

std::string dims_string(const TensorInfo& t) {
  std::string s = "[";
  for (int d = 0; d < t.rank(); ++d) s += (d ? "," : "") + std::to_string(t.dim(d));
  return s + "]";
}

std::string with_commas(uint64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace

int inspect(const InspectArgs& args) {
  LoadedModel m;
  if (!load_model(args.model, &m)) return 1;
  const Model& model = m.model;
  Session session;
  if (!start_session(model, Options{}, &session)) return 1;
  const Interpreter& interp = session.interpreter;

  std::printf("model: %s (%s bytes)\n", args.model.c_str(), with_commas(model.size_bytes()).c_str());
  if (model.description()[0] != '\0') std::printf("description: %s\n", model.description());

  std::printf("\noperators:\n  %-3s %-18s %-3s %-22s %-16s %12s  %s\n", "#", "op", "v", "inputs", "output", "MACs",
              "kernel");
  uint64_t total_macs = 0;
  for (int i = 0; i < model.op_count(); ++i) {
    const OpInfo o = model.op(i);
    const OpEvent e = interp.op_event(i);
    std::string ins;
    for (int32_t t : o.inputs) ins += (ins.empty() ? "" : ",") + std::to_string(t);
    const TensorInfo out = model.tensor(o.outputs[0]);
    total_macs += e.macs;
    std::printf("  %-3d %-18s %-3d %-22s %-16s %12s  %s\n", i, o.name(), o.version, ins.c_str(),
                dims_string(out).c_str(), with_commas(e.macs).c_str(), e.kernel);
  }

  std::printf("\ntensors:\n  %-4s %-8s %-16s %10s  %-5s  %-34s %s\n", "#", "type", "shape", "bytes", "kind", "quantization",
              "name");
  for (int t = 0; t < model.tensor_count(); ++t) {
    const TensorInfo info = model.tensor(t);
    std::printf("  %-4d %-8s %-16s %10s  %-5s  %-34s %s\n", t, dtype_name(info.type), dims_string(info).c_str(),
                with_commas(info.bytes).c_str(), info.is_constant() ? "const" : "act", quant_string(info).c_str(),
                info.name);
  }

  std::string ins, outs;
  for (int32_t t : model.inputs()) ins += (ins.empty() ? "" : ", ") + std::to_string(t);
  for (int32_t t : model.outputs()) outs += (outs.empty() ? "" : ", ") + std::to_string(t);
  const ArenaUsage u = interp.arena_usage();
  std::printf("\ninputs: %s   outputs: %s\n", ins.c_str(), outs.c_str());
  std::printf("weights: %s bytes\n", with_commas(model.weight_bytes()).c_str());
  std::printf("MACs: %s\n", with_commas(total_macs).c_str());
  std::printf("arena: %s bytes (activations %s + persistent %s, %zu-bit host)\n", with_commas(u.total()).c_str(),
              with_commas(u.activations).c_str(), with_commas(u.persistent).c_str(), sizeof(void*) * 8);
  return 0;
}

}  // namespace nib::cli
