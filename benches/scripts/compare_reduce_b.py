"""Side-by-side of reduce-core's NRMD, PRD, PSA and PHL with the reference implementations.

What is compared, per data set (MinMax-scaled, as the paper's experiments scale) and ratio:
  * epsilon-representativeness (Chebyshev, per class, max over classes: the reference package's
    `find_epsilon`) of our selection and of the reference's, averaged over seeds where either
    side is random;
  * wall time of the reduction alone (ours: measured inside the Rust process by the example
    binary `reduce_b_timing`; reference: measured around the Python call);
  * for NRMD, whether our `Fidelity::Reference` selection equals the reference's;
  * for NRMD and PHL, also the epsilon of our improved mode without `spread` ("plain": the
    plain top of each class's ranking), to show what spreading changes.

The references:
  * PRD: AIX360's ProtodashExplainer (PyPI `aix360`, the package the reference calls), per
    class with m = trunc(ratio * n_c), sigma = 2, optimizer 'osqp', exactly as the reference
    package's `prd_selection`. aix360 imports `xport` (unused by ProtoDash, and not installable
    on current Python): a stub module stands in for it.
  * NRMD and PHL: the reference package (Cimagroup/SurveyGreenAI) is not on PyPI, so its
    functions are re-derived here line by line from the spec (reduction-methods.md §2.6, §2.7),
    whose re-derivations were checked to give the package's rows (NRMD) and scores (PHL)
    exactly. PHL rebuilds the k-d tree for every point and uses numpy's unstable argsort and
    its super-outlier quirk, as the package does.
  * PSA: the reference (bghojogh/Principal-Sample-Analysis) is not on PyPI either and is
    infeasible beyond iris (spec §2.8); ours is reported alone, next to a stratified random
    sample of the same size for scale.

Usage (from the repository root, in a venv outside the repo):
    python3 -m venv /work/venvs/reduce-b && . /work/venvs/reduce-b/bin/activate
    pip install numpy scipy scikit-learn ripser osqp cvxpy && pip install --no-deps aix360==0.3.0
    python3 benches/scripts/compare_reduce_b.py [--datasets iris,wine,breast_cancer,collision]
        [--ratios 0.1,0.2,0.5] [--seeds 5] [--slow]
Without --slow, the reference PRD and PHL are skipped on collision (480 s and 85 s there).
"""
import argparse
import os
import subprocess
import sys
import time
import types
import warnings
from contextlib import contextmanager

import numpy as np
from scipy.spatial import cKDTree

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, "target", "release", "examples", "reduce_b_timing")
DATA = {
    "iris": "data/iris.csv",
    "wine": "data/wine.csv",
    "breast_cancer": "data/breast_cancer.csv",
    "collision": "data/collision.csv",
}
# PHL radius per data set (MinMax-scaled; the reference has no default). collision: the
# reference timing's 0.05; the others: about the median distance to the 16th neighbour.
PHL_RADIUS = {"iris": 0.15, "wine": 0.6, "breast_cancer": 0.5, "collision": 0.05}


def load(name):
    path = os.path.join(ROOT, DATA[name])
    with open(path) as f:
        header = f.readline()
    sep = ";" if header.count(";") > header.count(",") else ","
    raw = np.loadtxt(path, delimiter=sep, skiprows=1)
    # The Rust side parses f32, MinMax-scales in f64 and stores f32: do the same.
    X = raw[:, :-1].astype(np.float32).astype(np.float64)
    lo, hi = X.min(0), X.max(0)
    span = np.where(hi > lo, hi - lo, 1.0)
    X = np.where(hi > lo, (X - lo) / span, 0.0).astype(np.float32).astype(np.float64)
    y = raw[:, -1].astype(int)
    return X, y


def epsilon(X, y, idx):
    """The reference's find_epsilon: Chebyshev, per class, max over classes (a class with no
    kept row is reported as infinite, not skipped)."""
    idx = np.asarray(idx, dtype=int)
    eps = 0.0
    for c in np.unique(y):
        kept = idx[y[idx] == c] if len(idx) else idx
        if len(kept) == 0:
            return float("inf")
        d, _ = cKDTree(X[kept]).query(X[y == c], p=np.inf)
        eps = max(eps, float(d.max()))
    return eps


def ours(method, name, ratio, seed=0, mode="improved", radius=None):
    env = dict(os.environ, REDUCE_B_OUT=f"/tmp/reduce_b_idx_{os.getpid()}.txt", REDUCE_B_SEED=str(seed))
    args = [BIN, method, f"csv:{os.path.join(ROOT, DATA[name])}", str(ratio), mode]
    if radius is not None:
        args.append(str(radius))
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout
    secs = float(out.split(" rows in ")[1].split(" s")[0])
    idx = np.loadtxt(f"/tmp/reduce_b_idx_{os.getpid()}.txt", dtype=int, ndmin=1)
    return idx, secs


# ---------------------------------------------------------------- reference re-derivations


def nrmd_reference(X, y, perc):
    """Spec §2.7: within-class and all-samples SVD scores, global top trunc(perc N)."""
    order = np.argsort(y, kind="stable")
    Xs, ys = X[order], y[order]
    classes = np.unique(ys)

    def scores(M):  # M: d x n, columns are samples
        U, s, _ = np.linalg.svd(M, full_matrices=False)
        w = (1 / s) / np.sum(1 / s)
        Xn = M / np.linalg.norm(M, axis=0)
        proj = np.abs(U.T @ Xn)
        return (w[:, None] * -np.log(np.maximum(proj, 0.001))).sum(0)

    within = np.zeros(len(ys))
    for c in classes:
        m = ys == c
        within[m] = scores(Xs[m].T)
    onehot = (ys[:, None] == classes[None, :]).astype(float)
    allsc = scores(np.hstack([Xs, onehot]).T)
    score = within * allsc
    n = int(perc * len(y))
    top = np.argsort(score)[::-1][:n]
    return np.sort(order[top])


def phl_reference(X, y, perc, r, dim, seed):
    """Spec §2.6: per class, per point a fresh k-d tree without the point, ripser on the
    neighbours, restrictedDim score; unstable ascending argsort, the first #super-outliers
    positions permuted (numpy global RNG) and moved last; round(perc n_c) kept."""
    from ripser import ripser

    np.random.seed(seed)
    picked = []
    for c in np.unique(y):
        rows = np.where(y == c)[0]
        Xc = X[rows]
        sc, n_out = [], 0
        for i in range(len(Xc)):
            rest = np.delete(Xc, i, axis=0)
            nb = cKDTree(rest).query_ball_point(Xc[i], r)
            if len(nb) < 2:
                sc.append(0.0)
                n_out += 1
                continue
            d = ripser(rest[nb], maxdim=dim)["dgms"][dim]
            fin = d[np.isfinite(d[:, 1])]
            sc.append(float((fin[:, 1] - fin[:, 0]).max()) if len(fin) else 0.0)
        order = np.argsort(np.array(sc))
        head = np.random.permutation(order[:n_out])
        order = np.concatenate([order[n_out:], head])
        picked.extend(rows[order[: int(round(perc * len(rows)))]])
    return np.sort(np.array(picked, dtype=int))


def prd_reference(X, y, perc):
    sys.modules.setdefault("xport", types.ModuleType("xport"))
    from aix360.algorithms.protodash import ProtodashExplainer

    picked = []
    for c in np.unique(y):
        rows = np.where(y == c)[0]
        m = int(perc * len(rows))
        if m == 0:
            continue
        _, S, _ = ProtodashExplainer().explain(X[rows], X[rows], m=m, sigma=2, optimizer="osqp")
        picked.extend(rows[np.asarray(S, dtype=int)])
    return np.unique(np.array(picked, dtype=int))


@contextmanager
def quiet():
    """Silences the solvers' own printing (at the file-descriptor level: OSQP prints from C)."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)


def timed(f, *a):
    with quiet():
        t = time.perf_counter()
        out = f(*a)
        secs = time.perf_counter() - t
    return out, secs


def stratified_random(y, counts, seed):
    rng = np.random.default_rng(seed)
    out = []
    for c, k in counts.items():
        rows = np.where(y == c)[0]
        out.extend(rng.choice(rows, size=k, replace=False))
    return np.sort(np.array(out, dtype=int))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", default="iris,wine,breast_cancer,collision")
    ap.add_argument("--ratios", default="0.1,0.2,0.5")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--slow", action="store_true", help="run the slow references on collision")
    a = ap.parse_args()
    # ripser warns about neighbourhoods with fewer rows than columns; they are point clouds.
    warnings.simplefilter("ignore")
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "frugal-benches", "--example", "reduce_b_timing"],
        cwd=ROOT,
        check=True,
    )
    print("| data | ratio | method | eps ours | eps reference | ours (s) | reference (s) | note |")
    print("|---|---|---|---|---|---|---|---|")
    for name in a.datasets.split(","):
        X, y = load(name)
        for ratio in [float(r) for r in a.ratios.split(",")]:
            slow_ok = a.slow or name != "collision"
            # NRMD: reference-mode selection must equal the reference's.
            ref, t_ref = timed(nrmd_reference, X, y, ratio)
            ours_ref, _ = ours("nrmd", name, ratio, mode="reference")
            same = np.array_equal(np.sort(ours_ref), ref)
            imp, t_imp = ours("nrmd", name, ratio)
            plain, _ = ours("nrmd", name, ratio, mode="plain")
            print(f"| {name} | {ratio} | NRMD | {epsilon(X, y, imp):.3f} | {epsilon(X, y, ref):.3f} "
                  f"| {t_imp:.4f} | {t_ref:.4f} | reference mode identical: {same}; "
                  f"plain {epsilon(X, y, plain):.3f} |")
            # PRD: ours (Gaussian, sigma 2) and ours in reference mode vs AIX360 (linear).
            p_ours, t_p = ours("prd", name, ratio)
            p_ourref, _ = ours("prd", name, ratio, mode="reference")
            if slow_ok:
                p_ref, t_pref = timed(prd_reference, X, y, ratio)
                e_ref, t_ref_s = f"{epsilon(X, y, p_ref):.3f}", f"{t_pref:.3f}"
            else:
                e_ref, t_ref_s = "skipped", "480 (spec §7.2)"
            print(f"| {name} | {ratio} | PRD | {epsilon(X, y, p_ours):.3f} | {e_ref} | {t_p:.4f} "
                  f"| {t_ref_s} | ours in reference mode: eps {epsilon(X, y, p_ourref):.3f} |")
            # PHL: the same radius, H1 restrictedDim, representative; 5 seeds each side. Ours in
            # its default (improved, spread) mode, and plain (improved without spread).
            r = PHL_RADIUS[name]
            e_o, e_p, e_r, t_o, t_r = [], [], [], [], []
            for seed in range(a.seeds):
                idx, t = ours("phl", name, ratio, seed=seed, mode="improved", radius=r)
                e_o.append(epsilon(X, y, idx))
                t_o.append(t)
                idx, _ = ours("phl", name, ratio, seed=seed, mode="plain", radius=r)
                e_p.append(epsilon(X, y, idx))
                if slow_ok and (name != "collision" or seed == 0):
                    ref, t = timed(phl_reference, X, y, ratio, r, 1, seed)
                    e_r.append(epsilon(X, y, ref))
                    t_r.append(t)
            e_r_s = f"{np.mean(e_r):.3f}" if e_r else "skipped"
            t_r_s = f"{np.mean(t_r):.3f}" if t_r else "85 (spec §7.2, 20 %)"
            print(f"| {name} | {ratio} | PHL r={r} | {np.mean(e_o):.3f} | {e_r_s} | {np.mean(t_o):.4f} "
                  f"| {t_r_s} | mean over {a.seeds} seeds (reference: {len(e_r)}); "
                  f"plain {np.mean(e_p):.3f} |")
            # PSA: ours alone, next to a stratified random sample of the same per-class sizes.
            e_s, e_rand, t_s = [], [], []
            for seed in range(a.seeds):
                idx, t = ours("psa", name, ratio, seed=seed)
                e_s.append(epsilon(X, y, idx))
                t_s.append(t)
                counts = {c: int(np.sum(y[idx] == c)) for c in np.unique(y)}
                e_rand.append(epsilon(X, y, stratified_random(y, counts, seed)))
            print(f"| {name} | {ratio} | PSA | {np.mean(e_s):.3f} | random {np.mean(e_rand):.3f} "
                  f"| {np.mean(t_s):.4f} | n/a | no reference on PyPI |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
