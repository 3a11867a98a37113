#!/usr/bin/env bash
# The long fuzzing campaign: every target at once for SECONDS each (default
# 3600) in the `fuzz` preset's build, then bench/results/fuzz.md with the
# executions, coverage and findings of each. Run it at low priority:
#   nice -n 19 fuzz/campaign.sh 3600
# Corpora persist in build/fuzz/campaign/<target>/corpus between campaigns.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-3600}
targets=(fuzz_model fuzz_inputs fuzz_stroke_script fuzz_idx)
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j2 >/dev/null
work=build/fuzz/campaign
started=$(date -u +%Y-%m-%dT%H:%MZ)
pids=()
for t in "${targets[@]}"; do
  fuzz/run.sh "build/fuzz/fuzz/$t" "$seconds" "$work/$t" >"$work.$t.out" 2>&1 &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done

out=bench/results/fuzz.md
{
  echo "# Fuzzing campaign"
  echo
  echo "Written by \`nice -n 19 fuzz/campaign.sh $seconds\` (started $started, source revision"
  echo "\`$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include apps tools fuzz || echo -dirty)\`): the four targets ran"
  echo "concurrently for $seconds s each, at the lowest priority, on a $(nproc)-core machine shared with other builds."
  echo "Build: the \`fuzz\` preset (clang $(clang --version | sed -n 's/.*clang version \([0-9.]*\).*/\1/p' | head -1), libFuzzer, AddressSanitizer +"
  echo "UndefinedBehaviorSanitizer, -O1). Seeds: ../shared models, the operator suite's models, tests/robustness"
  echo "models, the stroke scripts, synthetic IDX files. Coverage is libFuzzer's: \`cov\` = instrumented edges"
  echo "reached, \`ft\` = features (edges x hit-count buckets)."
  echo
  echo "| target | seconds | executions | exec/s | cov (edges) | ft | corpus units | findings |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  total=0
  for t in "${targets[@]}"; do
    IFS=$'\t' read -r name secs execs cov ft units findings <"$work/$t/summary.tsv"
    total=$((total + execs))
    echo "| $name | $secs | $execs | $((execs / secs)) | $cov | $ft | $units | $findings |"
  done
  echo
  echo "Total: $total executions."
  if [ "$status" -eq 0 ]; then
    echo "No crash, hang (${NIB_FUZZ_TIMEOUT:-60} s per input), leak or sanitizer report."
  else
    echo "**Findings**: see build/fuzz/campaign/*/findings/ and each target's log.txt."
  fi
} >"$out"
cat "$out"
exit $status
