#!/usr/bin/env bash
# examples/compiled, a project outside nib, adds nib with FetchContent
# (add_subdirectory), builds the C++ `nib compile` wrote for the seed model
# (-Wall -Wextra -Werror) and must reproduce a conformance golden byte for
# byte, for both kernel sets.
# Usage: compiled_consumer_test.sh NIB_SOURCE_DIR SHARED_DIR WORK_DIR NIB_TOOL
set -euo pipefail
src=$1 shared=$2 work=$3 nib=$4
case_name=seed_mnist_int8.mnist0
model=$shared/models/seed_mnist_int8.tflite
input=$shared/conformance/cases/$case_name.input.bin
golden=$shared/conformance/cases/$case_name.golden.bin
for f in "$model" "$input" "$golden"; do
  [ -f "$f" ] || { echo "SKIP: $f not found"; exit 77; }
done
rm -rf "$work"
mkdir -p "$work"
for kernels in optimized reference; do
  "$nib" compile "$model" -o "$work/gen-$kernels" --name seed_$kernels --kernels "$kernels"
  cmake -S "$src/examples/compiled" -B "$work/build-$kernels" -G Ninja -DCMAKE_BUILD_TYPE= -DNIB_SOURCE_DIR="$src" \
    -DNIB_COMPILED_DIR="$work/gen-$kernels" -DNIB_COMPILED_NAME=seed_$kernels >"$work/$kernels.log"
  cmake --build "$work/build-$kernels" >>"$work/$kernels.log"
  "$work/build-$kernels/compiled_consumer" "$input" "$work/$kernels.bin"
  cmp "$work/$kernels.bin" "$golden"
  echo "compiled consumer ($kernels kernels): output matches $case_name's golden"
done
