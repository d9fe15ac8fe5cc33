//! Helpers shared by the Rips integration tests: diagram comparison up to a tolerance. The
//! brute-force bottleneck distance is in `bottleneck_oracle`, the seeded generator in
//! `split_mix`.
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
