// Model loading: flatbuffers verification, then the semantic checks that let
// the rest of nib trust every index, size and quantization parameter.
#include "nib/model.h"

#include <cmath>
#include <cstring>

#include "model/op_support.h"
#include "nib/schema/tflite_generated.h"

namespace nib {
namespace {

constexpr StatusCode kBad = StatusCode::kInvalidModel;
constexpr StatusCode kUnsup = StatusCode::kUnsupported;
using limits::kMaxOpInputs;
using limits::kMaxOpOutputs;
// The format's builtin code of CUSTOM operators (not in OpCode: nib runs none).
constexpr int32_t kCustomOpCode = 32;
// Largest tensor nib accepts: keeps every byte count within 31 bits so size
// arithmetic on a 32-bit MCU cannot overflow.
using limits::kMaxTensorBytes;

template <typename T>
std::span<const T> span_of(const flatbuffers::Vector<T>* v) {
  if (v == nullptr) return {};
  return {v->data(), v->size()};
}

bool supported_type(fb::TensorType t) {
  switch (t) {
    case fb::TensorType::FLOAT32:
    case fb::TensorType::INT32:
    case fb::TensorType::UINT8:
    case fb::TensorType::INT64:
    case fb::TensorType::BOOL:
    case fb::TensorType::INT16:
    case fb::TensorType::INT8:
      return true;
    default:
      return false;
  }
}

int32_t builtin_code(const fb::OperatorCode* oc) {
  // Files written before the int32 field existed only set the byte field;
  // newer files set both (the byte saturates at 127). The larger one wins.
  const int32_t old_code = oc->deprecated_builtin_code();
  const int32_t new_code = static_cast<int32_t>(oc->builtin_code());
  return old_code > new_code ? old_code : new_code;
}

}  // namespace

Status Model::load(const void* data, size_t size, Model& out) { return load(data, size, out, false); }

Status Model::load_allowing_unsupported_ops(const void* data, size_t size, Model& out) {
  return load(data, size, out, true);
}

Status Model::load(const void* data, size_t size, Model& out, bool allow_unsupported_ops) {
  out = Model();
  if (data == nullptr || size == 0) return Status::error(kBad, "empty model");
  if (reinterpret_cast<uintptr_t>(data) % kAlignment != 0)
    return Status::error(StatusCode::kInvalidArgument, "model bytes must be ", static_cast<int>(kAlignment),
                         "-byte aligned");
  if (size < 8) return Status::error(kBad, "file too short (", size, " bytes) for a .tflite model");
  static_assert(limits::kMaxModelBytes < FLATBUFFERS_MAX_BUFFER_SIZE);
  if (size > limits::kMaxModelBytes)
    return Status::error(kUnsup, "model size ", size, " bytes exceeds the limit of ", limits::kMaxModelBytes);
  const auto* bytes = static_cast<const uint8_t*>(data);
  if (!flatbuffers::BufferHasIdentifier(bytes, fb::ModelIdentifier()))
    return Status::error(kBad, "not a TFLite model (file identifier is not TFL3)");
  flatbuffers::Verifier verifier(bytes, size, /*max_depth=*/64, /*max_tables=*/1000000,
                                 /*check_alignment=*/true);
  if (!fb::VerifyModelBuffer(verifier))
    return Status::error(kBad, "flatbuffer verification failed (truncated or corrupted file)");

  out.data_ = bytes;
  out.size_ = size;
  out.model_ = fb::GetModel(bytes);
  Status s = out.validate(allow_unsupported_ops);
  if (!s) out = Model();
  return s;
}

Status Model::validate(bool allow_unsupported_ops) {
  if (model_->version() != 3)
    return Status::error(kUnsup, "schema version ", model_->version(), " (only version 3 is supported)");
  const auto* graphs = model_->subgraphs();
  if (graphs == nullptr || graphs->size() == 0) return Status::error(kBad, "model has no subgraph");
  if (graphs->size() != 1)
    return Status::error(kUnsup, "model has ", graphs->size(), " subgraphs (only one is supported)");
  graph_ = graphs->Get(0);
  if (graph_->tensors() == nullptr || graph_->operators() == nullptr)
    return Status::error(kBad, "subgraph has no tensors or operators");
  if (graph_->tensors()->size() > static_cast<uint32_t>(limits::kMaxTensors))
    return Status::error(kUnsup, "subgraph.tensors: ", graph_->tensors()->size(), " tensors exceed the limit of ",
                         limits::kMaxTensors);
  if (graph_->operators()->size() > static_cast<uint32_t>(limits::kMaxOperators))
    return Status::error(kUnsup, "subgraph.operators: ", graph_->operators()->size(),
                         " operators exceed the limit of ", limits::kMaxOperators);
  tensor_count_ = static_cast<int>(graph_->tensors()->size());
  op_count_ = static_cast<int>(graph_->operators()->size());
  inputs_ = span_of(graph_->inputs());
  outputs_ = span_of(graph_->outputs());
  if (inputs_.empty() || outputs_.empty()) return Status::error(kBad, "subgraph has no inputs or outputs");

  for (int i = 0; i < tensor_count_; ++i) NIB_RETURN_IF_ERROR(validate_tensor(i));
  for (int32_t t : inputs_) {
    if (t < 0 || t >= tensor_count_) return Status::error(kBad, "model input index ", t, " out of range");
    if (tensor(t).is_constant()) return Status::error(kBad, "model input ", t, " is a constant");
  }
  for (int32_t t : outputs_)
    if (t < 0 || t >= tensor_count_) return Status::error(kBad, "model output index ", t, " out of range");
  for (int i = 0; i < op_count_; ++i) {
    NIB_RETURN_IF_ERROR(validate_op(i));
    if (!allow_unsupported_ops) NIB_RETURN_IF_ERROR(op_support(i));
  }

  // Dataflow: operators run in file order, so each activation an operator
  // reads must be a model input or written by an earlier operator, and each
  // activation is written once. The memory planner relies on this.
  // Done in O(ops × inputs × ops) on the raw tables (limits cap the ops).
  const auto written_by = [this](int j) { return span_of(graph_->operators()->Get(static_cast<flatbuffers::uoffset_t>(j))->outputs()); };
  for (int i = 0; i < op_count_; ++i) {
    const OpInfo o = op(i);
    for (int32_t t : o.inputs) {
      if (t < 0 || tensor(t).is_constant()) continue;
      bool available = false;
      for (int32_t in : inputs_) available |= (in == t);
      for (int j = 0; j < i && !available; ++j)
        for (int32_t w : written_by(j)) available |= (w == t);
      if (!available)
        return Status::error(kBad, "operator ", i, " (", o.name(), ") reads tensor ", t,
                             " before any operator writes it");
    }
    for (int32_t t : o.outputs) {
      if (tensor(t).is_constant())
        return Status::error(kBad, "operator ", i, " (", o.name(), ") writes constant tensor ", t);
      for (int32_t in : inputs_)
        if (in == t) return Status::error(kBad, "operator ", i, " (", o.name(), ") writes model input ", t);
      for (int j = 0; j < i; ++j)
        for (int32_t w : written_by(j))
          if (w == t) return Status::error(kBad, "tensor ", t, " is written by operators ", j, " and ", i);
    }
  }
  for (int32_t t : outputs_) {
    bool written = tensor(t).is_constant();
    for (int32_t in : inputs_) written |= (in == t);
    for (int j = 0; j < op_count_ && !written; ++j)
      for (int32_t w : written_by(j)) written |= (w == t);
    if (!written) return Status::error(kBad, "model output ", t, " is never written");
  }
  return Status::ok();
}

Status Model::validate_tensor(int index) {
  const fb::Tensor* t = graph_->tensors()->Get(static_cast<flatbuffers::uoffset_t>(index));
  const auto where = [index](StatusCode code, const char* what) {
    return Status::error(code, "tensor ", index, ": ", what);
  };
  if (!supported_type(t->type()))
    return Status::error(kUnsup, "tensor ", index, ": type ", dtype_name(static_cast<DType>(t->type())),
                         " is not supported");
  if (t->is_variable()) return where(kUnsup, "variable tensors are not supported");
  if (t->sparsity() != nullptr) return where(kUnsup, "sparse tensors are not supported");
  const auto* shape = t->shape();
  const size_t rank = shape ? shape->size() : 0;
  if (rank > static_cast<size_t>(kMaxRank))
    return Status::error(kUnsup, "tensor ", index, ": shape has rank ", rank, ", the limit is ", kMaxRank);
  uint64_t elements = 1;
  for (size_t d = 0; d < rank; ++d) {
    const int32_t dim = shape->Get(static_cast<flatbuffers::uoffset_t>(d));
    if (dim < 0) return Status::error(kUnsup, "tensor ", index, ": dynamic dimension ", dim);
    if (dim == 0) return where(kUnsup, "zero-sized dimension");
    if (dim > limits::kMaxDimension)
      return Status::error(kUnsup, "tensor ", index, ": shape[", d, "] = ", dim, " exceeds the dimension limit of ",
                           limits::kMaxDimension);
    elements *= static_cast<uint64_t>(dim);
    if (elements > kMaxTensorBytes)
      return Status::error(kBad, "tensor ", index, ": shape has more than ",
                           static_cast<unsigned long long>(kMaxTensorBytes), " elements (the tensor size limit)");
  }
  const uint64_t bytes = elements * dtype_size(static_cast<DType>(t->type()));
  if (bytes > kMaxTensorBytes)
    return Status::error(kBad, "tensor ", index, ": ", static_cast<unsigned long long>(bytes),
                         " bytes exceed the tensor size limit of ", static_cast<unsigned long long>(kMaxTensorBytes));

  const auto* buffers = model_->buffers();
  const uint32_t b = t->buffer();
  if (buffers == nullptr || b >= buffers->size())
    return Status::error(kBad, "tensor ", index, ": buffer index ", b, " out of range");
  const fb::Buffer* buf = buffers->Get(b);
  if (buf->offset() > 1 || buf->size() != 0)
    return where(kUnsup, "weights stored outside the flatbuffer are not supported");
  if (buf->data() != nullptr && buf->data()->size() != 0 && buf->data()->size() != bytes)
    return Status::error(kBad, "tensor ", index, ": buffer holds ", buf->data()->size(), " bytes, shape needs ",
                         static_cast<unsigned long long>(bytes));
  // Kernels read constants in place with their type (an int64 bias): the
  // verifier checks 4-byte alignment only, the converter aligns to 16.
  const size_t element = dtype_size(static_cast<DType>(t->type()));
  if (buf->data() != nullptr && buf->data()->size() != 0 &&
      reinterpret_cast<uintptr_t>(buf->data()->data()) % element != 0)
    return Status::error(kBad, "tensor ", index, ": buffer data is not ", element, "-byte aligned for its type");

  const fb::QuantizationParameters* q = t->quantization();
  if (q != nullptr && q->details() != nullptr) return where(kUnsup, "custom quantization");
  if (q != nullptr && q->scale() != nullptr && q->scale()->size() > 0) {
    const size_t n = q->scale()->size();
    if (q->zero_point() == nullptr || q->zero_point()->size() != n)
      return where(kBad, "quantization has a different number of scales and zero points");
    // A rank-1 tensor (a bias) may carry the quantized_dimension of the
    // filter it belongs to; its single axis is the channel axis regardless.
    if (n > 1 && !(rank == 1 && static_cast<size_t>(shape->Get(0)) == n)) {
      const int32_t qd = q->quantized_dimension();
      if (qd < 0 || static_cast<size_t>(qd) >= rank)
        return Status::error(kBad, "tensor ", index, ": quantized_dimension ", qd, " out of range");
      if (static_cast<size_t>(shape->Get(static_cast<flatbuffers::uoffset_t>(qd))) != n)
        return Status::error(kBad, "tensor ", index, ": ", n, " scales for dimension ", qd, " of size ",
                             shape->Get(static_cast<flatbuffers::uoffset_t>(qd)));
    }
    const ZeroPoints zero_points(q->zero_point()->Data(), n);
    for (size_t i = 0; i < n; ++i) {
      const float s = q->scale()->Get(static_cast<flatbuffers::uoffset_t>(i));
      if (!(s > 0.0f) || !std::isfinite(s)) return where(kBad, "quantization scale is not positive and finite");
      const int64_t zp = zero_points[i];
      if (zp < -32768 || zp > 65535) return where(kBad, "zero point out of range");
    }
  }
  return Status::ok();
}

Status Model::op_support(int index) const {
  const fb::Operator* o = graph_->operators()->Get(static_cast<flatbuffers::uoffset_t>(index));
  const fb::OperatorCode* oc = model_->operator_codes()->Get(o->opcode_index());
  const int32_t code = builtin_code(oc);
  if (code == kCustomOpCode) {
    const char* name = oc->custom_code() ? oc->custom_code()->c_str() : "?";
    return Status::error(kUnsup, "operator ", index, ": custom operator '", name, "' is not supported");
  }
  const OpSupport* support = find_op_support(code);
  if (support == nullptr)
    return Status::error(kUnsup, "operator ", index, ": ", builtin_op_name(code), " version ", oc->version(),
                         " is not supported");
  if (oc->version() < 1 || oc->version() > support->max_version)
    return Status::error(kUnsup, "operator ", index, ": ", builtin_op_name(code), " version ", oc->version(),
                         " is not supported (up to ", support->max_version, ")");
  return Status::ok();
}

Status Model::validate_op(int index) {
  const fb::Operator* o = graph_->operators()->Get(static_cast<flatbuffers::uoffset_t>(index));
  const auto* codes = model_->operator_codes();
  if (codes == nullptr || o->opcode_index() >= codes->size())
    return Status::error(kBad, "operator ", index, ": opcode index ", o->opcode_index(), " out of range");
  const fb::OperatorCode* oc = codes->Get(o->opcode_index());
  const int32_t code = builtin_code(oc);
  const OpSupport* support = find_op_support(code);
  if (support == nullptr || oc->version() < 1 || oc->version() > support->max_version) {
    // Not run by nib (op_support() says why): only its tensor indices are checked.
    support = nullptr;
  }
  const uint8_t opt = static_cast<uint8_t>(o->builtin_options_type());
  if (support != nullptr && opt != 0 && opt != support->options_type)
    return Status::error(kBad, "operator ", index, " (", builtin_op_name(code), "): wrong options table (tag ",
                         opt, ")");
  if (support != nullptr && support->options_required && (opt == 0 || o->builtin_options() == nullptr))
    return Status::error(kBad, "operator ", index, " (", builtin_op_name(code), "): options missing");
  if (support != nullptr && o->custom_options() != nullptr && o->custom_options()->size() != 0)
    return Status::error(kUnsup, "operator ", index, ": custom options on a builtin operator");

  const auto ins = span_of(o->inputs());
  const auto outs = span_of(o->outputs());
  if (ins.size() > static_cast<size_t>(kMaxOpInputs))
    return Status::error(kUnsup, "operator ", index, " (", builtin_op_name(code), "): operator.inputs: ", ins.size(),
                         " inputs exceed the limit of ", kMaxOpInputs);
  if (outs.empty() || outs.size() > static_cast<size_t>(kMaxOpOutputs))
    return Status::error(kUnsup, "operator ", index, " (", builtin_op_name(code), "): operator.outputs: ", outs.size(),
                         " outputs (1 to ", kMaxOpOutputs, " supported)");
  for (int32_t t : ins)
    if (t < -1 || t >= tensor_count_)
      return Status::error(kBad, "operator ", index, " (", builtin_op_name(code), "): input tensor index ", t,
                           " out of range");
  for (int32_t t : outs)
    if (t < 0 || t >= tensor_count_)
      return Status::error(kBad, "operator ", index, " (", builtin_op_name(code), "): output tensor index ", t,
                           " out of range");
  // Prepare indexes the dims of the main operands; checked here once for all.
  const auto rank_of = [this](int32_t t) {
    const auto* shape = graph_->tensors()->Get(static_cast<flatbuffers::uoffset_t>(t))->shape();
    return shape ? static_cast<int>(shape->size()) : 0;
  };
  const int min_rank = support != nullptr ? support->min_rank : 0;  // an op nib does not run: no prepare
  if (!ins.empty() && ins[0] >= 0 && rank_of(ins[0]) < min_rank)
    return Status::error(kBad, "operator ", index, " (", builtin_op_name(code), "): input 0 (tensor ", ins[0],
                         ") has rank ", rank_of(ins[0]), ", needs at least ", min_rank);
  if (rank_of(outs[0]) < min_rank)
    return Status::error(kBad, "operator ", index, " (", builtin_op_name(code), "): output 0 (tensor ", outs[0],
                         ") has rank ", rank_of(outs[0]), ", needs at least ", min_rank);
  return Status::ok();
}

TensorInfo Model::tensor(int index) const {
  TensorInfo info;
  const fb::Tensor* t = graph_->tensors()->Get(static_cast<flatbuffers::uoffset_t>(index));
  info.type = static_cast<DType>(t->type());
  info.dims = span_of(t->shape());
  info.name = t->name() ? t->name()->c_str() : "";
  size_t elements = 1;
  for (int32_t d : info.dims) elements *= static_cast<size_t>(d);
  info.elements = elements;
  info.bytes = elements * dtype_size(info.type);
  const fb::Buffer* buf = model_->buffers()->Get(t->buffer());
  if (buf->data() != nullptr && buf->data()->size() != 0) info.data = buf->data()->data();
  if (const fb::QuantizationParameters* q = t->quantization(); q != nullptr && q->scale() != nullptr) {
    info.scales = span_of(q->scale());
    info.zero_points = q->zero_point() ? ZeroPoints(q->zero_point()->Data(), q->zero_point()->size()) : ZeroPoints();
    info.quantized_dimension = q->quantized_dimension();
  }
  return info;
}

OpInfo Model::op(int index) const {
  OpInfo info;
  const fb::Operator* o = graph_->operators()->Get(static_cast<flatbuffers::uoffset_t>(index));
  const fb::OperatorCode* oc = model_->operator_codes()->Get(o->opcode_index());
  info.code = builtin_code(oc);
  info.version = oc->version();
  info.inputs = span_of(o->inputs());
  info.outputs = span_of(o->outputs());
  info.op = o;
  return info;
}

const char* Model::description() const {
  return model_ && model_->description() ? model_->description()->c_str() : "";
}

size_t Model::weight_bytes() const {
  size_t total = 0;
  for (int i = 0; i < tensor_count_; ++i) {
    const TensorInfo t = tensor(i);
    if (t.is_constant()) total += t.bytes;
  }
  return total;
}

}  // namespace nib
