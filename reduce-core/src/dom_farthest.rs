//! DOM's default search: farthest-point walks per class instead of bisection over greedy nets.
//!
//! After `k` picks a farthest-point walk covers its class within the radius `r_k` (largest
//! distance of a row to its nearest pick), and its picks are pairwise at least `r_k` apart, so
//! no set of `k` rows covers the class within less than `r_k / 2`: the walk's first `k` rows
//! are an epsilon-dominating set for `epsilon` just above `r_k`, within a factor 2 of the best
//! `k`-row one (Gonzalez 1985). One walk gives every `k` at once, so no epsilon is searched:
//! O(n_c · k · d) per class in all, where bisection paid that for every step.

use alloc::collections::BinaryHeap;
use alloc::vec::Vec;
use core::cmp::{Ordering, Reverse};
use topo_core::Points;

use crate::classes::{ClassRows, run_per_class};
use crate::dom_metric::DomMetric;
use crate::dom_polish::polish;
use crate::dom_walk::ClassWalk;
use crate::error::Result;
use crate::seeded::SeededRng;

/// How DOM's default search shares the budget among classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DomAllocation {
    /// The default. The total budget is exact; each class with a budget gets at least one row,
    /// and every further row goes to the class whose covering radius is then the largest (ties
    /// to the lower label), so the worst class's epsilon is as small as the walks allow.
    /// Per-class counts follow each class's geometry, as the reference's single global epsilon
    /// does (the issue: DOM's counts are "as close as its epsilon search reaches").
    #[default]
    ByRadius,
    /// Each class gets exactly its budgeted count (the one budget rule of `class_counts`, as
    /// every other method; DESIGN.md, Budgets). Opt-in.
    PerClass,
}

/// A covering radius as a heap key (largest first, then the lower class position).
#[derive(PartialEq)]
struct Key(f64, Reverse<usize>);

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

/// Per class (in the order of `classes`): the picked rows and the epsilon they dominate with
/// in `metric` (every row of the class at distance `< epsilon` from a pick; 0 when every row
/// is picked, infinite when none is). With `ByRadius`, when the walks' work
/// (`rows × picks × features`, summed) is at most `polish_limit`, [`polish`] then tries
/// greedy nets for a smaller worst epsilon.
pub(crate) fn farthest_nets(
    points: Points<'_>,
    classes: &[ClassRows],
    allocation: DomAllocation,
    metric: DomMetric,
    polish_limit: u64,
) -> Result<Vec<(Vec<usize>, f64)>> {
    // Each walk starts at its class's first row, like the greedy net; no randomness.
    let mut walks = run_per_class(classes, &mut SeededRng::new(0), |c, _| {
        // The same class, borrowed from `classes` so the walk may outlive this call.
        let rows = match classes.binary_search_by_key(&c.label, |k| k.label) {
            Ok(i) => classes.get(i).map_or(&[][..], |k| &k.rows[..]),
            Err(_) => &[][..],
        };
        let mut walk = ClassWalk::new(metric, points, rows, 0, true);
        // ByRadius may give a class a few more rows than its share: make them here, on the
        // fast contiguous copy and in parallel, rather than later in place and one class at a
        // time.
        let ahead = match allocation {
            DomAllocation::ByRadius => c.keep / 32 + 1,
            DomAllocation::PerClass => 0,
        };
        walk.grow_to(c.keep.saturating_add(ahead));
        // Later growth (ByRadius) scans in place: only the working class's copy is ever kept.
        walk.release_copy();
        Ok(walk)
    })?;
    let mut counts: Vec<usize> = classes.iter().map(|c| c.keep.min(c.rows.len())).collect();
    if allocation == DomAllocation::ByRadius {
        let total: usize = counts.iter().sum();
        for count in counts.iter_mut() {
            *count = usize::from(*count > 0);
        }
        fill_by_radius(&mut walks, &mut counts, total);
        let work: u64 = classes
            .iter()
            .zip(&counts)
            .map(|(c, &k)| (c.rows.len() as u64).saturating_mul(k as u64))
            .fold(0_u64, u64::saturating_add)
            .saturating_mul(points.dim() as u64);
        if work <= polish_limit {
            polish(points, classes, metric, &mut walks, &mut counts, total);
        }
    }
    Ok(walks
        .iter()
        .zip(classes)
        .zip(counts)
        .map(|((walk, class), count)| {
            let eps = match walk.key_after(count) {
                Some(key) if count < class.rows.len() => strictly_above(metric, key),
                // A class given no rows (not possible with the default budgets) is uncovered.
                None if !class.rows.is_empty() => f64::INFINITY,
                _ => 0.0,
            };
            (walk.picks(count), eps)
        })
        .collect())
}

/// Gives rows to the classes, one at a time, to the class whose covering radius is the
/// largest, until `counts` sum to `total` or every budgeted class is fully picked. A class
/// with a count of 0 gets none.
pub(crate) fn fill_by_radius(walks: &mut [ClassWalk<'_>], counts: &mut [usize], total: usize) {
    let mut heap = BinaryHeap::new();
    let mut given: usize = counts.iter().sum();
    for (i, (walk, count)) in walks.iter_mut().zip(counts.iter()).enumerate() {
        if *count > 0
            && walk.grow_to(*count) >= *count
            && let Some(key) = walk.key_after(*count)
        {
            heap.push(Key(key, Reverse(i)));
        }
    }
    while given < total {
        let Some(Key(_, Reverse(i))) = heap.pop() else {
            break;
        };
        let (Some(walk), Some(count)) = (walks.get_mut(i), counts.get_mut(i)) else {
            break;
        };
        if walk.grow_to(*count + 1) <= *count {
            continue; // every row of the class is picked
        }
        *count += 1;
        given += 1;
        if let Some(key) = walk.key_after(*count) {
            heap.push(Key(key, Reverse(i)));
        }
    }
}

/// The smallest epsilon with every row at key `<= key` strictly inside it.
fn strictly_above(metric: DomMetric, key: f64) -> f64 {
    match metric {
        DomMetric::Euclidean => strictly_above_root(key),
        DomMetric::Chebyshev => key.next_up(),
    }
}

/// The smallest `f64` whose square (as computed) exceeds `r2 >= 0`, so that "distance² <
/// epsilon²" holds for every row at squared distance `<= r2`.
fn strictly_above_root(r2: f64) -> f64 {
    let mut e = libm::sqrt(r2).max(1e-150);
    while e * e <= r2 {
        e = e.next_up();
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn radius_allocation_feeds_the_spread_class() {
        // Class 0: ten rows packed in [0, 0.9]; class 1: ten rows spread over [100, 190].
        let x: Vec<f32> = (0..10)
            .map(|i| i as f32 * 0.1)
            .chain((0..10).map(|i| 100.0 + 10.0 * i as f32))
            .collect();
        let pts = Points::new(&x, 1).unwrap();
        let classes = [
            ClassRows {
                label: 0,
                rows: (0..10).collect(),
                keep: 3,
            },
            ClassRows {
                label: 1,
                rows: (10..20).collect(),
                keep: 3,
            },
        ];
        let per_class = farthest_nets(
            pts,
            &classes,
            DomAllocation::PerClass,
            DomMetric::Euclidean,
            0,
        )
        .unwrap();
        assert_eq!(per_class[0].0.len(), 3);
        assert_eq!(per_class[1].0.len(), 3);
        let shared = farthest_nets(
            pts,
            &classes,
            DomAllocation::ByRadius,
            DomMetric::Euclidean,
            0,
        )
        .unwrap();
        // The packed class has radius 0.9 after one pick, the spread one needs 5 picks to
        // get below it... it gets every pick but the first of class 0.
        assert_eq!(shared[0].0, vec![0]);
        assert_eq!(shared[1].0.len(), 5);
        assert!(shared[1].1 < per_class[1].1);
    }

    #[test]
    fn epsilon_is_strictly_above_the_radius() {
        for r2 in [0.0, 1e-300, 0.3, 2.0, 1e10] {
            let e = strictly_above_root(r2);
            assert!(e * e > r2);
            assert!(e.next_down() * e.next_down() <= r2 || e == 1e-150);
        }
    }
}
