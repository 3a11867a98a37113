// The trainable network (libtorch) built from an ArchSpec: convolutions are
// conv (no bias) + batch norm + ReLU; batch norm is folded into the
// convolution when the network is extracted for export.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "arch.h"
#include "export_tflite.h"

namespace nib::train {

class NetImpl : public torch::nn::Module {
 public:
  explicit NetImpl(const ArchSpec& arch);

  // x: [B, 1, 28, 28], pixels scaled to [0, 1]. Returns logits [B, classes].
  torch::Tensor forward(torch::Tensor x);

  // The output of every ArchSpec layer, in order (NCHW for 4-D outputs,
  // [B, N] after the flatten, which uses NHWC order like TFLite's RESHAPE).
  std::vector<torch::Tensor> forward_layers(torch::Tensor x);

  // Float parameters with batch norm folded, in TFLite layouts. Call in eval mode.
  FloatNet fold() const;

  const ArchSpec& arch() const { return arch_; }

 private:
  ArchSpec arch_;
  std::vector<Shape> in_shapes_;
  std::vector<torch::nn::Conv2d> convs_;  // null where the layer has none
  std::vector<torch::nn::BatchNorm2d> norms_;
  std::vector<torch::nn::Linear> linears_;
};
TORCH_MODULE(Net);

}  // namespace nib::train
