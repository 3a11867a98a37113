#include "augment.h"

#include <cmath>

namespace nib::train {

namespace F = torch::nn::functional;

torch::Tensor augment(const torch::Tensor& x, const AugmentOptions& o) {
  torch::NoGradGuard no_grad;
  const auto batch = x.size(0);
  const double pi = std::acos(-1.0);
  auto uniform = [&](double lo, double hi) { return torch::rand({batch}) * (hi - lo) + lo; };

  // Stroke thickness: t > 0 blends towards a dilation, t < 0 towards an erosion.
  const auto t = uniform(-o.max_thin, o.max_thicken).view({batch, 1, 1, 1});
  const auto dilated = torch::max_pool2d(x, 3, 1, 1);
  const auto eroded = -torch::max_pool2d(-x, 3, 1, 1);
  auto y = torch::where(t >= 0, x + t * (dilated - x), x - t * (eroded - x));

  // Affine map from output to input coordinates (normalized to [-1, 1]):
  // rotate(angle) * shear / scale, then translate.
  const auto angle = uniform(-o.max_rotate_deg, o.max_rotate_deg) * (pi / 180.0);
  const auto scale = uniform(o.min_scale, o.max_scale);
  const auto shear = uniform(-o.max_shear, o.max_shear);
  const double shift = 2.0 * o.max_shift_px / static_cast<double>(x.size(3));
  const auto tx = uniform(-shift, shift);
  const auto ty = uniform(-shift, shift);
  const auto c = torch::cos(angle) / scale;
  const auto s = torch::sin(angle) / scale;
  // [[c, -s], [s, c]] * [[1, shear], [0, 1]]
  const auto theta = torch::stack(
      {torch::stack({c, c * shear - s, tx}, 1), torch::stack({s, s * shear + c, ty}, 1)},
      1);  // [B, 2, 3]
  const auto grid = F::affine_grid(theta, x.sizes(), /*align_corners=*/false);
  y = F::grid_sample(y, grid,
                     F::GridSampleFuncOptions()
                         .mode(torch::kBilinear)
                         .padding_mode(torch::kZeros)
                         .align_corners(false));
  return y.clamp(0.0, 1.0);
}

}  // namespace nib::train
