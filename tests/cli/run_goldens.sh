#!/usr/bin/env bash
# Runs every case of ../shared/conformance/cases.tsv through `nib run` and
# compares the output file with the golden file byte for byte.
# Usage: run_goldens.sh NIB_BINARY SHARED_DIR [reference|optimized]
set -u
nib=$1 shared=$2 kernels=${3:-optimized}
cases="$shared/conformance/cases.tsv"
[ -f "$cases" ] || { echo "SKIP: $cases not found"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while IFS=$'\t' read -r name model input golden _type _tol; do
  [ "$name" = case ] && continue
  if "$nib" run "$shared/models/$model" --input "$shared/conformance/$input" --output "$tmp/out.bin" \
       --kernels "$kernels" >/dev/null && cmp -s "$tmp/out.bin" "$shared/conformance/$golden"; then
    pass=$((pass + 1))
  else
    echo "MISMATCH: $name"; fail=$((fail + 1))
  fi
done < "$cases"
echo "nib run goldens ($kernels): $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
