#!/usr/bin/env python3
"""Generates the stroke test set of the digit app: tests/app/strokes/*.json.

Every file is one drawing in the app's stroke-script format

    {"width": W, "height": H, "strokes": [[[x, y, t_ms], ...], ...]}

named DIGIT_STYLE[_MODIFIER]_NN.json (the label is the first character).

A drawing is made like a hand makes it: each style of each digit is a list of
pen paths (strokes) given as a few key points in a unit box (x right, y down),
joined by a Catmull-Rom spline; the pen moves along each path with a
bell-shaped speed profile and the touch panel samples it every ~12 ms. Per
drawing, a random affine transform (size, aspect, slant, rotation, position in
the box), a slow wobble and per-sample jitter make every sample different;
modifiers make some drawings small, strongly slanted or off-centre, and some
carry a touch-noise spike (one sample far off the path) that the app must
reject. Deterministic: the same seed writes the same files.

    python3 tests/app/gen_strokes.py [--out tests/app/strokes] [--per-digit 12] [--seed 2024]
"""
import argparse
import json
import math
import os
import random


# --- shapes --------------------------------------------------------------

def arc(cx, cy, rx, ry, a0, a1, n=None):
    """Points on an ellipse from angle a0 to a1 (degrees; 0 = +x, 90 = down)."""
    n = n or max(4, int(abs(a1 - a0) / 15))
    return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


def line(p0, p1, n=4):
    return [(p0[0] + (p1[0] - p0[0]) * i / n, p0[1] + (p1[1] - p0[1]) * i / n) for i in range(n + 1)]


def join(*parts):
    """Concatenates point lists, dropping a repeated joint."""
    out = []
    for part in parts:
        for p in part:
            if not out or math.dist(out[-1], p) > 1e-6:
                out.append(p)
    return out


# style name -> list of strokes (each a list of key points). Digits occupy
# roughly x 0.25..0.75, y 0.1..0.9 of the unit box.
SHAPES = {
    0: {
        "oval": [arc(0.5, 0.5, 0.21, 0.38, -95, -95 - 370)],
        "clockwise": [arc(0.5, 0.5, 0.22, 0.37, -85, -85 + 365)],
        "narrow": [arc(0.5, 0.5, 0.13, 0.38, -90, -90 - 360)],
        "open": [arc(0.5, 0.5, 0.2, 0.37, -70, -70 - 330)],
    },
    1: {
        "plain": [line((0.52, 0.1), (0.5, 0.9))],
        "serif": [join(line((0.36, 0.28), (0.53, 0.1), 3), line((0.53, 0.1), (0.53, 0.9)))],
        "serif_base": [join(line((0.36, 0.28), (0.53, 0.1), 3), line((0.53, 0.1), (0.53, 0.88))),
                       line((0.36, 0.89), (0.7, 0.89))],
    },
    2: {
        "curvy": [join(arc(0.5, 0.31, 0.2, 0.2, -170, 25), [(0.6, 0.52), (0.45, 0.68), (0.3, 0.87)],
                       line((0.3, 0.87), (0.74, 0.86)))],
        "loop": [join(arc(0.5, 0.3, 0.19, 0.19, -165, 20), [(0.58, 0.55), (0.42, 0.72), (0.3, 0.86)],
                      [(0.36, 0.8), (0.44, 0.84), (0.52, 0.88), (0.62, 0.87), (0.74, 0.85)])],
        "flat": [join(arc(0.49, 0.3, 0.19, 0.18, -180, 10), line((0.67, 0.36), (0.3, 0.87), 5),
                      line((0.3, 0.87), (0.75, 0.87)))],
    },
    3: {
        "round": [join(arc(0.49, 0.3, 0.18, 0.18, -160, 90), arc(0.49, 0.68, 0.21, 0.2, -90, 160))],
        "flat_top": [join(line((0.3, 0.12), (0.68, 0.12)), line((0.68, 0.12), (0.46, 0.42), 3),
                          arc(0.49, 0.64, 0.21, 0.22, -100, 160))],
        "pointy": [join(arc(0.48, 0.29, 0.19, 0.17, -170, 60), [(0.44, 0.48)],
                        arc(0.5, 0.68, 0.21, 0.2, -70, 165))],
    },
    4: {
        "open": [join(line((0.33, 0.12), (0.29, 0.56)), line((0.29, 0.56), (0.74, 0.55))),
                 line((0.64, 0.12), (0.64, 0.9), 6)],
        "closed": [join(line((0.64, 0.9), (0.64, 0.1), 6), line((0.64, 0.1), (0.27, 0.62), 5),
                        line((0.27, 0.62), (0.77, 0.62)))],
        "closed_two_strokes": [join(line((0.58, 0.1), (0.27, 0.62), 5), line((0.27, 0.62), (0.77, 0.62))),
                               line((0.6, 0.34), (0.6, 0.9), 5)],
    },
    5: {
        "two_strokes": [join(line((0.35, 0.12), (0.33, 0.46), 3), arc(0.49, 0.66, 0.2, 0.21, -125, 150)),
                        line((0.35, 0.12), (0.7, 0.11))],
        "one_stroke": [join(line((0.7, 0.12), (0.36, 0.12)), line((0.36, 0.12), (0.33, 0.46), 3),
                            arc(0.49, 0.66, 0.2, 0.21, -125, 150))],
    },
    6: {
        "spiral": [join([(0.66, 0.12), (0.5, 0.2), (0.38, 0.36)], arc(0.5, 0.68, 0.19, 0.2, 180, -180))],
        "straight_stem": [join(line((0.63, 0.1), (0.32, 0.66), 5), arc(0.51, 0.7, 0.19, 0.18, 170, -190))],
    },
    7: {
        "plain": [join(line((0.27, 0.14), (0.73, 0.14)), line((0.73, 0.14), (0.42, 0.9), 6))],
        "crossed": [join(line((0.27, 0.14), (0.73, 0.14)), line((0.73, 0.14), (0.44, 0.9), 6)),
                    line((0.4, 0.52), (0.7, 0.51))],
        "curved": [join(line((0.28, 0.13), (0.72, 0.14)), [(0.63, 0.34), (0.52, 0.56), (0.46, 0.74), (0.44, 0.9)])],
    },
    8: {
        "single": [[(0.66, 0.22), (0.5, 0.1), (0.34, 0.22), (0.42, 0.4), (0.58, 0.56), (0.68, 0.72),
                    (0.5, 0.9), (0.32, 0.74), (0.42, 0.56), (0.58, 0.42), (0.66, 0.26)]],
        "two_circles": [arc(0.5, 0.3, 0.15, 0.17, -90, -90 - 360), arc(0.5, 0.68, 0.19, 0.21, -90, -90 + 360)],
    },
    9: {
        "straight": [join(arc(0.5, 0.3, 0.18, 0.18, 0, -360), line((0.68, 0.3), (0.66, 0.9), 5))],
        "curved": [join(arc(0.49, 0.3, 0.18, 0.18, 10, -350), [(0.67, 0.5), (0.64, 0.72), (0.55, 0.85), (0.42, 0.9)])],
        "two_strokes": [arc(0.48, 0.3, 0.18, 0.18, 0, -360), line((0.67, 0.16), (0.65, 0.9), 5)],
    },
}


# --- pen dynamics ----------------------------------------------------------

def catmull_rom(points, per_span=12):
    """Dense points of a uniform Catmull-Rom spline through the key points."""
    if len(points) < 3:
        return [(points[0][0] + (points[-1][0] - points[0][0]) * i / per_span,
                 points[0][1] + (points[-1][1] - points[0][1]) * i / per_span) for i in range(per_span + 1)]
    p = [points[0]] + points + [points[-1]]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        for k in range(per_span):
            t = k / per_span
            t2, t3 = t * t, t * t * t
            out.append(tuple(0.5 * ((2 * p1[j]) + (-p0[j] + p2[j]) * t + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                                    + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3) for j in (0, 1)))
    out.append(points[-1])
    return out


def sample_stroke(path, rng, speed, t_start):
    """Samples a dense path as a touch panel would: every ~12 ms, the pen
    moving with a bell-shaped speed profile. Returns [(x, y, t_ms)]."""
    cum = [0.0]
    for a, b in zip(path, path[1:]):
        cum.append(cum[-1] + math.dist(a, b))
    total = cum[-1]
    duration = max(0.08, total / speed)  # seconds
    samples, t = [], 0.0
    while True:
        u = min(1.0, t / duration)
        # Position along the path: smooth start and stop (minimum-jerk profile).
        s = total * (10 * u ** 3 - 15 * u ** 4 + 6 * u ** 5)
        i = max(0, min(len(cum) - 2, next((k for k in range(len(cum) - 1) if cum[k + 1] >= s), len(cum) - 2)))
        seg = cum[i + 1] - cum[i]
        f = 0.0 if seg <= 0 else (s - cum[i]) / seg
        x = path[i][0] + (path[i + 1][0] - path[i][0]) * f
        y = path[i][1] + (path[i + 1][1] - path[i][1]) * f
        samples.append((x, y, t_start + t * 1000.0))
        if u >= 1.0:
            break
        t += rng.uniform(0.010, 0.014)
    return samples


def make_drawing(digit, style, modifiers, rng):
    strokes = SHAPES[digit][style]
    box_w, box_h = rng.choice([(200, 200), (200, 200), (100, 140), (320, 240), (240, 320)])
    unit = min(box_w, box_h)

    size = rng.uniform(0.75, 1.0)
    if "small" in modifiers:
        size = rng.uniform(0.45, 0.55)
    slant = rng.uniform(-0.08, 0.14)
    if "slanted" in modifiers:
        slant = rng.choice([-1, 1]) * rng.uniform(0.25, 0.35) if digit != 1 else rng.uniform(0.25, 0.4)
    rot = math.radians(rng.uniform(-7, 7))
    aspect = rng.uniform(0.85, 1.15)
    # Where the digit's centre goes, as a fraction of the free room.
    cx, cy = rng.uniform(0.4, 0.6), rng.uniform(0.4, 0.6)
    if "offcentre" in modifiers:
        size = min(size, rng.uniform(0.5, 0.65))
        cx, cy = rng.choice([0.12, 0.88]), rng.choice([0.12, 0.88])

    wobble = [(rng.uniform(0, 6.28), rng.uniform(0.004, 0.012)) for _ in range(2)]

    def transform(x, y):
        x, y = x - 0.5, y - 0.5
        x *= aspect
        x -= slant * y
        x, y = x * math.cos(rot) - y * math.sin(rot), x * math.sin(rot) + y * math.cos(rot)
        x, y = x * size * unit, y * size * unit
        free_x, free_y = box_w - size * unit, box_h - size * unit
        return (x + size * unit / 2 + cx * free_x, y + size * unit / 2 + cy * free_y)

    speed = rng.uniform(1.4, 2.6)  # unit-box lengths per second
    t = 0.0
    out = []
    jitter = rng.uniform(0.002, 0.005) * unit
    for stroke in strokes:
        dense = catmull_rom(list(stroke))
        samples = sample_stroke(dense, rng, speed, t)
        pts = []
        for k, (x, y, ts) in enumerate(samples):
            wx = wobble[0][1] * math.sin(ts / 90.0 + wobble[0][0])
            wy = wobble[1][1] * math.sin(ts / 110.0 + wobble[1][0])
            X, Y = transform(x + wx, y + wy)
            X += rng.gauss(0, jitter)
            Y += rng.gauss(0, jitter)
            pts.append([X, Y, ts])
        out.append(pts)
        t = pts[-1][2] + rng.uniform(140, 420)  # pen up, move, pen down: under the 0.5 s timer

    if "spike" in modifiers:
        # One sample thrown far off the path (resistive panel noise).
        s = rng.randrange(len(out))
        stroke = out[s]
        k = rng.randrange(2, len(stroke) - 2) if len(stroke) > 5 else len(stroke) // 2
        ang = rng.uniform(0, 2 * math.pi)
        d = rng.uniform(0.35, 0.5) * unit
        x = min(max(stroke[k][0] + d * math.cos(ang), 0), box_w)
        y = min(max(stroke[k][1] + d * math.sin(ang), 0), box_h)
        if math.dist((x, y), stroke[k][:2]) < 0.3 * unit:  # clamped against the border: go the other way
            x = min(max(stroke[k][0] - d * math.cos(ang), 0), box_w)
            y = min(max(stroke[k][1] - d * math.sin(ang), 0), box_h)
        stroke[k] = [x, y, stroke[k][2]]

    # Keep samples inside the box; round for compact files.
    for stroke in out:
        for p in stroke:
            p[0] = round(min(max(p[0], 0.0), box_w), 1)
            p[1] = round(min(max(p[1], 0.0), box_h), 1)
            p[2] = int(round(p[2]))
    return {"width": box_w, "height": box_h, "strokes": out}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "strokes"))
    ap.add_argument("--per-digit", type=int, default=12)
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith(".json"):
            os.remove(os.path.join(args.out, f))
    rng = random.Random(args.seed)
    # Modifiers cycle so that every digit gets each of them.
    modifier_cycle = [(), ("small",), (), ("slanted",), ("spike",), (), ("offcentre",), (),
                      ("slanted", "spike"), (), ("small", "offcentre"), ()]
    count = 0
    for digit in range(10):
        styles = list(SHAPES[digit])
        for i in range(args.per_digit):
            style = styles[i % len(styles)]
            mods = modifier_cycle[i % len(modifier_cycle)]
            drawing = make_drawing(digit, style, mods, rng)
            name = "_".join([str(digit), style] + list(mods)) + "_%02d.json" % i
            with open(os.path.join(args.out, name), "w") as f:
                f.write('{"width": %d, "height": %d, "strokes": [' % (drawing["width"], drawing["height"]))
                f.write(", ".join("[" + ", ".join(json.dumps(p) for p in s) + "]" for s in drawing["strokes"]))
                f.write("]}\n")
            count += 1
    print("gen_strokes: wrote %d drawings to %s" % (count, args.out))


if __name__ == "__main__":
    main()
