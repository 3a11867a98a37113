#!/usr/bin/env bash
# Sets up the machine, builds every preset and runs every test:
#   host (release), host-asan (AddressSanitizer + UBSan), m4 (Cortex-M4 under QEMU),
#   fuzz (each libFuzzer target for 60 s under ASan + UBSan, clang).
# Real models and goldens are read from ../shared; tests that need them skip
# with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/fetch-mnist.sh data/mnist || echo "test: MNIST data unavailable; tests that need it will skip"
bash scripts/build.sh host host-asan m4 fuzz
status=0
for p in host host-asan m4 fuzz; do
  echo "== test: $p"
  ctest --preset "$p" -j2 || status=1
done
exit $status
