// nib-train: trains nib's own MNIST digit model with libtorch and writes it
// as an int8 (and optionally float32) .tflite file.
//
// The accuracies it reports for the .tflite files come from running the
// written bytes with nib's own engine (nib::Model + nib::Interpreter,
// reference kernels: TFLite's integer arithmetic bit for bit), not from a
// fake-quantized float model.
#include <torch/torch.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "arch.h"
#include "augment.h"
#include "engine_runner.h"
#include "export_tflite.h"
#include "idx.h"
#include "net.h"

namespace fs = std::filesystem;
using namespace nib::train;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kSkipExitCode = 77;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void print_arch_table(std::FILE* out) {
  std::fprintf(out, "%-12s %10s %8s %12s %14s  %s\n", "arch", "MACs", "params", "weights (B)",
               "activations (B)", "layers");
  for (const auto& a : architectures()) {
    const auto c = analyze(a);
    std::fprintf(out, "%-12s %10lld %8lld %12lld %14lld  %s\n", a.name.c_str(),
                 static_cast<long long>(c.macs), static_cast<long long>(c.params),
                 static_cast<long long>(c.weight_bytes), static_cast<long long>(c.activation_bytes),
                 a.summary.c_str());
  }
  std::fprintf(out,
               "(activations = peak int8 bytes of one operator's input + output, no in-place ops;\n"
               " weights = int8 weights + int32 biases)\n");
}

void print_arch_layers(const ArchSpec& arch) {
  const auto cost = analyze(arch);
  std::printf("architecture %s: %s\n", arch.name.c_str(), arch.summary.c_str());
  for (std::size_t i = 0; i < arch.layers.size(); ++i) {
    const auto& lc = cost.layers[i];
    std::printf("  %-16s %2dx%2dx%-4d -> %2dx%2dx%-4d MACs %8lld params %6lld\n",
                layer_label(arch.layers[i]).c_str(), lc.in.h, lc.in.w, lc.in.c, lc.out.h, lc.out.w,
                lc.out.c, static_cast<long long>(lc.macs), static_cast<long long>(lc.params));
  }
  std::printf(
      "  total MACs %lld, params %lld, int8 weights+int32 biases %lld B, peak activations %lld B\n",
      static_cast<long long>(cost.macs), static_cast<long long>(cost.params),
      static_cast<long long>(cost.weight_bytes), static_cast<long long>(cost.activation_bytes));
}

// Images as [N, 1, 28, 28] floats in [0, 1] and labels as int64.
struct Dataset {
  torch::Tensor x;
  torch::Tensor y;
  const nib::tools::MnistSplit* raw = nullptr;
};

Dataset to_tensors(const nib::tools::MnistSplit& split, std::size_t limit) {
  const auto n = static_cast<std::int64_t>(std::min(limit, split.images.count));
  auto pixels = torch::from_blob(const_cast<std::uint8_t*>(split.images.pixels.data()),
                                 {n, 1, 28, 28}, torch::kUInt8);
  auto labels =
      torch::from_blob(const_cast<std::uint8_t*>(split.labels.labels.data()), {n}, torch::kUInt8);
  return {pixels.to(torch::kFloat32).div(255.0), labels.to(torch::kInt64), &split};
}

double torch_accuracy(Net& net, const Dataset& d) {
  torch::NoGradGuard no_grad;
  net->eval();
  std::int64_t correct = 0;
  const std::int64_t n = d.x.size(0);
  for (std::int64_t i = 0; i < n; i += 1000) {
    const auto end = std::min(n, i + 1000);
    auto logits = net->forward(d.x.slice(0, i, end));
    correct += logits.argmax(1).eq(d.y.slice(0, i, end)).sum().item<std::int64_t>();
  }
  return 100.0 * static_cast<double>(correct) / static_cast<double>(n);
}

bool write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  const fs::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
  }
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"nib-train: train nib's MNIST digit CNN (libtorch) and export an int8 .tflite"};
  std::string data_dir = "data/mnist";
  int epochs = 10;
  std::uint64_t seed = 1;
  std::string arch_name = architectures().front().name;
  std::size_t limit = 0;
  std::string out_path = "nib_mnist_int8.tflite";
  std::string float_out;
  int threads = 1;
  int batch = 64;
  double lr = 3e-3;
  double weight_decay = 1e-4;
  std::size_t calib = 5000;
  bool no_augment = false;
  bool softmax = false;
  bool fc_per_channel = false;
  double min_accuracy = -1.0;
  bool skip_missing = false;
  bool list = false;

  app.add_option("--data", data_dir,
                 "directory with the 4 MNIST IDX files (scripts/fetch-mnist.sh)")
      ->capture_default_str();
  app.add_option("--epochs", epochs, "training epochs")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_option("--seed", seed, "random seed (initialization, shuffling, augmentation)")
      ->capture_default_str();
  app.add_option("--arch", arch_name, "architecture (see --list-archs)")->capture_default_str();
  app.add_option("--limit", limit, "train on the first N training images only (0 = all)")
      ->capture_default_str();
  app.add_option("--out", out_path, "int8 .tflite to write")->capture_default_str();
  app.add_option("--float-out", float_out, "also write the float32 .tflite here");
  app.add_option("--threads", threads, "CPU threads for libtorch")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--batch", batch, "batch size")->capture_default_str()->check(CLI::Range(1, 4096));
  app.add_option("--lr", lr, "peak learning rate (AdamW, cosine decay)")->capture_default_str();
  app.add_option("--weight-decay", weight_decay, "AdamW weight decay")->capture_default_str();
  app.add_option("--calib", calib, "training images used to calibrate activation ranges")
      ->capture_default_str();
  app.add_flag("--no-augment", no_augment, "train on the plain MNIST images");
  app.add_flag("--softmax", softmax,
               "append a SOFTMAX operator (output scale 1/256, zero point -128)");
  app.add_flag("--fc-per-channel", fc_per_channel,
               "per-channel FULLY_CONNECTED weights (default per-tensor, as the TFLite spec says)");
  app.add_option("--min-accuracy", min_accuracy,
                 "exit with status 1 when the int8 test accuracy (%) is below this");
  app.add_flag("--skip-if-no-data", skip_missing,
               "exit with status 77 (a skipped test for CTest) when the MNIST files are missing");
  app.add_flag("--list-archs", list,
               "print the candidate architectures and their costs, then exit");
  CLI11_PARSE(app, argc, argv);

  if (list) {
    print_arch_table(stdout);
    return 0;
  }
  const ArchSpec* arch = find_architecture(arch_name);
  if (!arch) {
    std::fprintf(stderr, "nib-train: unknown --arch '%s'; candidates:\n", arch_name.c_str());
    print_arch_table(stderr);
    return 2;
  }

  if (skip_missing) {
    for (const char* f : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                          "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
      if (!fs::exists(fs::path(data_dir) / f)) {
        std::printf("SKIP: MNIST file %s not found in %s (run scripts/fetch-mnist.sh)\n", f,
                    data_dir.c_str());
        return kSkipExitCode;
      }
    }
  }

  const auto t_start = Clock::now();
  auto train_split = nib::tools::read_mnist_split(data_dir, "train");
  if (!train_split) {
    std::fprintf(stderr, "nib-train: %s\n", train_split.error().c_str());
    return 1;
  }
  auto test_split = nib::tools::read_mnist_split(data_dir, "t10k");
  if (!test_split) {
    std::fprintf(stderr, "nib-train: %s\n", test_split.error().c_str());
    return 1;
  }

  // Determinism: one seed for everything drawn from torch's CPU generator
  // (weight init, shuffling, augmentation) and a fixed thread count.
  torch::manual_seed(seed);
  torch::set_num_threads(threads);
  at::set_num_interop_threads(1);

  const Dataset train =
      to_tensors(train_split.value(), limit == 0 ? std::numeric_limits<std::size_t>::max() : limit);
  const Dataset test = to_tensors(test_split.value(), std::numeric_limits<std::size_t>::max());
  const std::int64_t n_train = train.x.size(0);
  std::printf(
      "nib-train: arch %s, seed %llu, %d epoch(s), %lld training / %lld test images, "
      "batch %d, lr %g, augment %s, %d thread(s), libtorch %s\n",
      arch->name.c_str(), static_cast<unsigned long long>(seed), epochs,
      static_cast<long long>(n_train), static_cast<long long>(test.x.size(0)), batch, lr,
      no_augment ? "off" : "on", threads, TORCH_VERSION);
  print_arch_layers(*arch);

  Net net(*arch);
  torch::optim::AdamW optimizer(net->parameters(),
                                torch::optim::AdamWOptions(lr).weight_decay(weight_decay));
  const AugmentOptions aug;
  const std::int64_t steps_per_epoch = (n_train + batch - 1) / batch;
  const std::int64_t total_steps = steps_per_epoch * epochs;
  const std::int64_t warmup = std::min<std::int64_t>(200, total_steps / 10);
  std::int64_t step = 0;
  double float_acc = 0.0;

  for (int epoch = 1; epoch <= epochs; ++epoch) {
    const auto t_epoch = Clock::now();
    net->train();
    const auto perm = torch::randperm(n_train, torch::kInt64);
    double loss_sum = 0.0;
    std::int64_t correct = 0;
    for (std::int64_t i = 0; i < n_train; i += batch) {
      // Linear warm-up, then cosine decay to 2% of the peak rate.
      double rate = lr;
      if (step < warmup) {
        rate = lr * static_cast<double>(step + 1) / static_cast<double>(warmup);
      } else {
        const double p = static_cast<double>(step - warmup) /
                         static_cast<double>(std::max<std::int64_t>(1, total_steps - warmup));
        rate = lr * (0.02 + 0.98 * 0.5 * (1.0 + std::cos(std::acos(-1.0) * p)));
      }
      for (auto& group : optimizer.param_groups()) {
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(rate);
      }
      const auto idx = perm.slice(0, i, std::min(n_train, i + batch));
      auto xb = train.x.index_select(0, idx);
      const auto yb = train.y.index_select(0, idx);
      if (!no_augment) xb = augment(xb, aug);
      optimizer.zero_grad();
      const auto logits = net->forward(xb);
      const auto loss = torch::nn::functional::cross_entropy(logits, yb);
      loss.backward();
      optimizer.step();
      loss_sum += loss.item<double>() * static_cast<double>(idx.size(0));
      correct += logits.argmax(1).eq(yb).sum().item<std::int64_t>();
      ++step;
    }
    float_acc = torch_accuracy(net, test);
    std::printf(
        "epoch %d/%d  loss %.4f  train acc %.2f%% (augmented)  test acc %.2f%% (float)  %.1f s\n",
        epoch, epochs, loss_sum / static_cast<double>(n_train),
        100.0 * static_cast<double>(correct) / static_cast<double>(n_train), float_acc,
        seconds_since(t_epoch));
    std::fflush(stdout);
  }

  // Fold batch norm, calibrate activation ranges on un-augmented training images.
  net->eval();
  const FloatNet folded = net->fold();
  std::vector<Range> ranges(arch->layers.size(), Range{std::numeric_limits<float>::max(),
                                                       std::numeric_limits<float>::lowest()});
  {
    torch::NoGradGuard no_grad;
    const auto n_calib = std::min<std::int64_t>(static_cast<std::int64_t>(calib), n_train);
    for (std::int64_t i = 0; i < n_calib; i += 500) {
      const auto outs = net->forward_layers(train.x.slice(0, i, std::min(n_calib, i + 500)));
      for (std::size_t l = 0; l < outs.size(); ++l) {
        ranges[l].min = std::min(ranges[l].min, outs[l].min().item<float>());
        ranges[l].max = std::max(ranges[l].max, outs[l].max().item<float>());
      }
    }
    std::printf("calibration on %lld training images (min/max per layer output):\n",
                static_cast<long long>(n_calib));
    for (std::size_t l = 0; l < ranges.size(); ++l) {
      std::printf("  %-16s [%9.4f, %9.4f]\n", layer_label(arch->layers[l]).c_str(), ranges[l].min,
                  ranges[l].max);
    }
  }

  ExportOptions export_options;
  export_options.softmax = softmax;
  export_options.fc_per_channel = fc_per_channel;
  export_options.description = "nib-train arch=" + arch->name + " seed=" + std::to_string(seed) +
                               " epochs=" + std::to_string(epochs) +
                               (limit ? " limit=" + std::to_string(limit) : std::string()) +
                               (no_augment ? " no-augment" : "");
  std::string error;
  const auto int8_bytes = export_int8_tflite(folded, ranges, export_options, &error);
  if (int8_bytes.empty()) {
    std::fprintf(stderr, "nib-train: int8 export failed: %s\n", error.c_str());
    return 1;
  }
  const auto float_bytes = export_float_tflite(folded, export_options, &error);
  if (float_bytes.empty()) {
    std::fprintf(stderr, "nib-train: float export failed: %s\n", error.c_str());
    return 1;
  }

  // Evaluate the bytes as written, with nib's engine and its reference
  // kernels: the int8 file, and the float32 file (which checks the
  // batch-norm folding and the layouts).
  auto int8_model = EngineRunner::load(int8_bytes, nib::Kernels::kReference, &error);
  if (!int8_model) {
    std::fprintf(stderr, "nib-train: the written int8 model does not run on nib: %s\n",
                 error.c_str());
    return 1;
  }
  auto float_model = EngineRunner::load(float_bytes, nib::Kernels::kReference, &error);
  if (!float_model) {
    std::fprintf(stderr, "nib-train: the written float model does not run on nib: %s\n",
                 error.c_str());
    return 1;
  }
  std::printf("int8 model (nib engine):\n%s", int8_model->describe().c_str());
  const auto t_eval = Clock::now();
  const auto& raw = test_split.value();
  std::size_t int8_correct = 0, float_correct = 0, agree = 0;
  for (std::size_t i = 0; i < raw.images.count; ++i) {
    const int label = raw.labels.labels[i];
    const int q = int8_model->classify(raw.images.image(i));
    const int f = float_model->classify(raw.images.image(i));
    if (q < 0 || f < 0) {
      std::fprintf(stderr, "nib-train: nib's invoke() failed on test image %zu\n", i);
      return 1;
    }
    int8_correct += q == label;
    float_correct += f == label;
    agree += q == f;
  }
  const double n_test = static_cast<double>(raw.images.count);
  const double int8_acc = 100.0 * static_cast<double>(int8_correct) / n_test;
  const double float_file_acc = 100.0 * static_cast<double>(float_correct) / n_test;

  if (!write_file(out_path, int8_bytes)) {
    std::fprintf(stderr, "nib-train: cannot write %s\n", out_path.c_str());
    return 1;
  }
  if (!float_out.empty() && !write_file(float_out, float_bytes)) {
    std::fprintf(stderr, "nib-train: cannot write %s\n", float_out.c_str());
    return 1;
  }
  const auto cost = analyze(*arch);
  std::printf("results on the %zu MNIST test images:\n", raw.images.count);
  std::printf("  float (libtorch, eval mode)           %.2f%%\n", float_acc);
  std::printf("  float32 .tflite (folded, nib engine)  %.2f%%\n", float_file_acc);
  std::printf(
      "  int8 .tflite (nib engine)             %.2f%%  (%+.2f points vs float; int8 and float "
      "agree on %.2f%%)\n",
      int8_acc, int8_acc - float_file_acc, 100.0 * static_cast<double>(agree) / n_test);
  std::printf("  evaluation took %.1f s\n", seconds_since(t_eval));
  std::printf(
      "wrote %s (%zu bytes)%s\n", out_path.c_str(), int8_bytes.size(),
      float_out.empty()
          ? ""
          : (", " + float_out + " (" + std::to_string(float_bytes.size()) + " bytes)").c_str());
  std::printf(
      "summary: arch=%s seed=%llu epochs=%d float=%.2f%% int8=%.2f%% bytes=%zu MACs=%lld "
      "params=%lld activations=%lld total_time=%.1fs\n",
      arch->name.c_str(), static_cast<unsigned long long>(seed), epochs, float_acc, int8_acc,
      int8_bytes.size(), static_cast<long long>(cost.macs), static_cast<long long>(cost.params),
      static_cast<long long>(cost.activation_bytes), seconds_since(t_start));
  if (min_accuracy >= 0.0 && int8_acc < min_accuracy) {
    std::fprintf(stderr, "nib-train: int8 accuracy %.2f%% is below --min-accuracy %.2f%%\n",
                 int8_acc, min_accuracy);
    return 1;
  }
  return 0;
}
