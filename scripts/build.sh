#!/usr/bin/env bash
# Configures and builds the given CMake presets (default: host, m4 and the
# STM32F429I-DISCO board image).
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(host m4 stm32f429i-disco)
for p in "${presets[@]}"; do
  echo "== build: $p"
  cmake --preset "$p" >/dev/null
  cmake --build --preset "$p"
done
