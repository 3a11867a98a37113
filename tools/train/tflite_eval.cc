#include "tflite_eval.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

#include "nib/schema/tflite_generated.h"

namespace nib::train {

// ---------------------------------------------------------------------------
// Fixed-point arithmetic as TFLite's reference kernels define it.

void quantize_multiplier(double real_multiplier, std::int32_t* multiplier, int* shift) {
  if (real_multiplier == 0.0) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  // real = q * 2^shift with q in [0.5, 1); q is stored as a Q31 number.
  const double q = std::frexp(real_multiplier, shift);
  auto q_fixed = static_cast<std::int64_t>(std::llround(q * static_cast<double>(1LL << 31)));
  if (q_fixed == (1LL << 31)) {  // q rounded up to 1.0
    q_fixed /= 2;
    ++*shift;
  }
  if (*shift < -31) {  // too small to represent: flush to zero
    *shift = 0;
    q_fixed = 0;
  }
  *multiplier = static_cast<std::int32_t>(q_fixed);
}

namespace {

// (a * b * 2) >> 32 with round-half-away-from-zero; saturates the one
// overflowing case (INT32_MIN * INT32_MIN).
std::int32_t saturating_rounding_doubling_high_mul(std::int32_t a, std::int32_t b) {
  if (a == b && a == std::numeric_limits<std::int32_t>::min()) {
    return std::numeric_limits<std::int32_t>::max();
  }
  const std::int64_t ab = std::int64_t{a} * std::int64_t{b};
  const std::int64_t nudge = ab >= 0 ? (1LL << 30) : (1 - (1LL << 30));
  return static_cast<std::int32_t>((ab + nudge) / (1LL << 31));  // division truncates
}

// x / 2^exponent rounded to nearest, ties away from zero.
std::int32_t rounding_divide_by_pot(std::int32_t x, int exponent) {
  const std::int32_t mask = static_cast<std::int32_t>((1LL << exponent) - 1);
  const std::int32_t remainder = x & mask;
  const std::int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

}  // namespace

std::int32_t multiply_by_quantized_multiplier(std::int32_t x, std::int32_t multiplier, int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  const auto shifted = static_cast<std::int32_t>(static_cast<std::int64_t>(x) * (1LL << left));
  return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(shifted, multiplier), right);
}

// ---------------------------------------------------------------------------

namespace {

using fb::BuiltinOperator;
using fb::TensorType;

struct Tensor {
  std::vector<int> shape;
  TensorType type = TensorType::FLOAT32;
  const std::uint8_t* data = nullptr;  // constant data in the model, else null
  std::size_t data_bytes = 0;
  std::vector<float> scale;
  std::vector<std::int64_t> zero_point;
  int quantized_dimension = 0;
  std::string name;
  std::vector<std::int8_t> i8;  // activation storage
  std::vector<float> f32;

  std::size_t elements() const {
    std::size_t n = 1;
    for (int d : shape) n *= static_cast<std::size_t>(d);
    return n;
  }
  const std::int8_t* i8_data() const {
    return data ? reinterpret_cast<const std::int8_t*>(data) : i8.data();
  }
  const float* f32_data() const { return data ? reinterpret_cast<const float*>(data) : f32.data(); }
  const std::int32_t* i32_data() const { return reinterpret_cast<const std::int32_t*>(data); }
};

struct Op {
  BuiltinOperator code = BuiltinOperator::ADD;
  std::vector<int> inputs;
  int output = -1;
  // Geometry (conv, depthwise, pools).
  int stride = 1;
  int kernel_h = 1;
  int kernel_w = 1;
  int pad_top = 0;
  int pad_left = 0;
  bool relu = false;
  // int8 requantization, one entry per output channel (or one for all).
  std::vector<std::int32_t> multiplier;
  std::vector<int> shift;
  std::int32_t act_min = -128;
  std::int32_t act_max = 127;
};

int padding_before(fb::Padding padding, int in, int out, int kernel, int stride) {
  if (padding != fb::Padding::SAME) return 0;
  const int total = std::max((out - 1) * stride + kernel - in, 0);
  return total / 2;
}

}  // namespace

struct TfliteRunner::Impl {
  std::vector<std::uint8_t> bytes;
  std::vector<Tensor> tensors;
  std::vector<Op> ops;
  int input = -1;
  int output = -1;
  int classifier_output = -1;  // input of a final SOFTMAX, else `output`
  bool int8 = false;

  bool prepare(std::string* error);
  void run();
  void conv(const Op& op);
  void depthwise(const Op& op);
  void pool(const Op& op);
  void fully_connected(const Op& op);
  void softmax(const Op& op);
};

namespace {

bool fail(std::string* error, const std::string& message) {
  *error = message;
  return false;
}

const char* op_name(BuiltinOperator c) {
  switch (c) {
    case BuiltinOperator::CONV_2D:
      return "CONV_2D";
    case BuiltinOperator::DEPTHWISE_CONV_2D:
      return "DEPTHWISE_CONV_2D";
    case BuiltinOperator::MAX_POOL_2D:
      return "MAX_POOL_2D";
    case BuiltinOperator::AVERAGE_POOL_2D:
      return "AVERAGE_POOL_2D";
    case BuiltinOperator::RESHAPE:
      return "RESHAPE";
    case BuiltinOperator::FULLY_CONNECTED:
      return "FULLY_CONNECTED";
    case BuiltinOperator::SOFTMAX:
      return "SOFTMAX";
    default:
      return "unsupported";
  }
}

}  // namespace

bool TfliteRunner::Impl::prepare(std::string* error) {
  {
    ::flatbuffers::Verifier verifier(bytes.data(), bytes.size());
    if (!fb::VerifyModelBuffer(verifier)) return fail(error, "not a valid TFLite flatbuffer");
  }
  const fb::Model* model = fb::GetModel(bytes.data());
  if (!model->subgraphs() || model->subgraphs()->size() != 1) {
    return fail(error, "expected exactly one subgraph");
  }
  const fb::SubGraph* sg = model->subgraphs()->Get(0);
  if (!sg->tensors() || !sg->operators() || !sg->inputs() || !sg->outputs() ||
      sg->inputs()->size() != 1 || sg->outputs()->size() != 1 || !model->buffers() ||
      !model->operator_codes()) {
    return fail(error, "subgraph needs tensors, operators, one input and one output");
  }
  for (const fb::Tensor* t : *sg->tensors()) {
    Tensor x;
    if (t->shape()) x.shape.assign(t->shape()->begin(), t->shape()->end());
    x.type = t->type();
    if (t->name()) x.name = t->name()->str();
    if (t->buffer() >= model->buffers()->size()) return fail(error, x.name + ": bad buffer index");
    const fb::Buffer* b = model->buffers()->Get(t->buffer());
    if (b->data() && b->data()->size() > 0) {
      x.data = b->data()->data();
      x.data_bytes = b->data()->size();
    }
    if (const auto* q = t->quantization()) {
      if (q->scale()) x.scale.assign(q->scale()->begin(), q->scale()->end());
      if (q->zero_point()) x.zero_point.assign(q->zero_point()->begin(), q->zero_point()->end());
      x.quantized_dimension = q->quantized_dimension();
    }
    const std::size_t elem = x.type == TensorType::INT8 ? 1 : 4;
    if (x.data && x.data_bytes != x.elements() * elem) {
      return fail(error, x.name + ": buffer size does not match shape");
    }
    tensors.push_back(std::move(x));
  }
  const int n_tensors = static_cast<int>(tensors.size());
  input = sg->inputs()->Get(0);
  output = sg->outputs()->Get(0);
  if (input < 0 || input >= n_tensors || output < 0 || output >= n_tensors) {
    return fail(error, "bad input/output tensor index");
  }
  int8 = tensors[static_cast<std::size_t>(input)].type == TensorType::INT8;
  const TensorType act_type = int8 ? TensorType::INT8 : TensorType::FLOAT32;
  if (!int8 && tensors[static_cast<std::size_t>(input)].type != TensorType::FLOAT32) {
    return fail(error, "input must be int8 or float32");
  }
  auto has_q = [&](const Tensor& t) {
    return !int8 || (t.scale.size() == 1 && t.zero_point.size() == 1 && t.scale[0] > 0);
  };

  int current = input;
  classifier_output = output;
  for (std::size_t oi = 0; oi < sg->operators()->size(); ++oi) {
    const fb::Operator* o = sg->operators()->Get(static_cast<::flatbuffers::uoffset_t>(oi));
    if (o->opcode_index() >= model->operator_codes()->size())
      return fail(error, "bad opcode index");
    const fb::OperatorCode* opcode = model->operator_codes()->Get(o->opcode_index());
    Op op;
    op.code = static_cast<BuiltinOperator>(std::max<std::int32_t>(
        opcode->deprecated_builtin_code(), static_cast<std::int32_t>(opcode->builtin_code())));
    const std::string where = "operator " + std::to_string(oi) + " (" + op_name(op.code) + ")";
    if (!o->inputs() || !o->outputs() || o->outputs()->size() != 1 || o->inputs()->size() < 1) {
      return fail(error, where + ": bad inputs/outputs");
    }
    for (auto i : *o->inputs()) {
      if (i < 0 || i >= n_tensors) return fail(error, where + ": bad tensor index");
      op.inputs.push_back(i);
    }
    op.output = o->outputs()->Get(0);
    if (op.output < 0 || op.output >= n_tensors) return fail(error, where + ": bad output index");
    if (op.inputs[0] != current) return fail(error, where + ": graph is not a simple chain");
    Tensor& in = tensors[static_cast<std::size_t>(op.inputs[0])];
    Tensor& out = tensors[static_cast<std::size_t>(op.output)];
    if (out.type != act_type || out.data) return fail(error, where + ": bad output tensor type");
    if (!has_q(in) || !has_q(out))
      return fail(error, where + ": activations need per-tensor quantization");
    if (int8) {
      out.i8.assign(out.elements(), 0);
    } else {
      out.f32.assign(out.elements(), 0.0f);
    }
    auto activation = [&](fb::ActivationFunctionType a) -> bool {
      if (a == fb::ActivationFunctionType::RELU) {
        op.relu = true;
      } else if (a != fb::ActivationFunctionType::NONE) {
        return false;
      }
      if (int8) {
        const auto zp = static_cast<std::int32_t>(out.zero_point[0]);
        op.act_min = op.relu ? std::max(-128, zp) : -128;
        op.act_max = 127;
      }
      return true;
    };

    switch (op.code) {
      case BuiltinOperator::CONV_2D:
      case BuiltinOperator::DEPTHWISE_CONV_2D: {
        const bool dw = op.code == BuiltinOperator::DEPTHWISE_CONV_2D;
        if (op.inputs.size() != 3) return fail(error, where + ": needs input, filter, bias");
        const Tensor& w = tensors[static_cast<std::size_t>(op.inputs[1])];
        const Tensor& b = tensors[static_cast<std::size_t>(op.inputs[2])];
        if (in.shape.size() != 4 || out.shape.size() != 4 || w.shape.size() != 4 || !w.data ||
            !b.data) {
          return fail(error, where + ": needs 4-D tensors and constant filter and bias");
        }
        fb::Padding padding;
        fb::ActivationFunctionType a;
        int stride_w, stride_h;
        if (dw) {
          const auto* opt = o->builtin_options_as_DepthwiseConv2DOptions();
          if (!opt) return fail(error, where + ": missing options");
          if (opt->depth_multiplier() != 1)
            return fail(error, where + ": depth multiplier must be 1");
          if (opt->dilation_w_factor() != 1 || opt->dilation_h_factor() != 1)
            return fail(error, where + ": dilation");
          padding = opt->padding();
          a = opt->fused_activation_function();
          stride_w = opt->stride_w();
          stride_h = opt->stride_h();
        } else {
          const auto* opt = o->builtin_options_as_Conv2DOptions();
          if (!opt) return fail(error, where + ": missing options");
          if (opt->dilation_w_factor() != 1 || opt->dilation_h_factor() != 1)
            return fail(error, where + ": dilation");
          padding = opt->padding();
          a = opt->fused_activation_function();
          stride_w = opt->stride_w();
          stride_h = opt->stride_h();
        }
        if (stride_w != stride_h || stride_w < 1)
          return fail(error, where + ": strides must be equal");
        if (!activation(a)) return fail(error, where + ": unsupported fused activation");
        op.stride = stride_w;
        op.kernel_h = w.shape[1];
        op.kernel_w = w.shape[2];
        const int oc = out.shape[3];
        const bool shapes_ok = dw ? (w.shape[0] == 1 && w.shape[3] == oc && in.shape[3] == oc)
                                  : (w.shape[0] == oc && w.shape[3] == in.shape[3]);
        if (!shapes_ok || b.elements() != static_cast<std::size_t>(oc)) {
          return fail(error, where + ": filter/bias shapes do not match");
        }
        op.pad_top = padding_before(padding, in.shape[1], out.shape[1], op.kernel_h, op.stride);
        op.pad_left = padding_before(padding, in.shape[2], out.shape[2], op.kernel_w, op.stride);
        if (int8) {
          if (w.type != TensorType::INT8 || b.type != TensorType::INT32) {
            return fail(error, where + ": int8 filter and int32 bias expected");
          }
          if (w.scale.size() != static_cast<std::size_t>(oc) && w.scale.size() != 1) {
            return fail(error, where + ": filter needs one scale or one per output channel");
          }
          for (auto zp : w.zero_point) {
            if (zp != 0) return fail(error, where + ": filter zero point must be 0");
          }
          for (int c = 0; c < oc; ++c) {
            const double ws = w.scale[w.scale.size() == 1 ? 0 : static_cast<std::size_t>(c)];
            const double real =
                static_cast<double>(in.scale[0]) * ws / static_cast<double>(out.scale[0]);
            std::int32_t m;
            int s;
            quantize_multiplier(real, &m, &s);
            op.multiplier.push_back(m);
            op.shift.push_back(s);
          }
        }
        break;
      }
      case BuiltinOperator::MAX_POOL_2D:
      case BuiltinOperator::AVERAGE_POOL_2D: {
        const auto* opt = o->builtin_options_as_Pool2DOptions();
        if (!opt || in.shape.size() != 4 || out.shape.size() != 4)
          return fail(error, where + ": bad pool");
        if (opt->stride_w() != opt->stride_h())
          return fail(error, where + ": strides must be equal");
        if (!activation(opt->fused_activation_function()))
          return fail(error, where + ": activation");
        if (int8 && (in.scale[0] != out.scale[0] || in.zero_point[0] != out.zero_point[0])) {
          return fail(error, where + ": input and output quantization must match");
        }
        op.stride = opt->stride_w();
        op.kernel_h = opt->filter_height();
        op.kernel_w = opt->filter_width();
        op.pad_top =
            padding_before(opt->padding(), in.shape[1], out.shape[1], op.kernel_h, op.stride);
        op.pad_left =
            padding_before(opt->padding(), in.shape[2], out.shape[2], op.kernel_w, op.stride);
        break;
      }
      case BuiltinOperator::RESHAPE:
        if (in.elements() != out.elements()) return fail(error, where + ": element counts differ");
        if (int8 && (in.scale[0] != out.scale[0] || in.zero_point[0] != out.zero_point[0])) {
          return fail(error, where + ": input and output quantization must match");
        }
        break;
      case BuiltinOperator::FULLY_CONNECTED: {
        const auto* opt = o->builtin_options_as_FullyConnectedOptions();
        if (op.inputs.size() != 3) return fail(error, where + ": needs input, weights, bias");
        const Tensor& w = tensors[static_cast<std::size_t>(op.inputs[1])];
        const Tensor& b = tensors[static_cast<std::size_t>(op.inputs[2])];
        if (!activation(opt ? opt->fused_activation_function()
                            : fb::ActivationFunctionType::NONE)) {
          return fail(error, where + ": activation");
        }
        const std::size_t units = out.elements();
        if (w.shape.size() != 2 || !w.data || !b.data ||
            static_cast<std::size_t>(w.shape[0]) != units ||
            static_cast<std::size_t>(w.shape[1]) != in.elements() || b.elements() != units) {
          return fail(error, where + ": weights/bias shapes do not match");
        }
        if (int8) {
          if (w.type != TensorType::INT8 || b.type != TensorType::INT32) {
            return fail(error, where + ": int8 weights and int32 bias expected");
          }
          if (w.scale.size() != units && w.scale.size() != 1)
            return fail(error, where + ": weight scales");
          for (auto zp : w.zero_point) {
            if (zp != 0) return fail(error, where + ": weight zero point must be 0");
          }
          for (std::size_t c = 0; c < units; ++c) {
            const double ws = w.scale[w.scale.size() == 1 ? 0 : c];
            std::int32_t m;
            int s;
            quantize_multiplier(
                static_cast<double>(in.scale[0]) * ws / static_cast<double>(out.scale[0]), &m, &s);
            op.multiplier.push_back(m);
            op.shift.push_back(s);
          }
        }
        break;
      }
      case BuiltinOperator::SOFTMAX:
        if (oi + 1 != sg->operators()->size()) return fail(error, where + ": SOFTMAX must be last");
        classifier_output = op.inputs[0];
        break;
      default:
        return fail(error, where + ": operator not supported by this runner");
    }
    ops.push_back(std::move(op));
    current = ops.back().output;
  }
  if (current != output) return fail(error, "the last operator does not produce the model output");
  return true;
}

void TfliteRunner::Impl::conv(const Op& op) {
  const Tensor& in = tensors[static_cast<std::size_t>(op.inputs[0])];
  const Tensor& w = tensors[static_cast<std::size_t>(op.inputs[1])];
  const Tensor& b = tensors[static_cast<std::size_t>(op.inputs[2])];
  Tensor& out = tensors[static_cast<std::size_t>(op.output)];
  const int ih = in.shape[1], iw = in.shape[2], ic = in.shape[3];
  const int oh = out.shape[1], ow = out.shape[2], oc = out.shape[3];
  const int kh = op.kernel_h, kw = op.kernel_w;
  if (int8) {
    const std::int8_t* x = in.i8_data();
    const std::int8_t* f = w.i8_data();
    const std::int32_t* bias = b.i32_data();
    const auto in_zp = static_cast<std::int32_t>(in.zero_point[0]);
    const auto out_zp = static_cast<std::int32_t>(out.zero_point[0]);
    for (int oy = 0; oy < oh; ++oy) {
      for (int ox = 0; ox < ow; ++ox) {
        for (int c = 0; c < oc; ++c) {
          std::int32_t acc = 0;
          for (int ky = 0; ky < kh; ++ky) {
            const int y = oy * op.stride - op.pad_top + ky;
            if (y < 0 || y >= ih) continue;
            for (int kx = 0; kx < kw; ++kx) {
              const int xx = ox * op.stride - op.pad_left + kx;
              if (xx < 0 || xx >= iw) continue;
              const std::int8_t* px = x + (static_cast<std::ptrdiff_t>(y) * iw + xx) * ic;
              const std::int8_t* pf =
                  f + ((static_cast<std::ptrdiff_t>(c) * kh + ky) * kw + kx) * ic;
              for (int i = 0; i < ic; ++i)
                acc += (std::int32_t{px[i]} - in_zp) * std::int32_t{pf[i]};
            }
          }
          acc += bias[c];
          std::int32_t v =
              multiply_by_quantized_multiplier(acc, op.multiplier[static_cast<std::size_t>(c)],
                                               op.shift[static_cast<std::size_t>(c)]);
          v = std::clamp(v + out_zp, op.act_min, op.act_max);
          out.i8[(static_cast<std::size_t>(oy) * ow + ox) * oc + c] = static_cast<std::int8_t>(v);
        }
      }
    }
    return;
  }
  const float* x = in.f32_data();
  const float* f = w.f32_data();
  const float* bias = b.f32_data();
  for (int oy = 0; oy < oh; ++oy) {
    for (int ox = 0; ox < ow; ++ox) {
      for (int c = 0; c < oc; ++c) {
        float acc = bias[c];
        for (int ky = 0; ky < kh; ++ky) {
          const int y = oy * op.stride - op.pad_top + ky;
          if (y < 0 || y >= ih) continue;
          for (int kx = 0; kx < kw; ++kx) {
            const int xx = ox * op.stride - op.pad_left + kx;
            if (xx < 0 || xx >= iw) continue;
            const float* px = x + (static_cast<std::ptrdiff_t>(y) * iw + xx) * ic;
            const float* pf = f + ((static_cast<std::ptrdiff_t>(c) * kh + ky) * kw + kx) * ic;
            for (int i = 0; i < ic; ++i) acc += px[i] * pf[i];
          }
        }
        out.f32[(static_cast<std::size_t>(oy) * ow + ox) * oc + c] =
            op.relu ? std::max(acc, 0.0f) : acc;
      }
    }
  }
}

void TfliteRunner::Impl::depthwise(const Op& op) {
  const Tensor& in = tensors[static_cast<std::size_t>(op.inputs[0])];
  const Tensor& w = tensors[static_cast<std::size_t>(op.inputs[1])];
  const Tensor& b = tensors[static_cast<std::size_t>(op.inputs[2])];
  Tensor& out = tensors[static_cast<std::size_t>(op.output)];
  const int ih = in.shape[1], iw = in.shape[2], ch = in.shape[3];
  const int oh = out.shape[1], ow = out.shape[2];
  const int kh = op.kernel_h, kw = op.kernel_w;
  for (int oy = 0; oy < oh; ++oy) {
    for (int ox = 0; ox < ow; ++ox) {
      for (int c = 0; c < ch; ++c) {
        std::int32_t iacc = 0;
        float facc = 0.0f;
        for (int ky = 0; ky < kh; ++ky) {
          const int y = oy * op.stride - op.pad_top + ky;
          if (y < 0 || y >= ih) continue;
          for (int kx = 0; kx < kw; ++kx) {
            const int xx = ox * op.stride - op.pad_left + kx;
            if (xx < 0 || xx >= iw) continue;
            const std::size_t xi = (static_cast<std::size_t>(y) * iw + xx) * ch + c;
            const std::size_t wi = (static_cast<std::size_t>(ky) * kw + kx) * ch + c;
            if (int8) {
              iacc +=
                  (std::int32_t{in.i8_data()[xi]} - static_cast<std::int32_t>(in.zero_point[0])) *
                  std::int32_t{w.i8_data()[wi]};
            } else {
              facc += in.f32_data()[xi] * w.f32_data()[wi];
            }
          }
        }
        const std::size_t oi = (static_cast<std::size_t>(oy) * ow + ox) * ch + c;
        if (int8) {
          iacc += b.i32_data()[c];
          std::int32_t v =
              multiply_by_quantized_multiplier(iacc, op.multiplier[static_cast<std::size_t>(c)],
                                               op.shift[static_cast<std::size_t>(c)]);
          v = std::clamp(v + static_cast<std::int32_t>(out.zero_point[0]), op.act_min, op.act_max);
          out.i8[oi] = static_cast<std::int8_t>(v);
        } else {
          facc += b.f32_data()[c];
          out.f32[oi] = op.relu ? std::max(facc, 0.0f) : facc;
        }
      }
    }
  }
}

void TfliteRunner::Impl::pool(const Op& op) {
  const Tensor& in = tensors[static_cast<std::size_t>(op.inputs[0])];
  Tensor& out = tensors[static_cast<std::size_t>(op.output)];
  const int ih = in.shape[1], iw = in.shape[2], ch = in.shape[3];
  const int oh = out.shape[1], ow = out.shape[2];
  const bool is_max = op.code == BuiltinOperator::MAX_POOL_2D;
  for (int oy = 0; oy < oh; ++oy) {
    for (int ox = 0; ox < ow; ++ox) {
      for (int c = 0; c < ch; ++c) {
        std::int32_t imax = -128, isum = 0;
        float fmax = -std::numeric_limits<float>::infinity(), fsum = 0.0f;
        int count = 0;
        for (int ky = 0; ky < op.kernel_h; ++ky) {
          const int y = oy * op.stride - op.pad_top + ky;
          if (y < 0 || y >= ih) continue;
          for (int kx = 0; kx < op.kernel_w; ++kx) {
            const int xx = ox * op.stride - op.pad_left + kx;
            if (xx < 0 || xx >= iw) continue;
            const std::size_t xi = (static_cast<std::size_t>(y) * iw + xx) * ch + c;
            ++count;
            if (int8) {
              imax = std::max<std::int32_t>(imax, in.i8[xi]);
              isum += in.i8[xi];
            } else {
              fmax = std::max(fmax, in.f32[xi]);
              fsum += in.f32[xi];
            }
          }
        }
        const std::size_t oi = (static_cast<std::size_t>(oy) * ow + ox) * ch + c;
        if (int8) {
          std::int32_t v = imax;
          if (!is_max && count > 0) {
            // Rounded to nearest, ties away from zero.
            v = isum > 0 ? (isum + count / 2) / count : (isum - count / 2) / count;
          }
          out.i8[oi] = static_cast<std::int8_t>(std::clamp(v, op.act_min, op.act_max));
        } else {
          float v = is_max ? fmax : (count > 0 ? fsum / static_cast<float>(count) : 0.0f);
          out.f32[oi] = op.relu ? std::max(v, 0.0f) : v;
        }
      }
    }
  }
}

void TfliteRunner::Impl::fully_connected(const Op& op) {
  const Tensor& in = tensors[static_cast<std::size_t>(op.inputs[0])];
  const Tensor& w = tensors[static_cast<std::size_t>(op.inputs[1])];
  const Tensor& b = tensors[static_cast<std::size_t>(op.inputs[2])];
  Tensor& out = tensors[static_cast<std::size_t>(op.output)];
  const std::size_t n_in = in.elements(), units = out.elements();
  for (std::size_t u = 0; u < units; ++u) {
    if (int8) {
      const std::int8_t* row = w.i8_data() + u * n_in;
      const auto in_zp = static_cast<std::int32_t>(in.zero_point[0]);
      std::int32_t acc = 0;
      for (std::size_t i = 0; i < n_in; ++i)
        acc += (std::int32_t{in.i8[i]} - in_zp) * std::int32_t{row[i]};
      acc += b.i32_data()[u];
      std::int32_t v = multiply_by_quantized_multiplier(acc, op.multiplier[u], op.shift[u]);
      v = std::clamp(v + static_cast<std::int32_t>(out.zero_point[0]), op.act_min, op.act_max);
      out.i8[u] = static_cast<std::int8_t>(v);
    } else {
      const float* row = w.f32_data() + u * n_in;
      float acc = b.f32_data()[u];
      for (std::size_t i = 0; i < n_in; ++i) acc += in.f32[i] * row[i];
      out.f32[u] = op.relu ? std::max(acc, 0.0f) : acc;
    }
  }
}

void TfliteRunner::Impl::softmax(const Op& op) {
  // Float softmax of the (dequantized) input; for int8 the result is
  // requantized, which approximates but does not reproduce TFLite's
  // fixed-point softmax. Classification does not depend on it.
  const Tensor& in = tensors[static_cast<std::size_t>(op.inputs[0])];
  Tensor& out = tensors[static_cast<std::size_t>(op.output)];
  const std::size_t n = in.elements();
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = int8 ? in.scale[0] * static_cast<float>(in.i8[i] - in.zero_point[0]) : in.f32[i];
  }
  const float m = *std::max_element(v.begin(), v.end());
  float sum = 0.0f;
  for (auto& x : v) sum += (x = std::exp(x - m));
  for (std::size_t i = 0; i < n; ++i) {
    const float p = v[i] / sum;
    if (int8) {
      const float q = std::round(p / out.scale[0]) + static_cast<float>(out.zero_point[0]);
      out.i8[i] = static_cast<std::int8_t>(std::clamp(q, -128.0f, 127.0f));
    } else {
      out.f32[i] = p;
    }
  }
}

void TfliteRunner::Impl::run() {
  for (const Op& op : ops) {
    switch (op.code) {
      case BuiltinOperator::CONV_2D:
        conv(op);
        break;
      case BuiltinOperator::DEPTHWISE_CONV_2D:
        depthwise(op);
        break;
      case BuiltinOperator::MAX_POOL_2D:
      case BuiltinOperator::AVERAGE_POOL_2D:
        pool(op);
        break;
      case BuiltinOperator::FULLY_CONNECTED:
        fully_connected(op);
        break;
      case BuiltinOperator::SOFTMAX:
        softmax(op);
        break;
      case BuiltinOperator::RESHAPE: {
        const Tensor& in = tensors[static_cast<std::size_t>(op.inputs[0])];
        Tensor& out = tensors[static_cast<std::size_t>(op.output)];
        if (int8) {
          out.i8 = in.i8;
        } else {
          out.f32 = in.f32;
        }
        break;
      }
      default:
        break;
    }
  }
}

TfliteRunner::TfliteRunner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TfliteRunner::~TfliteRunner() = default;

std::unique_ptr<TfliteRunner> TfliteRunner::load(std::vector<std::uint8_t> bytes,
                                                 std::string* error) {
  auto impl = std::make_unique<Impl>();
  impl->bytes = std::move(bytes);
  if (!impl->prepare(error)) return nullptr;
  return std::unique_ptr<TfliteRunner>(new TfliteRunner(std::move(impl)));
}

bool TfliteRunner::is_int8() const { return impl_->int8; }

int TfliteRunner::classify(std::span<const std::uint8_t> pixels, std::vector<float>* scores) {
  Impl& m = *impl_;
  Tensor& in = m.tensors[static_cast<std::size_t>(m.input)];
  const std::size_t n = std::min(pixels.size(), in.elements());
  if (m.int8) {
    in.i8.resize(in.elements());
    for (std::size_t i = 0; i < n; ++i) {
      const float real = static_cast<float>(pixels[i]) / 255.0f;
      const float q = std::round(real / in.scale[0]) + static_cast<float>(in.zero_point[0]);
      in.i8[i] = static_cast<std::int8_t>(std::clamp(q, -128.0f, 127.0f));
    }
  } else {
    in.f32.resize(in.elements());
    for (std::size_t i = 0; i < n; ++i) in.f32[i] = static_cast<float>(pixels[i]) / 255.0f;
  }
  m.run();
  const Tensor& out = m.tensors[static_cast<std::size_t>(m.classifier_output)];
  const std::size_t classes = out.elements();
  int best = 0;
  if (scores) scores->resize(classes);
  for (std::size_t c = 0; c < classes; ++c) {
    const float v =
        m.int8 ? out.scale[0] * static_cast<float>(out.i8[c] - out.zero_point[0]) : out.f32[c];
    if (scores) (*scores)[c] = v;
    const bool better = m.int8 ? out.i8[c] > out.i8[static_cast<std::size_t>(best)]
                               : out.f32[c] > out.f32[static_cast<std::size_t>(best)];
    if (better) best = static_cast<int>(c);
  }
  return best;
}

std::vector<std::uint8_t> TfliteRunner::invoke_raw(std::span<const std::uint8_t> input) {
  Impl& m = *impl_;
  Tensor& in = m.tensors[static_cast<std::size_t>(m.input)];
  const std::size_t elem = m.int8 ? 1 : 4;
  if (input.size() != in.elements() * elem) return {};
  if (m.int8) {
    in.i8.resize(in.elements());
    std::memcpy(in.i8.data(), input.data(), input.size());
  } else {
    in.f32.resize(in.elements());
    std::memcpy(in.f32.data(), input.data(), input.size());
  }
  m.run();
  const Tensor& out = m.tensors[static_cast<std::size_t>(m.output)];
  const auto* p = m.int8 ? reinterpret_cast<const std::uint8_t*>(out.i8.data())
                         : reinterpret_cast<const std::uint8_t*>(out.f32.data());
  return {p, p + out.elements() * elem};
}

std::string TfliteRunner::describe() const {
  std::ostringstream s;
  for (const Op& op : impl_->ops) {
    const Tensor& out = impl_->tensors[static_cast<std::size_t>(op.output)];
    s << "  " << op_name(op.code) << " -> " << out.name << " [";
    for (std::size_t i = 0; i < out.shape.size(); ++i) s << (i ? "," : "") << out.shape[i];
    s << "]";
    if (impl_->int8) s << " scale " << out.scale[0] << " zp " << out.zero_point[0];
    s << "\n";
  }
  return s.str();
}

}  // namespace nib::train
