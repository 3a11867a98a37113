// Every supported operator, fed scalar (rank 0) and rank-1 operands of
// every common type, with default options: load -> init -> invoke must give
// a status or run, never crash (the FULLY_CONNECTED dims[-1] read was this
// class). Covers operators added later without touching this file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "file_io.h"
#include "model/op_support.h"
#include "nib/interpreter.h"
#include "nib/schema/tflite_generated.h"

namespace nib::test {
namespace {

struct Variant {
  fb::TensorType type;
  int inputs;
  bool constant_operands;  // inputs after the first are constants
  int input_rank, output_rank;
};

tools::AlignedBytes sweep_model(const OpSupport& op, const Variant& v) {
  flatbuffers::FlatBufferBuilder fbb;
  const size_t elem = v.type == fb::TensorType::INT8 ? 1 : v.type == fb::TensorType::INT64 ? 8 : 4;
  std::vector<flatbuffers::Offset<fb::Buffer>> buffers{fb::CreateBuffer(fbb)};
  const std::vector<uint8_t> one(elem * 2, 1);  // rank 1 operands have 2 elements
  std::vector<flatbuffers::Offset<fb::Tensor>> tensors;
  std::vector<int32_t> graph_inputs, op_inputs;
  const auto tensor = [&](int rank, bool constant) {
    std::vector<int32_t> shape(static_cast<size_t>(rank), 2);
    uint32_t buffer = 0;
    if (constant) {
      const std::vector<uint8_t> data(one.begin(), one.begin() + static_cast<long>(elem * (rank ? 2 : 1)));
      buffers.push_back(fb::CreateBufferDirect(fbb, &data));
      buffer = static_cast<uint32_t>(buffers.size() - 1);
    }
    flatbuffers::Offset<fb::QuantizationParameters> q = 0;
    if (v.type == fb::TensorType::INT8) {
      const std::vector<float> scale{0.5f};
      const std::vector<int64_t> zp{0};
      q = fb::CreateQuantizationParametersDirect(fbb, nullptr, nullptr, &scale, &zp);
    }
    tensors.push_back(fb::CreateTensorDirect(fbb, &shape, v.type, buffer, "t", q));
    return static_cast<int32_t>(tensors.size() - 1);
  };
  for (int k = 0; k < v.inputs; ++k) {
    const bool constant = k > 0 && v.constant_operands;
    op_inputs.push_back(tensor(v.input_rank, constant));
    if (!constant) graph_inputs.push_back(op_inputs.back());
  }
  const std::vector<int32_t> outputs{tensor(v.output_rank, false)};
  flatbuffers::Offset<void> options = 0;
  if (op.options_type != 0) options = flatbuffers::Offset<void>(fbb.EndTable(fbb.StartTable()));
  const std::vector<flatbuffers::Offset<fb::Operator>> ops{fb::CreateOperatorDirect(
      fbb, 0, &op_inputs, &outputs, static_cast<fb::BuiltinOptions>(op.options_type), options)};
  const int32_t code = static_cast<int32_t>(op.code);
  const std::vector<flatbuffers::Offset<fb::OperatorCode>> codes{fb::CreateOperatorCode(
      fbb, static_cast<int8_t>(std::min(code, 127)), 0, 1, static_cast<fb::BuiltinOperator>(code))};
  const std::vector<flatbuffers::Offset<fb::SubGraph>> graphs{
      fb::CreateSubGraphDirect(fbb, &tensors, &graph_inputs, &outputs, &ops)};
  fb::FinishModelBuffer(fbb, fb::CreateModelDirect(fbb, 3, &codes, &graphs, "sweep", &buffers));
  tools::AlignedBytes out(fbb.GetSize());
  std::memcpy(out.data(), fbb.GetBufferPointer(), fbb.GetSize());
  return out;
}

TEST(OperatorSweep, ScalarAndVectorOperandsNeverCrash) {
  int loaded = 0, ran = 0, cases = 0;
  for (const OpSupport& op : supported_ops())
    for (fb::TensorType type : {fb::TensorType::FLOAT32, fb::TensorType::INT8, fb::TensorType::INT32})
      for (int inputs = 1; inputs <= 3; ++inputs)
        for (bool constant : {false, true})
          for (int in_rank : {0, 1})
            for (int out_rank : {0, 1}) {
              const tools::AlignedBytes bytes = sweep_model(op, {type, inputs, constant, in_rank, out_rank});
              ++cases;
              Model model;
              if (!Model::load(bytes.data(), bytes.size(), model)) continue;
              ++loaded;
              for (Kernels k : {Kernels::kReference, Kernels::kOptimized}) {
                std::vector<uint8_t> arena(1 << 14);
                Interpreter interp;
                if (!interp.init(model, arena.data(), arena.size(), Options{k})) continue;
                ASSERT_TRUE(interp.invoke());
                ++ran;
              }
            }
  // The sweep must reach prepare and the kernels, not stop at the loader.
  EXPECT_GT(loaded, cases / 4);
  EXPECT_GT(ran, 0);
  std::printf("sweep: %d models, %d loaded, %d inferences\n", cases, loaded, ran);
}

}  // namespace
}  // namespace nib::test
