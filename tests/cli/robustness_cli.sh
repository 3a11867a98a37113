#!/usr/bin/env sh
# `nib inspect` and `nib run` on every robustness regression model: exit 0 or
# 1 (a one-line "nib: ..." reason on stderr), never a signal, each well within
# a 10 s limit (a second is the goal; the times are printed).
#   robustness_cli.sh NIB MODELS_DIR WORKDIR
nib=$1 dir=$2 work=$3
mkdir -p "$work" && cd "$work" || exit 1
status=0
check() {  # check NAME RC: 0 or 1, one stderr line on failure
  if [ "$2" -ne 0 ] && [ "$2" -ne 1 ]; then
    echo "FAIL $1: exit $2"; cat err.txt; status=1
  elif [ "$2" -eq 1 ] && { [ "$(wc -l < err.txt)" -ne 1 ] || ! grep -q '^nib: ' err.txt; }; then
    echo "FAIL $1: not one 'nib: ...' line:"; cat err.txt; status=1
  fi
}
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
for m in "$dir"/*.tflite; do
  name=$(basename "$m" .tflite)
  t=$(date +%s%N)
  timeout 10 "$nib" inspect "$m" > out.txt 2> err.txt; rc=$?
  check "$name inspect" $rc
  inspect="inspect exit $rc $(ms "$t") ms"
  for kernels in reference optimized; do
    : > in.bin
    t=$(date +%s%N)
    timeout 10 "$nib" run "$m" --input in.bin --output out.bin --kernels $kernels > out.txt 2> err.txt; rc=$?
    # A runnable model refuses the empty input with its size: run again with that many bytes.
    need=$(sed -n 's/.* needs \([0-9]*\)$/\1/p' err.txt)
    if [ "$rc" -eq 1 ] && [ -n "$need" ]; then
      head -c "$need" /dev/zero > in.bin
      timeout 10 "$nib" run "$m" --input in.bin --output out.bin --kernels $kernels > out.txt 2> err.txt; rc=$?
    fi
    check "$name run $kernels" $rc
    inspect="$inspect, run $kernels exit $rc $(ms "$t") ms"
  done
  echo "$name: $inspect$( [ "$rc" -eq 1 ] && printf ' (%s)' "$(cat err.txt)")"
done
exit $status
