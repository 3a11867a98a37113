#!/usr/bin/env python3
"""Checks of `nib bench-m4` and the Cortex-M4 benchmark firmware (ctest: bench_*, firmware_*).

    bench_test.py CHECK --repo DIR --shared DIR --nib NIB [--classify BIN] [--objdump BIN]

CHECK is one of
  deterministic  two runs of seed_mnist_int8 (optimized) give identical per-operator
                 and total instruction and cycle counts
  ops_add_up     per-operator counts sum to the total minus the interpreter's own
                 work between operators, which is at most OVERHEAD_* per operator
                 boundary (seed_mnist_int8 and mlperf_kws_ref_model, both kernel sets)
  classified     every instruction of m4_bench.elf and m4_conformance.elf is
                 classified by nib-thumb-classify (UNKNOWN only inside libgcc's
                 unwinder, which never runs), and a seed run executes no UNKNOWN
                 instruction (the plugin's total.unknown_insns is 0)
  output_anchor  the output bytes bench-m4 prints for seed_mnist_int8 (both kernel
                 sets) are those of ANCHORS.md (read through bench/anchors.py)

Exit 0 pass, 1 fail, 77 skip (../shared, the m4 firmware, QEMU or the cyclecount
plugin absent; the reason is printed).
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77

# What the interpreter runs outside the operators' marker windows, per operator
# boundary (measured with the anchor cost table, -O2, QEMU's instruction counts):
#   Interpreter::invoke's loop: Model::op(i) (flatbuffer lookups), the input and
#   output pointer tables, the OpRuntime, op_event(i) (a second Model::op(i) and
#   builtin_op_name(), which walks the packed name table: about 3 instructions
#   per character before the name, e.g. ~100 for CONV_2D, ~900 for SOFTMAX),
#   the virtual Profiler calls, MarkerProfiler's own code around
#   bl nib_mark_begin / after nib_mark_end,
#   plus, once, invoke()'s entry and exit around the whole-inference window.
# Measured gaps (instructions): 290..1,300 per boundary (seed_mnist_int8:
# 5,067 over 7 boundaries; mlperf_kws_ref_model: 7,342 over 14); cycles are
# 1.6..1.8x the instructions. The bound is the largest measured gap plus a
# margin; a missing operator window, a double-counted one or an operator
# whose work leaks outside its window shows up as a difference beyond it.
OVERHEAD_INSNS = 1500
OVERHEAD_CYCLES = 2700

UNWINDER = re.compile(r"^(_Unwind_|__gnu_Unwind|__gnu_unwind|___Unwind_|__aeabi_unwind|unwind_phase2|"
                      r"restore_core_regs|__restore_core_regs|_Unwind_VRS_|search_EIT_table|get_eit_entry|"
                      r"selfrel_offset31|next_unwind_byte|unwind_UCB_from_context|"
                      r"__gnu_Unwind_Save|__gnu_Unwind_Restore)")


class Skip(Exception):
    pass


class Fail(Exception):
    pass


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def prerequisites(args, need_objdump=False):
    repo, shared = args.repo, args.shared
    seed = os.path.join(shared, "models", "seed_mnist_int8.tflite")
    if not os.path.isfile(seed):
        raise Skip(f"{seed} not found (the shared test data ../shared is absent)")
    if not os.path.isfile(os.path.join(shared, "anchors", "ANCHORS.md")):
        raise Skip(f"{shared}/anchors/ANCHORS.md not found")
    fw = os.path.join(repo, "build", "m4", "targets", "qemu-m4")
    for elf in ("m4_bench.elf",) + (("m4_conformance.elf",) if need_objdump else ()):
        if not os.path.isfile(os.path.join(fw, elf)):
            raise Skip(f"{fw}/{elf} not found: build the firmware first "
                       "(cmake --preset m4 && cmake --build --preset m4)")
    if shutil.which("qemu-system-arm") is None:
        raise Skip("qemu-system-arm not found (scripts/setup.sh installs it)")
    plugin = os.environ.get("NIB_CYCLECOUNT_PLUGIN") or next(
        iter(sorted(glob.glob(os.path.join(repo, "build", "*", "tools", "cyclecount", "libnib_cyclecount.so")))), None)
    if not plugin or not os.path.isfile(plugin):
        raise Skip("the cyclecount plugin libnib_cyclecount.so is not built "
                   "(cmake --build --preset host --target nib_cyclecount)")
    if need_objdump and shutil.which(args.objdump) is None:
        raise Skip(f"{args.objdump} not found")
    return fw


def bench(args, model, kernels, workdir, tag):
    path = os.path.join(args.shared, "models", model + ".tflite")
    js = os.path.join(workdir, f"{tag}.json")
    p = run([args.nib, "bench-m4", path, "--kernels", kernels, "--json", js])
    if p.returncode != 0:
        raise Fail(f"nib bench-m4 {model} --kernels {kernels} exited {p.returncode}:\n{p.stdout}{p.stderr}")
    last = p.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"total: cycles=(\d+) instructions=(\d+)", last)
    if not m:
        raise Fail(f"nib bench-m4: last line is not 'total: cycles=N instructions=N': {last!r}")
    with open(js) as f:
        data = json.load(f)
    if (data["cycles"], data["instructions"]) != (int(m.group(1)), int(m.group(2))):
        raise Fail(f"nib bench-m4 {model}: printed total {last!r} differs from the JSON's "
                   f"{data['cycles']} cycles / {data['instructions']} instructions")
    data["stdout"] = p.stdout
    return data


def check_deterministic(args):
    prerequisites(args)
    with tempfile.TemporaryDirectory() as tmp:
        a = bench(args, "seed_mnist_int8", "optimized", tmp, "a")
        b = bench(args, "seed_mnist_int8", "optimized", tmp, "b")
    diffs = []
    for key in ("instructions", "cycles", "macs", "arena_bytes"):
        if a[key] != b[key]:
            diffs.append(f"total {key}: {a[key]} then {b[key]}")
    if len(a["operators"]) != len(b["operators"]):
        diffs.append(f"{len(a['operators'])} operators then {len(b['operators'])}")
    for oa, ob in zip(a["operators"], b["operators"]):
        for key in ("instructions", "cycles", "kernel", "macs"):
            if oa[key] != ob[key]:
                diffs.append(f"operator {oa['index']} ({oa['operator']}) {key}: {oa[key]} then {ob[key]}")
    if diffs:
        raise Fail("two runs of seed_mnist_int8 (optimized) differ:\n  " + "\n  ".join(diffs))
    if a["instructions"] == 0 or any(o["instructions"] == 0 for o in a["operators"]):
        raise Fail("a count is zero: the markers did not frame the inference")
    print(f"identical: {a['instructions']} instructions, {a['cycles']} cycles, "
          f"{len(a['operators'])} operators")


def check_ops_add_up(args):
    prerequisites(args)
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        for model in ("seed_mnist_int8", "mlperf_kws_ref_model"):
            for kernels in ("reference", "optimized"):
                d = bench(args, model, kernels, tmp, f"{model}.{kernels}")
                n = len(d["operators"])
                boundaries = n + 1  # before each operator, and after the last
                for key, per in (("instructions", OVERHEAD_INSNS), ("cycles", OVERHEAD_CYCLES)):
                    ops = sum(o[key] for o in d["operators"])
                    rest = d[key] - ops
                    line = (f"{model} {kernels} {key}: total {d[key]:,} = operators {ops:,} + "
                            f"{rest:,} outside them ({rest / boundaries:,.0f} per boundary, "
                            f"bound {per:,} x {boundaries} = {per * boundaries:,})")
                    print(line)
                    if rest < 0 or rest > per * boundaries:
                        bad.append(line)
                    if any(o[key] == 0 for o in d["operators"]):
                        bad.append(f"{model} {kernels}: an operator has 0 {key} (no window recorded)")
                if sum(o["macs"] for o in d["operators"]) != d["macs"]:
                    bad.append(f"{model} {kernels}: per-operator MACs do not sum to the total")
    if bad:
        raise Fail("per-operator counts do not add up to the total:\n  " + "\n  ".join(bad))


def functions_by_address(objdump_text):
    """Sorted [(address, name)] of the function labels in `objdump -d` output."""
    out = []
    for m in re.finditer(r"^([0-9a-f]+) <([^>]+)>:$", objdump_text, re.M):
        out.append((int(m.group(1), 16), m.group(2)))
    return sorted(out)


def enclosing(funcs, addr):
    name = "?"
    for a, n in funcs:
        if a > addr:
            break
        name = n
    return name


def check_classified(args):
    fw = prerequisites(args, need_objdump=True)
    classify = args.classify if args.classify and os.path.isfile(args.classify) else None
    if classify is None:
        fallback = os.path.join(args.repo, "build", "host", "tools", "cyclecount", "nib-thumb-classify")
        if not os.path.isfile(fallback):
            raise Skip("nib-thumb-classify is not built (cmake --build --preset host --target nib-thumb-classify)")
        classify = fallback
    problems = []
    for elf in ("m4_bench.elf", "m4_conformance.elf"):
        path = os.path.join(fw, elf)
        dis = run([args.objdump, "-d", path])
        if dis.returncode != 0:
            raise Fail(f"{args.objdump} -d {path} failed: {dis.stderr}")
        p = run([classify, "--objdump", "--unknown-only"], input=dis.stdout)
        m = re.search(r"(\d+) instructions:", p.stderr)
        count = int(m.group(1)) if m else 0
        if p.returncode not in (0, 1) or count < 1000:
            raise Fail(f"nib-thumb-classify on {elf}: exit {p.returncode}, {count} instructions read:\n{p.stderr}")
        funcs = functions_by_address(dis.stdout)
        unknown = [line for line in p.stdout.splitlines() if "UNKNOWN" in line]
        if (p.returncode == 1) != bool(unknown):
            raise Fail(f"nib-thumb-classify on {elf}: exit {p.returncode} but {len(unknown)} UNKNOWN lines")
        allowed = 0
        for line in unknown:
            addr = int(line.split()[0].rstrip(":"), 16)
            fn = enclosing(funcs, addr)
            if UNWINDER.match(fn):
                allowed += 1
            else:
                problems.append(f"{elf}: {line.strip()}   in <{fn}>")
        print(f"{elf}: {count} instructions, {len(unknown)} UNKNOWN ({allowed} in libgcc's unwinder, never run)")
    if problems:
        raise Fail("instructions the cycle model cannot classify (their cost would be wrong):\n  "
                   + "\n  ".join(problems[:50]) + ("\n  ..." if len(problems) > 50 else ""))
    # Dynamic check: nothing UNKNOWN is executed in a whole seed run (setup,
    # warm-up and measured inference, both kernel sets' code paths in use).
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "seed.jsonl")
        for kernels in ("reference", "optimized"):
            p = run([sys.executable, os.path.join(args.repo, "tools", "cyclecount", "cyclecount"), "-q", "--out", out,
                     os.path.join(fw, "m4_bench.elf"), "--",
                     os.path.join(args.shared, "models", "seed_mnist_int8.tflite"), kernels])
            if p.returncode != 0:
                raise Fail(f"cyclecount run of m4_bench.elf seed_mnist_int8 {kernels} failed:\n{p.stdout}{p.stderr}")
            with open(out) as f:
                total = [json.loads(line) for line in f if '"type":"total"' in line]
            if not total or total[-1].get("unknown_insns", -1) != 0:
                raise Fail(f"seed_mnist_int8 {kernels}: executed UNKNOWN instructions: "
                           f"{total[-1] if total else 'no total record'}")
            print(f"seed_mnist_int8 {kernels}: {total[-1]['insns']:,} instructions executed, unknown_insns = 0")


def check_output_anchor(args):
    prerequisites(args)
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.join(args.repo, "bench"))
    import anchors  # bench/anchors.py: the one reader of ANCHORS.md
    path = os.environ.get("NIB_ANCHORS") or os.path.join(args.shared, "anchors", "ANCHORS.md")
    want = anchors.load(path).get("seed_mnist_int8", {}).get("output")
    if not want:
        raise Fail(f"{path}: no output bytes for seed_mnist_int8")
    with tempfile.TemporaryDirectory() as tmp:
        for kernels in ("reference", "optimized"):
            d = bench(args, "seed_mnist_int8", kernels, tmp, kernels)
            lines = [line for line in d["stdout"].splitlines() if line.startswith("output: ")]
            if not lines:
                raise Fail(f"nib bench-m4 printed no 'output:' line:\n{d['stdout']}")
            got = [int(v) for v in lines[0][len("output: "):].split(",") if v.strip()]
            print(f"{kernels}: {','.join(map(str, got))} (ANCHORS.md: {','.join(map(str, want))})")
            if got != want:
                raise Fail(f"seed_mnist_int8 {kernels}: output {got} differs from ANCHORS.md {want}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("check", choices=("deterministic", "ops_add_up", "classified", "output_anchor"))
    ap.add_argument("--repo", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--nib", required=True)
    ap.add_argument("--classify", default=None)
    ap.add_argument("--objdump", default="arm-none-eabi-objdump")
    args = ap.parse_args()
    args.repo = os.path.abspath(args.repo)
    args.shared = os.path.abspath(args.shared)
    try:
        globals()["check_" + args.check](args)
    except Skip as e:
        print(f"SKIP: {e}")
        return SKIP
    except Fail as e:
        print(f"FAIL: {e}")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
