// The graph stage: tensor uses, the conv + max pool fusion pass, and the
// interpreter following the fusions prepare accepts.
#include "graph/graph.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "nib/interpreter.h"
#include "support/model_builder.h"

namespace nib::test {
namespace {

using fb::BuiltinOperator;
using fb::TensorType;

fb::BuiltinOptionsUnion pool_options() {
  fb::Pool2DOptionsT o;
  o.padding = fb::Padding::VALID;
  o.stride_w = o.stride_h = 2;
  o.filter_width = o.filter_height = 2;
  fb::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  return u;
}

enum class Extra { kNone, kConvOutputIsModelOutput, kSecondReader, kReluBetween };

// input [1,4,4,1] -> CONV_2D 1x1 (weight 3, bias 1) -> MAX_POOL_2D 2x2/2 -> [1,2,2,1],
// with the variations the pass must refuse.
tools::AlignedBytes conv_pool_model(Extra extra) {
  ModelBuilder b;
  const int in = b.tensor(TensorType::INT8, {1, 4, 4, 1}, 0.5f, -1);
  const int w = b.constant<int8_t>(TensorType::INT8, {1, 1, 1, 1}, {3}, 0.25f);
  const int bias = b.constant<int32_t>(TensorType::INT32, {1}, {1}, 0.125f);
  const int conv_out = b.tensor(TensorType::INT8, {1, 4, 4, 1}, 0.5f, 2);
  const int pool_out = b.tensor(TensorType::INT8, {1, 2, 2, 1}, 0.5f, 2);
  b.op(BuiltinOperator::CONV_2D, {in, w, bias}, {conv_out}, conv_options(fb::Padding::VALID, 1, 1));
  int pool_in = conv_out;
  if (extra == Extra::kReluBetween) {
    pool_in = b.tensor(TensorType::INT8, {1, 4, 4, 1}, 0.5f, 2);
    b.op(BuiltinOperator::RELU, {conv_out}, {pool_in});
  }
  b.op(BuiltinOperator::MAX_POOL_2D, {pool_in}, {pool_out}, pool_options());
  std::vector<int32_t> outputs{pool_out};
  if (extra == Extra::kConvOutputIsModelOutput) outputs.push_back(conv_out);
  if (extra == Extra::kSecondReader) {
    const int again = b.tensor(TensorType::INT8, {1, 2, 2, 1}, 0.5f, 2);
    b.op(BuiltinOperator::MAX_POOL_2D, {conv_out}, {again}, pool_options());
    outputs.push_back(again);
  }
  b.inputs({in});
  b.outputs(outputs);
  return b.build();
}

struct Built {
  tools::AlignedBytes bytes;
  Model model;
  std::vector<graph::TensorUse> uses;
  std::vector<graph::OpFusion> fusion;
  graph::Graph graph;
};

void build(Extra extra, Built& g) {
  g.bytes = conv_pool_model(extra);
  ASSERT_TRUE(Model::load(g.bytes.data(), g.bytes.size(), g.model));
  g.uses.resize(static_cast<size_t>(g.model.tensor_count()));
  g.fusion.resize(static_cast<size_t>(g.model.op_count()));
  g.graph.build(g.model, g.uses.data(), g.fusion.data());
}

TEST(Graph, UsesSpanWriterToLastReaderAndModelOutputsToTheEnd) {
  Built g;
  build(Extra::kNone, g);
  // Tensors: 0 input, 1 weights, 2 bias, 3 conv output, 4 pool output.
  EXPECT_EQ(g.graph.use(0).first, 0);
  EXPECT_EQ(g.graph.use(0).last, 0);
  EXPECT_FALSE(g.graph.use(1).used());  // constants are read in place
  EXPECT_FALSE(g.graph.use(2).used());
  EXPECT_EQ(g.graph.use(3).first, 0);
  EXPECT_EQ(g.graph.use(3).last, 1);
  EXPECT_EQ(g.graph.use(4).first, 1);
  EXPECT_EQ(g.graph.use(4).last, 2);  // op_count: a model output
  EXPECT_TRUE(g.graph.is_model_output(4));
  EXPECT_FALSE(g.graph.is_model_output(3));
  EXPECT_TRUE(g.graph.passed_only_to_next(3, 0));
}

TEST(Graph, ProposesConvMaxPoolOnlyWhenThePoolIsTheOnlyReaderRightAfter) {
  const struct {
    Extra extra;
    bool proposed;
  } cases[] = {{Extra::kNone, true},
               {Extra::kConvOutputIsModelOutput, false},
               {Extra::kSecondReader, false},
               {Extra::kReluBetween, false}};
  for (const auto& c : cases) {
    SCOPED_TRACE(static_cast<int>(c.extra));
    Built g;
    build(c.extra, g);
    EXPECT_EQ(g.graph.proposed_fusion(0) == graph::Fusion::kMaxPool, c.proposed);
    for (int i = 1; i < g.model.op_count(); ++i) EXPECT_EQ(g.graph.proposed_fusion(i), graph::Fusion::kNone);
  }
}

TEST(Graph, AcceptingAFusionDropsTheTensorBetweenAndStartsTheOutputEarlier) {
  Built g;
  build(Extra::kNone, g);
  g.graph.accept_fusion(0);
  EXPECT_TRUE(g.graph.fuses_next(0));
  EXPECT_TRUE(g.graph.absorbed(1));
  EXPECT_EQ(g.graph.fused_output(0), 4);
  g.graph.apply_fusions();
  EXPECT_FALSE(g.graph.use(3).used());
  EXPECT_EQ(g.graph.use(4).first, 0);

  Built refused;  // a fusion nobody proposed cannot be accepted
  build(Extra::kConvOutputIsModelOutput, refused);
  refused.graph.accept_fusion(0);
  EXPECT_FALSE(refused.graph.fuses_next(0));
  EXPECT_FALSE(refused.graph.absorbed(1));
}

// Runs the model; returns every output's bytes and op 1's kernel.
std::vector<std::vector<int8_t>> run(const tools::AlignedBytes& bytes, Kernels kernels, std::string* op1_kernel) {
  Model model;
  EXPECT_TRUE(Model::load(bytes.data(), bytes.size(), model));
  alignas(16) static uint8_t arena[8192];
  Interpreter interp;
  EXPECT_TRUE(interp.init(model, arena, sizeof arena, Options{kernels}));
  int8_t* in = interp.input(0).as<int8_t>();
  for (int i = 0; i < 16; ++i) in[i] = static_cast<int8_t>((i * 37) % 23 - 11);
  EXPECT_TRUE(interp.invoke());
  *op1_kernel = interp.op_event(1).kernel;
  std::vector<std::vector<int8_t>> out;
  for (int k = 0; k < interp.output_count(); ++k) {
    const TensorView v = interp.output(k);
    out.emplace_back(v.as<int8_t>(), v.as<int8_t>() + v.bytes);
  }
  return out;
}

// The reference kernels (checked against TFLite Micro's goldens elsewhere)
// run every operator; the optimized conv takes the pool in only when the
// graph proposed it, and the bytes must not change either way.
TEST(Graph, InterpreterFollowsTheFusionsPrepareAccepts) {
  for (Extra extra : {Extra::kNone, Extra::kConvOutputIsModelOutput, Extra::kSecondReader}) {
    SCOPED_TRACE(static_cast<int>(extra));
    const tools::AlignedBytes bytes = conv_pool_model(extra);
    std::string ref_kernel, fast_kernel;
    const auto ref = run(bytes, Kernels::kReference, &ref_kernel);
    const auto fast = run(bytes, Kernels::kOptimized, &fast_kernel);
    EXPECT_EQ(ref, fast);
    EXPECT_EQ(ref_kernel, "reference");  // the reference conv never fuses
    EXPECT_EQ(fast_kernel == "fused", extra == Extra::kNone) << fast_kernel;
  }
}

}  // namespace
}  // namespace nib::test
