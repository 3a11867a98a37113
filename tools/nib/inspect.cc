// nib inspect: what a model contains and what it costs to run: operators
// (MACs, kernel, live activation bytes = RAM, weight bytes = ROM), tensors,
// totals and the arena. A model with operators nib does not run still gets
// everything that can be said without running it, plus every such operator
// and why (exit 1). --json prints the same as one JSON object.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"

namespace nib::cli {
namespace {

using nlohmann::ordered_json;

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

struct OpRow {
  int index = 0;
  std::string op, kernel = "-", why;  // why: empty when nib runs it
  int version = 1;
  std::vector<int32_t> inputs, outputs;
  std::string output_shape;
  uint64_t macs = 0, ram = 0, rom = 0;
};

// Live activation bytes while each operator runs (its inputs, its outputs and
// everything produced earlier and read later; no scratch), and the bytes of
// its constant inputs. An aliasing RESHAPE adds no memory; an operator fused
// into the one before it writes only the fused output.
void memory_per_op(const Model& model, std::vector<OpRow>& rows) {
  const int n = model.op_count();
  std::vector<int> first(static_cast<size_t>(model.tensor_count()), -1), last(first);
  const auto touch = [&](int32_t t, int at) {
    if (t < 0 || model.tensor(t).is_constant()) return;
    if (first[t] < 0 || at < first[t]) first[t] = at;
    if (at > last[t]) last[t] = at;
  };
  for (int32_t t : model.inputs()) touch(t, 0);
  for (int i = 0; i < n; ++i) {
    const OpInfo o = model.op(i);
    const bool fused_away = rows[i].kernel == "fused";               // done by operator i - 1
    const bool fuses_next = i + 1 < n && rows[i + 1].kernel == "fused";  // writes i + 1's output
    if (!fused_away)
      for (int32_t t : o.inputs) touch(t, i);
    if (fuses_next) {
      touch(model.op(i + 1).outputs[0], i);
    } else if (rows[i].kernel != "alias") {
      for (int32_t t : o.outputs) touch(t, i);
    }
    for (int32_t t : o.inputs)
      if (t >= 0 && model.tensor(t).is_constant()) rows[i].rom += model.tensor(t).bytes;
  }
  for (int32_t t : model.outputs()) touch(t, n - 1);
  for (int t = 0; t < model.tensor_count(); ++t)
    for (int i = first[t]; i >= 0 && i <= last[t]; ++i) rows[i].ram += model.tensor(t).bytes;
}

}  // namespace

int inspect(const InspectArgs& args) {
  LoadedModel m;
  std::string error;
  if (!tools::read_file(args.model, &m.bytes, &error)) return fail(error);
  if (const Status s = Model::load_allowing_unsupported_ops(m.bytes.data(), m.bytes.size(), m.model); !s)
    return fail(args.model + ": " + s.message());
  const Model& model = m.model;

  std::vector<OpRow> rows(static_cast<size_t>(model.op_count()));
  int unsupported = 0;
  for (int i = 0; i < model.op_count(); ++i) {
    const OpInfo o = model.op(i);
    OpRow& r = rows[i];
    r.index = i;
    r.op = o.name();
    r.version = o.version;
    r.inputs.assign(o.inputs.begin(), o.inputs.end());
    r.outputs.assign(o.outputs.begin(), o.outputs.end());
    r.output_shape = dims_string(model.tensor(o.outputs[0]));
    if (const Status s = model.op_support(i); !s) {
      r.why = s.message();
      ++unsupported;
    }
  }

  // Prepare only a model nib runs: MACs, kernels and the arena come from it.
  Session session;
  Status prepared = Status::error(StatusCode::kUnsupported, unsupported, " operators are not supported");
  if (unsupported == 0) {
    // A failure here (a type or shape nib does not run) is reported after
    // everything else has been printed.
    prepared = try_start_session(model, Options{}, &session);
  }
  if (prepared) {
    for (OpRow& r : rows) {
      const OpEvent e = session.interpreter.op_event(r.index);
      r.macs = e.macs;
      r.kernel = e.kernel;
    }
  }
  memory_per_op(model, rows);

  uint64_t total_macs = 0, peak_ram = 0;
  for (const OpRow& r : rows) {
    total_macs += r.macs;
    if (r.ram > peak_ram) peak_ram = r.ram;
  }
  ArenaUsage arena;
  int pointer_bits = static_cast<int>(sizeof(void*) * 8);
  std::string arena_error;
  if (prepared) {
    arena = session.interpreter.arena_usage();
    if (!args.host && arena32_available()) {
      std::string why;
      if (arena32(args.model, &arena, &why)) {
        pointer_bits = 32;
      } else {
        arena_error = why;
      }
    } else if (!args.host) {
      std::fprintf(stderr, "nib: %s; showing this host's arena\n", arena32_missing().c_str());
    }
  }

  if (args.json) {
    ordered_json j;
    j["model"] = args.model;
    j["bytes"] = model.size_bytes();
    j["description"] = model.description();
    ordered_json ops = ordered_json::array();
    for (const OpRow& r : rows) {
      ordered_json o{{"index", r.index}, {"op", r.op},           {"version", r.version},
                     {"inputs", r.inputs}, {"outputs", r.outputs}, {"output_shape", r.output_shape},
                     {"macs", r.macs},   {"kernel", r.kernel},     {"ram_bytes", r.ram},
                     {"rom_bytes", r.rom}, {"supported", r.why.empty()}};
      if (!r.why.empty()) o["why"] = r.why;
      ops.push_back(o);
    }
    j["operators"] = ops;
    ordered_json tensors = ordered_json::array();
    for (int t = 0; t < model.tensor_count(); ++t) {
      const TensorInfo info = model.tensor(t);
      ordered_json q = nullptr;
      if (info.is_quantized()) {
        std::vector<int64_t> zero_points;  // read one by one: they may be misaligned
        for (const int64_t z : info.zero_points) zero_points.push_back(z);
        q = {{"scales", std::vector<float>(info.scales.begin(), info.scales.end())},
             {"zero_points", zero_points},
             {"quantized_dimension", info.quantized_dimension}};
      }
      tensors.push_back({{"index", t},
                         {"name", info.name},
                         {"type", dtype_name(info.type)},
                         {"shape", std::vector<int32_t>(info.dims.begin(), info.dims.end())},
                         {"bytes", info.bytes},
                         {"constant", info.is_constant()},
                         {"quantization", q}});
    }
    j["tensors"] = tensors;
    j["inputs"] = std::vector<int32_t>(model.inputs().begin(), model.inputs().end());
    j["outputs"] = std::vector<int32_t>(model.outputs().begin(), model.outputs().end());
    j["totals"] = {{"macs", total_macs}, {"weight_bytes", model.weight_bytes()}, {"peak_ram_bytes", peak_ram}};
    if (prepared && arena_error.empty()) {
      j["arena"] = {{"total", arena.total()},
                    {"activations", arena.activations},
                    {"persistent", arena.persistent},
                    {"pointer_bits", pointer_bits}};
    } else {
      j["arena"] = nullptr;
    }
    ordered_json refused = ordered_json::array();
    for (const OpRow& r : rows)
      if (!r.why.empty()) refused.push_back({{"index", r.index}, {"op", r.op}, {"version", r.version}, {"why", r.why}});
    j["unsupported"] = refused;
    if (!prepared && unsupported == 0) j["error"] = prepared.message();
    if (!arena_error.empty()) j["error"] = arena_error;
    std::printf("%s\n", j.dump(2).c_str());
    return prepared && arena_error.empty() ? 0 : 1;
  }

  std::printf("model: %s (%s bytes)\n", args.model.c_str(), with_commas(model.size_bytes()).c_str());
  if (model.description()[0] != '\0') std::printf("description: %s\n", model.description());

  std::printf("\noperators:\n  %-3s %-18s %-3s %-22s %-16s %12s %10s %10s  %s\n", "#", "op", "v", "inputs", "output",
              "MACs", "RAM", "ROM", "kernel");
  for (const OpRow& r : rows) {
    std::string ins;
    for (int32_t t : r.inputs) ins += (ins.empty() ? "" : ",") + std::to_string(t);
    std::printf("  %-3d %-18s %-3d %-22s %-16s %12s %10s %10s  %s\n", r.index, r.op.c_str(), r.version, ins.c_str(),
                r.output_shape.c_str(), prepared ? with_commas(r.macs).c_str() : "-", with_commas(r.ram).c_str(),
                with_commas(r.rom).c_str(), r.why.empty() ? r.kernel.c_str() : "UNSUPPORTED");
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
  std::printf("\ninputs: %s   outputs: %s\n", ins.c_str(), outs.c_str());
  std::printf("weights: %s bytes\n", with_commas(model.weight_bytes()).c_str());
  std::printf("peak live activations: %s bytes\n", with_commas(peak_ram).c_str());
  if (unsupported > 0) {
    std::printf("\nunsupported operators (%d):\n", unsupported);
    for (const OpRow& r : rows)
      if (!r.why.empty()) std::printf("  %-3d %-18s v%-3d %s\n", r.index, r.op.c_str(), r.version, r.why.c_str());
    return 1;
  }
  if (!prepared) return fail(args.model + ": " + prepared.message());
  std::printf("MACs: %s\n", with_commas(total_macs).c_str());
  if (!arena_error.empty()) return fail(arena_error);
  std::printf("arena: %s bytes (activations %s + persistent %s, %d-bit%s)\n", with_commas(arena.total()).c_str(),
              with_commas(arena.activations).c_str(), with_commas(arena.persistent).c_str(), pointer_bits,
              pointer_bits == 32 ? " Cortex-M4" : " host");
  return 0;
}

}  // namespace nib::cli
