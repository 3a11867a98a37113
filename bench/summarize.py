#!/usr/bin/env python3
"""Summary and charts of bench/run.sh's results.

    python3 bench/summarize.py [--results DIR] [--anchors ANCHORS.md] [--table anchors|refined] [--update-readme]

Reads DIR/MODEL.{reference,optimized}.json (nib bench-m4 --json) and .txt (its
printed table, for the output bytes), the anchor figures through anchors.py,
and writes DIR/summary.csv, DIR/summary.md, DIR/cycles_by_model.png,
DIR/ratio_to_cmsis_nn.png and DIR/seed_mnist_int8_layers.png.
"""
import argparse
import csv
import glob
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import anchors as anchors_mod  # noqa: E402

REPO = anchors_mod.REPO
KERNELS = ("reference", "optimized")
LAYER_MODEL = "seed_mnist_int8"
SMALL_CYCLES = 100_000  # models this small would stretch the log axis of the per-model chart

COLORS = {"nib reference": "#9ecae1", "nib optimized": "#08519c",
          "TFLM reference": "#fdae6b", "CMSIS-NN": "#d94801"}


def commas(v):
    return "—" if v is None else f"{v:,}"


def human(v):
    if v >= 1e6:
        return f"{v / 1e6:.1f}M" if v < 1e8 else f"{v / 1e6:.0f}M"
    if v >= 1e3:
        return f"{v / 1e3:.0f}k"
    return str(int(v))


def ratio(a, b, digits=2):
    return None if a is None or not b else round(a / b, digits)


def fmt_ratio(r, digits=2, bold=False):
    if r is None:
        return "—"
    text = f"{r:.{digits}f}×"
    return f"**{text}**" if bold else text


def load_results(results):
    runs = {}  # model -> kernels -> json (+ "output")
    for path in sorted(glob.glob(os.path.join(results, "*.json"))):
        m = re.fullmatch(r"(.+)\.(reference|optimized)\.json", os.path.basename(path))
        if not m:
            continue
        with open(path) as f:
            data = json.load(f)
        txt = path[:-5] + ".txt"
        data["output"] = None
        if os.path.exists(txt):
            with open(txt) as f:
                for line in f:
                    if line.startswith("output: "):
                        data["output"] = [int(v) for v in line[8:].strip().split(",") if v]
        runs.setdefault(m.group(1), {})[m.group(2)] = data
    return runs


def git_revision():
    try:
        rev = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"], capture_output=True,
                             text=True, check=True).stdout.strip()
        return rev
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def summarize(runs, anchors):
    order = [m for m in anchors if m in runs] + sorted(m for m in runs if m not in anchors)
    rows = []
    for model in order:
        a = anchors.get(model, {})
        ref = runs[model].get("reference")
        opt = runs[model].get("optimized")
        any_run = opt or ref
        get = lambda run, key: run[key] if run else None  # noqa: E731
        out_ok = ""
        if "output" in a:
            outs = [r["output"] for r in (ref, opt) if r]
            out_ok = "yes" if outs and all(o == a["output"] for o in outs) else "NO"
        rows.append({
            "model": model,
            "macs": any_run["macs"],
            "anchor_macs": a.get("macs"),
            "bound_cycles": any_run["macs"] // 2,
            "nib_reference_instructions": get(ref, "instructions"),
            "nib_reference_cycles": get(ref, "cycles"),
            "nib_optimized_instructions": get(opt, "instructions"),
            "nib_optimized_cycles": get(opt, "cycles"),
            "tflm_reference_instructions": a.get("tflm_ref_instructions"),
            "tflm_reference_cycles": a.get("tflm_ref_cycles"),
            "cmsis_nn_instructions": a.get("cmsis_instructions"),
            "cmsis_nn_cycles": a.get("cmsis_cycles"),
            "reference_over_tflm_reference": ratio(get(ref, "cycles"), a.get("tflm_ref_cycles")),
            "optimized_over_cmsis_nn": ratio(get(opt, "cycles"), a.get("cmsis_cycles")),
            "optimized_over_bound": ratio(get(opt, "cycles"), any_run["macs"] / 2 if any_run["macs"] else None, 1),
            "cmsis_nn_over_bound": a.get("cmsis_over_bound"),
            "nib_arena_bytes_reference": get(ref, "arena_bytes"),
            "nib_arena_bytes_optimized": get(opt, "arena_bytes"),
            "tflm_arena_bytes_reference": a.get("tflm_ref_arena"),
            "tflm_arena_bytes_cmsis_nn": a.get("tflm_cmsis_arena"),
            "nib_flash_bytes": any_run["flash_text_bytes"],
            "tflm_text_bytes_reference": a.get("tflm_ref_text"),
            "tflm_text_bytes_cmsis_nn": a.get("tflm_cmsis_text"),
            "model_bytes": any_run["model_bytes"],
            "output_matches_anchor": out_ok,
            "operators": len(any_run["operators"]),
            "interpreter_overhead_instructions_optimized":
                opt["instructions"] - sum(o["instructions"] for o in opt["operators"]) if opt else None,
        })
    return rows


def write_csv(rows, path):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        for r in rows:
            w.writerow({k: "" if v is None else v for k, v in r.items()})


# Layer types of the per-type table, in its row order.
LAYER_TYPES = ("1x1 convolution", "spatial convolution", "first layer", "depthwise 3x3", "other depthwise",
               "fully connected", "pooling", "elementwise")
ELEMENTWISE = {"ADD", "SUB", "MUL", "SQUARED_DIFFERENCE", "MAXIMUM", "MINIMUM", "QUANTIZE", "DEQUANTIZE",
               "LOGISTIC", "TANH", "RELU", "RELU6", "LEAKY_RELU", "HARD_SWISH"}
OPS_LINE = re.compile(r"^\s*(\d+)\s+(\w+)\s+\d+\s+([\d,-]+)\s+\[")
TENSOR_LINE = re.compile(r"^\s*(\d+)\s+\w+\s+\[([\d,]*)\]")


def model_layers(nib, model_path):
    """{operator index: (op name, [input tensor shapes])} from `nib inspect`, or None."""
    try:
        text = subprocess.run([nib, "inspect", model_path], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    ops, shapes, section = {}, {}, None
    for line in text.splitlines():
        if line.startswith("operators:") or line.startswith("tensors:"):
            section = line[:-1]
            continue
        if section == "operators" and (m := OPS_LINE.match(line)):
            ops[int(m.group(1))] = (m.group(2), [int(t) for t in m.group(3).split(",") if t not in ("", "-1")])
        elif section == "tensors" and (m := TENSOR_LINE.match(line)):
            shapes[int(m.group(1))] = [int(d) for d in m.group(2).split(",") if d]
    return {i: (name, [shapes.get(t) for t in inputs]) for i, (name, inputs) in ops.items()}


def layer_type(name, inputs, first_conv):
    """The per-type table's row of an operator, or None (not a listed type)."""
    filt = inputs[1] if len(inputs) > 1 else None
    if first_conv:
        return "first layer"
    if name == "CONV_2D":
        return "1x1 convolution" if filt and filt[1:3] == [1, 1] else "spatial convolution"
    if name == "DEPTHWISE_CONV_2D":
        return "depthwise 3x3" if filt and filt[1:3] == [3, 3] else "other depthwise"
    if name == "FULLY_CONNECTED":
        return "fully connected"
    if name in ("MAX_POOL_2D", "AVERAGE_POOL_2D"):
        return "pooling"
    return "elementwise" if name in ELEMENTWISE else None


def elements(shape_text):
    n = 1
    for d in re.findall(r"\d+", shape_text):
        n *= int(d)
    return n


def layer_type_table(runs, order, nib, models_dir):
    """Markdown lines: optimized cycles per MAC by layer type and model (pooling and elementwise: cycles per
    output element), from the per-operator tables; the layer types come from `nib inspect` of each model."""
    cells, missing = {}, []
    for model in order:
        opt = runs[model].get("optimized")
        layers = model_layers(nib, os.path.join(models_dir, model + ".tflite")) if opt else None
        if layers is None:
            missing.append(model)
            continue
        first_seen = False
        for o in opt["operators"]:
            name, inputs = layers.get(o["index"], (o["operator"], []))
            conv = name in ("CONV_2D", "DEPTHWISE_CONV_2D")
            first = conv and not first_seen
            first_seen = first_seen or conv
            kind = layer_type(name, inputs, first)
            if kind is None or o["kernel"] == "fused":  # a fused pool's cycles are in its convolution's
                continue
            if kind == "pooling":  # per input element: a global pool reads many per output
                work = elements(str(inputs[0])) if inputs and inputs[0] else 0
            else:
                work = elements(o["output"]) if kind == "elementwise" else o["macs"]
            for key in ((kind, model), (kind, None)):
                c = cells.setdefault(key, [0, 0, 0])
                c[0] += o["cycles"]
                c[1] += work
                c[2] += 1
    shown = [m for m in order if m not in missing]
    L = ["| layer type | " + " | ".join(shown) + " | all models |", "|---|" + "---:|" * (len(shown) + 1)]
    for kind in LAYER_TYPES:
        row = []
        for model in shown + [None]:
            c = cells.get((kind, model))
            row.append("—" if not c or not c[1] else f"{c[0] / c[1]:.2f} ({c[2]})")
        unit = {"pooling": " (per input element)", "elementwise": " (per output element)"}.get(kind, "")
        L.append(f"| {kind}{unit} | "
                 + " | ".join(row) + " |")
    notes = ["", "Estimated cycles per MAC of the optimized kernels, summed over the layers of each type "
             "(their count in parentheses); pooling and elementwise layers do no MACs, so theirs is per input "
             "(pooling) or output (elementwise) element. First layer: a model's first convolution (CONV_2D or DEPTHWISE_CONV_2D); 1x1 and spatial: "
             "the other CONV_2D layers by filter size. Max pools fused into the convolution before them count in that convolution."]
    if missing:
        notes.append(f"Not classified (no `nib inspect` of the model): {', '.join(missing)}.")
    return L + notes


def write_md(rows, runs, path, table, anchors_path, nib=None, models_dir=None):
    L = []
    L.append("# nib on the emulated Cortex-M4: summary")
    L.append("")
    L.append(f"Written by `bash bench/run.sh` (source revision `{git_revision()}`, cost table `{table}`). "
             "nib: `nib bench-m4` = one measured `invoke()` of `m4_bench.elf` after a warm-up, "
             "input = the LCG bytes of ANCHORS.md, under `qemu-system-arm -M mps2-an386` with the "
             "cyclecount plugin. TFLM reference and CMSIS-NN: the figures of "
             f"`{os.path.relpath(anchors_path, REPO)}` (same emulator, same cost table, same input). "
             "Bound = MACs / 2 cycles. Instructions are exact; cycles are estimates.")
    L.append("")
    L.append("## Estimated cycles per inference")
    L.append("")
    cycles_start = len(L)
    L.append("| model | MACs | bound | nib reference | nib optimized | TFLM reference | CMSIS-NN "
             "| nib opt. / CMSIS-NN | nib opt. / bound | CMSIS-NN / bound | output = ANCHORS.md |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
    for r in rows:
        macs = commas(r["macs"])
        if r["anchor_macs"] is not None and r["anchor_macs"] != r["macs"]:
            macs += f" (ANCHORS: {commas(r['anchor_macs'])})"
        L.append(f"| {r['model']} | {macs} | {commas(r['bound_cycles'])} | {commas(r['nib_reference_cycles'])} "
                 f"| {commas(r['nib_optimized_cycles'])} | {commas(r['tflm_reference_cycles'])} "
                 f"| {commas(r['cmsis_nn_cycles'])} | {fmt_ratio(r['optimized_over_cmsis_nn'], bold=True)} "
                 f"| {fmt_ratio(r['optimized_over_bound'], 1)} | {fmt_ratio(r['cmsis_nn_over_bound'], 1)} "
                 f"| {r['output_matches_anchor'] or '—'} |")
    L.append("")
    L.append("nib opt. / CMSIS-NN below 1.00× means nib's optimized kernels beat CMSIS-NN on the estimate.")
    cycles_table = L[cycles_start:]
    L.append("")
    L.append("## Instructions per inference (exact)")
    L.append("")
    L.append("| model | nib reference | nib optimized | TFLM reference | CMSIS-NN | nib ref. / TFLM ref. "
             "| interpreter + profiler overhead (nib opt., outside operators) |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        L.append(f"| {r['model']} | {commas(r['nib_reference_instructions'])} "
                 f"| {commas(r['nib_optimized_instructions'])} | {commas(r['tflm_reference_instructions'])} "
                 f"| {commas(r['cmsis_nn_instructions'])} "
                 f"| {fmt_ratio(ratio(r['nib_reference_instructions'], r['tflm_reference_instructions']))} "
                 f"| {commas(r['interpreter_overhead_instructions_optimized'])} ({r['operators']} operators) |")
    L.append("")
    L.append("## Memory")
    L.append("")
    memory_start = len(L)
    L.append("| model | nib arena (ref. / opt.) | TFLM arena (ref. / CMSIS-NN) | nib opt. / TFLM ref. arena "
             "| nib flash: firmware .text+.rodata | TFLM .text (ref. / CMSIS-NN) | model bytes |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        tflm_arena = ("—" if r["tflm_arena_bytes_reference"] is None else
                      f"{commas(r['tflm_arena_bytes_reference'])} / {commas(r['tflm_arena_bytes_cmsis_nn'])}")
        tflm_text = ("—" if r["tflm_text_bytes_reference"] is None else
                     f"{commas(r['tflm_text_bytes_reference'])} / {commas(r['tflm_text_bytes_cmsis_nn'])}")
        L.append(f"| {r['model']} | {commas(r['nib_arena_bytes_reference'])} / "
                 f"{commas(r['nib_arena_bytes_optimized'])} | {tflm_arena} "
                 f"| {fmt_ratio(ratio(r['nib_arena_bytes_optimized'], r['tflm_arena_bytes_reference']))} "
                 f"| {commas(r['nib_flash_bytes'])} | {tflm_text} | {commas(r['model_bytes'])} |")
    L.append("")
    L.append("nib's flash figure is the whole `m4_bench.elf` (.text + .rodata): the engine with *every* kernel "
             "(reference and optimized), the loader, semihosting and newlib-nano, the same for every model; "
             "TFLM's .text holds only the kernels a model needs and excludes .rodata. The model's bytes come on top "
             "in both.")
    memory_table = L[memory_start:]
    L.append("")
    layer_table = []
    if nib and models_dir:
        L.append("## Cycles per MAC by layer type (nib optimized)")
        L.append("")
        layer_table = layer_type_table(runs, [r["model"] for r in rows], nib, models_dir)
        L.extend(layer_table)
        L.append("")
    with open(path, "w") as f:
        f.write("\n".join(L))
    return cycles_table, memory_table, layer_table


README_BEGIN = "<!-- bench:summary:begin -->"
README_END = "<!-- bench:summary:end -->"


def update_readme(cycles_table, memory_table, layer_table, table):
    """Replaces what lies between the two markers of README.md's "Measuring on the Cortex-M4" section."""
    path = os.path.join(REPO, "README.md")
    with open(path) as f:
        text = f.read()
    b, e = text.find(README_BEGIN), text.find(README_END)
    if b < 0 or e < b:
        print(f"summarize: {path} has no {README_BEGIN} ... {README_END} block", file=sys.stderr)
        return False
    body = [f"Source revision `{git_revision()}`, cost table `{table}`.", ""] + cycles_table + \
           ["", "Memory (bytes):", ""] + memory_table
    if layer_table:
        body += ["", "Cycles per MAC by layer type (nib optimized):", ""] + layer_table
    text = text[:b + len(README_BEGIN)] + "\n" + "\n".join(body) + "\n" + text[e:]
    with open(path, "w") as f:
        f.write(text)
    print(f"updated {os.path.relpath(path)}")
    return True


def chart_models(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    series = [("nib reference", "nib_reference_cycles"), ("nib optimized", "nib_optimized_cycles"),
              ("TFLM reference", "tflm_reference_cycles"), ("CMSIS-NN", "cmsis_nn_cycles")]
    small = [r["model"] for r in rows if max(r[k] or 0 for _, k in series) < SMALL_CYCLES]
    rows = [r for r in rows if r["model"] not in small]
    n = len(rows)
    width = 0.2
    fig, ax = plt.subplots(figsize=(max(10, 1.6 * n + 2), 6.5))
    for k, (label, key) in enumerate(series):
        xs = [i + (k - 1.5) * width for i in range(n) if rows[i][key]]
        ys = [r[key] for r in rows if r[key]]
        bars = ax.bar(xs, ys, width, label=label, color=COLORS[label], edgecolor="black", linewidth=0.4)
        for b, y in zip(bars, ys):
            ax.text(b.get_x() + b.get_width() / 2, y * 1.08, human(y), ha="center", va="bottom", rotation=90,
                    fontsize=7.5)
    for i, r in enumerate(rows):
        if r["bound_cycles"]:
            ax.hlines(r["bound_cycles"], i - 2 * width, i + 2 * width, colors="black", linewidth=1.6,
                      label="bound = MACs / 2" if i == 0 else None)
    ax.set_yscale("log")
    lowest = min([r[k] for r in rows for _, k in series if r[k]] + [r["bound_cycles"] for r in rows if r["bound_cycles"]])
    ax.set_ylim(bottom=lowest / 3, top=max(r[k] or 0 for r in rows for _, k in series) * 8)
    ax.set_xticks(range(n))
    ax.set_xticklabels([r["model"].replace("_", "_\n", 1) for r in rows], fontsize=8.5)
    ax.set_ylabel("estimated Cortex-M4 cycles per inference (log scale)")
    ax.set_title("Cycles per inference: nib reference vs nib optimized vs TFLM reference vs CMSIS-NN\n"
                 "QEMU mps2-an386 + cyclecount, ANCHORS.md cost table; TFLM and CMSIS-NN where ANCHORS.md has them"
                 + (f"\n(not shown, under {SMALL_CYCLES:,} cycles: {', '.join(small)})" if small else ""),
                 fontsize=10)
    ax.grid(axis="y", which="major", alpha=0.3)
    ax.legend(loc="upper right", fontsize=8.5, ncol=5)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def chart_ratios(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rows = [r for r in rows if r["cmsis_nn_cycles"]]
    if not rows:
        return
    series = [("nib reference", "nib_reference_cycles"), ("nib optimized", "nib_optimized_cycles"),
              ("TFLM reference", "tflm_reference_cycles")]
    n = len(rows)
    width = 0.26
    fig, ax = plt.subplots(figsize=(11, 5.5))
    top = 0
    for k, (label, key) in enumerate(series):
        xs = [i + (k - 1) * width for i in range(n) if rows[i][key]]
        ys = [r[key] / r["cmsis_nn_cycles"] for r in rows if r[key]]
        top = max([top] + ys)
        bars = ax.bar(xs, ys, width, label=f"{label} / CMSIS-NN", color=COLORS[label], edgecolor="black",
                      linewidth=0.4)
        for b, y in zip(bars, ys):
            ax.text(b.get_x() + b.get_width() / 2, y + 0.05, f"{y:.2f}×", ha="center", va="bottom", fontsize=8)
    ax.axhline(1.0, color=COLORS["CMSIS-NN"], linewidth=1.5, linestyle="--", label="CMSIS-NN = 1 (the target)")
    ax.set_ylim(0, top * 1.15)
    ax.set_xticks(range(n))
    ax.set_xticklabels([r["model"] for r in rows], fontsize=8.5)
    ax.set_ylabel("estimated cycles relative to CMSIS-NN (×, lower is faster)")
    ax.set_title("Estimated cycles per inference relative to TFLM + CMSIS-NN (ANCHORS.md)", fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8.5)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def chart_layers(runs, model, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    if model not in runs or not all(k in runs[model] for k in KERNELS):
        return
    ref, opt = runs[model]["reference"], runs[model]["optimized"]
    ops = ref["operators"]
    n = len(ops)
    width = 0.38
    fig, ax = plt.subplots(figsize=(max(9, 1.5 * n + 2), 6))
    for k, (label, run) in enumerate((("nib reference", ref), ("nib optimized", opt))):
        ys = [o["cycles"] for o in run["operators"]]
        xs = [i + (k - 0.5) * width for i in range(n)]
        bars = ax.bar(xs, ys, width, label=f"{label} (total {human(run['cycles'])} cycles)", color=COLORS[label],
                      edgecolor="black", linewidth=0.4)
        for b, o in zip(bars, run["operators"]):
            text = human(o["cycles"])
            if o["macs"]:
                text += f"\n{o['cycles'] / o['macs']:.2f}/MAC"
            text += "\n" + o["kernel"].replace("+", "+\n")
            ax.text(b.get_x() + b.get_width() / 2, max(o["cycles"], 1) * 1.15, text, ha="center", va="bottom",
                    fontsize=7)
    ax.set_yscale("log")
    ax.set_ylim(bottom=10, top=max(o["cycles"] for o in ref["operators"] + opt["operators"]) * 15)
    ax.set_xticks(range(n))
    ax.set_xticklabels([f"{o['index']} {o['operator']}\n{o['output']}\n{o['macs']:,} MACs" for o in ops],
                       fontsize=8)
    ax.set_ylabel("estimated Cortex-M4 cycles (log scale)")
    xlabel = "operator (index, type, output shape, MACs); bar labels: cycles, cycles per MAC, kernel"
    if any(o["kernel"] == "fused" for o in opt["operators"]):
        xlabel += "\n\"fused\": computed inside the preceding operator's kernel (\"+maxpool\"), whose bar includes it"
    ax.set_xlabel(xlabel)
    ax.set_title(f"{model}: estimated cycles per operator, nib reference vs optimized kernels", fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8.5, loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def ensure_matplotlib():
    """Re-runs this script with Debian's python3 when the current interpreter (pyenv, a venv) lacks matplotlib."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        system = "/usr/bin/python3"
        if os.path.realpath(sys.executable) != os.path.realpath(system) and os.path.exists(system):
            os.execv(system, [system] + sys.argv)
        sys.exit("summarize: python3-matplotlib is missing: apt-get install -y python3-matplotlib")


def main():
    ensure_matplotlib()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--results", default=os.path.join(REPO, "bench", "results"))
    ap.add_argument("--anchors", default=None)
    ap.add_argument("--table", default="anchors")
    ap.add_argument("--nib", default=os.path.join(REPO, "build", "host", "tools", "nib", "nib"),
                    help="the host nib tool, whose `inspect` gives each layer's type")
    ap.add_argument("--models", default=None, help="the .tflite files (default: models/ beside the anchors' directory)")
    ap.add_argument("--update-readme", action="store_true",
                    help="also refresh the results table in README.md (between the bench:summary markers)")
    args = ap.parse_args()
    anchors_path = args.anchors or anchors_mod.default_path()
    anchors = anchors_mod.load(anchors_path)
    runs = load_results(args.results)
    if not runs:
        print(f"summarize: no results in {args.results}", file=sys.stderr)
        return 1
    rows = summarize(runs, anchors)
    out = lambda name: os.path.join(args.results, name)  # noqa: E731
    write_csv(rows, out("summary.csv"))
    models_dir = args.models or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(anchors_path))), "models")
    cycles_table, memory_table, layer_table = write_md(rows, runs, out("summary.md"), args.table, anchors_path,
                                                       args.nib, models_dir)
    chart_models(rows, out("cycles_by_model.png"))
    chart_ratios(rows, out("ratio_to_cmsis_nn.png"))
    chart_layers(runs, LAYER_MODEL, out(f"{LAYER_MODEL}_layers.png"))
    if args.update_readme and not update_readme(cycles_table, memory_table, layer_table, args.table):
        return 1
    bad = [r["model"] for r in rows if r["output_matches_anchor"] == "NO"]
    for name in ("summary.csv", "summary.md", "cycles_by_model.png", "ratio_to_cmsis_nn.png",
                 f"{LAYER_MODEL}_layers.png"):
        if os.path.exists(out(name)):
            print(f"wrote {os.path.relpath(out(name))}")
    if bad:
        print(f"summarize: output bytes differ from ANCHORS.md for {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
