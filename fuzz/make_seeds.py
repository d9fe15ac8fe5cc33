#!/usr/bin/env python3
"""Write seed corpora for the fuzz targets from the shipped data sets in data/.

Usage: python3 fuzz/make_seeds.py [--data DIR] [--out DIR]   (defaults: data/, fuzz/corpus/)

Each seed is encoded in the byte format that fuzz/src/input.rs documents, so that it decodes to
real rows, labels and diagrams; the fuzzer mutates from there. Standard library only. The corpus
folders are git-ignored; CI and the long runs regenerate them with this script.
"""

import argparse
import csv
import math
import os
import struct

MAX_ROWS = 64  # fuzz/src/lib.rs limits
MAX_DIM = 16
MAX_PAIRS = 48


class Writer:
    """The inverse of fuzz/src/input.rs `Input`."""

    def __init__(self):
        self.buf = bytearray()

    def u8(self, v):
        self.buf += struct.pack("<B", v & 0xFF)

    def u16(self, v):
        self.buf += struct.pack("<H", v & 0xFFFF)

    def u32(self, v):
        self.buf += struct.pack("<I", v & 0xFFFFFFFF)

    def f32(self, v):
        self.buf += struct.pack("<f", v)

    def f64(self, v):
        self.buf += struct.pack("<d", v)

    def below(self, n, v):
        """Writes v so that Input::below(n) reads it back."""
        assert 0 <= v < max(n, 1)
        if n <= 256:
            self.u8(v)
        else:
            self.u16(v)

    def raw(self, b):
        self.buf += b

    def cloud(self, rows, max_rows=MAX_ROWS, max_dim=MAX_DIM):
        """A cloud in mode 0 (raw f32)."""
        rows = rows[:max_rows]
        dim = len(rows[0]) if rows else 0
        assert dim <= max_dim
        self.below(max_rows + 1, len(rows))
        self.below(max_dim + 1, dim)
        self.below(3, 0)
        for r in rows:
            for v in r:
                self.f32(v)

    def labels(self, labels):
        """Labels as a few small classes (kind 0) when they fit, else raw u32 (kind 1)."""
        if labels and max(labels) < 8:
            self.below(2, 0)
            self.below(8, max(labels))  # classes - 1
            for l in labels:
                self.u8(l)
        else:
            self.below(2, 1)
            for l in labels:
                self.u32(l)

    def pairs(self, pairs, max_pairs=MAX_PAIRS):
        """A diagram in mode 0 (raw f64)."""
        pairs = pairs[:max_pairs]
        self.below(max_pairs + 1, len(pairs))
        self.below(3, 0)
        for b, d in pairs:
            self.f64(b)
            self.f64(d)


def read_csv(path):
    """(header, rows of floats, integer labels) of a shipped CSV; label is the last column."""
    with open(path, newline="") as f:
        first = f.readline()
        delim = ";" if first.count(";") > first.count(",") else ","
        f.seek(0)
        reader = csv.reader(f, delimiter=delim)
        header = next(reader)
        feats, labels = [], []
        for rec in reader:
            feats.append([float(x) for x in rec[:-1]])
            labels.append(int(float(rec[-1])))
    names = sorted(set(labels))
    code = {n: i for i, n in enumerate(names)}
    return header, feats, [code[l] for l in labels]


def spread(rows, labels, k):
    """k rows taken evenly through the file, so every class appears."""
    n = len(rows)
    idx = [i * n // k for i in range(min(k, n))]
    return [rows[i] for i in idx], [labels[i] for i in idx]


def minmax(rows):
    """Scales each column to [0, 1], as the paper's experiments do."""
    lo = [min(c) for c in zip(*rows)]
    hi = [max(c) for c in zip(*rows)]
    return [[(v - a) / (b - a) if b > a else 0.0 for v, a, b in zip(r, lo, hi)] for r in rows]


def seeds_points(data):
    out = []
    for name, (_, rows, labels) in data.items():
        dim = len(rows[0])
        if dim > MAX_DIM + 1:
            continue
        k = max(1, min(256 // dim, MAX_ROWS))
        sub, lab = spread(rows, labels, k)
        w = Writer()
        w.below(MAX_DIM + 2, dim)
        w.below(4 * MAX_ROWS + 1, len(sub) * dim)
        w.below(3, 0)
        for r in sub:
            for v in r:
                w.f32(v)
        w.u8(1)  # one label per row
        w.labels(lab)
        out.append((name, w.buf))
    return out


def seeds_class_counts(data):
    out = []
    for name, (_, rows, labels) in data.items():
        for ratio in (0.1, 0.2, 0.5):
            _, lab = spread(rows, labels, 2048)
            for at_least_one in (0, 1):
                w = Writer()
                w.below(2049, len(lab))
                w.below(4, 1)
                w.u16(int(ratio * 65536) - 1)
                w.u8(at_least_one)
                w.labels(lab)
                out.append((f"{name}_{ratio}_{at_least_one}", w.buf))
    return out


def seeds_csv(paths):
    out = []
    for name, path in paths.items():
        with open(path, "rb") as f:
            head = b"".join(f.readline() for _ in range(24))
        for flags, label in ((0, b""), (1, b"label"), (3, b"row")):
            w = Writer()
            w.u8(flags)
            w.below(8, len(label))
            w.raw(label)
            w.raw(head)
            out.append((f"{name}_{flags}", w.buf))
    return out


def seeds_diagram():
    inf = math.inf
    cases = {
        "empty": [],
        "one_essential": [(0.0, inf)],
        "ties": [(0.0, 1.0), (0.0, 1.0), (0.5, 1.0), (0.0, inf), (0.0, inf)],
        "diagonal": [(1.0, 1.0), (2.0, 2.0), (0.0, 3.0)],
        "circle_h1": [(0.5176, 1.4142), (0.1, 0.12)],
        "bad_nan": [(0.0, math.nan)],
        "bad_order": [(2.0, 1.0)],
        "bad_neg_inf": [(0.0, -inf)],
    }
    out = []
    for name, pairs in cases.items():
        w = Writer()
        w.pairs(pairs)
        out.append((name, w.buf))
    return out


METHOD_NAMES = ["SRS", "CLC", "MMS", "DES", "DOM", "PHL", "NRMD", "PSA", "PRD", "FES"]


def clouds(data):
    """(name, rows, labels): up to MAX_ROWS rows of at most MAX_DIM columns from each data set,
    raw and MinMax scaled."""
    out = []
    for name, (_, rows, labels) in data.items():
        sub, lab = spread(rows, labels, MAX_ROWS)
        sub = [r[:MAX_DIM] for r in sub]
        out.append((name, sub, lab))
        out.append((name + "_minmax", minmax(sub), lab))
    return out


def seeds_reduce(data):
    out = []
    for name, rows, lab in clouds(data):
        for m, method in enumerate(METHOD_NAMES):
            w = Writer()
            w.cloud(rows)
            w.labels(lab)
            w.below(4, 3)  # one of the paper's ratios
            w.below(4, 1)  # 0.2
            w.buf += struct.pack("<Q", 7)  # seed
            w.u8(1)  # by name
            w.below(len(METHOD_NAMES), m)
            w.u8(0)  # upper case
            out.append((f"{name}_{method}", w.buf))
    return out


def seeds_epsilon(data):
    out = []
    for name, rows, lab in clouds(data):
        for norm in range(3):
            w = Writer()
            w.cloud(rows)
            w.labels(lab)
            w.below(3, norm)
            w.u8(1)  # reduced = a subset of the rows
            for i in range(len(rows)):
                w.u8(1 if i % 5 == 0 else 0)
            out.append((f"{name}_{norm}", w.buf))
    return out


def seeds_distances():
    inf = math.inf
    a = [(0.0, 1.0), (0.2, 0.9), (0.5, 0.6), (0.0, inf)]
    b = [(0.0, 1.1), (0.3, 0.8), (0.0, inf)]
    ties = [(0.0, 1.0), (0.0, 1.0), (1.0, 1.0)]
    out = []
    for name, (x, y) in {
        "close": (a, b),
        "ties": (ties, ties[:2]),
        "essential_mismatch": (a, a[:3]),
        "empty": ([], a),
    }.items():
        for order_kind in range(3):
            w = Writer()
            w.pairs(x, MAX_PAIRS // 2)
            w.u8(0)  # a second diagram follows
            w.pairs(y, MAX_PAIRS // 2)
            w.below(4, order_kind)
            if order_kind == 2:
                w.u8(16)  # p = 2
            w.below(4, 1)
            out.append((f"{name}_{order_kind}", w.buf))
    return out


def seeds_rips(data):
    out = []
    for name, rows, _ in clouds(data):
        for max_dim, thr in ((1, 0), (2, 0), (0, 1)):
            w = Writer()
            w.u8(1)  # a point cloud
            w.below(8, {0: 3, 1: 4, 2: 2}[max_dim])  # k % 3 for k >= 2
            w.below(4, thr)  # None (enclosing radius) or +inf
            w.cloud(rows[:20], max_rows=24)
            out.append((f"{name}_{max_dim}_{thr}", w.buf))
    return out


def write(out_dir, target, seeds):
    d = os.path.join(out_dir, target)
    os.makedirs(d, exist_ok=True)
    for name, buf in seeds:
        with open(os.path.join(d, f"seed_{name}"), "wb") as f:
            f.write(bytes(buf))
    return len(seeds)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "data"))
    ap.add_argument("--out", default=os.path.join(here, "corpus"))
    args = ap.parse_args()

    paths = {
        os.path.splitext(f)[0]: os.path.join(args.data, f)
        for f in sorted(os.listdir(args.data))
        if f.endswith(".csv")
    }
    data = {n: read_csv(p) for n, p in paths.items()}
    total = 0
    total += write(args.out, "points", seeds_points(data))
    total += write(args.out, "class_counts", seeds_class_counts(data))
    total += write(args.out, "csv_table", seeds_csv(paths))
    total += write(args.out, "diagram", seeds_diagram())
    total += write(args.out, "reduce", seeds_reduce(data))
    total += write(args.out, "epsilon", seeds_epsilon(data))
    total += write(args.out, "distances", seeds_distances())
    total += write(args.out, "rips", seeds_rips(data))
    print(f"wrote {total} seeds under {args.out}")


if __name__ == "__main__":
    main()
