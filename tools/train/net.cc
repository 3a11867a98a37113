#include "net.h"

#include <stdexcept>
#include <string>

namespace nib::train {

NetImpl::NetImpl(const ArchSpec& arch) : arch_(arch) {
  Shape in = kInputShape;
  for (std::size_t i = 0; i < arch_.layers.size(); ++i) {
    const auto& l = arch_.layers[i];
    in_shapes_.push_back(in);
    const Shape out = output_shape(l, in);
    torch::nn::Conv2d conv{nullptr};
    torch::nn::BatchNorm2d norm{nullptr};
    torch::nn::Linear linear{nullptr};
    const std::string id = std::to_string(i);
    if (l.kind == LayerKind::Conv || l.kind == LayerKind::Depthwise) {
      if (l.same_padding && (l.stride != 1 || l.kernel % 2 == 0)) {
        throw std::invalid_argument(
            "SAME padding is implemented for odd kernels with stride 1 only");
      }
      const bool dw = l.kind == LayerKind::Depthwise;
      auto opts = torch::nn::Conv2dOptions(in.c, out.c, l.kernel)
                      .stride(l.stride)
                      .padding(l.same_padding ? l.kernel / 2 : 0)
                      .groups(dw ? in.c : 1)
                      .bias(false);
      conv = register_module("conv" + id, torch::nn::Conv2d(opts));
      norm = register_module("bn" + id, torch::nn::BatchNorm2d(out.c));
    } else if (l.kind == LayerKind::Dense) {
      linear = register_module("fc" + id, torch::nn::Linear(in.size(), out.c));
    }
    convs_.push_back(conv);
    norms_.push_back(norm);
    linears_.push_back(linear);
    in = out;
  }
}

std::vector<torch::Tensor> NetImpl::forward_layers(torch::Tensor x) {
  std::vector<torch::Tensor> outs;
  for (std::size_t i = 0; i < arch_.layers.size(); ++i) {
    const auto& l = arch_.layers[i];
    switch (l.kind) {
      case LayerKind::Conv:
      case LayerKind::Depthwise:
        x = norms_[i]->forward(convs_[i]->forward(x));
        if (l.relu) x = torch::relu(x);
        break;
      case LayerKind::MaxPool:
        x = torch::max_pool2d(x, l.kernel, l.stride);
        break;
      case LayerKind::AvgPool:
        x = torch::avg_pool2d(x, l.kernel, l.stride);
        break;
      case LayerKind::Flatten:
        x = x.permute({0, 2, 3, 1}).flatten(1);  // NHWC order, as TFLite sees it
        break;
      case LayerKind::Dense:
        x = linears_[i]->forward(x);
        if (l.relu) x = torch::relu(x);
        break;
    }
    outs.push_back(x);
  }
  return outs;
}

torch::Tensor NetImpl::forward(torch::Tensor x) { return forward_layers(std::move(x)).back(); }

namespace {
std::vector<float> to_vector(const torch::Tensor& t) {
  auto c = t.detach().to(torch::kFloat32).contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}
}  // namespace

FloatNet NetImpl::fold() const {
  torch::NoGradGuard no_grad;
  FloatNet net;
  net.arch = arch_.name;
  for (std::size_t i = 0; i < arch_.layers.size(); ++i) {
    FloatLayer fl;
    fl.spec = arch_.layers[i];
    fl.in = in_shapes_[i];
    fl.out = output_shape(fl.spec, fl.in);
    if (convs_[i]) {
      const auto& bn = norms_[i];
      const auto s = bn->weight / torch::sqrt(bn->running_var + bn->options.eps());
      auto w = convs_[i]->weight * s.view({-1, 1, 1, 1});  // [OC, IC/groups, KH, KW]
      auto b = bn->bias - bn->running_mean * s;
      if (fl.spec.kind == LayerKind::Depthwise) {
        w = w.permute({1, 2, 3, 0});  // [1, KH, KW, C]
      } else {
        w = w.permute({0, 2, 3, 1});  // [OC, KH, KW, IC]
      }
      fl.weights = to_vector(w);
      fl.bias = to_vector(b);
    } else if (linears_[i]) {
      fl.weights = to_vector(linears_[i]->weight);  // [OUT, IN], IN already NHWC
      fl.bias = to_vector(linears_[i]->bias);
    }
    net.layers.push_back(std::move(fl));
  }
  return net;
}

}  // namespace nib::train
