#!/usr/bin/env bash
# The long fuzzing campaign: every target at once for SECONDS each (default
# 3600) in the `fuzz` preset's build, then bench/results/fuzz.md with the
# executions, coverage and findings of each. Run it at low priority:
#   nice -n 19 fuzz/campaign.sh 3600
# Corpora persist in build/fuzz/campaign/<target>/corpus between campaigns.
set -euo pipefail
cd "$(dirname "$0")/.."
report_only=0
if [ "${1:-}" = "--report" ]; then report_only=1; shift; fi  # rewrite fuzz.md from the last run
seconds=${1:-3600}
targets=(fuzz_model fuzz_inputs fuzz_stroke_script fuzz_idx)
work=build/fuzz/campaign
status=0
if [ $report_only -eq 0 ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j2 >/dev/null
  mkdir -p "$work"
  date -u +%Y-%m-%dT%H:%MZ >"$work/started"
  echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include apps tools fuzz || echo -dirty)" >"$work/revision"
  pids=()
  for t in "${targets[@]}"; do
    fuzz/run.sh "build/fuzz/fuzz/$t" "$seconds" "$work/$t" >"$work.$t.out" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || status=1; done
else
  for t in "${targets[@]}"; do [ "$(cut -f7 "$work/$t/summary.tsv")" = 0 ] || status=1; done
fi

out=bench/results/fuzz.md
{
  echo "# Fuzzing campaign"
  echo
  echo "Written by \`nice -n 19 fuzz/campaign.sh $seconds\` (started $(cat "$work/started"), source revision"
  echo "\`$(cat "$work/revision")\`): the four targets ran"
  echo "concurrently for $seconds s each, at the lowest priority, on a $(nproc)-core machine shared with other builds."
  echo "Build: the \`fuzz\` preset (clang $(clang --version | sed -n 's/.*clang version \([0-9.]*\).*/\1/p' | head -1), libFuzzer, AddressSanitizer +"
  echo "UndefinedBehaviorSanitizer, -O1). Seeds: ../shared models, the operator suite's models, tests/robustness"
  echo "models, the stroke scripts, synthetic IDX files. Coverage is libFuzzer's: \`cov\` = instrumented edges"
  echo "reached, of the instrumented edges of the code linked into the target; \`ft\` = features (edges x"
  echo "hit-count buckets)."
  echo
  echo "| target | seconds | executions | exec/s | cov (edges) | instrumented edges | ft | corpus units | findings |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  total=0
  for t in "${targets[@]}"; do
    IFS=$'\t' read -r name secs execs cov ft units findings <"$work/$t/summary.tsv"
    total=$((total + execs))
    edges=$(sed -n 's/.*(\([0-9]*\) inline 8-bit counters.*/\1/p' "$work/$t/log.txt" | head -1)
    echo "| $name | $secs | $execs | $((execs / secs)) | $cov | $edges | $ft | $units | $findings |"
  done
  echo
  echo "Total: $total executions."
  echo
  echo "The engine targets are the slow ones: \`fuzz_model\` runs every input that loads through init and,"
  echo "below 4 M MACs, two inferences (inference is skipped above that); \`fuzz_inputs\` runs two full"
  echo "inferences of one of the shared models (up to 12.5 M MACs) per execution, under the sanitizers."
  if [ "$status" -eq 0 ]; then
    echo "No crash, hang (${NIB_FUZZ_TIMEOUT:-60} s per input), leak or sanitizer report."
  else
    echo "**Findings**: see build/fuzz/campaign/*/findings/ and each target's log.txt."
  fi
} >"$out"
cat "$out"
exit $status
