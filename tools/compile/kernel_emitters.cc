// One emitter per prepared kernel: it reads the parameter struct prepare
// made (its type follows from the operator, input type and kernel name, as
// in src/ops/), writes it as a const aggregate with its tables as const
// arrays, and writes the direct kernel call.
#include "kernel_emitters.h"

#include <algorithm>
#include <sstream>
#include <string_view>
#include <vector>

#include "kernels/cortex_m/average_pool_s8.h"
#include "kernels/cortex_m/conv3x3x1_pool_s8.h"
#include "kernels/cortex_m/conv_s8.h"
#include "kernels/cortex_m/depthwise_conv_s8.h"
#include "kernels/cortex_m/fully_connected_s8.h"
#include "kernels/cortex_m/pointwise_small_s8.h"
#include "kernels/cortex_m/prepare_conv.h"
#include "kernels/cortex_m/pooled_quad_s8.h"
#include "kernels/cortex_m/pooled_tile_s8.h"
#include "kernels/params.h"
#include "quant/lut.h"

namespace nib::compile {
namespace {

namespace k = kernels;
namespace cm = kernels::cortex_m;

// Every emitter writes every field of its struct (a field left out would
// silently take its default). A struct whose size changes has gained or
// lost a field: update its emitter, then the size here (LP64 hosts).
static_assert(sizeof(void*) != 8 || sizeof(k::Requant) == 32, "Requant changed: update requant()");
static_assert(sizeof(void*) != 8 || sizeof(k::ConvParams) == 120, "ConvParams changed: update conv_params()");
static_assert(sizeof(void*) != 8 || sizeof(k::FullyConnectedParams) == 72, "update fc_params()");
static_assert(sizeof(void*) != 8 || sizeof(k::PoolParams) == 64, "PoolParams changed: update pool_params()");
static_assert(sizeof(void*) != 8 || sizeof(k::SoftmaxParams) == 40, "SoftmaxParams changed: update softmax()");
static_assert(sizeof(void*) != 8 || sizeof(k::BinaryParams) == 140, "BinaryParams changed: update binary_params()");
static_assert(sizeof(void*) != 8 || sizeof(cm::ConvS8Params) == 176, "ConvS8Params changed: update conv_s8_params()");
static_assert(sizeof(void*) != 8 || sizeof(cm::ChannelPlan) == 56, "ChannelPlan changed: update plan_of()");
static_assert(sizeof(void*) != 8 || sizeof(cm::DepthwiseS8Params) == 128, "update depthwise_dsp()");
static_assert(sizeof(void*) != 8 || sizeof(cm::FcS8Params) == 80, "FcS8Params changed: update fc_dsp()");

// A designated-initializer aggregate, one field per line.
class Init {
 public:
  explicit Init(int indent = 2) : indent_(indent) {}
  template <typename T>
  Init& f(const char* name, const T& value) {
    std::ostringstream os;
    put(os, value);
    fields_.emplace_back(name, os.str());
    return *this;
  }
  Init& raw(const char* name, const std::string& expr) {
    fields_.emplace_back(name, expr);
    return *this;
  }
  std::string str() const {
    std::string pad(static_cast<size_t>(indent_), ' ');
    std::string s = "{\n";
    for (const auto& [name, value] : fields_) s += pad + "." + name + " = " + value + ",\n";
    return s + std::string(static_cast<size_t>(indent_ - 2), ' ') + "}";
  }

 private:
  static void put(std::ostream& os, bool v) { os << (v ? "true" : "false"); }
  template <typename T>
  static void put(std::ostream& os, const T& v) { Emission::put(os, v); }
  int indent_;
  std::vector<std::pair<std::string, std::string>> fields_;
};

std::string requant(Emission& e, const k::Requant& r, size_t count, const std::string& layer, int indent) {
  return Init(indent)
      .raw("multiplier", e.array(r.multiplier, count, layer + ": requantization multipliers"))
      .raw("shift", e.array(r.shift, count, layer + ": requantization shifts"))
      .f("output_offset", r.output_offset)
      .f("act_min", r.act_min)
      .f("act_max", r.act_max)
      .str();
}

std::string clamp(const k::FloatClamp& c, int indent) { return Init(indent).f("min", c.min).f("max", c.max).str(); }

std::string layer_name(const Emission& e, const OpSite& op) {
  return "operator " + std::to_string(op.index) + " " + op.info.name() + " (" +
         e.model().tensor(op.info.outputs[0]).name + ")";
}

std::string conv_params(Emission& e, const OpSite& op, const k::ConvParams& p, int indent) {
  const size_t count = p.requant.multiplier != nullptr ? static_cast<size_t>(p.out_c) : 0;
  return Init(indent)
      .f("batches", p.batches).f("in_h", p.in_h).f("in_w", p.in_w).f("in_c", p.in_c)
      .f("out_h", p.out_h).f("out_w", p.out_w).f("out_c", p.out_c)
      .f("filter_h", p.filter_h).f("filter_w", p.filter_w)
      .f("filter_in_c", p.filter_in_c).f("depth_multiplier", p.depth_multiplier)
      .f("stride_h", p.stride_h).f("stride_w", p.stride_w).f("dilation_h", p.dilation_h).f("dilation_w", p.dilation_w)
      .f("pad_h", p.pad_h).f("pad_w", p.pad_w).f("input_offset", p.input_offset)
      .raw("requant", requant(e, p.requant, count, layer_name(e, op), indent + 2))
      .raw("clamp", clamp(p.clamp, indent + 2))
      .f("bias64", p.bias64)
      .str();
}

std::string fc_params(Emission& e, const OpSite& op, const k::FullyConnectedParams& p, int indent) {
  const size_t count = p.requant.multiplier == nullptr ? 0 : p.per_channel ? static_cast<size_t>(p.units) : 1;
  return Init(indent)
      .f("batches", p.batches).f("depth", p.depth).f("units", p.units)
      .f("input_offset", p.input_offset).f("filter_offset", p.filter_offset).f("per_channel", p.per_channel)
      .raw("requant", requant(e, p.requant, count, layer_name(e, op), indent + 2))
      .raw("clamp", clamp(p.clamp, indent + 2))
      .f("bias64", p.bias64)
      .str();
}

std::string pool_params(const k::PoolParams& p) {
  return Init()
      .f("batches", p.batches).f("in_h", p.in_h).f("in_w", p.in_w).f("channels", p.channels)
      .f("out_h", p.out_h).f("out_w", p.out_w).f("filter_h", p.filter_h).f("filter_w", p.filter_w)
      .f("stride_h", p.stride_h).f("stride_w", p.stride_w).f("pad_h", p.pad_h).f("pad_w", p.pad_w)
      .f("act_min", p.act_min).f("act_max", p.act_max)
      .raw("clamp", clamp(p.clamp, 4))
      .str();
}

std::string dims(const int32_t* v, int n) {
  std::string s = "{";
  for (int i = 0; i < n; ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "}";
}

std::string binary_params(const k::BinaryParams& p) {
  return Init()
      .f("rank", p.rank)
      .raw("out_dims", dims(p.out_dims, k::kMaxDims)).raw("stride1", dims(p.stride1, k::kMaxDims))
      .raw("stride2", dims(p.stride2, k::kMaxDims))
      .f("elements", p.elements).f("same_shape", p.same_shape)
      .f("input1_offset", p.input1_offset).f("input2_offset", p.input2_offset).f("output_offset", p.output_offset)
      .f("left_shift", p.left_shift)
      .f("input1_multiplier", p.input1_multiplier).f("input1_shift", p.input1_shift)
      .f("input2_multiplier", p.input2_multiplier).f("input2_shift", p.input2_shift)
      .f("output_multiplier", p.output_multiplier).f("output_shift", p.output_shift)
      .f("act_min", p.act_min).f("act_max", p.act_max)
      .raw("clamp", clamp(p.clamp, 4))
      .str();
}

// The C type of a tensor's elements for reference kernels ("int8_t", "float", ...).
const char* element(DType t) {
  switch (t) {
    case DType::kInt8: return "int8_t";
    case DType::kInt16: return "int16_t";
    case DType::kFloat32: return "float";
    default: return "";
  }
}
const char* suffix(DType t) {
  switch (t) {
    case DType::kInt8: return "s8";
    case DType::kInt16: return "s16";
    case DType::kFloat32: return "f32";
    default: return "";
  }
}
const char* bias_type(DType t) { return t == DType::kFloat32 ? "float" : "int32_t"; }

// ---- CONV_2D / DEPTHWISE_CONV_2D, reference -------------------------------------------------

void conv_reference(Emission& e, const OpSite& op) {
  const auto& p = *static_cast<const k::ConvParams*>(op.prepared.params);
  const DType t = op.input_type;
  const bool depthwise = op.info.code == static_cast<int32_t>(OpCode::kDepthwiseConv2D);
  if (t != DType::kInt8 && t != DType::kFloat32 && !(t == DType::kInt16 && !depthwise))
    return e.fail(op, "no emitter for this input type");
  const std::string name = e.params(op, "nib::kernels::ConvParams", conv_params(e, op, p, 4));
  const std::string fn = std::string("nib::kernels::reference::") + (depthwise ? "depthwise_conv2d_" : "conv2d_") + suffix(t);
  const std::string bias = t == DType::kInt16 ? "static_cast<const void*>(" +
                                                    e.input(op, 2, p.bias64 ? "int64_t" : "int32_t") + ")"
                                              : e.input(op, 2, bias_type(t));
  e.call(fn + "(" + name + ", " + e.input(op, 0, element(t)) + ", " +
         e.input(op, 1, t == DType::kInt16 ? "int8_t" : element(t)) + ", " + bias + ", " +
         e.output(op, 0, element(t)) + ");");
}

// ---- CONV_2D, Cortex-M ------------------------------------------------------------------

std::string stage_name(cm::Stage s) {
  switch (s) {
    case cm::Stage::kRight: return "nib::kernels::cortex_m::Stage::kRight";
    case cm::Stage::kRightSat: return "nib::kernels::cortex_m::Stage::kRightSat";
    case cm::Stage::kChecked: break;
  }
  return "nib::kernels::cortex_m::Stage::kChecked";
}

std::string conv_s8_params(Emission& e, const OpSite& op, const cm::ConvS8Params& p, const std::string& plan) {
  const std::string layer = layer_name(e, op);
  const size_t pairs = p.weight_pairs ? cm::conv_s8_weight_pairs_bytes(p.conv) / 4 : 0;
  return Init()
      .raw("conv", conv_params(e, op, p.conv, 6))
      .raw("bias", e.array(p.bias, static_cast<size_t>(p.conv.out_c), layer + ": bias + input offset x weight sums"))
      .raw("pool", Init(6)
                       .f("filter_h", p.pool.filter_h).f("filter_w", p.pool.filter_w)
                       .f("stride_h", p.pool.stride_h).f("stride_w", p.pool.stride_w)
                       .f("pad_h", p.pool.pad_h).f("pad_w", p.pool.pad_w)
                       .f("out_h", p.pool.out_h).f("out_w", p.pool.out_w)
                       .f("act_min", p.pool.act_min).f("act_max", p.pool.act_max)
                       .str())
      .f("pad_value", p.pad_value)
      .f("fast_requant", p.fast_requant)
      .f("fold_at_run", p.fold_at_run)
      .raw("stage", stage_name(p.stage))
      .f("k2", p.k2)
      .f("asm_mode", p.asm_mode)
      .f("wide_scratch", p.wide_scratch)
      .raw("weight_pairs", e.array(p.weight_pairs, pairs, layer + ": weights widened to int16 pairs"))
      .raw("plan", plan)
      .str();
}

// Everything prepare left to run time that depends on constants only
// (the folded bias, the widened small-field weights) is done here once and
// kept in flash instead.
cm::ConvS8Params bake_conv(Emission& e, const cm::ConvS8Params& in, const int8_t* filter, const int32_t* bias) {
  cm::ConvS8Params p = in;
  if (p.fold_at_run && filter != nullptr) {
    std::vector<int32_t> folded(static_cast<size_t>(p.conv.out_c));
    cm::conv_s8_fold_bias(p.conv, filter, bias, folded.data());
    p.bias = e.keep(std::move(folded));
    p.fold_at_run = false;
  }
  if (p.k2 > 0 && p.weight_pairs == nullptr && filter != nullptr && !cm::conv3x3x1_pool_geometry(p)) {
    std::vector<uint32_t> pairs(cm::conv_s8_weight_pairs_bytes(p.conv) / 4);
    cm::conv_s8_widen_weights(p.conv, filter, pairs.data());
    p.weight_pairs = e.keep(std::move(pairs));
  }
  return p;
}

std::string plan_of(Emission& e, const OpSite& op, const cm::ChannelPlan* plan) {
  if (plan == nullptr) return "nullptr";
  const std::string layer = layer_name(e, op);
  const auto list = [&](auto* p, int32_t n, const char* what) {
    using T = std::remove_const_t<std::remove_pointer_t<decltype(p)>>;
    const std::string a = e.array(p, static_cast<size_t>(n), layer + ": " + what);
    return a == "nullptr" ? a : std::string("const_cast<") + Emission::type_name<T>() + "*>(" + a + ")";
  };
  const std::string init = Init()
                               .raw("live", list(plan->live, plan->live_count, "live channels"))
                               .f("live_count", plan->live_count)
                               .raw("constant", list(plan->constant, plan->constant_count, "constant channels"))
                               .raw("values", list(plan->values, plan->constant_count, "constant channels' values"))
                               .f("constant_count", plan->constant_count)
                               .raw("exact", list(plan->exact, plan->exact_count, "channels needing exact requantization"))
                               .f("exact_count", plan->exact_count)
                               .f("exact_complete", plan->exact_complete)
                               .str();
  return "&" + e.params(op, "nib::kernels::cortex_m::ChannelPlan", init, "_plan");
}

// The single-add rounding of the record-based paths (conv3x3x1_pool_s8,
// pointwise_small_s8): every channel's right shift in [1, 22].
bool single_add_rounding(const cm::ConvS8Params& p) {
  const k::Requant& r = p.conv.requant;
  if (!p.fast_requant || r.shift == nullptr) return false;
  for (int32_t c = 0; c < p.conv.out_c; ++c)
    if (-r.shift[c] < 1 || -r.shift[c] > 22) return false;
  return true;
}

// The function conv_s8 would end up in for these (baked) parameters, when
// it is one of the paths with its own entry: calling it directly links only
// that path into the firmware. Mirrors conv_s8's dispatch (conv_s8.cc);
// anything else goes through conv_s8 itself.
std::string conv_s8_entry(const cm::ConvS8Params& p, bool have_filter) {
  if (p.fold_at_run || !have_filter) return "conv_s8";
  if (cm::conv3x3x1_pool_geometry(p)) {
    const int32_t lo = std::max<int32_t>(p.conv.requant.act_min, p.pool.act_min);
    const int32_t hi = std::min<int32_t>(p.conv.requant.act_max, p.pool.act_max);
    if (single_add_rounding(p) && lo <= hi) return "conv3x3x1_pool_s8";
  }
  if (p.k2 > 0) return "conv_s8";
  if (cm::pointwise_small_applies(p)) {
    if (single_add_rounding(p)) return "pointwise_small_s8";
  }
  if (cm::pooled_quad_applies(p)) return "pooled_quad_s8";
  if (cm::pooled_tile_applies(p)) return "pooled_tile_s8";
  return "conv_s8";
}

void conv_dsp(Emission& e, const OpSite& op) {
  const auto& prepared = *static_cast<const cm::ConvS8Params*>(op.prepared.params);
  const TensorInfo filter = e.model().tensor(op.info.inputs[1]);
  const int32_t* bias = op.info.inputs.size() > 2 && op.info.inputs[2] >= 0
                            ? static_cast<const int32_t*>(e.model().tensor(op.info.inputs[2]).data)
                            : nullptr;
  cm::ConvS8Params p = bake_conv(e, prepared, static_cast<const int8_t*>(filter.data), bias);
  // The planner's grant of the preferred scratch, as the interpreter's invoke reads it.
  const size_t preferred = cm::conv_s8_preferred_scratch_bytes(prepared);
  p.wide_scratch = preferred > 0 && op.prepared.scratch_bytes >= preferred;
  const std::string plan = plan_of(e, op, p.plan);
  const std::string name = e.params(op, "nib::kernels::cortex_m::ConvS8Params", conv_s8_params(e, op, p, plan));
  const std::string entry = conv_s8_entry(p, filter.data != nullptr);
  const std::string args = name + ", " + e.input(op, 0, "int8_t") + ", " + e.input(op, 1, "int8_t") + ", ";
  if (entry == "conv_s8")
    e.call("nib::kernels::cortex_m::conv_s8(" + args + (p.fold_at_run ? e.input(op, 2, "int32_t") : "nullptr") + ", " +
           e.output(op, 0, "int8_t") + ", " + e.scratch(op) + ");");
  else
    e.call("nib::kernels::cortex_m::" + entry + "(" + args + e.output(op, 0, "int8_t") + ", " + e.scratch(op) + ");");
}

// ---- DEPTHWISE_CONV_2D, Cortex-M ------------------------------------------------------------

// A single-input-channel depthwise convolution runs as a conv
// (cm::prepare_single_channel_depthwise: its own transposed filter copy, or
// none on the small-field path, where the weights are widened).
void depthwise_as_conv(Emission& e, const OpSite& op) {
  const auto& f = *static_cast<const cm::ConvOwnFilter*>(op.prepared.params);
  const k::ConvParams& c = f.conv.conv;
  const std::string filter = e.array(f.filter, static_cast<size_t>(c.out_c) * c.filter_h * c.filter_w,
                                     layer_name(e, op) + ": filter in conv layout");
  const std::string name = e.params(op, "nib::kernels::cortex_m::ConvS8Params", conv_s8_params(e, op, f.conv, "nullptr"));
  e.call("nib::kernels::cortex_m::conv_s8(" + name + ", " + e.input(op, 0, "int8_t") + ", " + filter +
         ", nullptr, " + e.output(op, 0, "int8_t") + ", " + e.scratch(op) + ");");
}

void depthwise_dsp(Emission& e, const OpSite& op) {
  const auto& base = *static_cast<const k::ConvParams*>(op.prepared.params);
  // A single input channel runs as a conv (cm::prepare_single_channel_depthwise).
  if (base.in_c == 1 || std::string_view(op.prepared.kernel) == "dsp-small") return depthwise_as_conv(e, op);
  const auto& p = *static_cast<const cm::DepthwiseS8Params*>(op.prepared.params);
  const std::string name = e.params(op, "nib::kernels::cortex_m::DepthwiseS8Params",
                                    Init().raw("conv", conv_params(e, op, p.conv, 6)).f("fast_requant", p.fast_requant).str());
  e.call("nib::kernels::cortex_m::depthwise_s8(" + name + ", " + e.input(op, 0, "int8_t") + ", " +
         e.input(op, 1, "int8_t") + ", " + e.input(op, 2, "int32_t") + ", " + e.output(op, 0, "int8_t") + ", " +
         e.scratch(op) + ");");
}

// ---- FULLY_CONNECTED --------------------------------------------------------------------

void fc_reference(Emission& e, const OpSite& op) {
  const auto& p = *static_cast<const k::FullyConnectedParams*>(op.prepared.params);
  const DType t = op.input_type;
  if (t != DType::kInt8 && t != DType::kFloat32 && t != DType::kInt16) return e.fail(op, "no emitter for this input type");
  const std::string name = e.params(op, "nib::kernels::FullyConnectedParams", fc_params(e, op, p, 4));
  const std::string bias = t == DType::kInt16 ? "static_cast<const void*>(" +
                                                    e.input(op, 2, p.bias64 ? "int64_t" : "int32_t") + ")"
                                              : e.input(op, 2, bias_type(t));
  e.call(std::string("nib::kernels::reference::fully_connected_") + suffix(t) + "(" + name + ", " +
         e.input(op, 0, element(t)) + ", " + e.input(op, 1, t == DType::kInt16 ? "int8_t" : element(t)) + ", " +
         bias + ", " + e.output(op, 0, element(t)) + ");");
}

void fc_dsp(Emission& e, const OpSite& op) {
  const auto& p = *static_cast<const cm::FcS8Params*>(op.prepared.params);
  const char* stage = p.stage == cm::Stage::kRight ? "kRight" : p.stage == cm::Stage::kRightSat ? "kRightSat" : "kChecked";
  const std::string name = e.params(op, "nib::kernels::cortex_m::FcS8Params",
                                    Init()
                                        .raw("fc", fc_params(e, op, p.fc, 6))
                                        .raw("stage", std::string("nib::kernels::cortex_m::Stage::") + stage)
                                        .str());
  e.call("nib::kernels::cortex_m::fully_connected_s8(" + name + ", " + e.input(op, 0, "int8_t") + ", " +
         e.input(op, 1, "int8_t") + ", " + e.input(op, 2, "int32_t") + ", " + e.output(op, 0, "int8_t") + ", " +
         e.scratch(op) + ");");
}

// ---- pooling, softmax, add ----------------------------------------------------------------

void pool(Emission& e, const OpSite& op) {
  const auto& p = *static_cast<const k::PoolParams*>(op.prepared.params);
  const DType t = op.input_type;
  if (t != DType::kInt8 && t != DType::kFloat32) return e.fail(op, "no emitter for this input type");
  const bool max = op.info.code == static_cast<int32_t>(OpCode::kMaxPool2D);
  const bool dsp = std::string_view(op.prepared.kernel) == "dsp";
  const std::string name = e.params(op, "nib::kernels::PoolParams", pool_params(p));
  const std::string fn = dsp ? "nib::kernels::cortex_m::average_pool_s8"
                             : std::string("nib::kernels::reference::") + (max ? "max_pool_" : "average_pool_") + suffix(t);
  e.call(fn + "(" + name + ", " + e.input(op, 0, element(t)) + ", " + e.output(op, 0, element(t)) + ");");
}

void softmax(Emission& e, const OpSite& op) {
  const auto& p = *static_cast<const k::SoftmaxParams*>(op.prepared.params);
  const DType t = op.input_type;
  if (t != DType::kInt8 && t != DType::kFloat32 && t != DType::kInt16) return e.fail(op, "no emitter for this input type");
  const size_t lut = t == DType::kInt16 ? quant::kInt16LutSize : 0;
  const std::string layer = layer_name(e, op);
  const std::string name = e.params(op, "nib::kernels::SoftmaxParams",
                                    Init()
                                        .f("outer", p.outer).f("depth", p.depth)
                                        .f("input_multiplier", p.input_multiplier)
                                        .f("input_left_shift", p.input_left_shift)
                                        .f("diff_min", p.diff_min).f("beta", p.beta)
                                        .raw("exp_lut", e.array(p.exp_lut, lut, layer + ": exp table"))
                                        .raw("reciprocal_lut", e.array(p.reciprocal_lut, lut, layer + ": 1/(1+x) table"))
                                        .str());
  e.call(std::string("nib::kernels::reference::softmax_") + suffix(t) + "(" + name + ", " +
         e.input(op, 0, element(t)) + ", " + e.output(op, 0, element(t)) + ");");
}

void add(Emission& e, const OpSite& op) {
  const auto& p = *static_cast<const k::BinaryParams*>(op.prepared.params);
  const DType t = op.input_type;
  if (t != DType::kInt8 && t != DType::kFloat32 && t != DType::kInt16) return e.fail(op, "no emitter for this input type");
  const bool dsp = std::string_view(op.prepared.kernel) == "dsp";
  const std::string name = e.params(op, "nib::kernels::BinaryParams", binary_params(p));
  const std::string fn = dsp ? std::string("nib::kernels::cortex_m::add_s8")
                             : std::string("nib::kernels::reference::add_") + suffix(t);
  e.call(fn + "(" + name + ", " + e.input(op, 0, element(t)) + ", " + e.input(op, 1, element(t)) + ", " +
         e.output(op, 0, element(t)) + ");");
}

struct Entry {
  OpCode op;
  const char* kernel;
  EmitFn emit;
};

// Prepared kernels nib compile writes out; anything else fails compilation
// with the operator and kernel named.
constexpr Entry kEmitters[] = {
    {OpCode::kConv2D, "reference", conv_reference},
    {OpCode::kConv2D, "dsp", conv_dsp},
    {OpCode::kConv2D, "dsp+maxpool", conv_dsp},
    {OpCode::kConv2D, "dsp-small", conv_dsp},
    {OpCode::kConv2D, "dsp-small+maxpool", conv_dsp},
    {OpCode::kDepthwiseConv2D, "reference", conv_reference},
    {OpCode::kDepthwiseConv2D, "dsp", depthwise_dsp},
    {OpCode::kDepthwiseConv2D, "dsp-small", depthwise_dsp},
    {OpCode::kFullyConnected, "reference", fc_reference},
    {OpCode::kFullyConnected, "dsp", fc_dsp},
    {OpCode::kMaxPool2D, "reference", pool},
    {OpCode::kAveragePool2D, "reference", pool},
    {OpCode::kAveragePool2D, "dsp", pool},
    {OpCode::kSoftmax, "reference", softmax},
    {OpCode::kAdd, "reference", add},
    {OpCode::kAdd, "dsp", add},
};

}  // namespace

EmitFn find_emitter(const OpSite& op) {
  for (const Entry& entry : kEmitters)
    if (static_cast<int32_t>(entry.op) == op.info.code && std::string_view(entry.kernel) == op.prepared.kernel)
      return entry.emit;
  return nullptr;
}

}  // namespace nib::compile
