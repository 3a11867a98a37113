// nib bench-m4 --aot: the model compiled by nib compile, measured like the
// interpreter. The generated C++ goes into the m4 build tree
// (aot-bench/nib_aot_model*), whose targets m4_bench_aot (no profiler: the
// totals and the flash) and m4_bench_aot_layers (per-operator markers) are
// built from it, then run under QEMU with the cycle-count plugin.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "bench_support.h"
#include "commands.h"
#include "compiler.h"

namespace nib::cli {
namespace {

namespace fs = std::filesystem;

using Counts = std::map<int, std::pair<uint64_t, uint64_t>>;  // marker id -> (insns, cycles)

bool run_counted(const fs::path& elf, const std::string& table, Counts* counts, std::string* output) {
  const fs::path jsonl = fs::temp_directory_path() / ("nib-bench-aot-" + std::to_string(getpid()) + ".jsonl");
  const fs::path counter = fs::path(NIB_SOURCE_DIR) / "tools/cyclecount/cyclecount";
  const std::string cmd = "python3 " + quote(counter.string()) + " -q --table " + table + " --out " +
                          quote(jsonl.string()) + " " + quote(elf.string()) + " 2>&1";
  if (capture(cmd, output) != 0) return false;
  std::ifstream results(jsonl);
  std::string line;
  while (std::getline(results, line))
    if (line.find("\"type\":\"id\"") != std::string::npos)
      (*counts)[static_cast<int>(json_uint(line, "id"))] = {json_uint(line, "insns"), json_uint(line, "cycles")};
  fs::remove(jsonl);
  return counts->count(0) != 0;
}

// .text + .rodata of an ELF, and the bytes of the symbols in the compiled
// model's data namespace (its weights and tables).
void flash_of(const fs::path& elf, uint64_t* text, uint64_t* data) {
  std::string sizes, symbols;
  capture("arm-none-eabi-size -A " + quote(elf.string()), &sizes);
  std::istringstream size_lines(sizes);
  *text = 0;
  for (std::string line, name; std::getline(size_lines, line);) {
    std::istringstream cols(line);
    uint64_t bytes = 0;
    if (cols >> name >> bytes && (name == ".text" || name == ".rodata")) *text += bytes;
  }
  capture("arm-none-eabi-nm -S -C " + quote(elf.string()), &symbols);
  std::istringstream symbol_lines(symbols);
  *data = 0;
  for (std::string line; std::getline(symbol_lines, line);) {
    std::istringstream cols(line);
    std::string address, size, kind, name;
    if (cols >> address >> size >> kind >> name && name.rfind("nib_aot_model::data::", 0) == 0)
      *data += std::strtoull(size.c_str(), nullptr, 16);
  }
}

}  // namespace

int bench_m4_aot(const BenchArgs& args) {
  const fs::path build = NIB_M4_BUILD;
  if (!fs::exists(build / "CMakeCache.txt"))
    return fail("no m4 build tree at " + build.string() + " (configure it: cd " + NIB_SOURCE_DIR +
                " && cmake --preset m4)");
  LoadedModel m;
  if (!load_model(args.model, &m)) return 1;
  compile::CompileOptions options;
  options.name = "nib_aot_model";
  options.kernels = args.kernels == "reference" ? Kernels::kReference : Kernels::kOptimized;
  compile::CompiledFiles files;
  if (const Status s = compile::compile_model(m.model, options, &files); !s) return fail(args.model + ": " + s.message());
  const fs::path dir = build / "aot-bench";
  fs::create_directories(dir);
  std::string error;
  for (const auto& [file, text] : {std::pair{"nib_aot_model.h", &files.header}, std::pair{"nib_aot_model.cc", &files.source},
                                   std::pair{"nib_aot_model_data.cc", &files.data}}) {
    // Rewritten only when changed, so an unchanged model does not rebuild.
    std::ifstream old(dir / file);
    const std::string before((std::istreambuf_iterator<char>(old)), std::istreambuf_iterator<char>());
    if (before != *text && !tools::write_file((dir / file).string(), text->data(), text->size(), &error))
      return fail(error);
  }
  std::string log;
  // Re-configured so that the targets exist once the files do.
  if (capture("cmake " + quote(build.string()) + " 2>&1 && cmake --build " + quote(build.string()) +
                  " --target m4_bench_aot m4_bench_aot_layers 2>&1",
              &log) != 0)
    return fail("building the compiled model's firmware failed:\n" + log);

  const fs::path elf = build / "targets/qemu-m4/m4_bench_aot.elf";
  const fs::path layers_elf = build / "targets/qemu-m4/m4_bench_aot_layers.elf";
  Counts totals, layers;
  std::string out_totals, out_layers;
  if (!run_counted(elf, args.table, &totals, &out_totals)) return fail("benchmark run failed:\n" + out_totals);
  if (!run_counted(layers_elf, args.table, &layers, &out_layers)) return fail("benchmark run failed:\n" + out_layers);
  uint64_t text = 0, weights = 0;
  flash_of(elf, &text, &weights);

  std::printf("nib bench-m4 %s --aot  kernels=%s  cost table=%s\n", args.model.c_str(), args.kernels.c_str(),
              args.table.c_str());
  std::printf("%-3s %-18s %14s %14s   (per operator: the firmware built with the profiler hook)\n", "#", "operator",
              "instructions", "est. cycles");
  for (int i = 0; i < m.model.op_count(); ++i)
    std::printf("%-3d %-18s %14s %14s\n", i, m.model.op(i).name(), with_commas(layers[1 + i].first).c_str(),
                with_commas(layers[1 + i].second).c_str());
  const auto value_of = [](const std::string& text_out, const std::string& key) {
    const size_t k = text_out.find(key);
    if (k == std::string::npos) return std::string();
    const size_t end = text_out.find_first_of(" \n", k + key.size());
    return text_out.substr(k + key.size(), end - k - key.size());
  };
  std::printf("output: %s\n", value_of(out_totals, "output=").c_str());
  std::printf("code_bytes=%llu weight_bytes=%llu arena_bytes=%zu (flash .text+.rodata %llu)\n",
              static_cast<unsigned long long>(text - weights), static_cast<unsigned long long>(weights),
              files.arena_bytes, static_cast<unsigned long long>(text));
  std::printf("init: cycles=%llu instructions=%llu\n", static_cast<unsigned long long>(totals[kInitMark].second),
              static_cast<unsigned long long>(totals[kInitMark].first));
  std::printf("total: cycles=%llu instructions=%llu\n", static_cast<unsigned long long>(totals[0].second),
              static_cast<unsigned long long>(totals[0].first));
  if (!args.json.empty()) {
    std::ofstream f(args.json);
    f << "{\"model\":\"" << fs::path(args.model).stem().string() << "\",\"kernels\":\"" << args.kernels
      << "\",\"aot\":true,\"instructions\":" << totals[0].first << ",\"cycles\":" << totals[0].second
      << ",\"init_cycles\":" << totals[kInitMark].second << ",\"arena_bytes\":" << files.arena_bytes
      << ",\"code_bytes\":" << text - weights << ",\"weight_bytes\":" << weights << "}\n";
  }
  return 0;
}

}  // namespace nib::cli
