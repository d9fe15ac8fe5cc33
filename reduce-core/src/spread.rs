//! Spreading a ranked class over its space: a greedy net whose radius is fitted to the budget.
//!
//! DES, NRMD and PHL each rank a class's rows (entropy, SVD score, local topology) and used to
//! keep the top of the ranking. Rows of similar rank sit close together (a stretch of the class
//! boundary, a direction the SVD explains badly, a featureless patch), so the top of a ranking
//! crowds into a few regions and leaves the rest of the class, its outliers above all, far from
//! any kept row: a poor epsilon-representativeness. Spreading keeps the ranking as the
//! *priority* and adds coverage: walking the ranking, a row is taken only when no row taken
//! before it (or kept beforehand, such as DES's random base) lies within radius `ρ`; `ρ` is the
//! smallest radius (found by bisection) at which this greedy net fits the budget, and the budget
//! left over is filled from the ranking. Every row of the class is then within `ρ` of a kept
//! row, and each kept net row is the best-ranked row of its neighbourhood.

use alloc::vec::Vec;
use topo_core::Points;

use crate::kdtree::{KD_TREE_MAX_DIM, KdTree, RADIUS_LEAF};

/// Above `KD_TREE_MAX_DIM` features the k-d tree stops pruning and every net costs up to
/// `candidates × (budget + kept) × features` multiply-adds; a class whose product exceeds this
/// keeps the plain ranking (about 0.1 s per net, so a whole bisection stays within seconds; the
/// 1,000,000 × 32 scale run exceeds it, every data set of the cross-check does not).
pub const SPREAD_WORK_LIMIT: usize = 1 << 26;

/// Bisection steps on the radius (the relative precision reached is `2⁻⁴⁰`, far below any gap
/// between two distinct distances that matters).
const MAX_STEPS: usize = 40;

/// The `k` rows to keep out of `order` (one class's candidate rows, best first), spread by a
/// greedy net fitted to `k` (see the module docs); `kept` are rows of the class kept already,
/// which cover their neighbourhoods from the start. The result lists the net rows in ranking
/// order, then the fill in ranking order. Rows that `points` does not hold are never returned.
pub(crate) fn spread_picks(
    points: Points<'_>,
    order: &[usize],
    kept: &[usize],
    k: usize,
) -> Vec<usize> {
    let m = order.len();
    let dim = points.dim();
    if k == 0 {
        return Vec::new();
    }
    if k >= m {
        return order.to_vec();
    }
    let work = m
        .saturating_mul(k.saturating_add(kept.len()))
        .saturating_mul(dim);
    if dim > KD_TREE_MAX_DIM && work > SPREAD_WORK_LIMIT {
        return order.iter().copied().take(k).collect();
    }
    let widen = |rows: &[usize]| -> Vec<f64> {
        let mut out = Vec::with_capacity(rows.len() * dim);
        for &r in rows {
            if let Some(p) = points.get(r) {
                out.extend(p.iter().map(|&v| f64::from(v)));
            }
        }
        out
    };
    let cand = widen(order);
    let pre = widen(kept);
    if cand.len() != m * dim {
        return order.iter().copied().take(k).collect();
    }
    let tree = KdTree::with_leaf(&cand, dim, RADIUS_LEAF);
    let mut covered = alloc::vec![false; m];
    let mut net = |radius: f64| -> Option<Vec<usize>> {
        covered.fill(false);
        let r2 = radius * radius;
        for p in pre.chunks_exact(dim.max(1)) {
            tree.within_closed(p, r2, &mut |j, _| {
                if let Some(c) = covered.get_mut(j) {
                    *c = true;
                }
            });
        }
        let mut picks = Vec::new();
        for i in 0..m {
            if covered.get(i).copied().unwrap_or(true) {
                continue;
            }
            if picks.len() == k {
                return None; // the net would exceed the budget
            }
            picks.push(i);
            if let Some(q) = cand.get(i * dim..(i + 1) * dim) {
                tree.within_closed(q, r2, &mut |j, _| {
                    if let Some(c) = covered.get_mut(j) {
                        *c = true;
                    }
                });
            }
        }
        Some(picks)
    };
    let picks = match net(0.0) {
        Some(p) => p,
        None => {
            // At the bounding box's diagonal the first candidate covers every candidate.
            let hi0 = diagonal(&cand, &pre, dim) * (1.0 + 1e-9) + f64::MIN_POSITIVE;
            let (mut lo, mut hi) = (0.0, hi0);
            let mut best = net(hi);
            for _ in 0..MAX_STEPS {
                if hi - lo <= hi0 * 1e-12 {
                    break;
                }
                let mid = 0.5 * (lo + hi);
                match net(mid) {
                    Some(p) => {
                        hi = mid;
                        best = Some(p);
                    }
                    None => lo = mid,
                }
            }
            best.unwrap_or_default()
        }
    };
    let mut taken = alloc::vec![false; m];
    let mut out: Vec<usize> = Vec::with_capacity(k);
    for &i in &picks {
        if let (Some(&row), Some(t)) = (order.get(i), taken.get_mut(i)) {
            *t = true;
            out.push(row);
        }
    }
    for (&row, &t) in order.iter().zip(&taken) {
        if out.len() >= k {
            break;
        }
        if !t {
            out.push(row);
        }
    }
    out
}

/// Length of the diagonal of the bounding box of both point sets (row-major, `dim` wide).
fn diagonal(a: &[f64], b: &[f64], dim: usize) -> f64 {
    if dim == 0 {
        return 0.0;
    }
    let mut lo = alloc::vec![f64::INFINITY; dim];
    let mut hi = alloc::vec![f64::NEG_INFINITY; dim];
    for p in a.chunks_exact(dim).chain(b.chunks_exact(dim)) {
        for ((l, h), &v) in lo.iter_mut().zip(hi.iter_mut()).zip(p) {
            *l = l.min(v);
            *h = h.max(v);
        }
    }
    libm::sqrt(
        lo.iter()
            .zip(&hi)
            .map(|(l, h)| if h >= l { (h - l) * (h - l) } else { 0.0 })
            .sum::<f64>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn line(xs: &[f32]) -> Vec<f32> {
        xs.to_vec()
    }

    #[test]
    fn a_ranking_crowded_at_one_end_is_spread_to_both() {
        // Rows 0..=5 at x = 0, 1, 2, 3, 4, 10, ranked 0, 1, 2, ...: the top-2 of the ranking
        // would be x = 0, 1 (the row at 10 left 9 away). The smallest radius whose net has 2 rows is
        // ρ = 4: row 0 covers x = 0..4, then row 5: every row within 4 instead of 9.
        let x = line(&[0.0, 1.0, 2.0, 3.0, 4.0, 10.0]);
        let p = Points::new(&x, 1).unwrap();
        let got = spread_picks(p, &[0, 1, 2, 3, 4, 5], &[], 2);
        assert_eq!(got, vec![0, 5]);
    }

    #[test]
    fn kept_rows_cover_their_neighbourhood_first() {
        // Row 5 (x = 10) is kept already: with one pick left, the net takes the best-ranked row
        // of the rest, row 0, and no row near 10 (ρ ≥ 4 lets row 0 cover 1..4).
        let x = line(&[0.0, 1.0, 2.0, 3.0, 4.0, 10.0, 9.5]);
        let p = Points::new(&x, 1).unwrap();
        let got = spread_picks(p, &[6, 0, 1, 2, 3, 4], &[5], 1);
        assert_eq!(got, vec![0]);
    }

    #[test]
    fn the_fill_follows_the_ranking_and_counts_are_exact() {
        // Identical rows: one row covers all at ρ = 0; the rest come in ranking order.
        let x = line(&[1.0; 5]);
        let p = Points::new(&x, 1).unwrap();
        assert_eq!(spread_picks(p, &[3, 1, 4, 0, 2], &[], 3), vec![3, 1, 4]);
        assert_eq!(spread_picks(p, &[3, 1, 4, 0, 2], &[], 0), Vec::<usize>::new());
        assert_eq!(spread_picks(p, &[3, 1], &[], 5), vec![3, 1]);
    }

    #[test]
    fn every_row_is_within_the_fitted_radius_of_a_pick() {
        // A grid of 10 x 10 rows ranked in index order, 9 picks: check the covering radius of
        // the result is no larger than the plain top-9's (which all sit on the first row).
        let x: Vec<f32> = (0..100)
            .flat_map(|i| [(i % 10) as f32, (i / 10) as f32])
            .collect();
        let p = Points::new(&x, 2).unwrap();
        let order: Vec<usize> = (0..100).collect();
        let cover = |picks: &[usize]| -> f64 {
            (0..100)
                .map(|i| {
                    picks
                        .iter()
                        .map(|&j| {
                            let (a, b) = (p.get(i).unwrap(), p.get(j).unwrap());
                            f64::from((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
                        })
                        .fold(f64::INFINITY, f64::min)
                })
                .fold(0.0, f64::max)
        };
        let spread = spread_picks(p, &order, &[], 9);
        assert_eq!(spread.len(), 9);
        assert!(cover(&spread) <= 5.0, "{}", cover(&spread));
        assert!(cover(&order[..9]) >= 9.0);
    }
}
