//! DOM's polish: after the walks have shared the budget by radius, look for a smaller worst
//! epsilon with greedy nets.
//!
//! The walks give each class, for every count, a cover within a factor 2 of the best; a
//! greedy net in index order at a given epsilon is often a little smaller (the reference's own
//! construction, here in DOM's metric). The polish bisects one epsilon for all classes: at
//! each trial every budgeted class takes the fewer rows of its walk prefix and its greedy net
//! that dominate it for that epsilon; the trial succeeds when the classes fit in the budget's
//! total. The best success is then filled up to the total by radius from the chosen rows, so
//! the result is never worse than the walks' (the trials only go below their worst epsilon).

use alloc::vec::Vec;
use topo_core::Points;

use crate::classes::ClassRows;
use crate::dom_farthest::fill_by_radius;
use crate::dom_metric::DomMetric;
use crate::dom_net::ClassIndex;
use crate::dom_walk::ClassWalk;

/// DOM's polish (see `Dom`) runs when the walks' work, `rows × picks × features` summed over
/// the classes, is at most this (2^26, the default of `Dom::polish_limit`): each of its 15
/// trials costs up to about that much (far less with the k-d tree, at most 12 features), so
/// about 10^9 distance terms, a fraction of a second, at most. Measured: at 20,000 × 32 (10
/// classes, 10 %; work 1.3 × 10^8, above the limit) the polish took 19x the walks' time. Iris,
/// wine, breast_cancer and digits are below it at every ratio of the cross-check, collision
/// above it at 20 % and 50 % (where it gains nothing); the 1,000,000 × 32 scale run is far
/// above it and keeps the walks' result.
///
/// ```
/// use reduce_core::{Budget, Dom, LabelledPoints, SeededRng};
/// // Two classes on a line; 4 rows in all.
/// let x = [0.0_f32, 1.0, 2.0, 3.0, 10.0, 10.5, 11.0, 30.0];
/// let y = [0_u32, 0, 0, 0, 1, 1, 1, 1];
/// let data = LabelledPoints::new(&x, 1, &y)?;
/// let report = Dom::default().select_with_report(data, Budget::Count(4), &mut SeededRng::new(0))?;
/// // One row each, then by radius: class 1 (radius 20: 30 is far from 10) takes 30, then
/// // class 0 (radius 3, against 1 for class 1) takes 3. No 4 rows cover within less than 1.
/// assert_eq!(report.selection.indices, vec![0, 3, 4, 7]);
/// let worst = report.epsilons.iter().map(|e| e.1).fold(0.0, f64::max);
/// let off = Dom { polish_limit: 0, ..Dom::default() };
/// let plain = off.select_with_report(data, Budget::Count(4), &mut SeededRng::new(0))?;
/// assert!(worst <= plain.epsilons.iter().map(|e| e.1).fold(0.0, f64::max));
/// # Ok::<(), reduce_core::Error>(())
/// ```
pub const DOM_POLISH_WORK_LIMIT: u64 = 1 << 26;

/// Bisection steps over `[r / 2, r]`, `r` the walks' worst epsilon: no cover with the same
/// total is below `r / 2` (the walks' picks are `r` apart), so 12 steps find the best trial
/// epsilon within `r / 8192`.
const POLISH_STEPS: usize = 12;

/// Trials at the best epsilon reached so far (strictly below it) after the bisection: they
/// settle ties that the bisection's resolution cannot see (distances one `f32` step apart).
const POLISH_DESCENTS: usize = 3;

/// One class's rows in a trial: a greedy net (positions in the class) or a walk prefix.
enum Cover {
    Net(Vec<usize>),
    Walk(usize),
}

/// Improves `walks` and `counts` (as [`fill_by_radius`] left them, summing to `total`) when a
/// trial epsilon below their worst fits the budget; see the module docs.
pub(crate) fn polish<'a>(
    points: Points<'a>,
    classes: &'a [ClassRows],
    metric: DomMetric,
    walks: &mut [ClassWalk<'a>],
    counts: &mut [usize],
    total: usize,
) {
    let worst_key = walks
        .iter()
        .zip(counts.iter())
        .zip(classes)
        .filter(|((_, k), c)| **k > 0 && **k < c.rows.len())
        .filter_map(|((w, k), _)| w.key_after(*k))
        .fold(0.0_f64, f64::max);
    if !(worst_key > 0.0 && worst_key.is_finite()) {
        return;
    }
    let worst = match metric {
        DomMetric::Euclidean => libm::sqrt(worst_key),
        DomMetric::Chebyshev => worst_key,
    };
    let indexes: Vec<ClassIndex<'a>> = classes
        .iter()
        .map(|c| ClassIndex::new(points, &c.rows, metric))
        .collect();
    let budgeted = counts.iter().filter(|&&k| k > 0).count();
    let to_eps = |key: f64| match metric {
        DomMetric::Euclidean => libm::sqrt(key),
        DomMetric::Chebyshev => key,
    };
    let (mut lo, mut hi) = (0.5 * worst, worst);
    let mut best: Option<Vec<Cover>> = None;
    for step in 0..POLISH_STEPS + POLISH_DESCENTS {
        let descent = step >= POLISH_STEPS;
        let eps = if descent { hi } else { 0.5 * (lo + hi) };
        match trial(eps, metric, walks, &indexes, counts, total, budgeted) {
            Some((plan, reach)) => {
                // Snap to what the plan reaches: the next trial must beat it.
                hi = to_eps(reach).min(eps);
                best = Some(plan);
            }
            None if descent => break,
            None => lo = eps,
        }
    }
    let Some(plan) = best else { return };
    for (((walk, count), cover), index) in walks
        .iter_mut()
        .zip(counts.iter_mut())
        .zip(plan)
        .zip(&indexes)
    {
        match cover {
            Cover::Net(net) => {
                *count = net.len();
                *walk = ClassWalk::seeded(metric, points, index.rows(), &net);
            }
            Cover::Walk(w) => *count = w,
        }
    }
    fill_by_radius(walks, counts, total);
}

/// One trial at `eps`: per budgeted class, the fewer rows of its walk prefix and its greedy net
/// that dominate it for `eps`; `None` if they do not fit in `total`. Also returns the largest
/// key the plan's rows reach (a bound on its worst covering radius).
fn trial(
    eps: f64,
    metric: DomMetric,
    walks: &mut [ClassWalk<'_>],
    indexes: &[ClassIndex<'_>],
    counts: &[usize],
    total: usize,
    budgeted: usize,
) -> Option<(Vec<Cover>, f64)> {
    let key = metric.key_of(eps);
    let mut used = 0_usize;
    let mut left = budgeted;
    let mut reach = 0.0_f64;
    let mut plan = Vec::with_capacity(counts.len());
    for ((walk, index), &count) in walks.iter_mut().zip(indexes).zip(counts) {
        if count == 0 {
            plan.push(Cover::Walk(0));
            continue;
        }
        left = left.saturating_sub(1);
        // Rows this class may take: the rest must leave one for each class after it.
        let room = total.saturating_sub(used).saturating_sub(left);
        let by_walk = walk.picks_below(key, room);
        let net_limit = by_walk.map_or(room, |w| w.saturating_sub(1));
        let cover = match index.greedy_net_positions(eps, net_limit) {
            Some((net, r)) if !net.is_empty() => {
                reach = reach.max(r);
                Cover::Net(net)
            }
            _ => {
                let w = by_walk?;
                reach = reach.max(walk.key_after(w).unwrap_or(key));
                Cover::Walk(w)
            }
        };
        used += match &cover {
            Cover::Net(net) => net.len(),
            Cover::Walk(w) => *w,
        };
        plan.push(cover);
    }
    (used <= total).then_some((plan, reach))
}
