// Candidate network architectures for the digit model, described without
// libtorch so that the trainer, the exporter and the cost report share them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nib::train {

enum class LayerKind {
  Conv,       // CONV_2D, fused ReLU
  Depthwise,  // DEPTHWISE_CONV_2D (depth multiplier 1), fused ReLU
  MaxPool,    // MAX_POOL_2D
  AvgPool,    // AVERAGE_POOL_2D
  Flatten,    // RESHAPE to [1, H*W*C] (NHWC order)
  Dense,      // FULLY_CONNECTED
};

struct LayerSpec {
  LayerKind kind = LayerKind::Conv;
  int out_channels = 0;      // Conv, Dense (Depthwise keeps its input channels)
  int kernel = 3;            // Conv, Depthwise, pools (square)
  int stride = 1;            // Conv, Depthwise, pools
  bool same_padding = true;  // Conv, Depthwise (pools are always VALID)
  bool relu = true;          // Conv, Depthwise, Dense
};

struct ArchSpec {
  std::string name;
  std::string summary;
  std::vector<LayerSpec> layers;
};

// Height, width, channels of an NHWC activation (batch 1).
struct Shape {
  int h = 0;
  int w = 0;
  int c = 0;
  std::int64_t size() const { return std::int64_t{h} * w * c; }
};

struct LayerCost {
  Shape in;
  Shape out;
  std::int64_t macs = 0;
  std::int64_t params = 0;  // weights + biases (after batch-norm folding)
};

struct ArchCost {
  std::vector<LayerCost> layers;
  std::int64_t macs = 0;
  std::int64_t params = 0;
  std::int64_t weight_bytes = 0;      // int8 weights + int32 biases
  std::int64_t activation_bytes = 0;  // peak of (input + output) of any op, int8
};

inline constexpr Shape kInputShape{28, 28, 1};
inline constexpr int kClasses = 10;

// The candidates; the first is the default.
const std::vector<ArchSpec>& architectures();
const ArchSpec* find_architecture(std::string_view name);

// Output shape of one layer (pools and convs use TFLite's SAME/VALID rules).
Shape output_shape(const LayerSpec& layer, Shape in);

// Shapes, MACs, parameters and the peak activation memory of a whole network
// whose last layer is the classifier.
ArchCost analyze(const ArchSpec& arch, Shape input = kInputShape);

std::string layer_label(const LayerSpec& layer);

}  // namespace nib::train
