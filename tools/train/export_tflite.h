// Writes a trained network as a TFLite flatbuffer through the project's own
// schema (schema/tflite.fbs): int8 with post-training quantization, or float32.
//
// int8 follows TFLite's 8-bit quantization specification:
//  - activations: per-tensor asymmetric int8, zero point in [-128, 127], the
//    float range widened to include 0;
//  - input: scale 1/255, zero point -128 (int8 value = pixel - 128);
//  - conv weights [OC,KH,KW,IC]: per-channel symmetric int8 in [-127, 127],
//    zero point 0, quantized_dimension 0; depthwise weights [1,KH,KW,C] on
//    dimension 3; fully-connected weights [OUT,IN]: per-tensor (the spec's
//    granularity for FULLY_CONNECTED) or, on request, per-channel on dim 0;
//  - biases: int32, scale = input_scale * weight_scale[c], zero point 0;
//  - MAX_POOL_2D, AVERAGE_POOL_2D and RESHAPE outputs keep their input's
//    parameters; SOFTMAX output has scale 1/256, zero point -128.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "arch.h"

namespace nib::train {

// One layer with its float parameters, batch norm already folded in.
struct FloatLayer {
  LayerSpec spec;
  Shape in;
  Shape out;
  // TFLite layouts: Conv [OC,KH,KW,IC]; Depthwise [1,KH,KW,C];
  // Dense [OUT,IN] with IN in NHWC flattening order. Empty for the others.
  std::vector<float> weights;
  std::vector<float> bias;
};

struct FloatNet {
  std::string arch;
  Shape input = kInputShape;
  std::vector<FloatLayer> layers;
};

struct Range {
  float min = 0.0f;
  float max = 0.0f;
};

struct ExportOptions {
  bool softmax = false;         // append SOFTMAX after the classifier
  bool fc_per_channel = false;  // per-channel FULLY_CONNECTED weights
  std::string description;      // Model.description
};

// Affine parameters of an int8 activation tensor for a calibrated range.
struct ActivationQuant {
  float scale = 1.0f;
  std::int32_t zero_point = 0;
};
ActivationQuant activation_quant(Range range);

// output_ranges[i] is the calibrated float range of layers[i]'s output; it
// is ignored for pools and reshape, whose output keeps the input's parameters.
// Returns the .tflite bytes; `error` is set (and the result empty) on failure.
std::vector<std::uint8_t> export_int8_tflite(const FloatNet& net,
                                             const std::vector<Range>& output_ranges,
                                             const ExportOptions& options, std::string* error);

std::vector<std::uint8_t> export_float_tflite(const FloatNet& net, const ExportOptions& options,
                                              std::string* error);

}  // namespace nib::train
