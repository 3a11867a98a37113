#!/usr/bin/env bash
# Builds examples/consumer, a project outside nib, both ways nib supports and
# checks that each build reproduces a shared conformance golden byte for byte:
#   1. nib as a subproject (FetchContent, i.e. add_subdirectory);
#   2. nib built alone, cmake --install'ed, then find_package(nib 0.2).
# Usage: consumer_test.sh NIB_SOURCE_DIR SHARED_DIR WORK_DIR
set -euo pipefail
src=$1 shared=$2 work=$3
case_name=seed_mnist_int8.mnist0
model=$shared/models/seed_mnist_int8.tflite
input=$shared/conformance/cases/$case_name.input.bin
golden=$shared/conformance/cases/$case_name.golden.bin
for f in "$model" "$input" "$golden"; do
  [ -f "$f" ] || { echo "SKIP: $f not found"; exit 77; }
done
rm -rf "$work"
mkdir -p "$work"
# No build type (-O0, no -g): the fastest to compile, and the output must be
# the same bytes at any optimization level.
gen=(-G Ninja -DCMAKE_BUILD_TYPE=)

check() {  # check NAME CONSUMER_BINARY
  "$2" "$model" "$input" "$work/$1.bin"
  cmp "$work/$1.bin" "$golden"
  echo "consumer ($1): output matches $case_name's golden"
}

echo "== nib as a subproject (FetchContent)"
cmake -S "$src/examples/consumer" -B "$work/sub" "${gen[@]}" -DNIB_FROM=source -DNIB_SOURCE_DIR="$src" >"$work/sub.log"
cmake --build "$work/sub" >>"$work/sub.log"
check subproject "$work/sub/consumer"

echo "== nib installed, then find_package"
cmake -S "$src" -B "$work/nib" "${gen[@]}" -DNIB_BUILD_TESTS=OFF -DNIB_BUILD_TOOLS=OFF -DNIB_BUILD_APPS=OFF \
  -DNIB_INSTALL=ON >"$work/nib.log"
cmake --build "$work/nib" >>"$work/nib.log"
cmake --install "$work/nib" --prefix "$work/prefix" >>"$work/nib.log"
for f in lib/libnib.a include/nib/interpreter.h include/nib/version.h lib/cmake/nib/nibConfig.cmake \
         lib/cmake/nib/nibConfigVersion.cmake; do
  [ -f "$work/prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
if find "$work/prefix" -name '*_generated.h' | grep -q .; then
  echo "the generated flatbuffers header was installed; public headers must not need it"; exit 1
fi
cmake -S "$src/examples/consumer" -B "$work/pkg" "${gen[@]}" -DNIB_FROM=package -DCMAKE_PREFIX_PATH="$work/prefix" \
  >"$work/pkg.log"
grep "consumer: nib" "$work/pkg.log"
cmake --build "$work/pkg" >>"$work/pkg.log"
check package "$work/pkg/consumer"

# A version outside 0.2.x is refused.
if cmake -S "$src/examples/consumer" -B "$work/pkg-wrong" "${gen[@]}" -DNIB_FROM=package \
     -DCMAKE_PREFIX_PATH="$work/prefix" -DNIB_WANT_VERSION=0.3 >"$work/pkg-wrong.log" 2>&1; then
  echo "find_package(nib 0.3) accepted version 0.2"; exit 1
fi
echo "find_package(nib 0.3) refused 0.2, as it should"
