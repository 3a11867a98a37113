// Interpreter: prepares every operator, plans activation memory inside the
// caller's arena, and runs the prepared kernels.
//
// Arena layout:  [ activations (planned) ........ | persistent tables ]
//                 ^ begin, grows up                  grows down from end ^
#include "nib/interpreter.h"

#include <cstring>
#include <new>

#include "graph/graph.h"
#include "ops/context.h"
#include "plan/planner.h"
#include "runtime/introspect.h"

namespace nib {
namespace detail {

struct TensorSlot {
  void* data;      // activation (planned), constant (in the model), or null
  uint32_t bytes;  // size to plan; 0 = not planned here (its lifetime is the graph's)
};

struct OpSlot {
  ops::InvokeFn invoke;
  const void* params;
  const char* kernel;
  void* scratch;
  uint32_t scratch_bytes;
  uint32_t macs;
  bool alias;     // output 0 shares input 0's memory
  uint8_t extra16;  // scratch a fast path prefers beyond scratch_bytes, in 16-byte units (plan_offsets_with_preferred)
  int16_t code;  // builtin operator code (the profiler names it per run; a code, not a name pointer, to fit the padding)
};

}  // namespace detail

namespace {

using detail::OpSlot;
using detail::TensorSlot;

// Planner view over the interpreter's tables: tensors first, then one
// scratch buffer per operator. Offsets live in the data/scratch pointers
// until they are turned into addresses (the planner's limit keeps every
// placed offset below the arena limit, so it fits a pointer on any target).
struct PlanView {
  TensorSlot* tensors;
  OpSlot* ops;
  const graph::TensorUse* uses;
  int n_tensors, n_ops;
  int count() const { return n_tensors + n_ops; }
  uint64_t size(int i) const { return i < n_tensors ? tensors[i].bytes : ops[i - n_tensors].scratch_bytes; }
  // Preferred scratch: granted by adding it to scratch_bytes, which then
  // records the decision (the kernel sees the size it got; nib compile too).
  uint64_t extra(int i) const { return i < n_tensors ? 0 : 16 * uint64_t{ops[i - n_tensors].extra16}; }
  void grant(int i, bool on) {
    OpSlot& op = ops[i - n_tensors];
    op.scratch_bytes = on ? op.scratch_bytes + 16u * op.extra16 : op.scratch_bytes - 16u * op.extra16;
  }
  int first(int i) const { return i < n_tensors ? uses[i].first : i - n_tensors; }
  // Model outputs are read by a virtual operator after the last: the end.
  int last(int i) const { return i < n_tensors ? (uses[i].last < n_ops ? uses[i].last : n_ops - 1) : i - n_tensors; }
  uint64_t offset(int i) const {
    const uintptr_t o = reinterpret_cast<uintptr_t>(i < n_tensors ? tensors[i].data : ops[i - n_tensors].scratch);
    return o == kUnplacedPtr ? plan::kUnplaced : o;
  }
  void set_offset(int i, uint64_t o) {
    void* p = reinterpret_cast<void*>(static_cast<uintptr_t>(o));
    (i < n_tensors ? tensors[i].data : ops[i - n_tensors].scratch) = p;
  }
  static constexpr uintptr_t kUnplacedPtr = ~uintptr_t{0};
};

void* unplaced() { return reinterpret_cast<void*>(PlanView::kUnplacedPtr); }

// Widens a lifetime to include [first, last] (an unused one has first < 0).
void extend(graph::TensorUse& u, int first, int last) {
  if (first < 0) return;
  if (u.first < 0 || first < u.first) u.first = static_cast<int16_t>(first);
  if (last > u.last) u.last = static_cast<int16_t>(last);
}

}  // namespace

Status Interpreter::init(const Model& model, void* arena, size_t arena_size, const Options& options) {
  model_ = nullptr;
  tensors_ = nullptr;
  ops_ = nullptr;
  graph_ = nullptr;
  usage_ = {};
  if (arena == nullptr) return Status::error(StatusCode::kInvalidArgument, "arena is null");
  if (model.op_count() == 0) return Status::error(StatusCode::kInvalidArgument, "model is not loaded");
  // Use the 16-byte aligned part of the caller's memory.
  const uintptr_t raw = reinterpret_cast<uintptr_t>(arena);
  const uintptr_t begin_addr = (raw + kArenaAlignment - 1) & ~(kArenaAlignment - 1);
  const uintptr_t end_addr = (raw + arena_size) & ~(kArenaAlignment - 1);
  if (end_addr <= begin_addr) return Status::error(StatusCode::kArenaTooSmall, "arena of ", arena_size, " bytes");
  ArenaUsage usage;
  uint8_t* begin = reinterpret_cast<uint8_t*>(begin_addr);
  const size_t capacity = end_addr - begin_addr;
  Status s = build(model, begin, capacity, options, &usage, /*measure=*/false);
  if (!s && s.code() == StatusCode::kArenaTooSmall && usage.total() == 0) {
    // Persistent memory ran out before the plan was complete: prepare and
    // plan everything again, measuring, for the exact size needed.
    usage = {};
    s = build(model, begin, capacity, options, &usage, /*measure=*/true);
  }
  if (!s) {
    usage_ = usage;  // what the model needs (exact unless the message says "more than")
    return s;
  }
  model_ = &model;
  usage_ = usage;
  return Status::ok();
}

Status Interpreter::build(const Model& model, uint8_t* begin, size_t capacity, const Options& options,
                          ArenaUsage* usage, bool measure) {
  const int n_tensors = model.tensor_count();
  const int n_ops = model.op_count();
  ops::PersistentAllocator alloc(begin + capacity, capacity);
  auto* tensors = static_cast<TensorSlot*>(alloc.allocate(sizeof(TensorSlot) * n_tensors, alignof(TensorSlot)));
  auto* ops = static_cast<OpSlot*>(alloc.allocate(sizeof(OpSlot) * n_ops, alignof(OpSlot)));
  auto* uses = static_cast<graph::TensorUse*>(
      alloc.allocate(sizeof(graph::TensorUse) * n_tensors, alignof(graph::TensorUse)));
  auto* fusion = static_cast<graph::OpFusion*>(alloc.allocate(sizeof(graph::OpFusion) * n_ops, alignof(graph::OpFusion)));
  auto* graph = static_cast<graph::Graph*>(alloc.allocate(sizeof(graph::Graph), alignof(graph::Graph)));
  // Too small even to measure: the tables, or the largest operator's
  // persistent data next to them, do not fit. Only a lower bound is known.
  const auto more_than = [&](size_t known) {
    usage->persistent = known;
    usage->activations = 0;
    return Status::error(StatusCode::kArenaTooSmall, "arena too small: model needs more than ", known,
                         " bytes, arena has ", capacity, " (too small to measure exactly)");
  };
  // Not enough persistent memory in a real run: init measures next.
  const auto out_of_persistent = [&] {
    *usage = {};  // unknown yet

    return Status::error(StatusCode::kArenaTooSmall, "arena too small");
  };
  if (alloc.exhausted()) return more_than(alloc.used());
  graph = new (graph) graph::Graph;
  graph->build(model, uses, fusion);
  if (measure) alloc.start_rolling();

  for (int i = 0; i < n_ops; ++i) {
    const OpInfo info = model.op(i);
    NIB_RETURN_IF_ERROR(model.op_support(i));  // a model loaded allowing unsupported ops
    const ops::PrepareFn prepare = ops::find_prepare(info.code);
    if (prepare == nullptr)
      return Status::error(StatusCode::kUnsupported, "operator ", i, ": ", info.name(), " version ", info.version,
                           " is not supported");
    if (measure) alloc.next_window();
    ops::PrepareContext ctx(*graph, i, options, alloc);
    NIB_RETURN_IF_ERROR(prepare(ctx));
    if (alloc.exhausted()) return out_of_persistent();
    if (alloc.window_overflow()) return more_than(alloc.used());
    const ops::Prepared& p = ctx.prepared();
    if (p.scratch_bytes > kMaxArenaBytes)
      return Status::error(StatusCode::kUnsupported, "operator ", i, " (", info.name(), "): scratch of ",
                           p.scratch_bytes, " bytes exceeds the arena limit");
    // A preference too large for the byte (over 4 KB more) is dropped.
    const size_t extra = p.scratch_preferred > p.scratch_bytes ? p.scratch_preferred - p.scratch_bytes : 0;
    const auto extra16 = static_cast<uint8_t>(extra <= 16 * 255 ? (extra + 15) / 16 : 0);
    ops[i] = OpSlot{p.invoke, p.params, p.kernel, nullptr, static_cast<uint32_t>(p.scratch_bytes),
                    static_cast<uint32_t>(p.macs > 0xFFFFFFFFu ? 0xFFFFFFFFu : p.macs), p.output_aliases_input,
                    extra16, static_cast<int16_t>(info.code)};
    if (graph->absorbed(i)) {  // prepared (validated) but run by the previous operator's kernel
      ops[i].kernel = "fused";
      ops[i].scratch_bytes = 0;
      ops[i].extra16 = 0;
    }
    if (ops[i].scratch_bytes != 0 || ops[i].extra16 != 0) ops[i].scratch = unplaced();
  }

  // Lifetimes of activations are the graph's uses, less what the fusions
  // that prepare accepted never materialize; constants are used in place.
  for (int t = 0; t < n_tensors; ++t) tensors[t] = TensorSlot{const_cast<void*>(model.tensor(t).data), 0};
  graph->apply_fusions();
  // An alias output (RESHAPE) lives in its input's memory: its uses extend
  // the input's lifetime. An alias reads a tensor written earlier, so one
  // pass from the last operator back carries a chain's uses to its root.
  for (int i = n_ops - 1; i >= 0; --i) {
    if (!ops[i].alias) continue;
    const OpInfo o = model.op(i);
    graph::TensorUse& out = uses[o.outputs[0]];
    extend(uses[o.inputs[0]], out.first, out.last);
    out = graph::TensorUse{};  // never planned itself
  }
  for (int t = 0; t < n_tensors; ++t) {
    TensorSlot& s = tensors[t];
    if (s.data == nullptr && uses[t].used()) {
      s.bytes = static_cast<uint32_t>(model.tensor(t).bytes);
      s.data = unplaced();
    }
  }

  // Rounded so that the reported total, given from an aligned address, fits.
  usage->persistent = (alloc.used() + kArenaAlignment - 1) & ~(kArenaAlignment - 1);
  if (usage->persistent > kMaxArenaBytes)
    return Status::error(StatusCode::kUnsupported, "persistent memory of ", usage->persistent,
                         " bytes exceeds the arena limit of ", static_cast<unsigned long long>(kMaxArenaBytes),
                         " bytes");
  PlanView view{tensors, ops, uses, n_tensors, n_ops};
  const uint64_t room = kMaxArenaBytes - usage->persistent;
  const uint64_t activations = plan::plan_offsets_with_preferred(view, kArenaAlignment, room);
  if (activations > room)
    return Status::error(StatusCode::kUnsupported, "activation memory plan exceeds the arena limit of ",
                         static_cast<unsigned long long>(kMaxArenaBytes), " bytes");
  usage->activations = static_cast<size_t>(activations);
  if (usage->total() > capacity || measure)
    return Status::error(StatusCode::kArenaTooSmall, "arena too small: model needs ", usage->total(),
                         " bytes (activations ", usage->activations, " + persistent ", usage->persistent,
                         "), arena has ", capacity);

  // Offsets -> addresses; aliases take their source's address (in operator
  // order, so a chain's earlier links are resolved first).
  for (int t = 0; t < n_tensors; ++t)
    if (tensors[t].bytes != 0) tensors[t].data = begin + view.offset(t);
  for (int i = 0; i < n_ops; ++i)
    if (ops[i].scratch_bytes != 0) ops[i].scratch = begin + view.offset(n_tensors + i);
  for (int i = 0; i < n_ops; ++i) {
    if (!ops[i].alias) continue;
    const OpInfo o = model.op(i);
    tensors[o.outputs[0]].data = tensors[o.inputs[0]].data;
  }
  tensors_ = tensors;
  ops_ = ops;
  graph_ = graph;
  return Status::ok();
}

Status Interpreter::invoke() {
  if (model_ == nullptr) return Status::error(StatusCode::kInvalidArgument, "interpreter is not initialized");
  // Entries past an operator's own count are null: kernels test optional
  // inputs (a bias) for null, and must not see the previous operator's.
  const void* inputs[limits::kMaxOpInputs] = {};
  void* outputs[limits::kMaxOpOutputs];
  size_t previous = 0;
  for (int i = 0; i < model_->op_count(); ++i) {
    const OpInfo o = model_->op(i);
    for (size_t k = o.inputs.size(); k < previous; ++k) inputs[k] = nullptr;
    previous = o.inputs.size();
    for (size_t k = 0; k < o.inputs.size(); ++k) inputs[k] = o.inputs[k] < 0 ? nullptr : tensors_[o.inputs[k]].data;
    for (size_t k = 0; k < o.outputs.size(); ++k) outputs[k] = tensors_[o.outputs[k]].data;
    if (graph_->fuses_next(i)) outputs[0] = tensors_[graph_->fused_output(i)].data;
    const OpSlot& slot = ops_[i];
    const bool runs = !graph_->absorbed(i);
    const ops::OpRuntime rt{slot.params, inputs, outputs, slot.scratch, slot.scratch_bytes};
    if (profiler_ != nullptr) {
      const OpEvent event = op_event(i);
      profiler_->op_begin(event);
      if (runs) slot.invoke(rt);
      profiler_->op_end(event);
    } else if (runs) {
      slot.invoke(rt);
    }
  }
  return Status::ok();
}

int Interpreter::input_count() const { return model_ ? static_cast<int>(model_->inputs().size()) : 0; }
int Interpreter::output_count() const { return model_ ? static_cast<int>(model_->outputs().size()) : 0; }

TensorView Interpreter::tensor(int index) const {
  TensorView v;
  if (model_ == nullptr || index < 0 || index >= model_->tensor_count()) return v;
  const TensorInfo info = model_->tensor(index);
  v.type = info.type;
  v.rank = info.rank();
  for (int d = 0; d < v.rank; ++d) v.dims[d] = info.dim(d);
  v.scale = info.scale();
  v.zero_point = info.zero_point();
  v.data = tensors_[index].data;
  v.bytes = info.bytes;
  v.name = info.name;
  return v;
}

TensorView Interpreter::input(int index) const {
  if (index < 0 || index >= input_count()) return {};
  return tensor(model_->inputs()[static_cast<size_t>(index)]);
}

TensorView Interpreter::output(int index) const {
  if (index < 0 || index >= output_count()) return {};
  return tensor(model_->outputs()[static_cast<size_t>(index)]);
}

OpEvent Interpreter::op_event(int index) const {
  OpEvent e;
  if (model_ == nullptr || index < 0 || index >= model_->op_count()) return e;
  e.index = index;
  e.op = builtin_op_name(ops_[index].code);
  e.kernel = ops_[index].kernel;
  e.macs = ops_[index].macs;
  return e;
}

}  // namespace nib

namespace nib::detail {

PreparedOp InterpreterAccess::op(const Interpreter& interp, int index) {
  const OpSlot& s = interp.ops_[index];
  PreparedOp p;
  p.op = builtin_op_name(s.code);
  p.kernel = s.kernel;
  p.params = s.params;
  p.scratch = s.scratch_bytes != 0 ? s.scratch : nullptr;
  p.scratch_bytes = s.scratch_bytes;
  p.macs = s.macs;
  p.alias = s.alias;
  p.fuses_next = interp.graph_->fuses_next(index);
  p.skipped = interp.graph_->absorbed(index);
  return p;
}

void* InterpreterAccess::tensor_data(const Interpreter& interp, int index) { return interp.tensors_[index].data; }

}  // namespace nib::detail
