//! Spreading a ranked class over its space: each neighbourhood keeps its best-ranked row.
//!
//! DES, NRMD and PHL each rank a class's rows (entropy, SVD score, local topology) and used to
//! keep the top of the ranking. Rows of similar rank sit close together (a stretch of the class
//! boundary, a direction the SVD explains badly, a featureless patch), so the top of a ranking
//! crowds into a few regions and leaves the rest of the class, its outliers above all, far from
//! any kept row: a poor epsilon-representativeness. Spreading keeps the ranking as the
//! *priority* and adds coverage: every row gets its *separation* `δ`, the distance to the
//! nearest row ranked before it (or kept beforehand, such as DES's random base), and the `k`
//! rows of largest separation are kept (ties to the better rank). A kept row is the best-ranked
//! row within `δ` of itself; the best-ranked row of the class and rows isolated from every
//! better-ranked row (outliers) come first, and a row close to a better-ranked one comes last.
//! This is the "distance to a higher peak" of density-peak clustering (Rodriguez and Laio,
//! 2014), with the method's ranking in place of the density; one pass, no radius to choose.

use alloc::collections::BinaryHeap;
use alloc::vec::Vec;
use core::cmp::Ordering;
use topo_core::Points;

use crate::kdtree::KD_TREE_MAX_DIM;
use crate::seq_tree::{Fixed, Runtime, SeqScratch, SeqTree, Width};

/// Above `KD_TREE_MAX_DIM` features the tree stops pruning and the separations cost up to
/// `rows × (rows + kept) × features / 2` multiply-adds; a class whose product exceeds this keeps
/// the plain ranking (about a second of work; the 1,000,000 × 32 scale run exceeds it, no data
/// set of the cross-check does).
pub const SPREAD_WORK_LIMIT: usize = 1 << 31;

/// The `k` rows to keep out of `order` (one class's candidate rows, best first), spread by
/// separation (see the module docs); `kept` are rows of the class kept already. The result is
/// in ranking order. `order` and `kept` are rows of `points` (the callers' class rows); a row it
/// does not hold turns the spread off (the plain ranking of the rows it holds).
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
        .saturating_mul(m.saturating_add(kept.len()))
        .saturating_mul(dim);
    if dim > KD_TREE_MAX_DIM && work > SPREAD_WORK_LIMIT {
        return order.iter().copied().take(k).collect();
    }
    // The kept rows, then the candidates: separation is taken over earlier positions.
    let seq: Vec<usize> = kept.iter().chain(order).copied().collect();
    let data = points.as_slice();
    let first = kept.len();
    let chosen = match dim {
        1 => top_separations(data, &seq, Fixed::<1>, first, k),
        2 => top_separations(data, &seq, Fixed::<2>, first, k),
        3 => top_separations(data, &seq, Fixed::<3>, first, k),
        4 => top_separations(data, &seq, Fixed::<4>, first, k),
        5 => top_separations(data, &seq, Fixed::<5>, first, k),
        6 => top_separations(data, &seq, Fixed::<6>, first, k),
        7 => top_separations(data, &seq, Fixed::<7>, first, k),
        8 => top_separations(data, &seq, Fixed::<8>, first, k),
        _ => top_separations(data, &seq, Runtime(dim), first, k),
    };
    let Some(chosen) = chosen else {
        // A row `points` does not hold, or beyond the tree's size limit (billions of rows):
        // the plain ranking of the rows it holds.
        return order
            .iter()
            .copied()
            .filter(|&r| points.get(r).is_some())
            .take(k)
            .collect();
    };
    chosen
        .into_iter()
        .filter_map(|t| order.get(t).copied())
        .collect()
}

/// The ranks (0 = sequence position `first`) of the `k` points of `seq` from position `first`
/// on with the largest separation (ties to the lower rank), in rank order. Generic in the width
/// so that the common small widths get unrolled loops (see [`Width`]).
fn top_separations<W: Width>(
    data: &[f32],
    seq: &[usize],
    width: W,
    first: usize,
    k: usize,
) -> Option<Vec<usize>> {
    let n = seq.len();
    // The k best so far, worst on top. The k-th largest separation only grows as rows are
    // added, so a row whose nearest earlier row is already within the current k-th can never
    // be kept: its search stops there.
    let mut top: BinaryHeap<Candidate> = BinaryHeap::with_capacity(k + 1);
    let mut tree = SeqTree::new(data, seq, width)?;
    let mut scratch = SeqScratch::default();
    for _ in 0..first {
        tree.add_next();
    }
    for rank in 0..n.saturating_sub(first) {
        let full = top.len() >= k;
        let cutoff = match top.peek() {
            Some(c) if full => c.separation2,
            _ => f64::NEG_INFINITY,
        };
        let d2 = tree.nearest_added(first + rank, cutoff, &mut scratch);
        tree.add_next();
        if !full || d2 > cutoff {
            top.push(Candidate {
                separation2: d2,
                rank,
            });
            if top.len() > k {
                top.pop();
            }
        }
    }
    let mut chosen: Vec<usize> = top.into_iter().map(|c| c.rank).collect();
    chosen.sort_unstable();
    Some(chosen)
}

/// A kept candidate: its squared separation and its rank. Ordered so that the heap's top is the
/// worst: the smallest separation, and among equal ones the worse (larger) rank.
#[derive(Clone, Copy)]
struct Candidate {
    separation2: f64,
    rank: usize,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .separation2
            .total_cmp(&self.separation2)
            .then(self.rank.cmp(&other.rank))
    }
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
        // Rows 0..=5 at x = 0, 1, 2, 3, 4, 10, ranked in that order: the top 2 of the ranking
        // would be x = 0, 1 (the row at 10 left 9 away). Separations: ∞, 1, 1, 1, 1, 6, so
        // rows 0 and 5 are kept: every row within 4 instead of 9.
        let x = line(&[0.0, 1.0, 2.0, 3.0, 4.0, 10.0]);
        let p = Points::new(&x, 1).unwrap();
        let got = spread_picks(p, &[0, 1, 2, 3, 4, 5], &[], 2);
        assert_eq!(got, vec![0, 5]);
        // Three: the ties at separation 1 go to the better rank (row 1).
        assert_eq!(spread_picks(p, &[0, 1, 2, 3, 4, 5], &[], 3), vec![0, 1, 5]);
    }

    #[test]
    fn kept_rows_count_as_ranked_before_every_candidate() {
        // Row 5 (x = 10) is kept already, so row 6 (x = 9.5, ranked first) has separation 0.5
        // and row 0 (x = 0) separation 9.5: with one pick, row 0.
        let x = line(&[0.0, 1.0, 2.0, 3.0, 4.0, 10.0, 9.5]);
        let p = Points::new(&x, 1).unwrap();
        assert_eq!(spread_picks(p, &[6, 0, 1, 2, 3, 4], &[5], 1), vec![0]);
        // Without the kept row, row 6 is the best-ranked row: separation ∞.
        assert_eq!(spread_picks(p, &[6, 0, 1, 2, 3, 4], &[], 1), vec![6]);
    }

    #[test]
    fn duplicates_come_last_and_counts_are_exact() {
        let x = line(&[1.0; 5]);
        let p = Points::new(&x, 1).unwrap();
        assert_eq!(spread_picks(p, &[3, 1, 4, 0, 2], &[], 3), vec![3, 1, 4]);
        assert_eq!(
            spread_picks(p, &[3, 1, 4, 0, 2], &[], 0),
            Vec::<usize>::new()
        );
        assert_eq!(spread_picks(p, &[3, 1], &[], 5), vec![3, 1]);
        // A duplicate of a better-ranked row loses to any distinct row.
        let y = line(&[0.0, 0.0, 0.5]);
        let q = Points::new(&y, 1).unwrap();
        assert_eq!(spread_picks(q, &[0, 1, 2], &[], 2), vec![0, 2]);
    }

    /// A random case: `n` points of `dim` features, on a grid of `levels` values per feature
    /// (many exact duplicates and tied distances) or continuous when `levels` is 0, from a
    /// fixed LCG seeded by `seed`.
    fn random_points(n: usize, dim: usize, levels: u32, seed: u64) -> Vec<f32> {
        let mut state = seed | 1;
        (0..n * dim)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let u = (state >> 40) as f32 / (1u32 << 24) as f32;
                if levels == 0 {
                    u
                } else {
                    libm::floorf(u * levels as f32) / levels as f32
                }
            })
            .collect()
    }

    fn tree_separations<W: Width>(x: &[f32], seq: &[usize], width: W, cutoff: f64) -> Vec<f64> {
        let mut tree = SeqTree::new(x, seq, width).unwrap();
        let mut scratch = SeqScratch::default();
        (0..seq.len())
            .map(|pos| {
                let d = tree.nearest_added(pos, cutoff, &mut scratch);
                tree.add_next();
                d
            })
            .collect()
    }

    fn tree_separations_any_width(x: &[f32], dim: usize, seq: &[usize], cutoff: f64) -> Vec<f64> {
        match dim {
            1 => tree_separations(x, seq, Fixed::<1>, cutoff),
            2 => tree_separations(x, seq, Fixed::<2>, cutoff),
            3 => tree_separations(x, seq, Fixed::<3>, cutoff),
            4 => tree_separations(x, seq, Fixed::<4>, cutoff),
            5 => tree_separations(x, seq, Fixed::<5>, cutoff),
            6 => tree_separations(x, seq, Fixed::<6>, cutoff),
            7 => tree_separations(x, seq, Fixed::<7>, cutoff),
            8 => tree_separations(x, seq, Fixed::<8>, cutoff),
            _ => tree_separations(x, seq, Runtime(dim), cutoff),
        }
    }

    proptest::proptest! {
        // Each case is one brute-force O(n²) pass: cheap, but Miri runs the seeded tests above
        // (and proptest's failure files need a file system).
        #[test]
        #[cfg_attr(miri, ignore)]
        fn separations_and_picks_match_the_brute_force_definition(
            n in 1usize..400,
            dim in 1usize..=10,
            levels in proptest::sample::select(alloc::vec![0u32, 2, 3, 7]),
            seed in proptest::prelude::any::<u64>(),
            kept_share in 0.0f64..0.5,
            k_share in 0.0f64..=1.0,
            cutoff in 0.0f64..0.5,
        ) {
            let x = random_points(n, dim, levels, seed);
            // Rows in a seeded order: the first `kept` are kept already, the rest ranked.
            let mut seq: Vec<usize> = (0..n).collect();
            let mut state = seed;
            for i in (1..n).rev() {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                seq.swap(i, (state >> 33) as usize % (i + 1));
            }
            let want = crate::seq_tree::tests::brute_separations(&x, dim, &seq);
            // Exact without a cutoff (bit for bit: the same f64 sums).
            let exact = tree_separations_any_width(&x, dim, &seq, f64::NEG_INFINITY);
            proptest::prop_assert_eq!(&exact, &want);
            // With one: the exact value above the cutoff, never below the exact value.
            let cut = tree_separations_any_width(&x, dim, &seq, cutoff);
            for (c, w) in cut.iter().zip(&want) {
                proptest::prop_assert!(*c >= *w && (*c <= cutoff || c == w), "{c} vs {w}");
            }
            // The picks: the k largest separations (ties to the better rank), in rank order.
            let kept_n = ((n as f64) * kept_share) as usize;
            let (kept, order) = seq.split_at(kept_n);
            let k = ((order.len() as f64) * k_share).round() as usize;
            let mut by_sep: Vec<usize> = (0..order.len()).collect();
            by_sep.sort_by(|&a, &b| want[kept_n + b].total_cmp(&want[kept_n + a]).then(a.cmp(&b)));
            let mut ranks: Vec<usize> = by_sep.into_iter().take(k).collect();
            ranks.sort_unstable();
            let expected: Vec<usize> = ranks.into_iter().map(|t| order[t]).collect();
            let p = Points::new(&x, dim).unwrap();
            proptest::prop_assert_eq!(spread_picks(p, order, kept, k), expected);
        }
    }
}
