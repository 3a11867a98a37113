#include "arch.h"

#include <algorithm>

namespace nib::train {
namespace {

LayerSpec conv(int out_channels, int kernel = 3) {
  return {LayerKind::Conv, out_channels, kernel, 1, true, true};
}
LayerSpec depthwise() { return {LayerKind::Depthwise, 0, 3, 1, true, true}; }
LayerSpec maxpool() { return {LayerKind::MaxPool, 0, 2, 2, false, false}; }
LayerSpec flatten() { return {LayerKind::Flatten, 0, 0, 1, false, false}; }
LayerSpec dense(int out) { return {LayerKind::Dense, out, 0, 1, false, false}; }

int out_size(int in, int kernel, int stride, bool same) {
  return same ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
}

}  // namespace

const std::vector<ArchSpec>& architectures() {
  static const std::vector<ArchSpec> kArchs = {
      {"c8-c16-c32",
       "conv3x3x8 + pool, conv3x3x16 + pool, conv3x3x32 + pool, dense 288->10",
       {conv(8), maxpool(), conv(16), maxpool(), conv(32), maxpool(), flatten(), dense(kClasses)}},
      {"c8-c16",
       "conv3x3x8 + pool, conv3x3x16 + pool, dense 784->10",
       {conv(8), maxpool(), conv(16), maxpool(), flatten(), dense(kClasses)}},
      {"c16-c32",
       "conv3x3x16 + pool, conv3x3x32 + pool, dense 1568->10",
       {conv(16), maxpool(), conv(32), maxpool(), flatten(), dense(kClasses)}},
      {"c16-c32-c64",
       "conv3x3x16 + pool, conv3x3x32 + pool, conv3x3x64 + pool, dense 576->10",
       {conv(16), maxpool(), conv(32), maxpool(), conv(64), maxpool(), flatten(), dense(kClasses)}},
      {"c16-ds32-ds64",
       "conv3x3x16 + pool, (depthwise 3x3 + conv1x1x32) + pool, (depthwise 3x3 + conv1x1x64) + "
       "pool, "
       "dense 576->10",
       {conv(16), maxpool(), depthwise(), conv(32, 1), maxpool(), depthwise(), conv(64, 1),
        maxpool(), flatten(), dense(kClasses)}},
  };
  return kArchs;
}

const ArchSpec* find_architecture(std::string_view name) {
  for (const auto& a : architectures()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

Shape output_shape(const LayerSpec& layer, Shape in) {
  switch (layer.kind) {
    case LayerKind::Conv:
      return {out_size(in.h, layer.kernel, layer.stride, layer.same_padding),
              out_size(in.w, layer.kernel, layer.stride, layer.same_padding), layer.out_channels};
    case LayerKind::Depthwise:
      return {out_size(in.h, layer.kernel, layer.stride, layer.same_padding),
              out_size(in.w, layer.kernel, layer.stride, layer.same_padding), in.c};
    case LayerKind::MaxPool:
    case LayerKind::AvgPool:
      return {out_size(in.h, layer.kernel, layer.stride, false),
              out_size(in.w, layer.kernel, layer.stride, false), in.c};
    case LayerKind::Flatten:
      return {1, 1, static_cast<int>(in.size())};
    case LayerKind::Dense:
      return {1, 1, layer.out_channels};
  }
  return in;
}

ArchCost analyze(const ArchSpec& arch, Shape input) {
  ArchCost cost;
  Shape in = input;
  for (const auto& layer : arch.layers) {
    LayerCost lc;
    lc.in = in;
    lc.out = output_shape(layer, in);
    const std::int64_t k2 = std::int64_t{layer.kernel} * layer.kernel;
    switch (layer.kind) {
      case LayerKind::Conv:
        lc.macs = lc.out.size() * k2 * in.c;
        lc.params = std::int64_t{lc.out.c} * k2 * in.c + lc.out.c;
        cost.weight_bytes += std::int64_t{lc.out.c} * k2 * in.c + 4 * lc.out.c;
        break;
      case LayerKind::Depthwise:
        lc.macs = lc.out.size() * k2;
        lc.params = std::int64_t{in.c} * k2 + in.c;
        cost.weight_bytes += std::int64_t{in.c} * k2 + 4 * in.c;
        break;
      case LayerKind::Dense:
        lc.macs = in.size() * lc.out.c;
        lc.params = in.size() * lc.out.c + lc.out.c;
        cost.weight_bytes += in.size() * lc.out.c + 4 * lc.out.c;
        break;
      default:
        break;
    }
    cost.macs += lc.macs;
    cost.params += lc.params;
    cost.activation_bytes = std::max(cost.activation_bytes, lc.in.size() + lc.out.size());
    cost.layers.push_back(lc);
    in = lc.out;
  }
  return cost;
}

std::string layer_label(const LayerSpec& layer) {
  const std::string k = std::to_string(layer.kernel);
  switch (layer.kind) {
    case LayerKind::Conv:
      return "conv" + k + "x" + k + "x" + std::to_string(layer.out_channels) +
             (layer.relu ? "+relu" : "");
    case LayerKind::Depthwise:
      return "dwconv" + k + "x" + k + (layer.relu ? "+relu" : "");
    case LayerKind::MaxPool:
      return "maxpool" + k + "x" + k;
    case LayerKind::AvgPool:
      return "avgpool" + k + "x" + k;
    case LayerKind::Flatten:
      return "reshape";
    case LayerKind::Dense:
      return "dense" + std::to_string(layer.out_channels) + (layer.relu ? "+relu" : "");
  }
  return "?";
}

}  // namespace nib::train
