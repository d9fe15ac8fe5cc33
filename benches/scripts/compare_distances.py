"""Side-by-side timings of topo-core against the reference tools, on the same inputs.

1. Bottleneck distance on diagrams of 1,000 and 10,000 points: topo-core vs
   `gudhi.bottleneck_distance` (default e, GUDHI's fast near-exact mode). Target ratio <= 1.0.
2. Epsilon-representativeness of collision (11,811 x 5) against a 20% stratified subset:
   topo-core vs the reference package's method (one scipy cKDTree per class, query p=inf).
   Target: topo-core >= 5x faster.

Run from the repository root in a venv outside the repo (`pip install gudhi scipy numpy`):
    python benches/scripts/compare_distances.py [--repeats 5] [--quick]
It builds and runs `cargo run --release -p frugal-benches --example distances_timer`, which times
the Rust side in-process (median of the repeats), as the Python side is timed in-process.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def median_time(f, repeats):
    times, value = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = f()
        times.append(time.perf_counter() - t0)
    times.sort()
    return value, times[len(times) // 2]


def rust(kind, a, b, repeats):
    cmd = ["cargo", "run", "-q", "--release", "-p", "frugal-benches", "--example",
           "distances_timer", "--", kind, a, b, str(repeats)]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def random_diagram(rng, n):
    """Birth uniform on [0, 1), persistence exponential (mean 0.25): many short bars near the
    diagonal and a few long ones, as in Rips diagrams."""
    b = rng.uniform(0, 1, n)
    return np.column_stack([b, b + rng.exponential(0.25, n)])


def write_diagram(path, d):
    np.savetxt(path, d, fmt="%.17g")


def bottleneck_rows(tmp, repeats, sizes):
    import gudhi
    rows = []
    rng = np.random.default_rng(7)
    for n in sizes:
        for kind in ("independent", "perturbed"):
            a = random_diagram(rng, n)
            if kind == "independent":
                b = random_diagram(rng, n)
            else:
                # A close diagram: the typical full-vs-reduced comparison.
                b = a + rng.normal(0, 0.01, a.shape)
                b[:, 1] = np.maximum(b[:, 1], b[:, 0])
            pa, pb = os.path.join(tmp, f"a{n}{kind}.txt"), os.path.join(tmp, f"b{n}{kind}.txt")
            write_diagram(pa, a)
            write_diagram(pb, b)
            g_val, g_t = median_time(lambda: gudhi.bottleneck_distance(a, b), repeats)
            r_val, r_t = rust("bottleneck", pa, pb, repeats)
            rows.append((f"bottleneck {kind} {n}x{n}", r_t, g_t, "gudhi", r_val, g_val))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="1,000 points only")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "frugal-benches", "--example",
                    "distances_timer"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [1000] if args.quick else [1000, 10000]
        rows = bottleneck_rows(tmp, args.repeats, sizes)
        if not args.quick:
            rows += epsilon_rows(tmp, args.repeats)
    print(f"{'measurement':38} {'topo-core s':>12} {'reference s':>12} {'ratio':>7}  values")
    for name, r_t, g_t, ref, r_val, g_val in rows:
        print(f"{name:38} {r_t:12.6f} {g_t:12.6f} {r_t / g_t:7.3f}  {r_val:.12g} vs {ref} {g_val:.12g}")


def load_collision():
    path = os.path.join(ROOT, "data", "collision.csv")
    raw = np.loadtxt(path, delimiter=";", skiprows=1)
    x, y = raw[:, :-1], raw[:, -1].astype(int)
    # MinMax scaling as in the paper's pipeline; float32 as topo-core stores features.
    x = ((x - x.min(0)) / (x.max(0) - x.min(0))).astype(np.float32)
    return x, y


def find_epsilon(x, y, xr, yr):
    """The reference package's representativeness.find_epsilon: a cKDTree per class, p=inf."""
    from scipy.spatial import cKDTree
    eps = 0.0
    for c in np.unique(y):
        red = xr[yr == c]
        if len(red):
            d, _ = cKDTree(red).query(x[y == c], p=np.inf)
            eps = max(eps, float(d.max()))
    return eps


def epsilon_rows(tmp, repeats):
    x, y = load_collision()
    rng = np.random.default_rng(2024)
    keep = np.zeros(len(y), dtype=bool)
    for c in np.unique(y):  # stratified 20 %
        idx = np.flatnonzero(y == c)
        keep[rng.choice(idx, int(0.2 * len(idx)), replace=False)] = True
    xr, yr = x[keep], y[keep]
    xd, xrd = x.astype(np.float64), xr.astype(np.float64)
    pf, pr = os.path.join(tmp, "full.txt"), os.path.join(tmp, "reduced.txt")
    np.savetxt(pf, np.column_stack([x, y]), fmt=["%.9g"] * x.shape[1] + ["%d"])
    np.savetxt(pr, np.column_stack([xr, yr]), fmt=["%.9g"] * x.shape[1] + ["%d"])
    s_val, s_t = median_time(lambda: find_epsilon(xd, y, xrd, yr), repeats)
    r_val, r_t = rust("epsilon", pf, pr, repeats)
    return [(f"epsilon collision {len(y)} vs {len(yr)} (cheb)", r_t, s_t, "scipy", r_val, s_val)]


if __name__ == "__main__":
    sys.exit(main())
