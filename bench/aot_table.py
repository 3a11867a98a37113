#!/usr/bin/env python3
"""The interpreter next to the compiled model (nib compile), per shared model:
reads DIR/MODEL.KERNELS.json (nib bench-m4) and DIR/MODEL.KERNELS.aot.json
(nib bench-m4 --aot) and writes DIR/aot.md.

    bench/aot_table.py --results bench/results
"""
import argparse
import glob
import json
import os
import re


def commas(v):
    return "—" if v is None else f"{v:,}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True)
    args = parser.parse_args()
    rows = []
    for path in sorted(glob.glob(os.path.join(args.results, "*.aot.json"))):
        m = re.fullmatch(r"(.+)\.(reference|optimized)\.aot\.json", os.path.basename(path))
        if not m:
            continue
        with open(path) as f:
            aot = json.load(f)
        interp = {}
        interp_path = os.path.join(args.results, f"{m.group(1)}.{m.group(2)}.json")
        if os.path.exists(interp_path):
            with open(interp_path) as f:
                interp = json.load(f)
        rows.append((m.group(1), m.group(2), interp, aot))
    lines = [
        "| model | kernels | cycles: interpreter / compiled | init() cycles: interpreter / compiled "
        "| arena: interpreter / compiled | flash: interpreter firmware + model | flash: compiled code + weights |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for model, kernels, interp, aot in rows:
        flash_interp = (f"{commas(interp.get('flash_text_bytes'))} + {commas(interp.get('model_bytes'))}"
                        if interp else "—")
        lines.append(
            f"| {model} | {kernels} | {commas(interp.get('cycles'))} / {commas(aot['cycles'])} "
            f"| {commas(interp.get('init_cycles'))} / {commas(aot['init_cycles'])} "
            f"| {commas(interp.get('arena_bytes'))} / {commas(aot['arena_bytes'])} "
            f"| {flash_interp} | {commas(aot['code_bytes'])} + {commas(aot['weight_bytes'])} |")
    text = ("# nib: interpreter vs compiled model (nib compile), emulated Cortex-M4\n\n"
            "Written by bench/run.sh (bench/aot_table.py). Compiled: `nib bench-m4 --aot`; code = the firmware's "
            ".text+.rodata less the model's constant arrays; the interpreter's flash is its whole firmware "
            "(every kernel, the loader) plus the .tflite.\n\n" + "\n".join(lines) + "\n")
    with open(os.path.join(args.results, "aot.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
