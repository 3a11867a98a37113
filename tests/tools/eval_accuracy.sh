#!/usr/bin/env bash
# Checks the accuracy line of `nib eval` on the MNIST test set.
# Usage:
#   eval_accuracy.sh NIB MODEL MNIST_DIR KERNELS anchor ANCHORS.md   # must equal the TFLM figure there
#   eval_accuracy.sh NIB MODEL MNIST_DIR KERNELS min PERCENT         # must be at least PERCENT
#   ... [--errors FILE.png]                                          # also write and check the error grid
# Exits 77 (skipped) when the MNIST files, the model or ANCHORS.md are missing.
set -u
nib=$1 model=$2 mnist=$3 kernels=$4 mode=$5 want=$6
shift 6
errors=""
[ "${1:-}" = --errors ] && errors=$2

for f in "$mnist/t10k-images-idx3-ubyte" "$mnist/t10k-labels-idx1-ubyte" "$model"; do
  [ -f "$f" ] || { echo "SKIP: $f not found (MNIST: bash scripts/fetch-mnist.sh data/mnist)"; exit 77; }
done

if [ "$mode" = anchor ]; then
  [ -f "$want" ] || { echo "SKIP: $want not found"; exit 77; }
  # "seed_mnist_int8 with TFLM's reference kernels: **98.59 %** top-1 ..." under "## Accuracy".
  anchor=$(sed -n '/^## Accuracy/,/^## /p' "$want" | grep -o '\*\*[0-9]*\.[0-9]* %\*\*' | head -n 1 | tr -d '* %')
  [ -n "$anchor" ] || { echo "FAIL: no accuracy figure found under '## Accuracy' in $want"; exit 1; }
  echo "anchor (TFLM reference kernels): $anchor%"
fi

args=(eval "$model" --mnist "$mnist" --kernels "$kernels")
[ -n "$errors" ] && { rm -f "$errors"; args+=(--errors "$errors"); }
out=$("$nib" "${args[@]}") || { echo "FAIL: nib ${args[*]} exited non-zero"; echo "$out"; exit 1; }
echo "$out"

line=$(printf '%s\n' "$out" | head -n 1)
if ! [[ $line =~ ^accuracy:\ ([0-9]+\.[0-9]{2})%\ \(([0-9]+)/10000\)$ ]]; then
  echo "FAIL: first line is not 'accuracy: NN.NN% (N/10000)'"; exit 1
fi
got=${BASH_REMATCH[1]} correct=${BASH_REMATCH[2]}
# The confusion matrix: a header and 10 rows whose counts add up to 10000.
total=$(printf '%s\n' "$out" | awk '/^confusion matrix/ {m = 1; getline; next} m && NF == 12 && $1 == r {for (i = 2; i <= 11; ++i) s += $i; r++} END {print (r == 10 ? s : -1)}')
[ "$total" = 10000 ] || { echo "FAIL: confusion matrix rows do not add up to 10000 ($total)"; exit 1; }

if [ "$mode" = anchor ]; then
  [ "$got" = "$anchor" ] || { echo "FAIL: accuracy $got% differs from the anchor $anchor%"; exit 1; }
else
  awk -v g="$got" -v w="$want" 'BEGIN {exit !(g + 0 >= w + 0)}' ||
    { echo "FAIL: accuracy $got% is below $want%"; exit 1; }
fi

if [ -n "$errors" ]; then
  misread=$((10000 - correct))
  [ "$(head -c 8 "$errors" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    { echo "FAIL: $errors is not a PNG file"; exit 1; }
  printf '%s\n' "$out" | grep -q "wrote $errors: $misread misread image" ||
    { echo "FAIL: no 'wrote $errors: $misread misread images' line"; exit 1; }
fi
echo "PASS: accuracy $got% ($kernels kernels)"
