//! A k-d tree for DOM's Chebyshev greedy nets: "mark every uncovered row within `epsilon` of
//! this pick as covered".
//!
//! A Chebyshev ball is a box, so a node is skipped when its bounding box is at least `epsilon`
//! away along one axis, and, since the net only ever covers more rows, when every row below
//! it is already covered (each node counts its uncovered rows). The shared k-d tree of the
//! crate answers Euclidean balls; asking it for the enclosing ball (`sqrt(d)` times wider)
//! visited far more rows.

use alloc::vec;
use alloc::vec::Vec;
use topo_core::Points;

use crate::dom_metric::chebyshev;

/// Rows per leaf.
const LEAF: usize = 16;

struct Node {
    /// Tree positions `start..end` lie below this node.
    start: usize,
    end: usize,
    /// Children (0 for a leaf; the root is never a child).
    left: usize,
    right: usize,
}

/// The tree over one class's rows, with the covered state of a net being built.
pub(crate) struct ChebyshevTree<'a> {
    points: Points<'a>,
    /// Row index (into `points`) at each tree position.
    rows: Vec<usize>,
    /// Class position at each tree position.
    order: Vec<usize>,
    nodes: Vec<Node>,
    /// Per node: `dim` lower then `dim` upper bounds of its rows.
    boxes: Vec<f32>,
}

impl<'a> ChebyshevTree<'a> {
    /// The tree over `rows` (indices into `points`); class position `i` is `rows[i]`.
    pub(crate) fn new(points: Points<'a>, rows: &[usize]) -> Self {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut tree = Self {
            points,
            rows: Vec::new(),
            order: Vec::new(),
            nodes: Vec::new(),
            boxes: Vec::new(),
        };
        if !rows.is_empty() {
            tree.build(rows, &mut order, 0, rows.len());
        }
        tree.rows = order.iter().filter_map(|&i| rows.get(i).copied()).collect();
        tree.order = order;
        tree
    }

    /// Builds the node over `order[start..end]`; returns its index.
    fn build(&mut self, rows: &[usize], order: &mut [usize], start: usize, end: usize) -> usize {
        let dim = self.points.dim();
        let (mut lo, mut hi) = (vec![f32::INFINITY; dim], vec![f32::NEG_INFINITY; dim]);
        for &i in order.get(start..end).unwrap_or(&[]) {
            let Some(&r) = rows.get(i) else { continue };
            for ((l, h), &v) in lo.iter_mut().zip(hi.iter_mut()).zip(self.points.row(r)) {
                *l = l.min(v);
                *h = h.max(v);
            }
        }
        let id = self.nodes.len();
        self.nodes.push(Node {
            start,
            end,
            left: 0,
            right: 0,
        });
        self.boxes.extend_from_slice(&lo);
        self.boxes.extend_from_slice(&hi);
        // Split the widest axis at the median; a box of one point (duplicates) stays a leaf.
        let (axis, width) = lo
            .iter()
            .zip(&hi)
            .map(|(l, h)| h - l)
            .enumerate()
            .fold((0, 0.0_f32), |b, (j, w)| if w > b.1 { (j, w) } else { b });
        if end - start <= LEAF || width <= 0.0 {
            return id;
        }
        let mid = start + (end - start) / 2;
        let points = self.points;
        let key = |i: &usize| {
            rows.get(*i)
                .and_then(|&r| points.row(r).get(axis).copied())
                .unwrap_or(0.0)
        };
        if let Some(part) = order.get_mut(start..end) {
            part.select_nth_unstable_by(mid - start, |a, b| key(a).total_cmp(&key(b)));
        }
        let left = self.build(rows, order, start, mid);
        let right = self.build(rows, order, mid, end);
        if let Some(node) = self.nodes.get_mut(id) {
            node.left = left;
            node.right = right;
        }
        id
    }

    /// A fresh covered state: nothing covered.
    pub(crate) fn state(&self) -> CoverState {
        CoverState {
            covered: vec![false; self.rows.len()],
            alive: self.nodes.iter().map(|n| n.end - n.start).collect(),
            position: {
                let mut p = vec![0; self.order.len()];
                for (t, &i) in self.order.iter().enumerate() {
                    if let Some(slot) = p.get_mut(i) {
                        *slot = t;
                    }
                }
                p
            },
        }
    }

    /// Marks every uncovered row at Chebyshev distance `< epsilon` from `centre` as covered;
    /// returns the largest distance among them (0 if none).
    pub(crate) fn cover(&self, state: &mut CoverState, centre: &[f32], epsilon: f64) -> f64 {
        let mut reach = 0.0;
        if !self.nodes.is_empty() {
            self.cover_node(0, state, centre, epsilon, &mut reach);
        }
        reach
    }

    fn cover_node(
        &self,
        n: usize,
        state: &mut CoverState,
        centre: &[f32],
        epsilon: f64,
        reach: &mut f64,
    ) -> usize {
        let (Some(node), Some(&alive)) = (self.nodes.get(n), state.alive.get(n)) else {
            return 0;
        };
        if alive == 0 {
            return 0;
        }
        let dim = self.points.dim();
        let (lo, hi) = match self.boxes.get(n * 2 * dim..(n * 2 + 2) * dim) {
            Some(b) => b.split_at(dim),
            None => return 0,
        };
        // Every row of the box is at least this far along some axis (rounding is monotone).
        for ((&l, &h), &c) in lo.iter().zip(hi).zip(centre) {
            let c = f64::from(c);
            let gap = (f64::from(l) - c).max(c - f64::from(h));
            if gap >= epsilon {
                return 0;
            }
        }
        let mut newly = 0;
        if node.left == 0 {
            for t in node.start..node.end {
                let (Some(c), Some(&r)) = (state.covered.get_mut(t), self.rows.get(t)) else {
                    continue;
                };
                if *c {
                    continue;
                }
                let d = chebyshev(self.points.row(r), centre);
                if d < epsilon {
                    *c = true;
                    newly += 1;
                    *reach = f64::max(*reach, d);
                }
            }
        } else {
            newly += self.cover_node(node.left, state, centre, epsilon, reach);
            newly += self.cover_node(node.right, state, centre, epsilon, reach);
        }
        if let Some(a) = state.alive.get_mut(n) {
            *a = a.saturating_sub(newly);
        }
        newly
    }
}

/// Which rows a net being built has covered.
pub(crate) struct CoverState {
    /// Per tree position.
    covered: Vec<bool>,
    /// Per node: uncovered rows below it.
    alive: Vec<usize>,
    /// Tree position of each class position.
    position: Vec<usize>,
}

impl CoverState {
    /// Whether the row at class position `i` is covered (out of range: yes).
    pub(crate) fn is_covered(&self, i: usize) -> bool {
        self.position
            .get(i)
            .and_then(|&t| self.covered.get(t))
            .copied()
            .unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_exactly_the_open_box() {
        let mut rng = crate::SeededRng::new(4);
        let dim = 3;
        let n = if cfg!(miri) { 60 } else { 400 };
        let x: Vec<f32> = (0..n * dim)
            .map(|_| libm::floor(crate::uniform_unit(&mut rng) * 8.0) as f32)
            .collect();
        let pts = Points::new(&x, dim).unwrap();
        let rows: Vec<usize> = (0..n).rev().collect();
        let tree = ChebyshevTree::new(pts, &rows);
        for (centre, eps) in [(0, 1.0), (5, 2.0), (17, 2.5), (33, 0.5)] {
            let mut state = tree.state();
            let c = pts.row(rows[centre]);
            let reach = tree.cover(&mut state, c, eps);
            let mut far = 0.0_f64;
            for (i, &r) in rows.iter().enumerate() {
                let d = chebyshev(pts.row(r), c);
                assert_eq!(state.is_covered(i), d < eps, "row {i} at {d}, eps {eps}");
                if d < eps {
                    far = far.max(d);
                }
            }
            assert_eq!(reach, far);
            // A second cover from the same centre finds nothing new.
            assert_eq!(tree.cover(&mut state, c, eps), 0.0);
        }
    }
}
