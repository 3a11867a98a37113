#!/usr/bin/env python3
"""ctest driver for the cyclecount plugin (standard library only).

  check_run.py MODE --driver cyclecount --plugin libnib_cyclecount.so --elf FW.elf
  MODE loop     exact hand-computed counts of tests/loop.S (anchors and refined)
  MODE repeat   two runs of the same firmware give byte-identical results
  MODE markers  structure of tests/markers.c results (nesting, overlap, overflow...)
  MODE profile  --profile of tests/markers.c: the functions' cycles add up to the run's, work() leads
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def run(args, table="anchors", profile=None):
    with tempfile.TemporaryDirectory(prefix="cyclecount-test.") as d:
        out = os.path.join(d, "r.jsonl")
        cmd = [sys.executable, args.driver, "--plugin", args.plugin, "--table", table, "--out", out,
               "--timeout", "60", args.elf]
        if profile:
            cmd[2:2] = ["--profile", profile]
        p = subprocess.run(cmd, capture_output=True, text=True)
        sys.stdout.write(p.stdout)
        sys.stderr.write(p.stderr)
        if p.returncode != 0:
            sys.exit(f"FAIL: {' '.join(cmd)} exited with {p.returncode}")
        with open(out) as f:
            text = f.read()
    recs = [json.loads(line) for line in text.splitlines() if line.strip()]
    return text, recs


def by_type(recs, t):
    return [r for r in recs if r["type"] == t]


def ids(recs):
    return {r["id"]: r for r in by_type(recs, "id")}


def occurrences(recs, i):
    return [(r["insns"], r["cycles"]) for r in by_type(recs, "occurrence") if r["id"] == i]


def mode_loop(args):
    # Anchor numbers: see the arithmetic in tests/loop.S.
    # Refined differs only by TBB (2+2 -> 3+3: +2 in each even iteration) and the
    # STR [r0] to CPACR before the windows (ST 2 -> 1).
    k_order = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    anchors_occ = {10: (37, 105), 9: (21, 45), 8: (37, 109), 7: (21, 45), 6: (37, 105),
                   5: (20, 46), 4: (37, 109), 3: (21, 45), 2: (37, 105), 1: (21, 45)}
    expect = {
        "anchors": dict(occ=[anchors_occ[k] for k in k_order], id1=(332, 842), id2=(289, 759),
                        id3=(602, 605), net=(952, 1479)),
        "refined": dict(occ=[(i, c + (2 if k % 2 == 0 else 0)) for k in k_order for i, c in [anchors_occ[k]]],
                        id1=(332, 852), id2=(289, 769), id3=(602, 605), net=(952, 1488)),
    }
    for table, e in expect.items():
        _, recs = run(args, table)
        total = by_type(recs, "total")[0]
        check(f"[{table}] table", total["table"], table)
        got_ids = ids(recs)
        check(f"[{table}] ids present", sorted(got_ids), [1, 2, 3])
        check(f"[{table}] id 2 occurrences", occurrences(recs, 2), e["occ"])
        check(f"[{table}] id 1 occurrences", occurrences(recs, 1), [e["id1"]])
        for i, key in ((1, "id1"), (2, "id2"), (3, "id3")):
            r = got_ids.get(i, {})
            n = 10 if i == 2 else 1
            check(f"[{table}] id {i} begins/ends/open", (r.get("begins"), r.get("ends"), r.get("open")), (n, n, 0))
            check(f"[{table}] id {i} insns/cycles", (r.get("insns"), r.get("cycles")), e[key])
        check(f"[{table}] net insns/cycles (total - marker functions)",
              (total["insns"] - total["marker_insns"], total["cycles"] - total["marker_cycles"]), e["net"])
        check(f"[{table}] net_insns/net_cycles fields", (total["net_insns"], total["net_cycles"]), e["net"])
        check(f"[{table}] unknown instructions", total["unknown_insns"], 0)
        check(f"[{table}] the 600-load run was split into several blocks", total["blocks_translated"] > 28, True)
        check(f"[{table}] stray marker stores", total["stray_marker_stores"], 0)
        check(f"[{table}] marker functions executed", total["marker_insns"] > 0, True)


def mode_repeat(args):
    a, _ = run(args)
    b, recs = run(args)
    check("two runs give identical results", a == b, True)
    check("results are not empty", len(by_type(recs, "total")), 1)


def mode_markers(args):
    _, recs = run(args)
    got = ids(recs)
    total = by_type(recs, "total")[0]

    def field(i, k):
        return got.get(i, {}).get(k)

    check("ids present", sorted(got), [3, 4, 5, 6, 7, 8, 256])
    for i in (3, 4):
        check(f"id {i} begins/ends", (field(i, "begins"), field(i, "ends")), (1, 1))
    # id 3 = work(10) + work(20), id 4 = work(20) + work(5): overlapping windows
    check("overlap: id 3 > id 4 > 0", (field(3, "insns") or 0) > (field(4, "insns") or 0) > 0, True)
    o7 = occurrences(recs, 7)
    check("id 7 nested twice", len(o7), 2)
    if len(o7) == 2:
        check("id 7 inner window closes first and is shorter", o7[0][0] < o7[1][0], True)
    check("overflow id", (field(256, "overflow"), field(256, "begins"), field(256, "ends")), (True, 1, 1))
    check("id 5 end without begin", (field(5, "begins"), field(5, "unmatched_ends")), (0, 1))
    check("id 6 begin without end", (field(6, "begins"), field(6, "ends"), field(6, "open")), (1, 0, 1))
    o8 = [i for i, _ in occurrences(recs, 8)]
    check("id 8 occurrences", len(o8), 3)
    if len(o8) == 3:
        check("id 8: each occurrence 10 loop iterations longer", o8[1] - o8[0] == o8[2] - o8[1] > 0, True)
    check("unknown instructions", total["unknown_insns"], 0)
    check("stray marker stores", total["stray_marker_stores"], 0)


def mode_profile(args):
    with tempfile.TemporaryDirectory(prefix="cyclecount-test.") as d:
        path = os.path.join(d, "profile.txt")
        _, recs = run(args, profile=path)
        with open(path) as f:
            lines = f.read().split("\n\n")[0].splitlines()[2:]
    total = by_type(recs, "total")[0]
    rows = [(int(line.split()[0]), line.split()[-1]) for line in lines]
    check("function cycles add up to the run's", sum(c for c, _ in rows), total["cycles"])
    check("hottest function (102 loop passes)", rows[0][1] if rows else None, "work")
    names = {n for _, n in rows}
    check("marker functions listed", {"nib_mark_begin", "nib_mark_end", "reset_handler"} <= names, True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("loop", "repeat", "markers", "profile"))
    ap.add_argument("--driver", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--elf", required=True)
    args = ap.parse_args()
    {"loop": mode_loop, "repeat": mode_repeat, "markers": mode_markers, "profile": mode_profile}[args.mode](args)
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    print(f"{args.mode}: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
