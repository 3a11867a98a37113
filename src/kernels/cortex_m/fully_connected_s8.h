// Fast int8 FULLY_CONNECTED for the Cortex-M4. The input is taken as int16
// pairs with the input offset added, in the even/odd byte order SXTB16
// gives the weights, and four output rows share every input load. The
// assembly loop widens each input word as it reads it; the C++ rows (hosts,
// leftover rows, exact requantization) widen the row once into scratch.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cortex_m/requant.h"
#include "kernels/params.h"

namespace nib::kernels::cortex_m {

struct FcS8Params {
  FullyConnectedParams fc;
  Stage stage = Stage::kChecked;
};

// Handles per-tensor or per-channel weights with zero point 0.
bool fully_connected_s8_supported(const FullyConnectedParams& p);
// The kernel's parameters, decided once at prepare from the layer's bias.
FcS8Params fully_connected_s8_prepare(const FullyConnectedParams& p, const int32_t* bias);
// Scratch: the input widened to int16 pairs, unless the Cortex-M4 assembly
// loop (which widens as it goes) does every row.
size_t fully_connected_s8_scratch_bytes(const FcS8Params& p);
void fully_connected_s8(const FcS8Params& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                        int8_t* output, void* scratch);

}  // namespace nib::kernels::cortex_m
