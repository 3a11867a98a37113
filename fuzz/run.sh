#!/usr/bin/env bash
# Runs one fuzz target over its seed corpus, for a time or a fixed number of inputs:
#   fuzz/run.sh BINARY SECONDS WORKDIR [libFuzzer args...]     a campaign: random, grows WORKDIR/corpus
#   fuzz/run.sh BINARY RUNSruns WORKDIR [libFuzzer args...]    a reproducible check (ctest, CI): a fresh
#        corpus, seed 1 and RUNS inputs, so the same sources always fuzz the same inputs and a
#        finding is a regression of the code under test, not the luck of the run.
# Seeds are gathered into WORKDIR/seeds at run time (from ../shared, the
# robustness models and the repo's own files; nothing of ../shared is ever
# committed). The growing corpus goes to WORKDIR/corpus, crashing inputs to
# WORKDIR/findings/, and one summary line (target, budget, executions,
# coverage, features, corpus units, findings) to WORKDIR/summary.tsv.
# Exits non-zero on any crash, hang, leak or sanitizer report.
set -euo pipefail
bin=$1 budget_arg=$2 work=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
src=${NIB_SOURCE_DIR:-$(dirname "$here")}
shared=${NIB_SHARED_DIR:-$src/../shared}
target=$(basename "$bin")
case $budget_arg in
  *runs) reproducible=1 budget=(-runs="${budget_arg%runs}" -seed=1); rm -rf "$work/corpus" "$work/findings" "$work/seeds" ;;
  *) reproducible=0 budget=(-max_total_time="$budget_arg") ;;
esac
mkdir -p "$work/seeds" "$work/corpus" "$work/findings"
seeds=$work/seeds

copy_models() {  # copy_models DIR...: every .tflite of the directories that exist
  for d in "$@"; do
    [ -d "$d" ] && find "$d" -maxdepth 1 -name '*.tflite' -exec cp -f {} "$seeds/" \;
  done
  return 0
}

# A hang is an input running longer than NIB_FUZZ_TIMEOUT s (default 60: the
# sanitized build on a loaded 2-core machine runs a big model's two
# inferences in seconds, not milliseconds).
args=("${budget[@]}" -print_final_stats=1 -timeout="${NIB_FUZZ_TIMEOUT:-60}" -rss_limit_mb=2560
      -artifact_prefix="$work/findings/")
case $target in
  fuzz_model)
    copy_models "$shared/models" "$shared/conformance/ops/models" "$src/tests/robustness/models" "$src/models"
    [ -d "$shared" ] || echo "run.sh: $shared absent: seeds are the repo's models only"
    args+=(-dict="$here/tflite.dict" -max_len=400000)
    ;;
  fuzz_inputs)
    models=$shared/models
    [ -d "$models" ] || { echo "run.sh: $models absent: fuzzing the repo's model only"; models=$src/models; }
    export NIB_FUZZ_MODELS=$models
    n=$(find "$models" -maxdepth 1 -name '*.tflite' | wc -l)
    # One seed per model: its index byte, then a fixed pseudo-random input.
    python3 - "$seeds" "$n" <<'PY'
import random, sys
seeds, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(15)
for i in range(n):
    with open(f"{seeds}/model{i:02d}", "wb") as f:
        f.write(bytes([i]) + bytes(rng.randrange(256) for _ in range(1024)))
PY
    args+=(-max_len=65536)
    ;;
  fuzz_stroke_script)
    cp -f "$src"/tests/app/strokes/*.json "$seeds/"
    args+=(-dict="$here/json.dict" -max_len=65536)
    ;;
  fuzz_idx)
    python3 - "$seeds" <<'PY'
import struct, sys
seeds = sys.argv[1]
def write(name, b):
    open(f"{seeds}/{name}", "wb").write(b)
write("images_2x28x28", struct.pack(">IIII", 0x803, 2, 28, 28) + bytes(range(256)) * 6 + bytes(32))
write("images_3x4x5", struct.pack(">IIII", 0x803, 3, 4, 5) + bytes(60))
write("labels_5", struct.pack(">II", 0x801, 5) + bytes([0, 1, 2, 3, 9]))
PY
    args+=(-dict="$here/idx.dict" -max_len=8192)
    ;;
  *) echo "run.sh: unknown target $target" >&2; exit 2 ;;
esac

log=$work/log.txt
status=0
inputs=("$work/corpus" "$seeds")
if [ "$reproducible" = 1 ]; then
  # A directory lists its files in an order that differs between file
  # systems; a sorted list makes the run the same on every machine.
  find "$seeds" -type f | LC_ALL=C sort | paste -sd, >"$work/seed_list"
  args+=(-seed_inputs=@"$work/seed_list")
  inputs=("$work/corpus")
fi
"$bin" "${args[@]}" "$@" "${inputs[@]}" >"$log" 2>&1 || status=$?
grep -E "^(stat::|#[0-9]+ +DONE)|ERROR|SUMMARY|finding|runtime error|Test unit written" "$log" | tail -20 || true
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
units=$(find "$work/corpus" -type f | wc -l)
findings=$(find "$work/findings" -type f | wc -l)
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$budget_arg" "${execs:-0}" "${cov:-0}" "${ft:-0}" "$units" "$findings" \
  >"$work/summary.tsv"
echo "run.sh: $target $budget_arg: ${execs:-0} executions, cov ${cov:-0}, ft ${ft:-0}, corpus $units, findings $findings"
if [ "$status" -ne 0 ] || [ "$findings" -ne 0 ]; then
  echo "run.sh: $target failed (exit $status); log: $log"
  tail -40 "$log"
  exit 1
fi
