#!/usr/bin/env bash
# The main job: set up, build, then inspect and run a model on the host and
# on the emulated Cortex-M4 (qemu-system-arm -M mps2-an386).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh host m4
shared=../shared
model=$shared/models/seed_mnist_int8.tflite
input=$shared/conformance/cases/seed_mnist_int8.mnist0.input.bin
if [ ! -f "$model" ]; then
  echo "demo: $model not found (../shared holds the test models)" >&2
  exit 1
fi
echo; echo "== nib inspect $model"
build/host/tools/nib/nib inspect "$model"
echo; echo "== nib run on the host (MNIST test image 0, a 7)"
build/host/tools/nib/nib run "$model" --input "$input" --output /tmp/nib-host-out.bin
echo; echo "== the same on the emulated Cortex-M4"
targets/qemu-m4/run-qemu.sh build/m4/targets/qemu-m4/m4_run.elf "$model" "$input" /tmp/nib-m4-out.bin
cmp -s /tmp/nib-host-out.bin /tmp/nib-m4-out.bin && echo "host and Cortex-M4 outputs are byte-identical"
