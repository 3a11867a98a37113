// Verified loading: every malformed or unsupported model gets a status with
// a clear message, never a crash (this suite also runs under ASan/UBSan).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "nib/interpreter.h"
#include "support/model_builder.h"
#include "support/shared_data.h"

namespace nib::test {
namespace {

using fb::BuiltinOperator;
using fb::TensorType;

// A valid one-operator model: int8 CONV_2D 3x3, 1 -> 2 channels, per-channel.
ModelBuilder conv_model() {
  ModelBuilder b;
  const int in = b.tensor(TensorType::INT8, {1, 4, 4, 1}, 0.5f, 0);
  const std::vector<int8_t> w(18, 1);
  const int filter = b.constant(TensorType::INT8, {2, 3, 3, 1}, w);
  b.per_channel(filter, {0.25f, 0.5f}, 0);
  const std::vector<int32_t> bias = {0, 0};
  const int bias_t = b.constant(TensorType::INT32, {2}, bias);
  const int out = b.tensor(TensorType::INT8, {1, 2, 2, 2}, 1.0f, 0);
  b.op(BuiltinOperator::CONV_2D, {in, filter, bias_t}, {out}, conv_options(fb::Padding::VALID, 1, 1), 3);
  b.inputs({in});
  b.outputs({out});
  return b;
}

// Loads and, if that succeeds, prepares the model: the status of the first failure.
Status load_and_init(const tools::AlignedBytes& bytes) {
  Model model;
  Status s = Model::load(bytes.data(), bytes.size(), model);
  if (!s) return s;
  std::vector<uint8_t> arena(1 << 20);
  Interpreter interp;
  return interp.init(model, arena.data(), arena.size());
}

::testing::AssertionResult fails_with(const Status& s, StatusCode code, const std::string& words) {
  if (s.is_ok()) return ::testing::AssertionFailure() << "expected an error containing '" << words << "'";
  if (s.code() != code)
    return ::testing::AssertionFailure() << "code " << status_code_name(s.code()) << ": " << s.message();
  if (std::string(s.message()).find(words) == std::string::npos)
    return ::testing::AssertionFailure() << "message '" << s.message() << "' lacks '" << words << "'";
  return ::testing::AssertionSuccess();
}

TEST(ModelLoad, ValidModelLoadsAndRuns) {
  auto bytes = conv_model().build();
  Model model;
  ASSERT_TRUE(Model::load(bytes.data(), bytes.size(), model));
  std::vector<uint8_t> arena(4096);
  Interpreter interp;
  ASSERT_TRUE(interp.init(model, arena.data(), arena.size()));
  // All inputs 2: accumulator 9 taps * 2 * 1 = 18; multiplier = input scale
  // 0.5 * filter scale / output scale 1 = 0.125 or 0.25.
  std::fill_n(interp.input(0).as<int8_t>(), 16, 2);
  ASSERT_TRUE(interp.invoke());
  const int8_t* out = interp.output(0).as<int8_t>();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(out[2 * i], 2);      // 18 * 0.125 = 2.25 -> 2
    EXPECT_EQ(out[2 * i + 1], 5);  // 18 * 0.25 = 4.5 -> 5 (half away from zero)
  }
}

TEST(ModelLoad, EmptyAndShortInputs) {
  Model model;
  EXPECT_TRUE(fails_with(Model::load(nullptr, 0, model), StatusCode::kInvalidModel, "empty"));
  alignas(16) uint8_t tiny[4] = {1, 2, 3, 4};
  EXPECT_TRUE(fails_with(Model::load(tiny, sizeof tiny, model), StatusCode::kInvalidModel, "too short"));
}

TEST(ModelLoad, MisalignedBytesAreRejected) {
  auto bytes = conv_model().build();
  tools::AlignedBytes shifted(bytes.size() + 1);
  std::memcpy(shifted.data() + 1, bytes.data(), bytes.size());
  Model model;
  EXPECT_TRUE(fails_with(Model::load(shifted.data() + 1, bytes.size(), model), StatusCode::kInvalidArgument, "aligned"));
}

TEST(ModelLoad, RandomBytesAreRejected) {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 200; ++trial) {
    tools::AlignedBytes bytes(8 + rng() % 4000);
    for (size_t i = 0; i < bytes.size(); ++i) bytes.data()[i] = static_cast<uint8_t>(rng());
    if (trial % 2 == 0) std::memcpy(bytes.data() + 4, "TFL3", 4);  // get past the identifier check
    Model model;
    EXPECT_FALSE(Model::load(bytes.data(), bytes.size(), model)) << "trial " << trial;
  }
}

TEST(ModelLoad, TruncatedFilesAreRejected) {
  auto bytes = conv_model().build();
  for (size_t n = 0; n < bytes.size(); n += 7) {
    tools::AlignedBytes cut(n);
    std::memcpy(cut.data(), bytes.data(), n);
    Model model;
    EXPECT_FALSE(Model::load(cut.data(), n, model)) << "length " << n;
  }
}

// Corrupted offsets and values anywhere in a real model: loading either
// fails cleanly or yields a model that prepares and runs in bounds.
TEST(ModelLoad, CorruptedBytesNeverCrash) {
  NIB_REQUIRE_SHARED();
  const auto original = read_aligned(shared_dir() / "models" / "seed_mnist_int8.tflite");
  std::mt19937 rng(99);
  std::vector<uint8_t> arena(256 << 10);
  int loaded = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    tools::AlignedBytes bytes(original.size());
    std::memcpy(bytes.data(), original.data(), original.size());
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      // Favour the structural part of the file (tables and offsets sit at its start and end).
      const size_t at = (rng() % 2) ? rng() % 1024 : rng() % bytes.size();
      bytes.data()[at] = static_cast<uint8_t>(rng());
    }
    Model model;
    if (!Model::load(bytes.data(), bytes.size(), model)) continue;
    Interpreter interp;
    if (!interp.init(model, arena.data(), arena.size())) continue;
    ++loaded;
    for (int i = 0; i < interp.input_count(); ++i) std::memset(interp.input(i).data, 0, interp.input(i).bytes);
    EXPECT_TRUE(interp.invoke());
  }
  EXPECT_GT(loaded, 0) << "no mutation survived: the test would not exercise invoke";
}

TEST(ModelLoad, WrongIdentifier) {
  auto bytes = conv_model().build();
  bytes.data()[4] = 'X';
  Model model;
  EXPECT_TRUE(fails_with(Model::load(bytes.data(), bytes.size(), model), StatusCode::kInvalidModel, "TFL3"));
}

TEST(ModelLoad, SchemaVersion) {
  auto b = conv_model();
  b.model().version = 2;
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "schema version 2"));
}

TEST(ModelLoad, TwoSubgraphs) {
  auto b = conv_model();
  b.model().subgraphs.push_back(std::make_unique<fb::SubGraphT>());
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "2 subgraphs"));
}

TEST(ModelLoad, TensorIndexOutOfRange) {
  auto b = conv_model();
  b.graph().operators[0]->inputs[0] = 42;
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "input tensor index 42 out of range"));
}

TEST(ModelLoad, ModelInputIndexOutOfRange) {
  auto b = conv_model();
  b.graph().inputs = {-3};
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "model input index -3"));
}

TEST(ModelLoad, BufferIndexOutOfRange) {
  auto b = conv_model();
  b.graph().tensors[1]->buffer = 77;
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "buffer index 77"));
}

TEST(ModelLoad, ShapeBufferMismatch) {
  auto b = conv_model();
  b.graph().tensors[1]->shape = {2, 3, 3, 2};  // 36 bytes of shape, 18 bytes of data
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "buffer holds 18 bytes"));
}

TEST(ModelLoad, DimensionProductOverflow) {
  auto b = conv_model();
  b.graph().tensors[3]->shape = {65536, 65536, 65536, 65536};
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "tensor size limit"));
}

// Every limit of nib/limits.h, exceeded by one, names its field.
TEST(Limits, TensorsOperatorsRankDimensionOperands) {
  {
    auto b = conv_model();
    while (b.graph().tensors.size() <= static_cast<size_t>(limits::kMaxTensors)) b.tensor(TensorType::INT8, {1});
    EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "subgraph.tensors: 2049 tensors"));
  }
  {
    auto b = conv_model();
    for (int i = 0; i < limits::kMaxOperators; ++i) b.op(BuiltinOperator::RELU, {4}, {4});
    EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "subgraph.operators: 1025 operators"));
  }
  {
    auto b = conv_model();
    b.graph().tensors[3]->shape = {1, 1, 1, 1, 1, 1, 2};
    EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "tensor 3: shape has rank 7"));
  }
  {
    auto b = conv_model();
    b.graph().tensors[3]->shape = {1, 1, (1 << 30) + 1, 1};
    EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "tensor 3: shape[2] = 1073741825"));
  }
  {
    auto b = conv_model();
    b.graph().operators[0]->inputs.assign(limits::kMaxOpInputs + 1, 0);
    EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "operator.inputs: 17 inputs"));
  }
  {
    auto b = conv_model();
    b.graph().operators[0]->outputs.assign(limits::kMaxOpOutputs + 1, 3);
    EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "operator.outputs: 17 outputs"));
  }
}

TEST(Limits, TensorBytesAndArena) {
  {
    // 2^28 float32 elements = 1 GiB is allowed; one more element is not.
    ModelBuilder b;
    const int in = b.tensor(TensorType::FLOAT32, {(1 << 28) + 1});
    const int out = b.tensor(TensorType::FLOAT32, {(1 << 28) + 1});
    b.op(BuiltinOperator::RELU, {in}, {out});
    b.inputs({in});
    b.outputs({out});
    EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "exceed the tensor size limit"));
  }
  {
    // Two 1 GiB activations live together: exactly 2 GiB of activations,
    // plus the persistent tables, is past the 2 GiB arena limit.
    ModelBuilder b;
    const int in = b.tensor(TensorType::FLOAT32, {1 << 28});
    const int out = b.tensor(TensorType::FLOAT32, {1 << 28});
    b.op(BuiltinOperator::RELU, {in}, {out});
    b.inputs({in});
    b.outputs({out});
    EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "exceeds the arena limit of 2147483648"));
  }
}

TEST(Limits, ModelBytes) {
  // The size is checked before anything is read.
  alignas(16) static const uint8_t header[16] = {};
  Model model;
  EXPECT_TRUE(fails_with(Model::load(header, limits::kMaxModelBytes + 1, model), StatusCode::kUnsupported,
                         "exceeds the limit of 1073741824"));
}

TEST(ModelLoad, NegativeDimension) {
  auto b = conv_model();
  b.graph().tensors[0]->shape = {1, -1, 4, 1};
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "dynamic dimension"));
}

TEST(ModelLoad, WrongQuantizationCounts) {
  auto b = conv_model();
  b.per_channel(1, {0.1f, 0.2f, 0.3f}, 0);  // 3 scales for 2 channels
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "3 scales for dimension 0"));
}

TEST(ModelLoad, ScalesWithoutZeroPoints) {
  auto b = conv_model();
  b.graph().tensors[1]->quantization->zero_point = {0};
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "scales and zero points"));
}

TEST(ModelLoad, PerChannelOnWrongAxis) {
  auto b = conv_model();
  b.graph().tensors[1]->shape = {2, 3, 3, 1};
  b.graph().tensors[1]->quantization->quantized_dimension = 9;
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "quantized_dimension 9"));
}

TEST(ModelLoad, NonPositiveScale) {
  auto b = conv_model();
  b.graph().tensors[0]->quantization->scale = {-1.0f};
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "scale"));
}

TEST(ModelLoad, RequantizationScaleTooLarge) {
  auto b = conv_model();
  // input 0.5 x filter 0.25 / output 1e-12 = 1.25e11 = 0.909 x 2^37: shift 37 > 30.
  b.graph().tensors[3]->quantization->scale = {1e-12f};
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "2^30 or more"));
}

TEST(ModelLoad, UnsupportedOperatorNamesItselfAndVersion) {
  auto b = conv_model();
  b.model().operator_codes[0]->builtin_code = static_cast<BuiltinOperator>(27);  // SVDF
  b.model().operator_codes[0]->deprecated_builtin_code = 27;
  b.model().operator_codes[0]->version = 2;
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "SVDF version 2 is not supported"));
}

TEST(ModelLoad, NewOpcodeFieldWins) {
  // Codes above 127 live only in builtin_code; the byte field holds 127.
  auto b = conv_model();
  b.model().operator_codes[0]->builtin_code = static_cast<BuiltinOperator>(136);  // CUMSUM... any >127 op
  b.model().operator_codes[0]->deprecated_builtin_code = 127;
  const Status s = load_and_init(b.build());
  EXPECT_TRUE(fails_with(s, StatusCode::kUnsupported, builtin_op_name(136)));
}

TEST(ModelLoad, OldOpcodeFieldAlone) {
  // Files from before builtin_code existed: only the byte field is set.
  auto b = conv_model();
  b.model().operator_codes[0]->builtin_code = BuiltinOperator::ADD;  // 0 = absent
  b.model().operator_codes[0]->deprecated_builtin_code = 3;          // CONV_2D
  EXPECT_TRUE(load_and_init(b.build()));
}

TEST(ModelLoad, UnsupportedOperatorVersion) {
  auto b = conv_model();
  b.model().operator_codes[0]->version = 99;
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "CONV_2D version 99"));
}

TEST(ModelLoad, CustomOperator) {
  auto b = conv_model();
  b.model().operator_codes[0]->builtin_code = static_cast<BuiltinOperator>(32);
  b.model().operator_codes[0]->deprecated_builtin_code = 32;
  b.model().operator_codes[0]->custom_code = "MyOp";
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "custom operator 'MyOp'"));
}

TEST(ModelLoad, MissingOptions) {
  auto b = conv_model();
  b.graph().operators[0]->builtin_options.Reset();
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "options missing"));
}

TEST(ModelLoad, WrongOptionsTable) {
  auto b = conv_model();
  fb::Pool2DOptionsT pool;
  b.graph().operators[0]->builtin_options.Set(std::move(pool));
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "wrong options table"));
}

TEST(ModelLoad, ReadBeforeWritten) {
  auto b = conv_model();
  const int orphan = b.tensor(TensorType::INT8, {1, 4, 4, 1}, 0.5f, 0);
  b.graph().operators[0]->inputs[0] = orphan;
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "before any operator writes it"));
}

TEST(ModelLoad, OutputShapeMismatchIsCaughtAtPrepare) {
  auto b = conv_model();
  b.graph().tensors[3]->shape = {1, 3, 3, 2};
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kInvalidModel, "operator 0 (CONV_2D): output shape"));
}

TEST(ModelLoad, WrongInputType) {
  auto b = conv_model();
  b.graph().tensors[0]->type = TensorType::INT32;
  EXPECT_TRUE(fails_with(load_and_init(b.build()), StatusCode::kUnsupported, "input type int32"));
}

TEST(Interpreter, ArenaTooSmallSaysHowMuchIsNeeded) {
  auto bytes = conv_model().build();
  Model model;
  ASSERT_TRUE(Model::load(bytes.data(), bytes.size(), model));
  std::vector<uint8_t> big(1 << 16);
  Interpreter interp;
  ASSERT_TRUE(interp.init(model, big.data(), big.size()));
  const size_t need = interp.arena_usage().total();
  for (size_t size : {size_t{0}, size_t{16}, size_t{100}, need - 16}) {
    std::vector<uint8_t> arena(size + 16);
    const uintptr_t misalign = (16 - reinterpret_cast<uintptr_t>(arena.data()) % 16) % 16;
    Interpreter small;
    const Status s = small.init(model, arena.data() + misalign, size);
    EXPECT_EQ(s.code(), StatusCode::kArenaTooSmall) << size << ": " << s.message();
  }
  std::vector<uint8_t> exact(need + 16);
  const uintptr_t misalign = (16 - reinterpret_cast<uintptr_t>(exact.data()) % 16) % 16;
  Interpreter fits;
  EXPECT_TRUE(fits.init(model, exact.data() + misalign, need));
}

TEST(Interpreter, InvokeBeforeInitFails) {
  Interpreter interp;
  EXPECT_TRUE(fails_with(interp.invoke(), StatusCode::kInvalidArgument, "not initialized"));
}

}  // namespace
}  // namespace nib::test
