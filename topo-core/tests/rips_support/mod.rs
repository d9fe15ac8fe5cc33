//! Helpers shared by the Rips integration tests: diagram comparison up to a tolerance, a
//! brute-force bottleneck distance, and small deterministic random clouds.
#![allow(dead_code)]

use topo_core::Diagram;

/// Sorted `(birth, death)` pairs.
pub fn sorted(d: &Diagram) -> Vec<(f64, f64)> {
    d.sorted().iter().map(|p| (p.birth, p.death)).collect()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

/// Same multiset of pairs up to `tol` (relative above 1, absolute below). Pairs are matched
/// greedily in sorted order; a pair left without a partner is accepted only when it lies within
/// `tol` of the diagonal (persistence at most `2 tol`), the bottleneck reading of "equal up to
/// `tol`" that lets rounding create or remove pairs of near-zero length. With `tol == 0` the
/// multisets must be identical.
pub fn same_pairs(a: &[(f64, f64)], b: &[(f64, f64)], tol: f64) -> Result<(), String> {
    let mut used = vec![false; b.len()];
    let mut unmatched_a = Vec::new();
    for &(x, y) in a {
        let hit = b
            .iter()
            .enumerate()
            .find(|&(i, &(u, v))| !used[i] && close(x, u, tol) && close(y, v, tol));
        match hit {
            Some((i, _)) => used[i] = true,
            None => unmatched_a.push((x, y)),
        }
    }
    let near_diagonal = |&(x, y): &(f64, f64)| y - x <= 2.0 * tol * y.abs().max(1.0);
    let unmatched_b: Vec<(f64, f64)> = b
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(p, _)| *p)
        .collect();
    if let Some(p) = unmatched_a.iter().find(|p| !near_diagonal(p)) {
        return Err(format!("pair {p:?} of the first diagram has no partner"));
    }
    if let Some(p) = unmatched_b.iter().find(|p| !near_diagonal(p)) {
        return Err(format!("pair {p:?} of the second diagram has no partner"));
    }
    Ok(())
}

/// Asserts equality of diagram lists dimension by dimension.
pub fn assert_same_diagrams(ours: &[Diagram], theirs: &[Diagram], tol: f64, what: &str) {
    assert_eq!(ours.len(), theirs.len(), "{what}: number of dimensions");
    for (k, (a, b)) in ours.iter().zip(theirs).enumerate() {
        if let Err(e) = same_pairs(&sorted(a), &sorted(b), tol) {
            panic!(
                "{what}: H{k} differs: {e}\n ours: {:?}\n theirs: {:?}",
                sorted(a),
                sorted(b)
            );
        }
    }
}

/// SplitMix64: a tiny deterministic generator for test clouds.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// Brute-force bottleneck distance between two diagrams: the smallest candidate value `t` for
/// which a perfect matching exists where every point may also go to the diagonal (cost half its
/// persistence); essential points match only essential points with equal count required.
pub fn bottleneck_brute(a: &Diagram, b: &Diagram) -> f64 {
    let fa: Vec<(f64, f64)> = a.finite().map(|p| (p.birth, p.death)).collect();
    let fb: Vec<(f64, f64)> = b.finite().map(|p| (p.birth, p.death)).collect();
    let mut ea: Vec<f64> = a.essential().map(|p| p.birth).collect();
    let mut eb: Vec<f64> = b.essential().map(|p| p.birth).collect();
    if ea.len() != eb.len() {
        return f64::INFINITY;
    }
    ea.sort_by(f64::total_cmp);
    eb.sort_by(f64::total_cmp);
    let ess = ea
        .iter()
        .zip(&eb)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    let linf = |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).abs().max((p.1 - q.1).abs());
    let diag = |p: (f64, f64)| (p.1 - p.0) / 2.0;
    let mut cands = vec![0.0];
    for &p in &fa {
        cands.push(diag(p));
        for &q in &fb {
            cands.push(linf(p, q));
        }
    }
    for &q in &fb {
        cands.push(diag(q));
    }
    cands.sort_by(f64::total_cmp);
    // Bipartite graph: left = fa + diagonal copies of fb, right = fb + diagonal copies of fa.
    let (na, nb) = (fa.len(), fb.len());
    let feasible = |t: f64| -> bool {
        let n = na + nb;
        let adj = |i: usize, j: usize| -> bool {
            match (i < na, j < nb) {
                (true, true) => linf(fa[i], fb[j]) <= t,
                (true, false) => j - nb == i && diag(fa[i]) <= t,
                (false, true) => i - na == j && diag(fb[j]) <= t,
                (false, false) => true,
            }
        };
        let mut match_r = vec![usize::MAX; n];
        fn augment(
            i: usize,
            n: usize,
            adj: &dyn Fn(usize, usize) -> bool,
            seen: &mut [bool],
            match_r: &mut [usize],
        ) -> bool {
            for j in 0..n {
                if adj(i, j) && !seen[j] {
                    seen[j] = true;
                    if match_r[j] == usize::MAX || augment(match_r[j], n, adj, seen, match_r) {
                        match_r[j] = i;
                        return true;
                    }
                }
            }
            false
        }
        (0..n).all(|i| {
            let mut seen = vec![false; n];
            augment(i, n, &adj, &mut seen, &mut match_r)
        })
    };
    let best = cands
        .iter()
        .copied()
        .find(|&t| feasible(t))
        .unwrap_or(f64::INFINITY);
    best.max(ess)
}
