#!/usr/bin/env bash
# Benchmarks every model of ../shared/models on the emulated Cortex-M4 with
# both kernel sets, then writes the summary and the charts:
#
#   bash bench/run.sh [--no-build] [--update-readme] [--shared DIR] [--out DIR] [--table anchors|refined] [MODEL...]
#
#   bench/results/MODEL.KERNELS.{csv,json,txt}   nib bench-m4's per-operator table
#   bench/results/MODEL.KERNELS.aot.{json,txt}   nib bench-m4 --aot: the model compiled by nib compile
#   bench/results/aot.md                         interpreter vs compiled, per model
#   bench/results/summary.{csv,md}               per model: nib vs ANCHORS.md
#   bench/results/*.png                          charts
#
# MODEL restricts the run to those model names (file stem, e.g. seed_mnist_int8);
# the summary then still covers every result found in the output directory.
# Without --no-build, the host tools and the m4_bench firmware are (re)built
# first so the numbers describe the current sources. --update-readme also
# refreshes the results table of README.md's "Measuring on the Cortex-M4".
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${NIB_SHARED_DIR:-$repo/../shared}
out=$repo/bench/results
table=anchors
build=1
summarize_args=()
only=()
while [ $# -gt 0 ]; do
  case $1 in
    --no-build) build=0 ;;
    --update-readme) summarize_args+=(--update-readme) ;;
    --shared) shared=$2; shift ;;
    --out) out=$2; shift ;;
    --table) table=$2; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "bench: unknown option $1" >&2; exit 2 ;;
    *) only+=("$1") ;;
  esac
  shift
done
shared=$(cd "$shared" 2>/dev/null && pwd) || { echo "bench: shared data not found (${NIB_SHARED_DIR:-$repo/../shared})" >&2; exit 1; }
anchors=$shared/anchors/ANCHORS.md
# Runs from the repository with paths relative to it, so the saved tables do
# not name this machine's directories.
cd "$repo"
shared_rel=$(realpath --relative-to="$repo" "$shared")
nib=$repo/build/host/tools/nib/nib

# The charts need matplotlib: Debian's python3-matplotlib lives in the system
# interpreter, which may not be the first python3 on PATH (pyenv, venv).
py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import matplotlib' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || {
  echo "bench: python3-matplotlib is missing: apt-get install -y python3-matplotlib (scripts/setup.sh installs it)" >&2
  exit 1
}
"$py" "$repo/bench/anchors.py" --anchors "$anchors" >/dev/null  # fail early on an unreadable ANCHORS.md

if [ $build = 1 ]; then
  echo "== bench: building host tools and the m4_bench firmware"
  log=$(mktemp)
  if ! (cd "$repo" && cmake --preset host && cmake --build --preset host --target nib nib_cyclecount_all &&
        cmake --preset m4 && cmake --build --preset m4 --target m4_bench) >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "bench: the build failed (full log: $log); fix it, or measure the binaries already built with --no-build" >&2
    exit 1
  fi
  rm -f "$log"
fi

models=()
for f in "$shared"/models/*.tflite; do
  name=$(basename "$f" .tflite)
  if [ ${#only[@]} -gt 0 ]; then
    keep=0
    for o in "${only[@]}"; do [ "$o" = "$name" ] && keep=1; done
    [ $keep = 1 ] || continue
  fi
  models+=("$name")
done
[ ${#models[@]} -gt 0 ] || { echo "bench: no models selected in $shared/models" >&2; exit 1; }

mkdir -p "$out"
total=$((${#models[@]} * 2))
n=0
failed=()
for name in "${models[@]}"; do
  for kernels in reference optimized; do
    n=$((n + 1))
    base=$out/$name.$kernels
    printf '[%2d/%d] %-30s %-9s ' "$n" "$total" "$name" "$kernels"
    start=$(date +%s%N)
    if "$nib" bench-m4 "$shared_rel/models/$name.tflite" --kernels "$kernels" --table "$table" \
        --csv "$base.csv" --json "$base.json" >"$base.txt" 2>&1; then
      line=$(tail -n 1 "$base.txt")
      cycles=${line#total: cycles=}; cycles=${cycles%% *}
      ms=$((($(date +%s%N) - start) / 1000000))
      printf '%14s est. cycles  (%d.%d s)\n' "$(echo "$cycles" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" $((ms / 1000)) $((ms % 1000 / 100))
    else
      echo "FAILED (see $base.txt)"
      rm -f "$base.csv" "$base.json"
      failed+=("$name.$kernels")
    fi
    printf '       %-30s %-9s ' "(compiled)" "$kernels"
    if "$nib" bench-m4 "$shared_rel/models/$name.tflite" --kernels "$kernels" --table "$table" --aot \
        --json "$base.aot.json" >"$base.aot.txt" 2>&1; then
      grep '^code_bytes=' "$base.aot.txt" || true
    else
      echo "FAILED (see $base.aot.txt)"
      rm -f "$base.aot.json"
      failed+=("$name.$kernels.aot")
    fi
  done
done

echo "== bench: summary and charts"
"$py" "$repo/bench/summarize.py" --results "$out" --anchors "$anchors" --table "$table" "${summarize_args[@]}"
"$py" "$repo/bench/aot_table.py" --results "$out" >/dev/null
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: ${#failed[@]} run(s) failed: ${failed[*]}" >&2
  exit 1
fi
