#!/usr/bin/env python3
"""Checks of the nib command line's product behaviour (ctest: cli_product_*).

  product_test.py CHECK --nib NIB --shared SHARED [--work DIR] [--m4-run ELF --qemu RUN]

  exit_codes      0 success, 1 error, 2 usage; --help on every subcommand;
                  an unknown subcommand is named
  inspect_json    --json is valid JSON whose per-operator MACs add up to the
                  total the text output prints (615,864 for the seed model,
                  hand-checked in tests/cli/CMakeLists.txt), with RAM and ROM
                  per operator; ROM adds up to the weight bytes
  unsupported     a model with two unsupported operators: both listed (text
                  and JSON), the rest still printed, exit 1
  float_input     a float32 .npy input for the int8 seed model gives the golden
                  output bytes; --dequantize writes scale * (q - zero point)
  dump            --dump writes every operator's output; the last one is the
                  golden output
  arena32         inspect's default arena is the Cortex-M4's: what m4_run.elf
                  reports after a real inference on the emulated M4, smaller
                  than the 64-bit host's (--host)
Skips (77) when ../shared (or, for arena32, the m4 firmware) is absent.
"""
import argparse, json, os, struct, subprocess, sys, tempfile

SKIP = 77


class Fail(Exception):
    pass


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def expect(cond, what):
    if not cond:
        raise Fail(what)


def seed_case(shared, name="seed_mnist_int8.mnist0"):
    model = os.path.join(shared, "models", "seed_mnist_int8.tflite")
    inp = os.path.join(shared, "conformance", "cases", name + ".input.bin")
    golden = os.path.join(shared, "conformance", "cases", name + ".golden.bin")
    for f in (model, inp, golden):
        if not os.path.exists(f):
            print(f"SKIP: {f} not found")
            sys.exit(SKIP)
    return model, inp, golden


def npy_bytes(dtype, shape, payload):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        dtype, "".join(f"{d}, " for d in shape))
    pad = 64 - (10 + len(header) + 1) % 64
    header += " " * pad + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + payload


def npy_payload(data):
    expect(data[:6] == b"\x93NUMPY", "not a .npy file")
    n = struct.unpack("<H", data[8:10])[0]
    return data[10 + n:]


def inspect_json(nib, model, *extra):
    p = run([nib, "inspect", model, "--json", *extra])
    try:
        return p.returncode, json.loads(p.stdout)
    except json.JSONDecodeError as e:
        raise Fail(f"inspect --json is not JSON ({e}):\n{p.stdout[:500]}{p.stderr}")


def check_exit_codes(a):
    expect(run([a.nib, "--version"]).returncode == 0, "--version: exit 0")
    for sub in ("inspect", "run", "bench-m4", "eval", "embed"):
        p = run([a.nib, sub, "--help"])
        expect(p.returncode == 0 and "Usage" in p.stdout, f"{sub} --help: exit 0 with usage ({p.returncode})")
    p = run([a.nib, "frobnicate"])
    expect(p.returncode == 2 and "unknown subcommand 'frobnicate'" in p.stderr,
           f"unknown subcommand: exit 2 naming it, got {p.returncode}: {p.stderr}")
    for cmd in ([], ["run"], ["inspect", "a", "b"], ["run", "m.tflite", "--kernels", "fast", "-i", "x"]):
        p = run([a.nib, *cmd])
        expect(p.returncode == 2, f"nib {' '.join(cmd)}: usage error exits 2, got {p.returncode}")
    p = run([a.nib, "inspect", "/nonexistent.tflite"])
    expect(p.returncode == 1, f"missing model: exit 1, got {p.returncode}")


def check_inspect_json(a):
    model, _, _ = seed_case(a.shared)
    code, j = inspect_json(a.nib, model)
    expect(code == 0, f"inspect --json exit {code}")
    text = run([a.nib, "inspect", model]).stdout
    ops = j["operators"]
    expect(len(ops) > 0 and all({"macs", "ram_bytes", "rom_bytes", "kernel"} <= o.keys() for o in ops),
           "every operator has macs, ram_bytes, rom_bytes, kernel")
    total = sum(o["macs"] for o in ops)
    expect(total == j["totals"]["macs"] == 615864, f"MACs add up to 615,864: {total}, {j['totals']['macs']}")
    expect("MACs: 615,864" in text, "the text output prints the same total")
    expect(sum(o["rom_bytes"] for o in ops) == j["totals"]["weight_bytes"],
           "per-operator ROM adds up to the weight bytes")
    expect(max(o["ram_bytes"] for o in ops) == j["totals"]["peak_ram_bytes"] > 0, "peak RAM is the largest")
    # Operator 0 reads the 28x28x1 int8 input and writes its output (with a
    # fused max pool, the pooled one): both, and nothing else is live yet.
    written = ops[1]["outputs"][0] if ops[1]["kernel"] == "fused" else ops[0]["outputs"][0]
    expect(ops[0]["ram_bytes"] == 784 + j["tensors"][written]["bytes"],
           f"operator 0's RAM is its input and output: {ops[0]['ram_bytes']}")
    expect(j["arena"]["total"] == j["arena"]["activations"] + j["arena"]["persistent"], "arena parts add up")
    expect(j["unsupported"] == [], "no unsupported operators")


def check_unsupported(a):
    model, _, _ = seed_case(a.shared)
    bad = os.path.join(a.work, "two_unsupported.tflite")
    p = run([a.make_unsupported, model, bad])
    expect(p.returncode == 0, f"make_unsupported_model failed: {p.stderr}")
    code, j = inspect_json(a.nib, bad)
    expect(code == 1, f"inspect --json on unsupported ops exits 1, got {code}")
    last = len(j["operators"]) - 1
    listed = [(u["index"], u["op"], u["version"]) for u in j["unsupported"]]
    expect(len(listed) == 2 and listed[0][0] == 0 and listed[1][0] == last and listed[1][2] == 99,
           f"both unsupported operators listed: {listed}")
    expect("NotANibOp" in j["unsupported"][0]["why"] and "up to" in j["unsupported"][1]["why"],
           f"each with why: {j['unsupported']}")
    expect(len(j["tensors"]) > 0 and all("rom_bytes" in o for o in j["operators"]), "the rest is still printed")
    p = run([a.nib, "inspect", bad])
    expect(p.returncode == 1 and "unsupported operators (2)" in p.stdout and "tensors:" in p.stdout,
           f"text output lists both and the tables: exit {p.returncode}\n{p.stdout[-800:]}")
    p = run([a.nib, "run", bad, "-i", "/dev/null"])
    expect(p.returncode == 1 and "NotANibOp" in p.stderr, f"run refuses it naming the custom op: {p.stderr}")


def check_float_input(a):
    model, inp, golden = seed_case(a.shared)
    _, j = inspect_json(a.nib, model, "--host")
    t_in = j["tensors"][j["inputs"][0]]
    t_out = j["tensors"][j["outputs"][0]]
    scale, zp = t_in["quantization"]["scales"][0], t_in["quantization"]["zero_points"][0]
    q = struct.unpack(f"{len(open(inp, 'rb').read())}b", open(inp, "rb").read())
    floats = struct.pack(f"<{len(q)}f", *[(v - zp) * scale for v in q])
    f_in = os.path.join(a.work, "input_f32.npy")
    open(f_in, "wb").write(npy_bytes("<f4", t_in["shape"], floats))
    out = os.path.join(a.work, "out.bin")
    p = run([a.nib, "run", model, "-i", f_in, "-o", out])
    expect(p.returncode == 0, f"run with float input: {p.stderr}")
    expect(open(out, "rb").read() == open(golden, "rb").read(), "float .npy input gives the golden int8 output")
    deq = os.path.join(a.work, "out_f32.npy")
    p = run([a.nib, "run", model, "-i", f_in, "-o", deq, "--dequantize"])
    expect(p.returncode == 0, f"run --dequantize: {p.stderr}")
    got = npy_payload(open(deq, "rb").read())
    g = struct.unpack(f"{len(open(golden, 'rb').read())}b", open(golden, "rb").read())
    oscale, ozp = t_out["quantization"]["scales"][0], t_out["quantization"]["zero_points"][0]
    want = struct.pack(f"<{len(g)}f", *[oscale * (v - ozp) for v in g])
    vals = struct.unpack(f"<{len(g)}f", got)
    expect(len(got) == len(want) and all(abs(x - y) <= 1e-6 for x, y in zip(vals, struct.unpack(f"<{len(g)}f", want))),
           "dequantized output = scale * (q - zero point)")


def check_dump(a):
    model, inp, golden = seed_case(a.shared)
    d = os.path.join(a.work, "dump")
    p = run([a.nib, "run", model, "-i", inp, "--dump", d])
    expect(p.returncode == 0, f"run --dump: {p.stderr}")
    files = sorted(os.listdir(d))
    _, j = inspect_json(a.nib, model, "--host")
    fused = sum(1 for o in j["operators"] if o["kernel"] == "fused")
    expect(len(files) == len(j["operators"]) - fused, f"one file per materialized operator output: {files}")
    expect(npy_payload(open(os.path.join(d, files[-1]), "rb").read()) == open(golden, "rb").read(),
           f"the last dumped tensor ({files[-1]}) is the golden output")


def check_arena32(a):
    model, inp, _ = seed_case(a.shared)
    if not a.m4_run or not os.path.exists(a.m4_run):
        print(f"SKIP: {a.m4_run} not built (cmake --preset m4 && cmake --build --preset m4)")
        sys.exit(SKIP)
    p = run([a.qemu, a.m4_run, model, inp, os.path.join(a.work, "m4_out.bin")], cwd=a.work)
    expect(p.returncode == 0, f"m4_run failed: {p.stdout}{p.stderr}")
    m4 = int(p.stdout.split("arena bytes:")[1].split()[0])
    code, j = inspect_json(a.nib, model)
    expect(code == 0 and j["arena"]["pointer_bits"] == 32, f"default arena is the 32-bit one: {j['arena']}")
    expect(j["arena"]["total"] == m4, f"inspect's arena {j['arena']['total']} == the Cortex-M4's {m4}")
    _, h = inspect_json(a.nib, model, "--host")
    expect(h["arena"]["pointer_bits"] == 64 and h["arena"]["total"] > m4, "--host gives the (bigger) host's")
    print(f"arena: Cortex-M4 {m4}, inspect {j['arena']['total']}, host {h['arena']['total']}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("check")
    ap.add_argument("--nib", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--work", default=None)
    ap.add_argument("--make-unsupported", dest="make_unsupported")
    ap.add_argument("--m4-run", dest="m4_run")
    ap.add_argument("--qemu")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        a.work = a.work or tmp
        os.makedirs(a.work, exist_ok=True)
        try:
            globals()["check_" + a.check](a)
        except Fail as e:
            print(f"FAIL ({a.check}): {e}")
            return 1
    print(f"ok: {a.check}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
