// The robustness regression models (tests/robustness/models): each loads,
// prepares and runs with both kernel sets and gives exactly its expected
// outcome, a status or a clean run, never a crash (this suite also runs
// under ASan/UBSan, where the old crashes and overflows were reported).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "nib/interpreter.h"
#include "nib/schema/tflite_generated.h"
#include "robustness/robustness_models.h"

namespace nib::test {
namespace {

const std::string kDir = NIB_SOURCE_DIR "/tests/robustness/models/";

struct Outcome {
  Status status;
  std::vector<std::vector<uint8_t>> outputs;
};

// Load, init (arena of 4 MiB) and, if that succeeds, invoke on a byte
// pattern that includes NaN and infinite floats.
Outcome run(const tools::AlignedBytes& bytes, Kernels kernels) {
  Outcome r;
  Model model;
  r.status = Model::load(bytes.data(), bytes.size(), model);
  if (!r.status) return r;
  std::vector<uint8_t> arena(4 << 20);
  Interpreter interp;
  r.status = interp.init(model, arena.data(), arena.size(), Options{kernels});
  if (!r.status) return r;
  for (int i = 0; i < interp.input_count(); ++i) {
    const TensorView in = interp.input(i);
    auto* p = static_cast<uint8_t*>(in.data);
    for (size_t k = 0; k < in.bytes; ++k) p[k] = static_cast<uint8_t>(k % 4 == 3 ? 0x7f + (k & 0x80) : 0x80 + k);
  }
  r.status = interp.invoke();
  for (int i = 0; i < interp.output_count(); ++i) {
    const TensorView out = interp.output(i);
    const auto* p = static_cast<const uint8_t*>(out.data);
    r.outputs.emplace_back(p, p + out.bytes);
  }
  return r;
}

TEST(Robustness, CommittedModelsAreWhatTheGeneratorBuilds) {
  const auto models = robustness_models();
  for (const auto& m : models) {
    std::vector<uint8_t> file;
    std::string error;
    ASSERT_TRUE(tools::read_file(kDir + m.name + ".tflite", &file, &error))
        << error << " (regenerate: gen_robustness_models tests/robustness/models)";
    EXPECT_TRUE(file.size() == m.bytes.size() && std::memcmp(file.data(), m.bytes.data(), file.size()) == 0)
        << m.name << ".tflite differs from the generator's";
  }
  std::vector<uint8_t> manifest;
  std::string error;
  ASSERT_TRUE(tools::read_file(kDir + "MODELS.tsv", &manifest, &error)) << error;
  EXPECT_EQ(std::string(manifest.begin(), manifest.end()), robustness_manifest(models));
}

TEST(Robustness, EveryModelGivesItsExpectedOutcome) {
  for (const auto& m : robustness_models()) {
    SCOPED_TRACE(m.name);
    const Outcome ref = run(m.bytes, Kernels::kReference);
    const Outcome opt = run(m.bytes, Kernels::kOptimized);
    if (m.expect == "runs") {
      EXPECT_TRUE(ref.status) << ref.status.message();
      EXPECT_TRUE(opt.status) << opt.status.message();
      // Wrapping accumulators are the same numbers in both kernel sets.
      EXPECT_EQ(ref.outputs, opt.outputs);
    } else {
      for (const Outcome* o : {&ref, &opt}) {
        EXPECT_FALSE(o->status);
        EXPECT_NE(std::string(o->status.message()).find(m.expect), std::string::npos) << o->status.message();
      }
    }
  }
}

TEST(Robustness, ZeroPointsReallyAreMisaligned) {
  // Guards the misaligned_zero_point model itself: the attack must be there.
  for (const auto& m : robustness_models()) {
    if (m.name != "misaligned_zero_point") continue;
    const fb::Model* model = fb::GetModel(m.bytes.data());
    bool misaligned = false;
    for (const fb::Tensor* t : *model->subgraphs()->Get(0)->tensors())
      if (t->quantization() && t->quantization()->zero_point())
        misaligned |= reinterpret_cast<uintptr_t>(t->quantization()->zero_point()->Data()) % 8 != 0;
    EXPECT_TRUE(misaligned);
    Model loaded;
    ASSERT_TRUE(Model::load(m.bytes.data(), m.bytes.size(), loaded));
    // The per-channel zero points read back intact.
    bool found = false;
    for (int i = 0; i < loaded.tensor_count(); ++i) {
      const TensorInfo t = loaded.tensor(i);
      if (t.zero_points.size() == 3) {
        found = true;
        for (int64_t zp : t.zero_points) EXPECT_EQ(zp, 0);
      }
      if (t.zero_points.size() == 1 && t.is_quantized() && t.scale() == 1.0f) {
        EXPECT_EQ(t.zero_point(), -3);
      }
    }
    EXPECT_TRUE(found);
    return;
  }
  FAIL() << "misaligned_zero_point missing";
}

TEST(Robustness, AccumulatorsWrapLikeTwosComplement) {
  // conv_acc_overflow, channel 1: bias INT32_MAX plus 8 taps of
  // (127 + 128) * 127 = 259,080 wraps to INT32_MIN + 259,079. The requant
  // multiplier 1.0 is (2^30, shift 1): the shift doubles the wrapped value
  // (mod 2^32) to 518,158, the Q31 multiply halves it to 259,079: above
  // 127, so the byte is 127. Channel 2: -INT32_MAX + 259,080 stays in
  // range, doubled wraps to 518,162 -> 259,081 -> 127. Channel 3: 5 +
  // 259,080 -> 127 too; channel 0 as channel 1. A byte pattern input is not
  // all 127, so build the all-127 input here.
  for (const auto& m : robustness_models()) {
    if (m.name != "conv_acc_overflow") continue;
    for (Kernels k : {Kernels::kReference, Kernels::kOptimized}) {
      Model model;
      ASSERT_TRUE(Model::load(m.bytes.data(), m.bytes.size(), model));
      std::vector<uint8_t> arena(1 << 16);
      Interpreter interp;
      ASSERT_TRUE(interp.init(model, arena.data(), arena.size(), Options{k}));
      std::memset(interp.input(0).data, 127, interp.input(0).bytes);
      ASSERT_TRUE(interp.invoke());
      const int8_t* out = interp.output(0).as<int8_t>();
      for (int px = 0; px < 4; ++px)
        for (int c = 0; c < 4; ++c) EXPECT_EQ(out[px * 4 + c], 127) << "pixel " << px << " channel " << c;
    }
    return;
  }
  FAIL() << "conv_acc_overflow missing";
}

TEST(Robustness, AbsentBiasIsNull) {
  // conv_no_bias_after_bias: input 5 -> op 0: 5 + 100 = 105 -> op 1: 105.
  for (const auto& m : robustness_models()) {
    if (m.name != "conv_no_bias_after_bias") continue;
    for (Kernels k : {Kernels::kReference, Kernels::kOptimized}) {
      Model model;
      ASSERT_TRUE(Model::load(m.bytes.data(), m.bytes.size(), model));
      std::vector<uint8_t> arena(1 << 16);
      Interpreter interp;
      ASSERT_TRUE(interp.init(model, arena.data(), arena.size(), Options{k}));
      interp.input(0).as<int8_t>()[0] = 5;
      ASSERT_TRUE(interp.invoke());
      EXPECT_EQ(interp.output(0).as<int8_t>()[0], 105);
    }
    return;
  }
  FAIL() << "conv_no_bias_after_bias missing";
}

}  // namespace
}  // namespace nib::test
