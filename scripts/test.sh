#!/usr/bin/env bash
# Sets up the machine, builds every preset and runs every test:
#   host (release), host-asan (AddressSanitizer + UBSan), m4 (Cortex-M4 under
#   QEMU: everything), m3, m7, m33, m55 (conformance and kernel equivalence
#   on the other Cortex-M cores under QEMU), stm32f429i-disco (the board image;
#   its boot self-test under QEMU's netduinoplus2), fuzz (each libFuzzer
#   target for a fixed, seeded number of inputs under ASan + UBSan, clang).
# Real models and goldens are read from ../shared; tests that need them skip
# with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/fetch-mnist.sh data/mnist || echo "test: MNIST data unavailable; tests that need it will skip"
presets=(host host-asan m4 m3 m7 m33 m55 stm32f429i-disco fuzz)
bash scripts/build.sh "${presets[@]}"
status=0
for p in "${presets[@]}"; do
  echo "== test: $p"
  ctest --preset "$p" -j2 || status=1
done
exit $status
