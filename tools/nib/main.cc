// nib — command-line tool for .tflite models on the host.
//   nib inspect MODEL
//   nib run MODEL --input IN [--output OUT] [--kernels reference|optimized]
//   nib bench-m4 MODEL [--kernels reference|optimized] [--csv FILE] [--json FILE]
//   nib eval MODEL --mnist DIR [--errors FILE.png] [--kernels reference|optimized] [--limit N]
#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"nib: inspect and run TensorFlow Lite models with the nib engine"};
  app.require_subcommand(1);

  nib::cli::InspectArgs inspect;
  auto* inspect_cmd = app.add_subcommand("inspect", "Show operators, tensors, weights, MACs and arena bytes");
  inspect_cmd->add_option("model", inspect.model, "Path to a .tflite file")->required();

  nib::cli::RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Run one inference on raw or .npy input bytes");
  run_cmd->add_option("model", run.model, "Path to a .tflite file")->required();
  run_cmd->add_option("-i,--input", run.inputs, "Input file per model input (raw bytes or .npy)")->required();
  run_cmd->add_option("-o,--output", run.outputs, "Output file per model output (raw bytes, or .npy by extension)");
  run_cmd->add_option("-k,--kernels", run.kernels, "Kernel set")
      ->check(CLI::IsMember({"reference", "optimized"}))
      ->default_str("optimized");
  run_cmd->add_flag("-p,--profile", run.profile, "Print time per operator");

  nib::cli::BenchArgs bench;
  auto* bench_cmd = app.add_subcommand(
      "bench-m4", "Instructions and estimated cycles per operator on the emulated Cortex-M4 (QEMU + cyclecount)");
  bench_cmd->add_option("model", bench.model, "Path to a .tflite file")->required();
  bench_cmd->add_option("-k,--kernels", bench.kernels, "Kernel set")
      ->check(CLI::IsMember({"reference", "optimized"}))
      ->default_str("optimized");
  bench_cmd->add_option("--table", bench.table, "Cycle cost table (anchors = ANCHORS.md's)")
      ->check(CLI::IsMember({"anchors", "refined"}))
      ->default_str("anchors");
  bench_cmd->add_option("--csv", bench.csv, "Also write the table as CSV");
  bench_cmd->add_option("--json", bench.json, "Also write the table as JSON");

  nib::cli::EvalArgs eval;
  auto* eval_cmd = app.add_subcommand("eval", "Accuracy and confusion matrix on the 10,000 MNIST test images");
  eval_cmd->add_option("model", eval.model, "Path to a .tflite MNIST classifier")->required();
  eval_cmd->add_option("--mnist", eval.mnist, "Directory with t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte")
      ->required();
  eval_cmd->add_option("--errors", eval.errors, "Write the misread images as a PNG grid");
  eval_cmd->add_option("-k,--kernels", eval.kernels, "Kernel set")
      ->check(CLI::IsMember({"reference", "optimized"}))
      ->default_str("optimized");
  eval_cmd->add_option("--limit", eval.limit, "Evaluate the first N test images only (0 = all)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*inspect_cmd) return nib::cli::inspect(inspect);
  if (*run_cmd) return nib::cli::run(run);
  if (*bench_cmd) return nib::cli::bench_m4(bench);
  if (*eval_cmd) return nib::cli::eval(eval);
  return 1;
}
