// Fast int8 AVERAGE_POOL_2D for the Cortex-M4: four channels at a time, the
// window summed in int16 lanes (SXTB16 + SADD16), then the reference's
// rounding division per channel. Exact while a window holds at most 256
// positions (|sum| <= 256 * 128 fits int16).
#pragma once

#include <cstdint>

#include "kernels/params.h"

namespace nib::kernels::cortex_m {

bool average_pool_s8_supported(const PoolParams& p);
void average_pool_s8(const PoolParams& p, const int8_t* input, int8_t* output);

}  // namespace nib::kernels::cortex_m
