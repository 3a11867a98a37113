#!/usr/bin/env python3
"""Checks `nib-sim --headless`: one JSON line per run in the documented
format, the right digit for one drawing of each digit, both kernel choices
agree, screenshots are PNG files of the right size, and errors exit non-zero
with a reason.

    sim_headless_test.py NIB_SIM STROKES_DIR MODEL     (exit 77: skipped)
"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

LINE = re.compile(r'^\{"digit": \d, "top3": \[\[\d, [01]\.\d{4}\], \[\d, [01]\.\d{4}\], \[\d, [01]\.\d{4}\]\]\}$')
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def sim(*args):
    return subprocess.run([nib_sim, *args], capture_output=True, text=True, timeout=60)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


nib_sim, strokes_dir, model = sys.argv[1:4]
if not os.path.exists(model):
    print("skipped: model not found:", model)
    sys.exit(77)

files = sorted(f for f in os.listdir(strokes_dir) if f.endswith(".json"))
first_of_digit = {}
for f in files:
    first_of_digit.setdefault(f[0], f)

for digit, name in sorted(first_of_digit.items()):
    path = os.path.join(strokes_dir, name)
    r = sim("--headless", "--strokes", path, "--model", model)
    check(r.returncode == 0, "%s: exit %d: %s" % (name, r.returncode, r.stderr))
    lines = r.stdout.splitlines()
    check(len(lines) == 1, "%s: expected one line, got %r" % (name, r.stdout))
    if not lines:
        continue
    check(LINE.match(lines[0]) is not None, "%s: format: %s" % (name, lines[0]))
    out = json.loads(lines[0])
    check(set(out) == {"digit", "top3"}, "%s: keys %s" % (name, sorted(out)))
    check(out["digit"] == int(digit), "%s: recognized %s" % (name, out["digit"]))
    top = out["top3"]
    check(len(top) == 3 and top[0][0] == out["digit"], "%s: top3 %s" % (name, top))
    check(all(0.0 <= p <= 1.0 for _, p in top) and top[0][1] >= top[1][1] >= top[2][1], "%s: order %s" % (name, top))
    check(len({c for c, _ in top}) == 3, "%s: distinct classes %s" % (name, top))
    ref = sim("--headless", "--strokes", path, "--model", model, "--kernels", "reference")
    check(ref.stdout == r.stdout, "%s: reference kernels differ: %s vs %s" % (name, ref.stdout, r.stdout))

with tempfile.TemporaryDirectory() as tmp:
    shot = os.path.join(tmp, "result.png")
    path = os.path.join(strokes_dir, first_of_digit["7"])
    r = sim("--headless", "--strokes", path, "--model", model, "--screenshot", shot)
    check(r.returncode == 0 and png_size(shot) == (480, 640), "screenshot at the default scale 2: %s" % (png_size(shot),))
    r = sim("--headless", "--model", model, "--screenshot", shot, "--scale", "1")
    check(r.returncode == 0 and png_size(shot) == (240, 320), "idle screenshot at scale 1: %s" % (png_size(shot),))
    check(r.stdout.strip() == '{"digit": null, "top3": []}', "nothing drawn: %r" % r.stdout)

    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        f.write('{"width": 10, "height": 10, "strokes": [[[1, 2]]]}')
    r = sim("--headless", "--strokes", bad, "--model", model)
    check(r.returncode == 2 and "byte" in r.stderr and r.stdout == "", "bad script: %d %r" % (r.returncode, r.stderr))

    r = sim("--headless", "--strokes", path, "--model", os.path.join(tmp, "missing.tflite"))
    check(r.returncode == 1 and "cannot read" in r.stderr and r.stdout == "",
          "missing model: %d %r" % (r.returncode, r.stderr))

    r = sim("--headless", "--strokes", path, "--model", path)  # not a model
    check(r.returncode == 1 and r.stderr.strip() != "", "not a model: %d %r" % (r.returncode, r.stderr))

print("sim_headless_test: %d drawings, %s" % (len(first_of_digit), "FAILED" if failures else "ok"))
sys.exit(1 if failures else 0)
