//! The one brute-force bottleneck distance of topo-core's tests (the Rips properties and the
//! distance properties use it): every candidate value in increasing order, the first one that
//! admits a perfect matching (augmenting paths, no pruning) is the distance. Independent of the
//! library's search, which prunes geometrically and bisects.
#![allow(dead_code)]

use topo_core::Diagram;

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
