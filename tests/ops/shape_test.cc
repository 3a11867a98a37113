// Shape and data-movement operators on hand-worked cases, including the
// edges the operator suite does not show: negative strides, masks, shrunk
// axes, zero-size slices (refused), broadcast ranks, out-of-range indices.
#include <gtest/gtest.h>

#include <climits>
#include <numeric>
#include <vector>

#include "ops/op_runner.h"

namespace nib::test {
namespace {

using fb::TensorType;
using I32 = std::vector<int32_t>;

std::vector<int8_t> iota8(int n, int first = 0) {
  std::vector<int8_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), static_cast<int8_t>(first));
  return v;
}

// One operator on an int8 input of `in_shape` (input 0, values 0, 1, ...)
// with constant int32 operands after it, and outputs of `out_shapes`.
struct Op {
  ModelBuilder b;
  int in;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;

  explicit Op(std::vector<int32_t> in_shape, TensorType type = TensorType::INT8) {
    in = b.tensor(type, std::move(in_shape), type == TensorType::INT8 ? 0.5f : 0.0f, 0);
    inputs.push_back(in);
  }
  Op& constant(const I32& shape, const I32& values) {
    inputs.push_back(b.constant(TensorType::INT32, shape, values));
    return *this;
  }
  Op& output(std::vector<int32_t> shape, TensorType type = TensorType::INT8) {
    outputs.push_back(b.tensor(type, std::move(shape), type == TensorType::INT8 ? 0.5f : 0.0f, 0));
    return *this;
  }
  OpRun run(fb::BuiltinOperator code, const std::vector<uint8_t>& input, fb::BuiltinOptionsUnion options = {}) {
    b.op(code, inputs, outputs, std::move(options));
    b.inputs({in});
    b.outputs(outputs);
    return run_model(b, input);
  }
};

fb::BuiltinOptionsUnion strided_options(int begin_mask, int end_mask, int shrink_mask) {
  fb::StridedSliceOptionsT o;
  o.begin_mask = begin_mask;
  o.end_mask = end_mask;
  o.shrink_axis_mask = shrink_mask;
  return options_union(o);
}

TEST(StridedSlice, NegativeStrideCountsFromTheEnd) {
  // [0..5], begin -1, end 0, stride -2: 5, 3, 1 (end excluded).
  const OpRun r = Op({6}).constant({1}, {-1}).constant({1}, {0}).constant({1}, {-2}).output({3})
                      .run(fb::BuiltinOperator::STRIDED_SLICE, bytes_of(iota8(6)), strided_options(0, 0, 0));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{5, 3, 1}));
}

TEST(StridedSlice, MasksWithNegativeStrideReverse) {
  // [3, 4] = 0..11; rows: begin 2, end masked (to -1), stride -1 -> 2, 1, 0;
  // columns: begin masked (to 3), end 0, stride -2 -> 3, 1.
  const OpRun r = Op({3, 4}).constant({2}, {2, 99}).constant({2}, {-99, 0}).constant({2}, {-1, -2}).output({3, 2})
                      .run(fb::BuiltinOperator::STRIDED_SLICE, bytes_of(iota8(12)), strided_options(2, 1, 0));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{11, 9, 7, 5, 3, 1}));
}

TEST(StridedSlice, ShrinkDropsTheAxis) {
  // Row -2 of [3, 4] (= row 1), the axis removed: shape [4].
  const OpRun r = Op({3, 4}).constant({2}, {-2, 0}).constant({2}, {0, 4}).constant({2}, {1, 1}).output({4})
                      .run(fb::BuiltinOperator::STRIDED_SLICE, bytes_of(iota8(12)), strided_options(0, 0, 1));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{4, 5, 6, 7}));
}

TEST(StridedSlice, ZeroSizeAndBadStridesAreRefused) {
  EXPECT_TRUE(refused_with(Op({6}).constant({1}, {2}).constant({1}, {2}).constant({1}, {1}).output({1})
                               .run(fb::BuiltinOperator::STRIDED_SLICE, bytes_of(iota8(6)), strided_options(0, 0, 0)),
                           "zero-size slice of dimension 0"));
  // A backward stride from an index below the end gives nothing either.
  EXPECT_TRUE(refused_with(Op({6}).constant({1}, {1}).constant({1}, {4}).constant({1}, {-1}).output({1})
                               .run(fb::BuiltinOperator::STRIDED_SLICE, bytes_of(iota8(6)), strided_options(0, 0, 0)),
                           "zero-size slice"));
  EXPECT_TRUE(refused_with(Op({6}).constant({1}, {0}).constant({1}, {6}).constant({1}, {0}).output({6})
                               .run(fb::BuiltinOperator::STRIDED_SLICE, bytes_of(iota8(6)), strided_options(0, 0, 0)),
                           "stride of dimension 0 is 0"));
  EXPECT_TRUE(refused_with(Op({6}).constant({1}, {0}).constant({1}, {6}).constant({1}, {2}).output({2})
                               .run(fb::BuiltinOperator::STRIDED_SLICE, bytes_of(iota8(6)), strided_options(0, 0, 0)),
                           "output shape does not match the strided slice"));
}

TEST(Slice, SizeMinusOneAndBounds) {
  // [3, 4]: begin [1, 1], size [-1, 2] -> rows 1..2, columns 1..2.
  const OpRun r = Op({3, 4}).constant({2}, {1, 1}).constant({2}, {-1, 2}).output({2, 2})
                      .run(fb::BuiltinOperator::SLICE, bytes_of(iota8(12)));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{5, 6, 9, 10}));
  EXPECT_TRUE(refused_with(Op({3, 4}).constant({2}, {2, 0}).constant({2}, {2, 4}).output({2, 4})
                               .run(fb::BuiltinOperator::SLICE, bytes_of(iota8(12))),
                           "slice [2, 4) of dimension 0 outside [0, 3)"));
  EXPECT_TRUE(refused_with(Op({3, 4}).constant({2}, {0, 4}).constant({2}, {3, 0}).output({3, 1})
                               .run(fb::BuiltinOperator::SLICE, bytes_of(iota8(12))),
                           "zero-size slice of dimension 1"));
}

TEST(BroadcastTo, AddsLeadingDimensionsAndRepeats) {
  // [3, 1] -> [2, 3, 2]: each value twice per row, the whole block twice.
  const OpRun r = Op({3, 1}).constant({3}, {2, 3, 2}).output({2, 3, 2})
                      .run(fb::BuiltinOperator::BROADCAST_TO, bytes_of(std::vector<int8_t>{7, 8, 9}));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{7, 7, 8, 8, 9, 9, 7, 7, 8, 8, 9, 9}));
  EXPECT_TRUE(refused_with(Op({3, 1}).constant({2}, {2, 1}).output({2, 1})
                               .run(fb::BuiltinOperator::BROADCAST_TO, bytes_of(std::vector<int8_t>{7, 8, 9})),
                           "input dimension 0 of size 3 cannot broadcast to 2"));
  EXPECT_TRUE(refused_with(Op({3, 1}).constant({1}, {3}).output({3})
                               .run(fb::BuiltinOperator::BROADCAST_TO, bytes_of(std::vector<int8_t>{7, 8, 9})),
                           "below the input's 2"));
}

fb::BuiltinOptionsUnion gather_options(int axis) {
  fb::GatherOptionsT o;
  o.axis = axis;
  return options_union(o);
}

TEST(Gather, AxisOneAndRefusedIndices) {
  const OpRun r = Op({2, 3}).constant({2}, {2, 0}).output({2, 2})
                      .run(fb::BuiltinOperator::GATHER, bytes_of(iota8(6)), gather_options(1));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{2, 0, 5, 3}));
  EXPECT_TRUE(refused_with(Op({2, 3}).constant({2}, {3, 0}).output({2, 2})
                               .run(fb::BuiltinOperator::GATHER, bytes_of(iota8(6)), gather_options(-1)),
                           "index 3 outside [0, 3)"));
}

// Indices that arrive at run time cannot be checked at prepare: one outside
// the axis yields zeros, never a read out of bounds.
TEST(Gather, RuntimeIndicesOutOfRangeGiveZeros) {
  ModelBuilder b;
  const int params = b.constant(TensorType::FLOAT32, {3, 2}, std::vector<float>{1, 2, 3, 4, 5, 6});
  const int indices = b.tensor(TensorType::INT32, {3});
  const int out = b.tensor(TensorType::FLOAT32, {3, 2});
  b.op(fb::BuiltinOperator::GATHER, {params, indices}, {out}, gather_options(0));
  b.inputs({indices});
  b.outputs({out});
  const OpRun r = run_model(b, bytes_of(I32{2, 7, -1}));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.output<float>(), (std::vector<float>{5, 6, 0, 0, 0, 0}));
}

fb::BuiltinOptionsUnion mirror_options(fb::MirrorPadMode mode) {
  fb::MirrorPadOptionsT o;
  o.mode = mode;
  return options_union(o);
}

TEST(MirrorPad, ReflectAndSymmetric) {
  const auto in = bytes_of(std::vector<int8_t>{1, 2, 3});
  const OpRun reflect = Op({3}).constant({1, 2}, {2, 2}).output({7})
                            .run(fb::BuiltinOperator::MIRROR_PAD, in, mirror_options(fb::MirrorPadMode::REFLECT));
  ASSERT_TRUE(reflect.ok) << reflect.message;
  EXPECT_EQ(ints(reflect.output<int8_t>()), (std::vector<int>{3, 2, 1, 2, 3, 2, 1}));
  const OpRun symmetric = Op({3}).constant({1, 2}, {2, 3}).output({8})
                              .run(fb::BuiltinOperator::MIRROR_PAD, in, mirror_options(fb::MirrorPadMode::SYMMETRIC));
  ASSERT_TRUE(symmetric.ok) << symmetric.message;
  EXPECT_EQ(ints(symmetric.output<int8_t>()), (std::vector<int>{2, 1, 1, 2, 3, 3, 2, 1}));
  EXPECT_TRUE(refused_with(Op({3}).constant({1, 2}, {3, 0}).output({6})
                               .run(fb::BuiltinOperator::MIRROR_PAD, in, mirror_options(fb::MirrorPadMode::REFLECT)),
                           "padding of dimension 0 must be in [0, 2] for REFLECT"));
}

// [1, 2, 4, 1] = 1..8 with 2x2 blocks: batch n holds offset (n / 2, n % 2).
TEST(SpaceBatch, SpaceToBatchAndBack) {
  const OpRun to = Op({1, 2, 4, 1}).constant({2}, {2, 2}).constant({2, 2}, {0, 0, 0, 0}).output({4, 1, 2, 1})
                       .run(fb::BuiltinOperator::SPACE_TO_BATCH_ND, bytes_of(iota8(8, 1)));
  ASSERT_TRUE(to.ok) << to.message;
  EXPECT_EQ(ints(to.output<int8_t>()), (std::vector<int>{1, 3, 2, 4, 5, 7, 6, 8}));
  const OpRun back = Op({4, 1, 2, 1}).constant({2}, {2, 2}).constant({2, 2}, {0, 0, 0, 0}).output({1, 2, 4, 1})
                         .run(fb::BuiltinOperator::BATCH_TO_SPACE_ND, to.outputs[0]);
  ASSERT_TRUE(back.ok) << back.message;
  EXPECT_EQ(ints(back.output<int8_t>()), ints(iota8(8, 1)));
}

// Padding one row on top (block 2x1): raw zero bytes, not the zero point.
TEST(SpaceBatch, PaddingIsZeroBytesAndCropsDrop) {
  Op op({1, 1, 2, 1});
  op.b.graph().tensors[static_cast<size_t>(op.in)]->quantization->zero_point = {-5};
  const OpRun r = op.constant({2}, {2, 1}).constant({2, 2}, {1, 0, 0, 0}).output({2, 1, 2, 1})
                      .run(fb::BuiltinOperator::SPACE_TO_BATCH_ND, bytes_of(std::vector<int8_t>{4, 6}));
  ASSERT_TRUE(r.ok) << r.message;
  EXPECT_EQ(ints(r.output<int8_t>()), (std::vector<int>{0, 0, 4, 6}));
  // And back, cropping the padded row again.
  const OpRun back = Op({2, 1, 2, 1}).constant({2}, {2, 1}).constant({2, 2}, {1, 0, 0, 0}).output({1, 1, 2, 1})
                         .run(fb::BuiltinOperator::BATCH_TO_SPACE_ND, r.outputs[0]);
  ASSERT_TRUE(back.ok) << back.message;
  EXPECT_EQ(ints(back.output<int8_t>()), (std::vector<int>{4, 6}));
}

fb::BuiltinOptionsUnion block(bool to_depth, int size) {
  if (to_depth) {
    fb::SpaceToDepthOptionsT o;
    o.block_size = size;
    return options_union(o);
  }
  fb::DepthToSpaceOptionsT o;
  o.block_size = size;
  return options_union(o);
}

TEST(DepthSpace, SpaceToDepthAndBack) {
  // [1, 2, 4, 1] = 0..7, 2x2 blocks: block x = 0 holds 0, 1, 4, 5.
  const OpRun to = Op({1, 2, 4, 1}).output({1, 1, 2, 4})
                       .run(fb::BuiltinOperator::SPACE_TO_DEPTH, bytes_of(iota8(8)), block(true, 2));
  ASSERT_TRUE(to.ok) << to.message;
  EXPECT_EQ(ints(to.output<int8_t>()), (std::vector<int>{0, 1, 4, 5, 2, 3, 6, 7}));
  const OpRun back = Op({1, 1, 2, 4}).output({1, 2, 4, 1})
                         .run(fb::BuiltinOperator::DEPTH_TO_SPACE, to.outputs[0], block(false, 2));
  ASSERT_TRUE(back.ok) << back.message;
  EXPECT_EQ(ints(back.output<int8_t>()), ints(iota8(8)));
  EXPECT_TRUE(refused_with(Op({1, 3, 4, 1}).output({1, 1, 2, 4})
                               .run(fb::BuiltinOperator::SPACE_TO_DEPTH, bytes_of(iota8(12)), block(true, 2)),
                           "height and width must be multiples of block_size 2"));
}

fb::BuiltinOptionsUnion split_v_options(int n) {
  fb::SplitVOptionsT o;
  o.num_splits = n;
  return options_union(o);
}

TEST(SplitUnpackPack, RoundTrips) {
  // SPLIT_V of [2, 5] along axis 1 into 1, -1 (= 3), 1 columns.
  Op split({2, 5});
  split.constant({3}, {1, -1, 1}).constant({}, {1}).output({2, 1}).output({2, 3}).output({2, 1});
  const OpRun s = split.run(fb::BuiltinOperator::SPLIT_V, bytes_of(iota8(10)), split_v_options(3));
  ASSERT_TRUE(s.ok) << s.message;
  ASSERT_EQ(s.outputs.size(), 3u);
  EXPECT_EQ(ints(s.output<int8_t>(0)), (std::vector<int>{0, 5}));
  EXPECT_EQ(ints(s.output<int8_t>(1)), (std::vector<int>{1, 2, 3, 6, 7, 8}));
  EXPECT_EQ(ints(s.output<int8_t>(2)), (std::vector<int>{4, 9}));

  fb::UnpackOptionsT uo;
  uo.num = 3;
  uo.axis = 1;
  Op unpack({2, 3});
  unpack.output({2}).output({2}).output({2});
  const OpRun u = unpack.run(fb::BuiltinOperator::UNPACK, bytes_of(iota8(6)), options_union(uo));
  ASSERT_TRUE(u.ok) << u.message;
  EXPECT_EQ(ints(u.output<int8_t>(0)), (std::vector<int>{0, 3}));
  EXPECT_EQ(ints(u.output<int8_t>(2)), (std::vector<int>{2, 5}));

  // PACK of the input [2] and a constant [2] along axis 1 -> [2, 2] interleaved.
  fb::PackOptionsT po;
  po.values_count = 2;
  po.axis = 1;
  ModelBuilder b;
  const int x = b.tensor(TensorType::INT8, {2}, 0.5f, 0);
  const int y = b.constant(TensorType::INT8, {2}, std::vector<int8_t>{8, 9}, 0.5f, 0);
  const int out = b.tensor(TensorType::INT8, {2, 2}, 0.5f, 0);
  b.op(fb::BuiltinOperator::PACK, {x, y}, {out}, options_union(po));
  b.inputs({x});
  b.outputs({out});
  const OpRun p = run_model(b, bytes_of(std::vector<int8_t>{1, 2}));
  ASSERT_TRUE(p.ok) << p.message;
  EXPECT_EQ(ints(p.output<int8_t>()), (std::vector<int>{1, 8, 2, 9}));
  EXPECT_TRUE(refused_with(Op({2, 5}).constant({2}, {2, 2}).constant({}, {1}).output({2, 2}).output({2, 2})
                               .run(fb::BuiltinOperator::SPLIT_V, bytes_of(iota8(10)), split_v_options(2)),
                           "size_splits add up to 4, dimension 1 has 5"));
}

TEST(Cast, WrapsAndTruncates) {
  const OpRun wrap = Op({3}, TensorType::INT32).output({3})
                         .run(fb::BuiltinOperator::CAST, bytes_of(I32{300, -129, 127}));
  ASSERT_TRUE(wrap.ok) << wrap.message;
  EXPECT_EQ(ints(wrap.output<int8_t>()), (std::vector<int>{44, 127, 127}));
  const OpRun trunc = Op({4}, TensorType::FLOAT32).output({4}, TensorType::INT32)
                          .run(fb::BuiltinOperator::CAST, bytes_of(std::vector<float>{-1.7f, 2.9f, 3e9f, -3e9f}));
  ASSERT_TRUE(trunc.ok) << trunc.message;
  EXPECT_EQ(trunc.output<int32_t>(), (I32{-1, 2, INT32_MAX, INT32_MIN}));
}

TEST(Reshapes, SqueezeExpandDimsShapeFillZerosLike) {
  fb::SqueezeOptionsT so;
  so.squeeze_dims = {0};
  const OpRun sq = Op({1, 3, 1}).output({3, 1}).run(fb::BuiltinOperator::SQUEEZE, bytes_of(iota8(3)), options_union(so));
  ASSERT_TRUE(sq.ok) << sq.message;
  EXPECT_EQ(ints(sq.output<int8_t>()), (std::vector<int>{0, 1, 2}));
  so.squeeze_dims = {1};
  EXPECT_TRUE(refused_with(Op({1, 3, 1}).output({1, 1}).run(fb::BuiltinOperator::SQUEEZE, bytes_of(iota8(3)), options_union(so)),
                           "squeeze dimension 1 has size 3, not 1"));
  EXPECT_TRUE(refused_with(Op({3}).constant({}, {2}).output({3, 1}).run(fb::BuiltinOperator::EXPAND_DIMS, bytes_of(iota8(3))),
                           "axis 2 out of range for rank 1"));
  const OpRun ex = Op({3}).constant({}, {-1}).output({3, 1}).run(fb::BuiltinOperator::EXPAND_DIMS, bytes_of(iota8(3)));
  ASSERT_TRUE(ex.ok) << ex.message;

  fb::ShapeOptionsT sh;
  sh.out_type = TensorType::INT32;
  const OpRun shape = Op({2, 5, 1}).output({3}, TensorType::INT32)
                          .run(fb::BuiltinOperator::SHAPE, bytes_of(iota8(10)), options_union(sh));
  ASSERT_TRUE(shape.ok) << shape.message;
  EXPECT_EQ(shape.output<int32_t>(), (I32{2, 5, 1}));

  ModelBuilder b;
  const int dims = b.constant(TensorType::INT32, {2}, I32{2, 2});
  const int value = b.tensor(TensorType::FLOAT32, {});
  const int out = b.tensor(TensorType::FLOAT32, {2, 2});
  b.op(fb::BuiltinOperator::FILL, {dims, value}, {out});
  b.inputs({value});
  b.outputs({out});
  const OpRun fill = run_model(b, bytes_of(std::vector<float>{2.5f}));
  ASSERT_TRUE(fill.ok) << fill.message;
  EXPECT_EQ(fill.output<float>(), (std::vector<float>{2.5f, 2.5f, 2.5f, 2.5f}));

  Op zeros({3});
  zeros.b.graph().tensors[static_cast<size_t>(zeros.in)]->quantization->zero_point = {7};
  const OpRun z = zeros.output({3}).run(fb::BuiltinOperator::ZEROS_LIKE, bytes_of(iota8(3, 1)));
  ASSERT_TRUE(z.ok) << z.message;
  EXPECT_EQ(ints(z.output<int8_t>()), (std::vector<int>{0, 0, 0}));  // raw 0, not the zero point
}

}  // namespace
}  // namespace nib::test
