#include "engine_runner.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

#include "file_io.h"
#include "nib/model.h"

namespace nib::train {

namespace {

constexpr std::size_t kPixels = 28 * 28;
constexpr std::size_t kScores = 10;

bool classifier_type(DType t) {
  return t == DType::kInt8 || t == DType::kUInt8 || t == DType::kFloat32;
}

}  // namespace

struct EngineRunner::Impl {
  tools::AlignedBytes bytes;
  Model model;
  std::vector<std::uint8_t> arena;  // over-allocated by 16 and aligned by hand
  Interpreter interp;
  Kernels kernels = Kernels::kReference;
  std::uint8_t input_lut[256 * 4] = {};  // pixel -> input element bytes

  Status start(Kernels k) {
    Options options;
    options.kernels = k;
    kernels = k;
    // Grow until init() succeeds; init() then knows the exact size.
    std::size_t size = std::size_t{64} << 10;
    for (;;) {
      arena.assign(size + Interpreter::kArenaAlignment, 0);
      const Status s = interp.init(model, aligned_arena(), size, options);
      if (s) break;
      if (s.code() != StatusCode::kArenaTooSmall || size > (std::size_t{1} << 30)) return s;
      size *= 4;
    }
    const std::size_t exact = interp.arena_usage().total();
    arena.assign(exact + Interpreter::kArenaAlignment, 0);
    return interp.init(model, aligned_arena(), exact, options);
  }

  std::uint8_t* aligned_arena() {
    const auto p = reinterpret_cast<std::uintptr_t>(arena.data());
    const std::uintptr_t a = Interpreter::kArenaAlignment;
    return arena.data() + ((a - p % a) % a);
  }

  void build_input_lut() {
    const TensorView in = interp.input(0);
    for (int p = 0; p < 256; ++p) {
      const float real = static_cast<float>(p) / 255.0f;
      std::uint8_t* dst = input_lut + 4 * p;
      if (in.type == DType::kFloat32) {
        std::memcpy(dst, &real, sizeof real);
        continue;
      }
      const float lo = in.type == DType::kInt8 ? -128.0f : 0.0f;
      const float hi = in.type == DType::kInt8 ? 127.0f : 255.0f;
      const float q = std::clamp(std::round(real / in.scale) + static_cast<float>(in.zero_point), lo, hi);
      if (in.type == DType::kInt8) {
        const auto v = static_cast<std::int8_t>(q);
        std::memcpy(dst, &v, 1);
      } else {
        dst[0] = static_cast<std::uint8_t>(q);
      }
    }
  }
};

EngineRunner::EngineRunner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EngineRunner::~EngineRunner() = default;

std::unique_ptr<EngineRunner> EngineRunner::load(std::span<const std::uint8_t> bytes, Kernels kernels,
                                                 std::string* error) {
  auto impl = std::make_unique<Impl>();
  impl->bytes = tools::AlignedBytes(bytes.size());
  if (!bytes.empty()) std::memcpy(impl->bytes.data(), bytes.data(), bytes.size());
  Status s = Model::load(impl->bytes.data(), impl->bytes.size(), impl->model);
  if (!s) {
    *error = std::string("nib refuses the model: ") + s.message();
    return nullptr;
  }
  s = impl->start(kernels);
  if (!s) {
    *error = std::string("nib cannot prepare the model: ") + s.message();
    return nullptr;
  }
  const Interpreter& interp = impl->interp;
  if (interp.input_count() != 1 || interp.output_count() != 1) {
    *error = "not a classifier: " + std::to_string(interp.input_count()) + " inputs, " +
             std::to_string(interp.output_count()) + " outputs";
    return nullptr;
  }
  const TensorView in = interp.input(0), out = interp.output(0);
  if (!classifier_type(in.type) || in.elements() != kPixels ||
      (in.type != DType::kFloat32 && in.scale <= 0.0f)) {
    *error = std::string("input is ") + dtype_name(in.type) + " x" + std::to_string(in.elements()) +
             ", expected 784 quantized int8/uint8 or float32 elements";
    return nullptr;
  }
  if (!classifier_type(out.type) || out.elements() != kScores) {
    *error = std::string("output is ") + dtype_name(out.type) + " x" + std::to_string(out.elements()) +
             ", expected 10 int8/uint8/float32 scores";
    return nullptr;
  }
  impl->build_input_lut();
  return std::unique_ptr<EngineRunner>(new EngineRunner(std::move(impl)));
}

int EngineRunner::classify(std::span<const std::uint8_t> pixels, std::vector<float>* scores) {
  Impl& m = *impl_;
  const TensorView in = m.interp.input(0);
  const std::size_t elem = dtype_size(in.type);
  auto* dst = static_cast<std::uint8_t*>(in.data);
  const std::size_t n = std::min(pixels.size(), kPixels);
  for (std::size_t i = 0; i < n; ++i) std::memcpy(dst + i * elem, m.input_lut + 4 * pixels[i], elem);
  for (std::size_t i = n; i < kPixels; ++i) std::memcpy(dst + i * elem, m.input_lut, elem);
  if (!m.interp.invoke()) return -1;

  const TensorView out = m.interp.output(0);
  float values[kScores];
  for (std::size_t c = 0; c < kScores; ++c) {
    switch (out.type) {
      case DType::kInt8:
        values[c] = out.scale * static_cast<float>(out.as<std::int8_t>()[c] - out.zero_point);
        break;
      case DType::kUInt8:
        values[c] = out.scale * static_cast<float>(out.as<std::uint8_t>()[c] - out.zero_point);
        break;
      default:
        values[c] = out.as<float>()[c];
        break;
    }
  }
  // The argmax of the stored values (ties go to the lower class); the
  // dequantization above is monotonic, so comparing `values` is the same.
  int best = 0;
  for (std::size_t c = 1; c < kScores; ++c)
    if (values[c] > values[best]) best = static_cast<int>(c);
  if (scores) scores->assign(values, values + kScores);
  return best;
}

std::vector<std::uint8_t> EngineRunner::invoke_raw(std::span<const std::uint8_t> input) {
  Impl& m = *impl_;
  const TensorView in = m.interp.input(0);
  if (input.size() != in.bytes) return {};
  std::memcpy(in.data, input.data(), input.size());
  if (!m.interp.invoke()) return {};
  const TensorView out = m.interp.output(0);
  const auto* p = static_cast<const std::uint8_t*>(out.data);
  return {p, p + out.bytes};
}

DType EngineRunner::input_type() const { return impl_->interp.input(0).type; }

std::size_t EngineRunner::arena_bytes() const { return impl_->interp.arena_usage().total(); }

std::string EngineRunner::describe() const {
  const Model& model = impl_->model;
  std::ostringstream s;
  for (int i = 0; i < model.op_count(); ++i) {
    const OpInfo op = model.op(i);
    const OpEvent e = impl_->interp.op_event(i);
    const TensorInfo out = model.tensor(op.outputs[0]);
    s << "  " << op.name() << " v" << op.version << " -> " << dtype_name(out.type) << " [";
    for (int d = 0; d < out.rank(); ++d) s << (d ? "," : "") << out.dim(d);
    s << "]";
    if (out.is_quantized()) s << " scale " << out.scale() << " zp " << out.zero_point();
    s << ", " << e.macs << " MACs, kernel " << e.kernel << "\n";
  }
  s << "  arena " << arena_bytes() << " bytes ("
    << (impl_->kernels == Kernels::kReference ? "reference" : "optimized") << " kernels)\n";
  return s.str();
}

}  // namespace nib::train
