//! Slow, obviously correct computations the targets compare the crates' fast ones against. They
//! are written from the definitions, independently of the crates' code.

/// Exact bottleneck distance between two diagrams of `(birth, death)` pairs, L-infinity ground
/// distance, points matchable to the diagonal, essential classes (death `+inf`) matched among
/// themselves by birth (different counts: `+inf`). For small diagrams: binary search over the
/// candidate values with a Kuhn augmenting-path matching, `O(V^3 log V)`.
pub fn bottleneck(a: &[(f64, f64)], b: &[(f64, f64)]) -> f64 {
    let split = |d: &[(f64, f64)]| {
        let mut ess: Vec<f64> = d
            .iter()
            .filter(|p| p.1 == f64::INFINITY)
            .map(|p| p.0)
            .collect();
        ess.sort_by(f64::total_cmp);
        let fin: Vec<(f64, f64)> = d.iter().copied().filter(|p| p.1 != f64::INFINITY).collect();
        (ess, fin)
    };
    let (ea, fa) = split(a);
    let (eb, fb) = split(b);
    if ea.len() != eb.len() {
        return f64::INFINITY;
    }
    // Sorted births matched in order is optimal for the one-dimensional essential part.
    let ess = ea
        .iter()
        .zip(&eb)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    ess.max(finite_bottleneck(&fa, &fb))
}

fn to_diagonal(p: (f64, f64)) -> f64 {
    (p.1 - p.0) / 2.0
}

fn linf(p: (f64, f64), q: (f64, f64)) -> f64 {
    (p.0 - q.0).abs().max((p.1 - q.1).abs())
}

/// Cost of matching left vertex `i` to right vertex `j` in the usual completed bipartite graph:
/// left = A then one diagonal copy per B point, right = B then one diagonal copy per A point.
fn cost(a: &[(f64, f64)], b: &[(f64, f64)], i: usize, j: usize) -> f64 {
    let (n, m) = (a.len(), b.len());
    match (i < n, j < m) {
        (true, true) => linf(a[i], b[j]),
        // A point to its own diagonal copy only (any other diagonal copy is equivalent).
        (true, false) => {
            if j - m == i {
                to_diagonal(a[i])
            } else {
                f64::INFINITY
            }
        }
        (false, true) => {
            if i - n == j {
                to_diagonal(b[j])
            } else {
                f64::INFINITY
            }
        }
        (false, false) => 0.0,
    }
}

fn finite_bottleneck(a: &[(f64, f64)], b: &[(f64, f64)]) -> f64 {
    let v = a.len() + b.len();
    if v == 0 {
        return 0.0;
    }
    let mut candidates: Vec<f64> = Vec::new();
    for i in 0..v {
        for j in 0..v {
            let c = cost(a, b, i, j);
            if c.is_finite() || c == f64::INFINITY && i < a.len() && j < b.len() {
                candidates.push(c);
            }
        }
    }
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    // Smallest candidate that admits a perfect matching (the largest always does).
    let (mut lo, mut hi) = (0usize, candidates.len() - 1);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if perfect_matching(v, |i, j| cost(a, b, i, j) <= candidates[mid]) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    candidates[lo]
}

/// Kuhn's algorithm: does the bipartite graph on `v + v` vertices have a perfect matching?
fn perfect_matching(v: usize, edge: impl Fn(usize, usize) -> bool) -> bool {
    let mut owner: Vec<Option<usize>> = vec![None; v];
    fn augment(
        i: usize,
        v: usize,
        edge: &dyn Fn(usize, usize) -> bool,
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for j in 0..v {
            if edge(i, j) && !seen[j] {
                seen[j] = true;
                if owner[j].is_none_or(|k| augment(k, v, edge, seen, owner)) {
                    owner[j] = Some(i);
                    return true;
                }
            }
        }
        false
    }
    (0..v).all(|i| {
        let mut seen = vec![false; v];
        augment(i, v, &edge, &mut seen, &mut owner)
    })
}

/// Distance between two rows in a norm named by index: 0 Chebyshev, 1 Euclidean, 2 Manhattan.
pub fn norm_distance(norm: usize, a: &[f32], b: &[f32]) -> f64 {
    let diffs = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).abs());
    match norm {
        0 => diffs.fold(0.0, f64::max),
        1 => diffs.map(|d| d * d).sum::<f64>().sqrt(),
        _ => diffs.sum(),
    }
}

/// Directed Hausdorff distance from `from` to `to` (rows of width `dim`, both non-empty) and
/// every row of `from` attaining it (within `rel` relative tolerance).
pub fn directed_hausdorff(
    norm: usize,
    from: &[f32],
    to: &[f32],
    dim: usize,
    rel: f64,
) -> (f64, Vec<usize>) {
    let nearest: Vec<f64> = from
        .chunks_exact(dim)
        .map(|a| {
            to.chunks_exact(dim)
                .map(|b| norm_distance(norm, a, b))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let max = nearest.iter().copied().fold(0.0, f64::max);
    let at = (0..nearest.len())
        .filter(|&i| nearest[i] >= max - rel * max)
        .collect();
    (max, at)
}
