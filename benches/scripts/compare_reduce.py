#!/usr/bin/env python3
"""Side-by-side comparison of reduce-core's methods with the reference package's methods.

The reference package (Cimagroup/SurveyGreenAI) is not on PyPI, so its methods are RE-CREATED
here from shared/specs/reduction-methods.md with the libraries it calls: scikit-learn (SRS,
DES's split), scipy.cluster.vq.kmeans (CLC), gudhi (MMS), numpy (DES entropy and its
value-to-index lookup, DOM's greedy net in float32 with a strict test, as faiss does, FES's
argsort). They follow the reference's algorithms, budgets and quirks, including its costs
(e.g. DES's O(N*a) lookup), so the timings compare like with like.

Ours: the `reduce_run` example (in-process wall time, median of repeats). Both sides run on
the same MinMax-scaled features rounded to float32 (what reduce-core receives).

Usage (from the repository root, with numpy scipy scikit-learn gudhi installed):

    cargo build --release -p frugal-benches --example reduce_run
    python3 benches/scripts/compare_reduce.py            # timings + epsilon table
    python3 benches/scripts/compare_reduce.py --quick    # collision timings only
    python3 benches/scripts/compare_reduce.py --des      # DES only: its timing and epsilon rows
    python3 benches/scripts/compare_reduce.py --methods CLC,DOM   # only these methods

Prints: the timing table on collision at 20 % (ours, reference, ratio), the exact-match checks
(MMS from a fixed start, DOM at a fixed epsilon, both in reference-fidelity mode), and the
Chebyshev epsilon-representativeness table (ours vs reference, averaged over 5 seeds for the
random methods) on collision and the sklearn sets at ratios 0.1, 0.2, 0.5; with DOM, a last
column for its opt-in PerClass allocation.
"""

import json
import subprocess
import tempfile
import sys
import time
from pathlib import Path

import numpy as np
from scipy.cluster.vq import kmeans
from scipy.spatial import cKDTree
from sklearn.model_selection import StratifiedShuffleSplit, train_test_split
from gudhi.subsampling import choose_n_farthest_points

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "target" / "release" / "examples" / "reduce_run"
SCALED = Path(tempfile.gettempdir()) / "frugal_compare_reduce"
SEEDS = [0, 1, 2, 3, 4]


def load(name):
    path = ROOT / "data" / name
    text = path.read_text().splitlines()
    sep = ";" if text[0].count(";") > text[0].count(",") else ","
    arr = np.array([[float(c) for c in line.split(sep)] for line in text[1:] if line.strip()])
    X, y = arr[:, :-1], arr[:, -1].astype(int)
    lo, hi = X.min(0), X.max(0)
    span = np.where(hi > lo, hi - lo, 1.0)
    X = np.where(hi > lo, (X - lo) / span, 0.0).astype(np.float32)
    # Both sides get the same f32 values: the reference these, reduce-core a copy written with
    # round-trip digits (its MinMax step leaves [0, 1] data with min 0 and max 1 unchanged).
    # Scaling the raw file in f32 on the Rust side differs from this in the last bit, enough
    # to turn ties of the epsilon table into one-ulp differences.
    SCALED.mkdir(parents=True, exist_ok=True)
    copy = SCALED / name
    with copy.open("w") as f:
        f.write(",".join(f"x{j}" for j in range(X.shape[1])) + ",label\n")
        for row, label in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")
    return copy, X.astype(np.float64), y


# ---------------------------------------------------------------- reference re-creations

def ref_srs(X, y, perc, seed):
    sss = StratifiedShuffleSplit(n_splits=1, test_size=perc, random_state=seed)
    _, test = next(sss.split(X, y))
    return np.sort(test), None


def ref_clc(X, y, perc, seed):
    np.random.seed(seed)
    pts, labels = [], []
    for c in np.unique(y):
        Xc = X[y == c]
        k = int(perc * len(Xc))
        if k == 0:
            continue
        cb, _ = kmeans(Xc, k, iter=1)
        pts.append(cb)
        labels += [c] * len(cb)
    return None, (np.vstack(pts), np.array(labels))


def ref_mms(X, y, perc, seed, start=None):
    out = []
    for c in np.unique(y):
        rows = np.where(y == c)[0]
        k = int(perc * len(rows))
        if k == 0:
            continue
        kw = {} if start is None else {"starting_point": start}
        P = np.asarray(choose_n_farthest_points(points=X[rows], nb_points=k, **kw))
        used = set()
        for p in P:
            cand = [j for j in np.where((X[rows] == p).all(1))[0] if j not in used]
            j = cand[0] if cand else np.where((X[rows] == p).all(1))[0][0]
            used.add(j)
            out.append(rows[j])
    return np.sort(np.array(out)), None


def ref_des(X, y, perc, seed):
    perc_base = 0.5 * perc
    idx = np.arange(len(X))
    pool, base = train_test_split(idx, stratify=y, test_size=perc_base, random_state=42 + seed)
    cents = np.array([X[base][y[base] == c].mean(0) for c in np.unique(y[base])])
    P = X[pool]
    d = np.sqrt(((P[:, None, :] - cents[None, :, :]) ** 2).sum(-1))
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(d)
        p = e / e.sum(1, keepdims=True)
        H = -(p * np.log2(np.where(p > 0, p, 1))).sum(1)
    a = int(perc * len(X)) - len(base)
    chosen = []
    for v in np.sort(H)[::-1][: max(a, 0)]:
        chosen.append(pool[np.where(H == v)[0][0]])  # the reference's lookup (repeats ties)
    return np.unique(np.concatenate([base, np.array(chosen, dtype=int)])), None


def dom_net(X, y, eps):
    X32 = X.astype(np.float32)
    picks = []
    for c in np.unique(y):
        rows = np.where(y == c)[0]
        Xc = X32[rows]
        covered = np.zeros(len(rows), bool)
        for i in range(len(rows)):
            if covered[i]:
                continue
            picks.append(rows[i])
            d2 = ((Xc - Xc[i]) ** 2).sum(1, dtype=np.float32)  # the flat index scans all rows
            covered |= d2 < np.float32(eps) ** 2
    return np.sort(np.array(picks))


def ref_dom(X, y, perc, seed, initial=5.0, max_iter=20):
    sel = dom_net(X, y, initial)
    frac = len(sel) / len(X)
    if abs(frac - perc) <= 0.01:
        return sel, None
    lo, hi = 0.0, initial
    it = 0
    while abs(frac - perc) > 0.01 and it < max_iter:
        eps = (lo + hi) / 2
        sel = dom_net(X, y, eps)
        frac = len(sel) / len(X)
        if frac > perc:
            lo = eps
        else:
            hi = eps
        it += 1
    return sel, None


REFERENCE = {"SRS": ref_srs, "CLC": ref_clc, "MMS": ref_mms, "DES": ref_des, "DOM": ref_dom}
RANDOM = {"SRS", "CLC", "MMS", "DES"}


# ---------------------------------------------------------------- ours

def ours(path, method, perc, seed, *extra, repeat=1):
    args = [str(RUN), str(path), method, str(perc), str(seed), f"repeat={repeat}", *extra]
    out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    if "indices" in out:
        return out, np.array(out["indices"], dtype=int), None
    pts = np.array(out["points"], dtype=np.float64).reshape(len(out["labels"]), -1)
    return out, None, (pts, np.array(out["labels"]))


def epsilon(X, y, sel, syn):
    """find_epsilon: max over rows of the Chebyshev distance to the nearest reduced point of
    the same class (a class missing from the reduced set gives infinity)."""
    if syn is None:
        R, ry = X[sel], y[sel]
    else:
        R, ry = syn
    worst = 0.0
    for c in np.unique(y):
        Rc = R[ry == c]
        if len(Rc) == 0:
            return float("inf")
        d, _ = cKDTree(Rc).query(X[y == c], p=np.inf)
        worst = max(worst, float(d.max()))
    return worst


def timed(fn, *a, repeat=3):
    times, res = [], None
    c0 = time.process_time()
    for _ in range(repeat):
        t = time.perf_counter()
        res = fn(*a)
        times.append(time.perf_counter() - t)
    cpu = (time.process_time() - c0) / repeat
    return sorted(times)[len(times) // 2], cpu, res


def main():
    if not RUN.exists():
        sys.exit(f"build first: cargo build --release -p frugal-benches --example reduce_run ({RUN})")
    quick = "--quick" in sys.argv
    methods = list(REFERENCE)
    if "--methods" in sys.argv:
        methods = sys.argv[sys.argv.index("--methods") + 1].upper().split(",")
    chosen = {m: REFERENCE[m] for m in methods}
    path, X, y = load("collision.csv")

    print("## Timing: collision (11,811 x 5, MinMax), 20 %: wall (median of 5) and CPU (mean) seconds\n")
    print("| method | ours wall | reference wall | ratio wall | ours CPU | reference CPU | ratio CPU |")
    print("|---|---|---|---|---|---|---|")
    for m, fn in chosen.items():
        t_ref, c_ref, _ = timed(fn, X, y, 0.2, 0, repeat=5)
        out, _, _ = ours(path, m, 0.2, 0, repeat=5)
        t_ours, c_ours = out["seconds"], max(out["cpu_seconds"], 0.002)
        print(f"| {m} | {t_ours:.4f} | {t_ref:.4f} | {t_ref / t_ours:.0f}x "
              f"| {c_ours:.3f} | {c_ref:.3f} | {c_ref / c_ours:.0f}x |")
    if quick:
        return

    print("\n## Exact matches (reference-fidelity mode)\n")
    ipath, iX, iy = load("iris.csv")
    for dname, p_, X_, y_ in [("iris", ipath, iX, iy), ("collision", path, X, y)]:
        for perc in [0.1, 0.2, 0.5] if "MMS" in chosen else []:
            ref, _ = ref_mms(X_, y_, perc, 0, start=0)
            _, mine, _ = ours(p_, "MMS", perc, 0, "reference", "start=0")
            print(f"MMS start 0, {dname} {perc}: {'match' if np.array_equal(ref, mine) else 'DIFFER'}"
                  f" ({len(mine)} rows)")
        for eps in ([0.05, 0.1, 0.2] if dname == "collision" else [0.1, 0.2, 0.3]) if "DOM" in chosen else []:
            ref = dom_net(X_, y_, eps)
            _, mine, _ = ours(p_, "DOM", 0.5, 0, "reference", f"epsilon={eps}")
            print(f"DOM epsilon {eps}, {dname}: {'match' if np.array_equal(ref, mine) else 'DIFFER'}"
                  f" ({len(mine)} rows)")

    print("\n## Chebyshev epsilon (MinMax features): ours / reference; mean over seeds "
          + ", ".join(map(str, SEEDS)) + " for SRS, CLC, MMS, DES\n")
    # DOM: its default, then (last column) the opt-in PerClass allocation, both against the
    # same reference run.
    columns = [(m, fn, ()) for m, fn in chosen.items()]
    if "DOM" in chosen:
        columns.append(("DOM", chosen["DOM"], ("allocation=perclass",)))
    print("| data | ratio | " + " | ".join(m + (" PerClass" if extra else "")
                                           for m, _, extra in columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    for name in ["collision.csv", "iris.csv", "wine.csv", "breast_cancer.csv", "digits.csv"]:
        p_, X_, y_ = load(name)
        for perc in [0.1, 0.2, 0.5]:
            cells, refs = [], {}
            for m, fn, extra in columns:
                seeds = SEEDS if m in RANDOM else [0]
                if m not in refs:
                    refs[m] = np.mean([epsilon(X_, y_, *fn(X_, y_, perc, s)) for s in seeds])
                e_ref = refs[m]
                e_ours = np.mean([epsilon(X_, y_, *ours(p_, m, perc, s, *extra)[1:])
                                  for s in seeds])
                flag = "" if e_ours <= e_ref + 1e-9 else " (!)"
                cells.append(f"{e_ours:.3f} / {e_ref:.3f}{flag}")
            print(f"| {name[:-4]} | {perc} | " + " | ".join(cells) + " |")


# ---------------------------------------------------------------- DES only (branch reps)

def des_only():
    """`--des`: only the DES rows, for re-running DES without the other methods: its timing on
    collision at 20 % (same run, ours vs the reference re-creation) and its epsilon column
    (ours / reference, mean over the 5 seeds), with the same functions as main()."""
    path, X, y = load("collision.csv")
    t_ref, c_ref, _ = timed(ref_des, X, y, 0.2, 0, repeat=5)
    out, _, _ = ours(path, "DES", 0.2, 0, repeat=5)
    t_ours, c_ours = out["seconds"], max(out["cpu_seconds"], 0.002)
    print("| method | ours wall | reference wall | ratio wall | ours CPU | reference CPU | ratio CPU |")
    print("|---|---|---|---|---|---|---|")
    print(f"| DES | {t_ours:.4f} | {t_ref:.4f} | {t_ref / t_ours:.0f}x "
          f"| {c_ours:.3f} | {c_ref:.3f} | {c_ref / c_ours:.0f}x |\n")
    print("| data | ratio | DES |")
    print("|---|---|---|")
    for name in ["collision.csv", "iris.csv", "wine.csv", "breast_cancer.csv", "digits.csv"]:
        p_, X_, y_ = load(name)
        for perc in [0.1, 0.2, 0.5]:
            e_ref = np.mean([epsilon(X_, y_, *ref_des(X_, y_, perc, s)) for s in SEEDS])
            e_ours = np.mean([epsilon(X_, y_, *ours(p_, "DES", perc, s)[1:]) for s in SEEDS])
            flag = "" if e_ours <= e_ref + 1e-9 else " (!)"
            print(f"| {name[:-4]} | {perc} | {e_ours:.3f} / {e_ref:.3f}{flag} |")


if __name__ == "__main__":
    des_only() if "--des" in sys.argv else main()
