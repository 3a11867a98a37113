#!/usr/bin/env python3
"""The anchor figures of ANCHORS.md, parsed at run time (the one place that reads them).

    python3 bench/anchors.py [--anchors FILE]                 # every model's figures as JSON
    python3 bench/anchors.py [--anchors FILE] --output MODEL  # MODEL's output bytes, comma-separated

As a module: ``load(path=None) -> {model: {field: value}}`` with, per model (fields
missing when ANCHORS.md has no figure for it):

  macs, bound_cycles, tflm_ref_instructions, tflm_ref_cycles, cmsis_instructions,
  cmsis_cycles, cmsis_over_bound               (table "Per model")
  tflm_ref_arena, tflm_cmsis_arena, tflm_ref_text, tflm_cmsis_text
                                               (table "Memory on the Cortex-M4 build")
  output                                       (list of ints, "Output bytes of both builds")

The default file is $NIB_ANCHORS, else ../shared/anchors/ANCHORS.md next to the
repository.  Any change of layout that this parser does not understand is an
error naming the line, never a silently missing number.
"""
import argparse
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_path():
    if os.environ.get("NIB_ANCHORS"):
        return os.environ["NIB_ANCHORS"]
    shared = os.environ.get("NIB_SHARED_DIR", os.path.join(REPO, "..", "shared"))
    return os.path.normpath(os.path.join(shared, "anchors", "ANCHORS.md"))


class AnchorsError(Exception):
    pass


def _number(text):
    return int(text.replace(",", "").strip()) if "." not in text else float(text.replace(",", ""))


def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _tables(lines):
    """Yields (header cells, [(line number, row cells)]) for every markdown table."""
    i = 0
    while i < len(lines):
        if lines[i].lstrip().startswith("|") and i + 1 < len(lines) and re.match(r"^\s*\|[\s:|-]+\|\s*$", lines[i + 1]):
            header = _cells(lines[i])
            rows = []
            j = i + 2
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                rows.append((j + 1, _cells(lines[j])))
                j += 1
            yield header, rows
            i = j
        else:
            i += 1


# Expected headers (substrings, in order) and the field each column fills.
PER_MODEL = [("model", None), ("MACs", "macs"), ("bound", "bound_cycles"),
             ("TFLM reference: instr", "tflm_ref_instructions"), ("est. cycles", "tflm_ref_cycles"),
             ("CMSIS-NN: instr", "cmsis_instructions"), ("est. cycles", "cmsis_cycles"),
             ("CMSIS-NN / bound", "cmsis_over_bound")]
MEMORY = [("model", None), ("arena", ("tflm_ref_arena", "tflm_cmsis_arena")),
          (".text, ref", "tflm_ref_text"), (".text, CMSIS-NN", "tflm_cmsis_text")]


def _matches(header, spec):
    return len(header) == len(spec) and all(want.lower() in got.lower() for (want, _), got in zip(spec, header))


def _model_name(cell):
    return cell.split("(")[0].strip().strip("`")


def load(path=None):
    path = path or default_path()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines()
    models = {}
    seen = set()
    for header, rows in _tables(lines):
        for name, spec in (("per-model", PER_MODEL), ("memory", MEMORY)):
            if not _matches(header, spec):
                continue
            seen.add(name)
            for lineno, row in rows:
                if len(row) != len(spec):
                    raise AnchorsError(f"{path}:{lineno}: {len(row)} cells, expected {len(spec)}")
                m = models.setdefault(_model_name(row[0]), {})
                for (_, field), cell in zip(spec[1:], row[1:]):
                    try:
                        if isinstance(field, tuple):  # "ref / CMSIS-NN"
                            parts = cell.split("/")
                            if len(parts) != len(field):
                                raise ValueError(cell)
                            for f_, p in zip(field, parts):
                                m[f_] = _number(p)
                        else:
                            m[field] = _number(cell)
                    except ValueError:
                        raise AnchorsError(f"{path}:{lineno}: cannot read number {cell!r}") from None
    for name in ("per-model", "memory"):
        if name not in seen:
            raise AnchorsError(f"{path}: no {name} table with the expected columns")

    # Output bytes: a paragraph of `key `bytes`` pairs; "v ×n" repeats v n times.
    start = text.find("Output bytes")
    if start < 0:
        raise AnchorsError(f"{path}: no 'Output bytes' paragraph")
    paragraph = text[start:text.find("\n\n", start) if text.find("\n\n", start) > 0 else len(text)]
    for key, values in re.findall(r"([A-Za-z0-9_]+)\s+`([^`]+)`", paragraph):
        owners = [m for m in models if key in m]
        if len(owners) != 1:
            raise AnchorsError(f"{path}: output bytes for {key!r} match {len(owners)} models ({owners})")
        out = []
        for item in values.split(","):
            rep = re.fullmatch(r"\s*(-?\d+)\s*(?:[×x]\s*(\d+))?\s*", item)
            if not rep:
                raise AnchorsError(f"{path}: cannot read output byte {item!r} of {key}")
            out += [int(rep.group(1))] * int(rep.group(2) or 1)
        models[owners[0]]["output"] = out
    return models


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--anchors", default=None, help="ANCHORS.md (default: " + default_path() + ")")
    ap.add_argument("--output", metavar="MODEL", help="print MODEL's output bytes, comma-separated")
    args = ap.parse_args()
    try:
        models = load(args.anchors)
    except (OSError, AnchorsError) as e:
        print(f"anchors: {e}", file=sys.stderr)
        return 1
    if args.output:
        if "output" not in models.get(args.output, {}):
            print(f"anchors: no output bytes for {args.output}", file=sys.stderr)
            return 1
        print(",".join(str(v) for v in models[args.output]["output"]))
    else:
        json.dump(models, sys.stdout, indent=1, sort_keys=True)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
