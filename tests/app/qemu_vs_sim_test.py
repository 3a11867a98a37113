#!/usr/bin/env python3
"""The emulated Cortex-M4 and the desktop simulator run the same app core:
on every stroke script they must print the same JSON line, byte for byte
(both draw with the same float steps, no fused multiply-add, and format with
the same code).

    qemu_vs_sim_test.py DIGITS_DEMO_ELF RUN_QEMU NIB_SIM STROKES_DIR MODEL
Exit 77 (skipped) when the firmware (m4 preset) or the model is missing.
"""
import os
import subprocess
import sys
import tempfile

elf, run_qemu, nib_sim, strokes_dir, model = sys.argv[1:6]
if not os.path.exists(elf):
    print("skipped: no firmware at %s (build the m4 preset)" % elf)
    sys.exit(77)
if not os.path.exists(model):
    print("skipped: model not found:", model)
    sys.exit(77)

scripts = sorted(os.path.join(os.path.abspath(strokes_dir), f) for f in os.listdir(strokes_dir) if f.endswith(".json"))
with tempfile.TemporaryDirectory() as tmp:
    listing = os.path.join(tmp, "list")
    with open(listing, "w") as f:
        f.write("\n".join(scripts) + "\n")
    env = dict(os.environ, NIB_QEMU_TIMEOUT=os.environ.get("NIB_QEMU_TIMEOUT", "600"))
    r = subprocess.run([run_qemu, elf, model, "--list", listing], capture_output=True, text=True, env=env, timeout=900)
print(r.stdout.splitlines()[0] if r.stdout else "(no output)")
if r.returncode != 0:
    print("FAIL: the firmware exited %d\n%s%s" % (r.returncode, r.stdout[-2000:], r.stderr[-2000:]))
    sys.exit(1)

qemu = {}
for line in r.stdout.splitlines():
    parts = line.split("\t")
    if parts[0] == "script":
        qemu[parts[1]] = (parts[2], parts[3])

failures = 0
for path in scripts:
    s = subprocess.run([nib_sim, "--headless", "--strokes", path, "--model", model], capture_output=True, text=True,
                       timeout=60)
    sim = s.stdout.strip()
    name = os.path.basename(path)
    if path not in qemu:
        print("FAIL: %s: no result from the firmware" % name)
        failures += 1
        continue
    opt, ref = qemu[path]
    if s.returncode != 0 or sim != opt:
        print("FAIL: %s:\n  sim  %s\n  qemu %s" % (name, sim or s.stderr.strip(), opt))
        failures += 1
    if ref != opt:
        print("FAIL: %s: reference kernels on the M4 differ:\n  opt %s\n  ref %s" % (name, opt, ref))
        failures += 1
print("qemu_vs_sim: %d scripts, %d differences" % (len(scripts), failures))
sys.exit(1 if failures else 0)
