// nib — command-line tool for .tflite models on the host.
//   nib inspect MODEL [--json] [--host]
//   nib run MODEL --input IN [--output OUT] [--kernels reference|optimized] [--dump DIR]
//   nib bench-m4 MODEL [--kernels reference|optimized] [--aot] [--csv FILE] [--json FILE] [--firmware ELF]
//   nib eval MODEL --mnist DIR [--errors FILE.png] [--kernels reference|optimized] [--limit N]
//   nib embed MODEL -o model_data.cc --name NAME
//   nib compile MODEL -o DIR [--name NAME] [--kernels optimized|reference]
// Exit codes: 0 success, 1 error, 2 usage (bad or missing arguments).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "commands.h"
#include "nib/version.h"

int main(int argc, char** argv) {
  CLI::App app{"nib: inspect, run and embed TensorFlow Lite models with the nib engine"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("nib ") + nib::kVersion);
  const auto kernel_option = [](CLI::App* cmd, std::string& kernels) {
    cmd->add_option("-k,--kernels", kernels, "Kernel set")
        ->check(CLI::IsMember({"reference", "optimized"}))
        ->default_str("optimized");
  };

  nib::cli::InspectArgs inspect;
  auto* inspect_cmd = app.add_subcommand(
      "inspect", "Show operators, tensors, weights, MACs, per-operator RAM/ROM and arena bytes");
  inspect_cmd->add_option("model", inspect.model, "Path to a .tflite file")->required();
  inspect_cmd->add_flag("--json", inspect.json, "Print everything as one JSON object");
  inspect_cmd->add_flag("--host", inspect.host,
                        "Arena for this host's pointer size instead of a 32-bit Cortex-M");

  nib::cli::RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Run one inference on raw or .npy input bytes");
  run_cmd->add_option("model", run.model, "Path to a .tflite file")->required();
  run_cmd->add_option("-i,--input", run.inputs,
                      "Input file per model input: raw bytes, or .npy (float32 .npy is quantized for int8 inputs)")
      ->required();
  run_cmd->add_option("-o,--output", run.outputs,
                      "Output file per model output: raw bytes, or .npy by extension");
  run_cmd->add_flag("--dequantize", run.dequantize, "Write int8 outputs as float32 (scale and zero point applied)");
  run_cmd->add_option("--dump", run.dump, "Write every operator's output tensor as DIR/NNN_<name>.npy");
  kernel_option(run_cmd, run.kernels);
  run_cmd->add_flag("-p,--profile", run.profile, "Print time per operator");

  nib::cli::BenchArgs bench;
  auto* bench_cmd = app.add_subcommand(
      "bench-m4", "Instructions and estimated cycles per operator on the emulated Cortex-M4 (QEMU + cyclecount)");
  bench_cmd->add_option("model", bench.model, "Path to a .tflite file")->required();
  kernel_option(bench_cmd, bench.kernels);
  bench_cmd->add_option("--table", bench.table, "Cycle cost table (anchors = ANCHORS.md's)")
      ->check(CLI::IsMember({"anchors", "refined"}))
      ->default_str("anchors");
  bench_cmd->add_option("--csv", bench.csv, "Also write the table as CSV");
  bench_cmd->add_option("--json", bench.json, "Also write the table as JSON");
  bench_cmd->add_flag("--aot", bench.aot,
                      "Bench the model compiled by nib compile (a firmware built for it in the m4 build tree)");
  bench_cmd->add_option("--firmware", bench.firmware,
                        "m4_bench.elf to run (default: the one of this nib's m4 build directory)");

  nib::cli::EvalArgs eval;
  auto* eval_cmd = app.add_subcommand("eval", "Accuracy and confusion matrix on the 10,000 MNIST test images");
  eval_cmd->add_option("model", eval.model, "Path to a .tflite MNIST classifier")->required();
  eval_cmd->add_option("--mnist", eval.mnist, "Directory with t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte")
      ->required();
  eval_cmd->add_option("--errors", eval.errors, "Write the misread images as a PNG grid");
  kernel_option(eval_cmd, eval.kernels);
  eval_cmd->add_option("--limit", eval.limit, "Evaluate the first N test images only (0 = all)");

  nib::cli::EmbedArgs embed;
  auto* embed_cmd = app.add_subcommand(
      "embed", "Write a model as a 16-byte aligned C++ array (for flash) and a header declaring it");
  embed_cmd->add_option("model", embed.model, "Path to a .tflite file")->required();
  embed_cmd->add_option("-o,--output", embed.output, "The .cc file to write; the header goes next to it (.h)")
      ->required();
  embed_cmd->add_option("--name", embed.name, "C++ name of the array (NAME and NAME_size)")->required();

  nib::cli::CompileArgs compile;
  auto* compile_cmd = app.add_subcommand(
      "compile", "Write a model as C++ (prepared on the host): NAME.h, NAME.cc and NAME_data.cc, no interpreter");
  compile_cmd->add_option("model", compile.model, "Path to a .tflite file")->required();
  compile_cmd->add_option("-o,--output", compile.output, "Directory for the generated files")->required();
  compile_cmd->add_option("--name", compile.name, "C++ namespace and file stem (default: the model file's stem)");
  kernel_option(compile_cmd, compile.kernels);

  // CLI11 would answer an unknown subcommand with "A subcommand is required".
  if (argc > 1 && argv[1][0] != '-') {
    std::string names;
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      known |= sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::fprintf(stderr, "nib: unknown subcommand '%s' (one of: %s; nib --help)\n", argv[1], names.c_str());
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every parse error is a usage error.
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*inspect_cmd) return nib::cli::inspect(inspect);
  if (*run_cmd) return nib::cli::run(run);
  if (*bench_cmd) return nib::cli::bench_m4(bench);
  if (*eval_cmd) return nib::cli::eval(eval);
  if (*embed_cmd) return nib::cli::embed(embed);
  if (*compile_cmd) return nib::cli::compile(compile);
  return 2;
}
