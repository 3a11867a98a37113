// Every case of ../shared/conformance: nib's output bytes must equal the
// golden bytes TFLite Micro's reference kernels produced (float32 within the
// stated tolerance), with both kernel sets, and every activation of the
// per-layer dumps must match too.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "nib/interpreter.h"
#include "support/shared_data.h"

namespace nib::test {
namespace {

struct Runner {
  tools::AlignedBytes model_bytes;
  Model model;
  std::vector<uint8_t> arena = std::vector<uint8_t>(4 << 20);
  Interpreter interp;

  ::testing::AssertionResult load(const std::string& path, Kernels kernels) {
    model_bytes = read_aligned(path);
    Status s = Model::load(model_bytes.data(), model_bytes.size(), model);
    if (!s) return ::testing::AssertionFailure() << path << ": " << s.message();
    Options options;
    options.kernels = kernels;
    s = interp.init(model, arena.data(), arena.size(), options);
    if (!s) return ::testing::AssertionFailure() << path << ": " << s.message();
    return ::testing::AssertionSuccess();
  }
};

void expect_float_close(const std::vector<uint8_t>& got, const std::vector<uint8_t>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size() / 4; ++i) {
    float g, w;
    std::memcpy(&g, got.data() + 4 * i, 4);
    std::memcpy(&w, want.data() + 4 * i, 4);
    EXPECT_LE(std::fabs(g - w), 1e-5f + 1e-4f * std::fabs(w)) << "element " << i << ": " << g << " vs " << w;
  }
}

class Conformance : public ::testing::TestWithParam<Kernels> {};

TEST_P(Conformance, EveryCaseMatchesGolden) {
  NIB_REQUIRE_SHARED();
  const auto cases = conformance_cases();
  ASSERT_GE(cases.size(), 40u);
  for (const ConformanceCase& c : cases) {
    SCOPED_TRACE(c.name);
    Runner r;
    ASSERT_TRUE(r.load(c.model, GetParam()));
    const std::vector<uint8_t> input = read_bytes(c.input);
    const TensorView in = r.interp.input(0);
    ASSERT_EQ(input.size(), in.bytes);
    std::memcpy(in.data, input.data(), input.size());
    ASSERT_TRUE(r.interp.invoke());
    const TensorView out = r.interp.output(0);
    const std::vector<uint8_t> golden = read_bytes(c.golden);
    const std::vector<uint8_t> got(out.as<uint8_t>(), out.as<uint8_t>() + out.bytes);
    if (c.tolerance == "0") {
      EXPECT_EQ(got, golden);
    } else {
      expect_float_close(got, golden);
    }
  }
}

// Checks each operator's outputs right after it runs, before later
// operators can reuse their memory.
class LayerChecker : public Profiler {
 public:
  LayerChecker(const Interpreter& interp, const Model& model, std::map<int, std::vector<uint8_t>> golden)
      : interp_(interp), model_(model), golden_(std::move(golden)) {}
  void op_begin(const OpEvent&) override {}
  void op_end(const OpEvent& e) override {
    for (int32_t t : model_.op(e.index).outputs) {
      auto it = golden_.find(t);
      if (it == golden_.end()) continue;
      const TensorView v = interp_.tensor(t);
      if (v.data == nullptr) {  // fused away: an optimized kernel never materializes it
        ++fused_;
        continue;
      }
      const std::vector<uint8_t> got(v.as<uint8_t>(), v.as<uint8_t>() + v.bytes);
      EXPECT_EQ(got, it->second) << "operator " << e.index << " (" << e.op << ") output tensor " << t;
      ++checked_;
    }
  }
  int checked() const { return checked_; }
  int fused() const { return fused_; }

 private:
  const Interpreter& interp_;
  const Model& model_;
  std::map<int, std::vector<uint8_t>> golden_;
  int checked_ = 0;
  int fused_ = 0;
};

TEST_P(Conformance, EveryLayerMatchesGolden) {
  NIB_REQUIRE_SHARED();
  const auto layers = shared_dir() / "conformance" / "layers";
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(layers)) {
    const std::string name = entry.path().filename().string();  // MODEL.mid
    SCOPED_TRACE(name);
    const std::string model_name = name.substr(0, name.rfind('.'));
    Runner r;
    ASSERT_TRUE(r.load((shared_dir() / "models" / (model_name + ".tflite")).string(), GetParam()));
    // index.txt: tensor index, then other columns; tNNN.bin holds its bytes.
    std::map<int, std::vector<uint8_t>> golden;
    std::ifstream index(entry.path() / "index.txt");
    std::string line;
    while (std::getline(index, line)) {
      std::istringstream row(line);
      int t = -1;
      if (!(row >> t)) continue;
      char file[16];
      std::snprintf(file, sizeof file, "t%03d.bin", t);
      golden[t] = read_bytes(entry.path() / file);
    }
    ASSERT_FALSE(golden.empty());
    const std::vector<uint8_t> input = read_bytes(shared_dir() / "conformance" / "cases" / (name + ".input.bin"));
    const TensorView in = r.interp.input(0);
    ASSERT_EQ(input.size(), in.bytes);
    std::memcpy(in.data, input.data(), input.size());
    // The input tensor itself is in the dump too: check it went in intact.
    if (golden.count(r.model.inputs()[0])) {
      EXPECT_EQ(std::vector<uint8_t>(in.as<uint8_t>(), in.as<uint8_t>() + in.bytes), golden[r.model.inputs()[0]]);
    }
    LayerChecker checker(r.interp, r.model, golden);
    r.interp.set_profiler(&checker);
    ASSERT_TRUE(r.interp.invoke());
    EXPECT_GE(checker.checked() + checker.fused() + 1, static_cast<int>(golden.size()))
        << "some dumped tensors were never produced";
    if (GetParam() == Kernels::kReference) {
      EXPECT_EQ(checker.fused(), 0);
    }
    ++cases;
  }
  EXPECT_GE(cases, 8);
}

INSTANTIATE_TEST_SUITE_P(Kernels, Conformance, ::testing::Values(Kernels::kReference, Kernels::kOptimized),
                         [](const auto& param_info) {
                           return param_info.param == Kernels::kReference ? "reference" : "optimized";
                         });

}  // namespace
}  // namespace nib::test
