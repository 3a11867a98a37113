// Training-time augmentation that makes MNIST digits look more like digits
// drawn with a finger on a small touch screen: off-centre, bigger or smaller,
// slanted, and with thicker (or thinner) strokes.
#pragma once

#include <torch/torch.h>

namespace nib::train {

struct AugmentOptions {
  float max_shift_px = 3.0f;  // uniform in [-max, max], each axis
  float min_scale = 0.85f;    // digit size factor
  float max_scale = 1.15f;
  float max_rotate_deg = 15.0f;  // uniform in [-max, max]
  float max_shear = 0.15f;       // horizontal shear factor, uniform in [-max, max]
  float max_thicken = 1.0f;      // blend factor towards a 3x3 dilation
  float max_thin = 0.4f;         // blend factor towards a 3x3 erosion
};

// x: [B, 1, H, W] in [0, 1]. Draws its random numbers from the default CPU
// generator (torch::manual_seed makes it repeatable).
torch::Tensor augment(const torch::Tensor& x, const AugmentOptions& options);

}  // namespace nib::train
