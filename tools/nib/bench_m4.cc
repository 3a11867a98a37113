// nib bench-m4: exact instruction counts and estimated Cortex-M4 cycles per
// operator, from the m4_bench firmware run under QEMU with the cyclecount
// plugin (tools/cyclecount). Prints a table; --csv / --json write it too.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "commands.h"

namespace nib::cli {
namespace {

namespace fs = std::filesystem;

struct Row {
  int index = -1;  // -1: the total row
  std::string op, kernel, shape;
  uint64_t macs = 0, insns = 0, cycles = 0;
};

std::string value_after(const std::string& text, const std::string& key) {
  const size_t k = text.find(key);
  if (k == std::string::npos) return "";
  const size_t end = text.find_first_of(" \n", k + key.size());
  return text.substr(k + key.size(), end - k - key.size());
}

// The firmware is built by the m4 preset, never by this tool: a missing one
// is reported with the command that builds it.
bool find_firmware(const fs::path& elf) {
  if (fs::exists(elf)) return true;
  std::fprintf(stderr,
               "nib: no benchmark firmware at %s\n"
               "     build it with: cd %s && cmake --preset m4 && cmake --build --preset m4 --target m4_bench\n"
               "     (or pass --firmware PATH/m4_bench.elf)\n",
               elf.string().c_str(), NIB_SOURCE_DIR);
  return false;
}

}  // namespace

int bench_m4(const BenchArgs& args) {
  if (args.aot) return bench_m4_aot(args);
  const fs::path source = NIB_SOURCE_DIR;
  // Default: the m4 build next to this nib's own build directory (NIB_M4_BUILD_DIR).
  const fs::path elf = args.firmware.empty() ? fs::path(NIB_M4_BENCH_FIRMWARE) : fs::path(args.firmware);
  const fs::path counter = source / "tools/cyclecount/cyclecount";
  if (!find_firmware(elf)) return 1;
  LoadedModel m;
  Session session;  // host-side prepare: MACs and output shapes per operator
  if (!open_model(args.model, args.kernels, &m, &session)) return 1;

  const fs::path jsonl = fs::temp_directory_path() / ("nib-bench-" + std::to_string(getpid()) + ".jsonl");
  std::string firmware_out;
  const std::string cmd = "python3 " + quote(counter.string()) + " -q --table " + args.table + " --out " +
                          quote(jsonl.string()) + " " + quote(elf.string()) + " -- " +
                          quote(fs::absolute(args.model).string()) + " " + args.kernels + " 2>&1";
  if (capture(cmd, &firmware_out) != 0) return fail("benchmark run failed:\n" + firmware_out);

  std::map<int, std::pair<uint64_t, uint64_t>> counts;  // marker id -> (insns, cycles)
  std::ifstream results(jsonl);
  std::string line;
  while (std::getline(results, line))
    if (line.find("\"type\":\"id\"") != std::string::npos)
      counts[static_cast<int>(json_uint(line, "id"))] = {json_uint(line, "insns"), json_uint(line, "cycles")};
  fs::remove(jsonl);
  if (!counts.count(0)) return fail("no measurement in the plugin's output:\n" + firmware_out);

  std::vector<Row> rows;
  Row total;
  total.op = "total";
  total.insns = counts[0].first;
  total.cycles = counts[0].second;
  const Interpreter& interp = session.interpreter;
  for (int i = 0; i < m.model.op_count(); ++i) {
    const OpEvent e = interp.op_event(i);
    Row r;
    r.index = i;
    r.op = e.op;
    r.kernel = value_after(firmware_out, "op " + std::to_string(i) + " kernel=");
    r.shape = shape_string(interp.tensor(m.model.op(i).outputs[0]));
    r.macs = e.macs;
    r.insns = counts[1 + i].first;
    r.cycles = counts[1 + i].second;
    total.macs += r.macs;
    rows.push_back(r);
  }

  // Flash: code + constants of the firmware (the engine, all its kernels, libc)
  // and, separately, the model's own bytes.
  std::string sizes;
  capture("arm-none-eabi-size -A " + quote(elf.string()), &sizes);
  uint64_t text = 0;
  std::istringstream size_lines(sizes);
  for (std::string name; std::getline(size_lines, line);) {
    std::istringstream cols(line);
    uint64_t bytes = 0;
    if (cols >> name >> bytes && (name == ".text" || name == ".rodata")) text += bytes;
  }
  const std::string arena = value_after(firmware_out, "arena_bytes=");

  const auto pct_of_bound = [](const Row& r) { return r.cycles ? 50.0 * static_cast<double>(r.macs) / r.cycles : 0.0; };
  const auto per_mac = [](const Row& r) { return r.macs ? static_cast<double>(r.cycles) / r.macs : 0.0; };
  std::printf("nib bench-m4 %s  kernels=%s  cost table=%s\n", args.model.c_str(), args.kernels.c_str(),
              args.table.c_str());
  std::printf("%-3s %-18s %-12s %-16s %12s %14s %14s %10s %8s\n", "#", "operator", "kernel", "output", "MACs",
              "instructions", "est. cycles", "cycles/MAC", "% bound");
  for (const Row& r : rows)
    std::printf("%-3d %-18s %-12s %-16s %12s %14s %14s %10.2f %7.1f%%\n", r.index, r.op.c_str(), r.kernel.c_str(),
                r.shape.c_str(), with_commas(r.macs).c_str(), with_commas(r.insns).c_str(),
                with_commas(r.cycles).c_str(), per_mac(r), pct_of_bound(r));
  std::printf("%-3s %-18s %-12s %-16s %12s %14s %14s %10.2f %7.1f%%\n", "", "total", "", "",
              with_commas(total.macs).c_str(), with_commas(total.insns).c_str(), with_commas(total.cycles).c_str(),
              per_mac(total), pct_of_bound(total));
  std::printf("arena bytes: %s   flash bytes: %s (.text+.rodata of the firmware) + %s (model)\n",
              with_commas(std::strtoull(arena.c_str(), nullptr, 10)).c_str(), with_commas(text).c_str(),
              with_commas(m.model.size_bytes()).c_str());
  std::printf("output: %s\n", value_after(firmware_out, "output=").c_str());
  std::printf("init: cycles=%llu instructions=%llu\n", static_cast<unsigned long long>(counts[kInitMark].second),
              static_cast<unsigned long long>(counts[kInitMark].first));
  std::printf("total: cycles=%llu instructions=%llu\n", static_cast<unsigned long long>(total.cycles),
              static_cast<unsigned long long>(total.insns));

  const std::string name = fs::path(args.model).stem().string();
  if (!args.csv.empty()) {
    std::ofstream f(args.csv);
    f << "model,kernels,index,operator,kernel,output,macs,instructions,cycles\n";
    for (const Row& r : rows)
      f << name << ',' << args.kernels << ',' << r.index << ',' << r.op << ',' << r.kernel << ",\"" << r.shape
        << "\"," << r.macs << ',' << r.insns << ',' << r.cycles << '\n';
    f << name << ',' << args.kernels << ",total,total,,," << total.macs << ',' << total.insns << ',' << total.cycles
      << '\n';
  }
  if (!args.json.empty()) {
    std::ofstream f(args.json);
    f << "{\"model\":\"" << name << "\",\"kernels\":\"" << args.kernels << "\",\"table\":\"" << args.table
      << "\",\"macs\":" << total.macs << ",\"instructions\":" << total.insns << ",\"cycles\":" << total.cycles
      << ",\"init_cycles\":" << counts[kInitMark].second << ",\"arena_bytes\":" << (arena.empty() ? "null" : arena) << ",\"flash_text_bytes\":" << text
      << ",\"model_bytes\":" << m.model.size_bytes() << ",\"operators\":[";
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      f << (i ? "," : "") << "{\"index\":" << r.index << ",\"operator\":\"" << r.op << "\",\"kernel\":\"" << r.kernel
        << "\",\"output\":\"" << r.shape << "\",\"macs\":" << r.macs << ",\"instructions\":" << r.insns
        << ",\"cycles\":" << r.cycles << "}";
    }
    f << "]}\n";
  }
  return 0;
}

}  // namespace nib::cli
