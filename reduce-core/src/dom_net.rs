//! DOM's greedy epsilon-net of one class: walk the rows in index order; the first row not yet
//! covered becomes a pick and covers every row of the class at distance `< epsilon`.

use alloc::vec::Vec;
use topo_core::Points;

use crate::chebyshev_tree::ChebyshevTree;
use crate::distance::squared_euclidean;
use crate::dom_metric::DomMetric;
use crate::kdtree::{KD_TREE_MAX_DIM, KdTree};

/// One class's rows with, in low dimension, a k-d tree over them for the neighbourhoods.
///
/// The neighbourhood of a pick comes from a k-d tree (built once per class and reused by every
/// epsilon; [`ChebyshevTree`] for Chebyshev) when there are at most 12 features, and otherwise from a blocked scan over the
/// still-uncovered rows of the class (compacted after each pick), never an n x n matrix: at most
/// O(n_c · picks · d) per epsilon, O(n_c · d) memory.
pub(crate) struct ClassIndex<'a> {
    points: Points<'a>,
    rows: &'a [usize],
    metric: DomMetric,
    /// Euclidean neighbourhoods.
    tree: Option<KdTree>,
    /// Chebyshev neighbourhoods.
    boxes: Option<ChebyshevTree<'a>>,
}

impl<'a> ClassIndex<'a> {
    /// The index of `rows` (indices into `points`) for nets in `metric`.
    pub(crate) fn new(points: Points<'a>, rows: &'a [usize], metric: DomMetric) -> Self {
        let dim = points.dim();
        let indexed = dim <= KD_TREE_MAX_DIM && rows.len() > 64;
        let boxes =
            (indexed && metric == DomMetric::Chebyshev).then(|| ChebyshevTree::new(points, rows));
        let tree = (indexed && metric == DomMetric::Euclidean).then(|| {
            let mut flat = Vec::with_capacity(rows.len() * dim);
            for &r in rows {
                flat.extend(points.row(r).iter().map(|&v| f64::from(v)));
            }
            KdTree::new(&flat, dim)
        });
        Self {
            points,
            rows,
            metric,
            tree,
            boxes,
        }
    }

    /// The class's rows.
    pub(crate) fn rows(&self) -> &'a [usize] {
        self.rows
    }

    /// Greedy epsilon-net as row indices (ascending); `None` when it would exceed `limit` picks.
    pub(crate) fn greedy_net(&self, epsilon: f64, limit: usize) -> Option<Vec<usize>> {
        let (net, _) = self.greedy_net_positions(epsilon, limit)?;
        Some(
            net.iter()
                .filter_map(|&i| self.rows.get(i).copied())
                .collect(),
        )
    }

    /// Greedy epsilon-net as positions in the class's rows (ascending), with the largest
    /// [`DomMetric::key`] of a row to the pick that covered it (a bound on the net's covering
    /// radius); `None` when it would exceed `limit` picks.
    pub(crate) fn greedy_net_positions(
        &self,
        epsilon: f64,
        limit: usize,
    ) -> Option<(Vec<usize>, f64)> {
        let (points, rows, metric) = (self.points, self.rows, self.metric);
        if epsilon <= 0.0 {
            return (rows.len() <= limit).then(|| ((0..rows.len()).collect(), 0.0));
        }
        let mut reach = 0.0_f64;
        let bound = metric.key_of(epsilon);
        let mut picks = Vec::new();
        if let Some(tree) = &self.boxes {
            let mut state = tree.state();
            for (i, &p) in rows.iter().enumerate() {
                if state.is_covered(i) {
                    continue;
                }
                if picks.len() >= limit {
                    return None;
                }
                picks.push(i);
                reach = reach.max(tree.cover(&mut state, points.row(p), epsilon));
            }
            return Some((picks, reach));
        }
        if let Some(tree) = &self.tree {
            let mut covered = alloc::vec![false; rows.len()];
            let mut q: Vec<f64> = Vec::with_capacity(points.dim());
            for (i, &p) in rows.iter().enumerate() {
                if covered.get(i).copied().unwrap_or(true) {
                    continue;
                }
                if picks.len() >= limit {
                    return None;
                }
                picks.push(i);
                let centre = points.row(p);
                q.clear();
                q.extend(centre.iter().map(|&v| f64::from(v)));
                tree.within(&q, bound, &mut |j| {
                    if let (Some(c), Some(&r)) = (covered.get_mut(j), rows.get(j))
                        && !*c
                    {
                        *c = true;
                        reach = reach.max(squared_euclidean(points.row(r), centre));
                    }
                });
            }
            return Some((picks, reach));
        }
        // Blocked scan over the still-uncovered rows, compacted after each pick.
        let mut uncovered: Vec<usize> = (0..rows.len()).collect();
        while let Some(&i) = uncovered.first() {
            if picks.len() >= limit {
                return None;
            }
            picks.push(i);
            let Some(&p) = rows.get(i) else { break };
            let centre = points.row(p);
            let mut w = 0;
            for k in 1..uncovered.len() {
                let j = uncovered[k];
                let Some(&r) = rows.get(j) else { continue };
                let d = metric.key(points.row(r), centre);
                if d >= bound {
                    uncovered[w] = j;
                    w += 1;
                } else {
                    reach = reach.max(d);
                }
            }
            uncovered.truncate(w);
        }
        Some((picks, reach))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;
    use crate::sample::uniform_unit;

    #[test]
    fn tree_and_scan_give_the_same_net() {
        let mut rng = SeededRng::new(12);
        let dim = 2;
        let n = if cfg!(miri) { 80 } else { 500 };
        // Coarse grid values: many exact distances, so strictness matters.
        let x: Vec<f32> = (0..n * dim)
            .map(|_| libm::floor(uniform_unit(&mut rng) * 20.0) as f32)
            .collect();
        let points = Points::new(&x, dim).unwrap();
        let rows: Vec<usize> = (0..n).collect();
        for metric in [DomMetric::Euclidean, DomMetric::Chebyshev] {
            let with_tree = ClassIndex::new(points, &rows, metric);
            assert!(with_tree.tree.is_some() || with_tree.boxes.is_some());
            let scan = ClassIndex {
                tree: None,
                boxes: None,
                ..ClassIndex::new(points, &rows, metric)
            };
            let all = [0.5, 1.0, 1.5, 2.0, 3.0, 7.5];
            // Under Miri (slow to interpret): two epsilons.
            let epsilons = if cfg!(miri) { &all[2..4] } else { &all[..] };
            for &eps in epsilons {
                assert_eq!(
                    with_tree.greedy_net(eps, usize::MAX),
                    scan.greedy_net(eps, usize::MAX)
                );
            }
        }
    }
}
