#!/usr/bin/env bash
# The handwritten-digit app on the emulated Cortex-M4: runs the digits_demo
# firmware under QEMU over every stroke script (and optionally MNIST test
# digits) and prints a results table. Builds nothing: build the m4 preset
# first (cmake --preset m4 && cmake --build --preset m4).
#
#   targets/qemu-m4/digits-demo.sh [--elf ELF] [--model MODEL] [--strokes DIR]
#                                  [--fb DIR] [--mnist N] [--mnist-dir DIR]
#
#   --elf       firmware (default build/m4/targets/qemu-m4/digits_demo.elf)
#   --model     .tflite digit model (default $NIB_DIGITS_MODEL or the
#               project's own models/nib_mnist_int8.tflite)
#   --strokes   directory of stroke scripts (default tests/app/strokes)
#   --fb DIR    save the firmware's screen after every drawing as DIR/*.png
#   --mnist N   also draw the first N MNIST test digits (from --mnist-dir,
#               default data/mnist) onto the canvas and recognize them
#
# Exit status: 0 when the firmware ran every drawing and the optimized and
# reference kernels agreed byte for byte on all of them.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

elf=build/m4/targets/qemu-m4/digits_demo.elf
model=${NIB_DIGITS_MODEL:-models/nib_mnist_int8.tflite}
strokes=tests/app/strokes
fb=""
mnist=0
mnist_dir=data/mnist
while [ $# -gt 0 ]; do
  case $1 in
    --elf) elf=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --strokes) strokes=$2; shift 2 ;;
    --fb) fb=$2; shift 2 ;;
    --mnist) mnist=$2; shift 2 ;;
    --mnist-dir) mnist_dir=$2; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "digits-demo: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -f "$elf" ] || { echo "digits-demo: no firmware at $elf (build the m4 preset first)" >&2; exit 2; }
[ -f "$model" ] || { echo "digits-demo: no model at $model" >&2; exit 2; }
ls "$strokes"/*.json >/dev/null 2>&1 || { echo "digits-demo: no stroke scripts in $strokes" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ls "$strokes"/*.json >"$tmp/list"
args=("$model" --list "$tmp/list")
if [ -n "$fb" ]; then
  mkdir -p "$fb"
  args+=(--fb "$fb")
fi
if [ "$mnist" -gt 0 ]; then
  args+=(--mnist "$mnist_dir" "$mnist")
fi

echo "== digits on the emulated Cortex-M4 (QEMU mps2-an386): $(wc -l <"$tmp/list") stroke scripts from $strokes"
status=0
# With the cycle-count plugin built (host preset), run under it: markers 1
# and 2 frame one optimized and one reference inference per drawing.
plugin=build/host/tools/cyclecount/libnib_cyclecount.so
if [ -f "$plugin" ]; then
  python3 tools/cyclecount/cyclecount -q --plugin "$plugin" --timeout "${NIB_QEMU_TIMEOUT:-600}" \
    --out "$tmp/cycles.jsonl" "$elf" -- "${args[@]}" >"$tmp/out" || status=$?
  # Estimated cycles per inference, in drawing order: "opt ref" per line.
  python3 - "$tmp/cycles.jsonl" >"$tmp/cycles" <<'PY'
import json, sys
runs = {1: [], 2: []}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("type") == "occurrence" and r.get("id") in runs:
        runs[r["id"]].append(r["cycles"])
for opt, ref in zip(runs[1], runs[2]):
    print(opt, ref)
PY
else
  NIB_QEMU_TIMEOUT=${NIB_QEMU_TIMEOUT:-600} targets/qemu-m4/run-qemu.sh "$elf" "${args[@]}" >"$tmp/out" || status=$?
  : >"$tmp/cycles"
fi

# One row per drawing: what it is, what each kernel choice answered.
awk -F'\t' -v cycles="$tmp/cycles" '
  function digit(j) { return match(j, /"digit": [0-9]+/) ? substr(j, RSTART + 9, RLENGTH - 9) : "-" }
  function conf(j,   s) {
    if (!match(j, /\[\[[0-9], [0-9.]+\]/)) return "-"
    s = substr(j, RSTART, RLENGTH); sub(/^\[\[[0-9], /, "", s); sub(/\]$/, "", s); return s
  }
  function row(name, want, opt, ref, us_opt, us_ref, extra,   cy) {
    if (n == 0)
      printf "%-36s %4s %5s %7s %5s %7s %5s %12s %12s %8s %s\n", "drawing", "want", "opt", "conf", "ref", "conf", "same", "opt cycles", "ref cycles", "opt ms", "spikes"
    same = (opt == ref) ? "yes" : "NO"
    cy[1] = "-"; cy[2] = "-"
    if (digit(opt) != "-" && (getline line < cycles) > 0) { split(line, cy, " "); have_cycles++; sum_opt += cy[1]; sum_ref += cy[2] }
    printf "%-36s %4s %5s %7s %5s %7s %5s %12s %12s %8.2f %s\n", name, want, digit(opt), conf(opt), digit(ref), conf(ref), same, cy[1], cy[2], us_opt / 1000, extra
    n++; ok_opt += (digit(opt) == want); ok_ref += (digit(ref) == want); agree += (opt == ref)
  }
  $1 == "script" {
    name = $2; sub(/.*\//, "", name); sub(/\.json$/, "", name)
    row(name, substr(name, 1, 1), $3, $4, $5, $6, $7)
    next
  }
  $1 == "mnist" { row("mnist t10k #" $2, $3, $5, $6, $7, $8, ""); next }
  { print }
  END {
    if (n > 0)
      printf "---\n%d drawings: optimized kernels %d correct (%.1f%%), reference kernels %d correct (%.1f%%), identical output on %d/%d\n", n, ok_opt, 100 * ok_opt / n, ok_ref, 100 * ok_ref / n, agree, n
    if (have_cycles > 0)
      printf "estimated Cortex-M4 cycles per inference (tools/cyclecount, ANCHORS.md cost table): optimized %d, reference %d (%.1fx)\n", sum_opt / have_cycles, sum_ref / have_cycles, sum_ref / sum_opt
  }
' "$tmp/out"
if [ -s "$tmp/cycles" ]; then
  echo "(cycles: exact instruction stream, estimated cost per instruction; ms: host time under QEMU, not cycle-accurate)"
else
  echo "(ms: host time under QEMU, which is not cycle-accurate; build the host preset for cycle counts)"
fi

# The firmware writes PPM (P6); turn them into PNG files.
if [ -n "$fb" ] && ls "$fb"/*.ppm >/dev/null 2>&1; then
  python3 - "$fb" <<'PY'
import os, struct, sys, zlib
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if not name.endswith(".ppm"):
        continue
    data = open(os.path.join(d, name), "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:  # P6, width, height, maxval, then one whitespace byte
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    w, h = int(fields[1]), int(fields[2])
    rgb = data[pos + 1:pos + 1 + w * h * 3]
    raw = b"".join(b"\x00" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(os.path.join(d, name[:-4] + ".png"), "wb").write(png)
    os.remove(os.path.join(d, name))
PY
  echo "screens: $fb/*.png"
fi

if [ $status -ne 0 ]; then
  echo "digits-demo: the firmware exited with status $status" >&2
fi
exit $status
