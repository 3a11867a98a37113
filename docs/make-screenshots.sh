#!/usr/bin/env bash
# Regenerates the digit app's screenshots in docs/ from existing builds:
#   screenshot-idle.png, screenshot-result.png   nib-sim --headless (host build)
#   screenshot-window.png                        the real SDL window, under Xvfb
#   screenshot-m4.png                            the framebuffer of the digits_demo
#                                                firmware under QEMU (m4 build)
#   docs/make-screenshots.sh [HOST_BUILD_DIR] [M4_BUILD_DIR]   (default build/host build/m4)
# Parts whose build or tool (xvfb-run) is missing are skipped with a note.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
host=${1:-build/host}
m4=${2:-build/m4}
sim="$host/targets/host-sim/nib-sim"
model=${NIB_DIGITS_MODEL:-models/nib_mnist_int8.tflite}
drawing=tests/app/strokes/0_narrow_02.json

if [ -x "$sim" ]; then
  "$sim" --headless --model "$model" --screenshot docs/screenshot-idle.png >/dev/null
  "$sim" --headless --model "$model" --strokes "$drawing" --screenshot docs/screenshot-result.png
  if command -v xvfb-run >/dev/null; then
    xvfb-run -a -s "-screen 0 800x700x24" "$sim" --model "$model" --strokes tests/app/strokes/7_crossed_07.json \
      --exit-after 3000 --screenshot docs/screenshot-window.png >/dev/null
  else
    echo "make-screenshots: no xvfb-run; skipping the window screenshot"
  fi
else
  echo "make-screenshots: no $sim; skipping the simulator screenshots"
fi

if [ -f "$m4/targets/qemu-m4/digits_demo.elf" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  targets/qemu-m4/digits-demo.sh --elf "$m4/targets/qemu-m4/digits_demo.elf" --model "$model" --fb "$tmp" \
    --strokes "$(dirname "$drawing")" >/dev/null
  cp "$tmp/4_open_00.png" docs/screenshot-m4.png
else
  echo "make-screenshots: no digits_demo firmware in $m4; skipping the Cortex-M4 screenshot"
fi
ls -l docs/*.png
