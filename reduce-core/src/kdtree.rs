//! A k-d tree over a small set of `f64` points (cluster centres, or one class's rows), with
//! bounding boxes per node: two-nearest-neighbour and fixed-radius queries.
//!
//! Worth it in low dimension (the collision data has 5 features): the queries visit O(log n)
//! nodes instead of all n points. In high dimension the boxes stop pruning, so callers use it
//! only up to [`KD_TREE_MAX_DIM`] features and scan otherwise.

use alloc::vec::Vec;

/// Largest row width for which the methods use the tree instead of a plain scan.
pub(crate) const KD_TREE_MAX_DIM: usize = 12;

/// Points per leaf for [`KdTree::new`].
const LEAF: usize = 8;

/// Points per leaf for PHL's radius queries ([`KdTree::with_leaf`]): with one tiny-radius query
/// per row, fewer and larger leaves measured faster (`reduce_b` bench, `phl_r0.05`).
pub(crate) const RADIUS_LEAF: usize = 16;

struct Node {
    /// Range of `order` (and of `pts` rows) covered by this node.
    start: usize,
    end: usize,
    /// Children (0 = none: a leaf).
    left: usize,
    right: usize,
    /// Bounding box: `dim` minima then `dim` maxima, in `boxes`.
    bbox: usize,
    /// The axis the children split (unused in a leaf).
    axis: usize,
}

/// The tree. Point `i` of the input is reported by its input position `i`.
pub(crate) struct KdTree {
    dim: usize,
    /// Points, reordered so that every node covers a contiguous block.
    pts: Vec<f64>,
    /// Input position of each reordered point.
    order: Vec<usize>,
    nodes: Vec<Node>,
    boxes: Vec<f64>,
}

impl KdTree {
    /// Builds the tree over `n = points.len() / dim` points (row-major).
    pub(crate) fn new(points: &[f64], dim: usize) -> Self {
        Self::with_leaf(points, dim, LEAF)
    }

    /// As [`Self::new`], with at most `leaf` points per leaf (unless they all coincide).
    pub(crate) fn with_leaf(points: &[f64], dim: usize, leaf: usize) -> Self {
        let n = points.len().checked_div(dim).unwrap_or(0);
        let mut order: Vec<usize> = (0..n).collect();
        let mut nodes = Vec::new();
        let mut boxes = Vec::new();
        if n > 0 {
            build(
                points,
                dim,
                leaf.max(1),
                &mut order,
                0,
                n,
                &mut nodes,
                &mut boxes,
            );
        }
        let mut pts = Vec::with_capacity(n * dim);
        for &i in &order {
            pts.extend_from_slice(&points[i * dim..(i + 1) * dim]);
        }
        Self {
            dim,
            pts,
            order,
            nodes,
            boxes,
        }
    }

    fn box_distance(&self, node: &Node, q: &[f64]) -> f64 {
        squared_box_distance(
            &self.boxes[node.bbox..node.bbox + 2 * self.dim],
            q,
            self.dim,
        )
    }

    fn point_distance(&self, i: usize, q: &[f64]) -> f64 {
        self.pts[i * self.dim..(i + 1) * self.dim]
            .iter()
            .zip(q)
            .map(|(a, b)| (a - b) * (a - b))
            .sum()
    }

    /// The nearest point (ties to the lower input position) and the squared distances to the
    /// nearest and the second nearest (`INFINITY` when there is only one point).
    #[cfg(test)]
    pub(crate) fn nearest_two(&self, q: &[f64]) -> (usize, f64, f64) {
        let (b, d1, d2, _) = self.nearest_two_seeded(q, [(f64::INFINITY, usize::MAX); 2]);
        (b, d1, d2)
    }

    /// Nearest point (ties to the lower input position), its squared distance, the second
    /// nearest's squared distance and position, starting from two known points
    /// `(squared distance, input position)` (distinct positions, `usize::MAX` for none):
    /// their distances bound the search from the start, so a good guess (last iteration's two
    /// nearest) prunes most nodes.
    pub(crate) fn nearest_two_seeded(
        &self,
        q: &[f64],
        seeds: [(f64, usize); 2],
    ) -> (usize, f64, f64, usize) {
        let [a, b] = seeds;
        let (mut best, mut second) = if a.0 < b.0 || (a.0 == b.0 && a.1 < b.1) {
            (a, b)
        } else {
            (b, a)
        };
        let skip = [a.1, b.1];
        if !self.nodes.is_empty() {
            self.nearest_rec(0, q, &skip, &mut best, &mut second);
        }
        (best.1, best.0, second.0, second.1)
    }

    fn nearest_rec(
        &self,
        n: usize,
        q: &[f64],
        skip: &[usize; 2],
        best: &mut (f64, usize),
        second: &mut (f64, usize),
    ) {
        let node = &self.nodes[n];
        if node.left == 0 {
            for i in node.start..node.end {
                let id = self.order[i];
                if id == skip[0] || id == skip[1] {
                    continue;
                }
                let d = self.point_distance(i, q);
                if d < best.0 || (d == best.0 && id < best.1) {
                    *second = *best;
                    *best = (d, id);
                } else if d < second.0 {
                    *second = (d, id);
                }
            }
            return;
        }
        let (a, b) = (node.left, node.right);
        let (da, db) = (
            self.box_distance(&self.nodes[a], q),
            self.box_distance(&self.nodes[b], q),
        );
        let (first, fd, other, od) = if da <= db {
            (a, da, b, db)
        } else {
            (b, db, a, da)
        };
        // A box at the best distance can still hold an equal-distance lower position.
        if fd <= second.0 || fd <= best.0 {
            self.nearest_rec(first, q, skip, best, second);
        }
        if od <= second.0 || od <= best.0 {
            self.nearest_rec(other, q, skip, best, second);
        }
    }

    /// Calls `f(position)` for every point at squared distance `< r2` from `q`.
    pub(crate) fn within(&self, q: &[f64], r2: f64, f: &mut dyn FnMut(usize)) {
        if self.nodes.is_empty() {
            return;
        }
        let mut stack: Vec<usize> = alloc::vec![0];
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n];
            if self.box_distance(node, q) >= r2 {
                continue;
            }
            if node.left == 0 {
                for i in node.start..node.end {
                    if self.point_distance(i, q) < r2 {
                        f(self.order[i]);
                    }
                }
            } else {
                stack.push(node.left);
                stack.push(node.right);
            }
        }
    }

    /// Calls `f(position, squared distance)` for every point at squared distance `<= r2` from
    /// `q` (closed ball: PHL's radius is inclusive and caps neighbourhoods by distance).
    ///
    /// A child is skipped only when the squared gap between `q` and its box along the split
    /// axis already exceeds `r2`. That gap is computed like the matching term of a point
    /// distance, on a coordinate no farther from `q`, and a sum of non-negative terms is never
    /// below any of its terms, so (rounding being monotone) pruning never drops a point the
    /// plain test `distance <= r2` would keep. One axis per level is cheap; the ancestors have
    /// tested the others.
    pub(crate) fn within_closed(&self, q: &[f64], r2: f64, f: &mut dyn FnMut(usize, f64)) {
        let Some(root) = self.nodes.first() else {
            return;
        };
        if self.box_distance(root, q) > r2 {
            return;
        }
        let dim = self.dim;
        let mut stack: Vec<usize> = alloc::vec![0];
        while let Some(n) = stack.pop() {
            let node = &self.nodes[n];
            if node.left == 0 {
                for i in node.start..node.end {
                    let d = self.point_distance(i, q);
                    if d <= r2 {
                        f(self.order[i], d);
                    }
                }
                continue;
            }
            let Some(&v) = q.get(node.axis) else {
                stack.extend([node.left, node.right]);
                continue;
            };
            for child in [node.left, node.right] {
                let b = self.nodes[child].bbox;
                let (l, h) = (self.boxes[b + node.axis], self.boxes[b + dim + node.axis]);
                let gap = gap_to_interval(v, l, h);
                if gap * gap <= r2 {
                    stack.push(child);
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)] // one recursion over shared build state
fn build(
    points: &[f64],
    dim: usize,
    leaf: usize,
    order: &mut [usize],
    start: usize,
    end: usize,
    nodes: &mut Vec<Node>,
    boxes: &mut Vec<f64>,
) -> usize {
    let bbox = boxes.len();
    let mut lo = alloc::vec![f64::INFINITY; dim];
    let mut hi = alloc::vec![f64::NEG_INFINITY; dim];
    for &i in &order[start..end] {
        for t in 0..dim {
            let v = points[i * dim + t];
            lo[t] = lo[t].min(v);
            hi[t] = hi[t].max(v);
        }
    }
    boxes.extend_from_slice(&lo);
    boxes.extend_from_slice(&hi);
    let id = nodes.len();
    nodes.push(Node {
        start,
        end,
        left: 0,
        right: 0,
        bbox,
        axis: 0,
    });
    if end - start <= leaf {
        return id;
    }
    let (mut axis, mut spread) = (0, -1.0);
    for t in 0..dim {
        if hi[t] - lo[t] > spread {
            spread = hi[t] - lo[t];
            axis = t;
        }
    }
    if spread <= 0.0 {
        return id; // all points equal: one leaf
    }
    let mid = (start + end) / 2;
    order[start..end].select_nth_unstable_by(mid - start, |&a, &b| {
        points[a * dim + axis].total_cmp(&points[b * dim + axis])
    });
    let left = build(points, dim, leaf, order, start, mid, nodes, boxes);
    let right = build(points, dim, leaf, order, mid, end, nodes, boxes);
    nodes[id].left = left;
    nodes[id].right = right;
    nodes[id].axis = axis;
    id
}

/// Distance from `v` to the interval `[l, h]`, 0 inside it. Branch-free (the same values as
/// testing which side `v` is on): at most one of `l - v` and `v - h` is positive, and both are
/// <= 0 inside the interval. Plain comparisons rather than `f64::max`, whose NaN handling costs
/// extra instructions: the inputs are finite, and the two agree on every non-NaN value (up to
/// the sign of a zero, which squaring removes).
#[inline(always)]
pub(crate) fn gap_to_interval(v: f64, l: f64, h: f64) -> f64 {
    let (below, above) = (l - v, v - h);
    let g = if below > above { below } else { above };
    if g > 0.0 { g } else { 0.0 }
}

/// Squared Euclidean distance from `q` to a bounding box stored as `dim` minima then `dim`
/// maxima (the layout of this tree's and of the spread's sequence tree's boxes).
#[inline(always)]
pub(crate) fn squared_box_distance(lo_hi: &[f64], q: &[f64], dim: usize) -> f64 {
    let (lo, hi) = lo_hi.split_at(dim.min(lo_hi.len()));
    q.iter()
        .zip(lo)
        .zip(hi)
        .map(|((&v, &l), &h)| {
            let g = gap_to_interval(v, l, h);
            g * g
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;
    use crate::sample::uniform_unit;

    #[test]
    fn agrees_with_a_plain_scan() {
        let mut rng = SeededRng::new(5);
        let dim = 3;
        // Coarse grid values, so exact ties occur. Miri interprets every brute-force scan and
        // sort: 80 points and 8 queries there.
        let (n, queries) = if cfg!(miri) { (80, 8) } else { (300, 200) };
        let pts: Vec<f64> = (0..n * dim)
            .map(|_| libm::floor(uniform_unit(&mut rng) * 6.0))
            .collect();
        let tree = KdTree::new(&pts, dim);
        for _ in 0..queries {
            let q: Vec<f64> = (0..dim).map(|_| uniform_unit(&mut rng) * 6.0).collect();
            let d: Vec<f64> = pts
                .chunks(dim)
                .map(|p| p.iter().zip(&q).map(|(a, b)| (a - b) * (a - b)).sum())
                .collect();
            let mut idx: Vec<usize> = (0..d.len()).collect();
            idx.sort_by(|&a, &b| d[a].total_cmp(&d[b]).then(a.cmp(&b)));
            let (b, d1, d2) = tree.nearest_two(&q);
            assert_eq!((b, d1, d2), (idx[0], d[idx[0]], d[idx[1]]));
            // Seeded with any two distinct points, the answer is the same.
            let (s1, s2) = (idx[7], idx[3]);
            let seeded = tree.nearest_two_seeded(&q, [(d[s1], s1), (d[s2], s2)]);
            assert_eq!((seeded.0, seeded.1, seeded.2), (b, d1, d2));
            let r2 = 2.0;
            let mut got = Vec::new();
            tree.within(&q, r2, &mut |i| got.push(i));
            got.sort_unstable();
            let want: Vec<usize> = (0..d.len()).filter(|&i| d[i] < r2).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn closed_ball_matches_a_plain_scan_with_distances() {
        let mut rng = SeededRng::new(7);
        let dim = 3;
        // f32 values widened to f64, as PHL feeds the tree; coarse so that points sit exactly
        // on the sphere; rows 1 and 2 duplicate a third point.
        // Miri interprets every brute-force scan: 100 points and 3 queries there.
        let (n, queries) = if cfg!(miri) { (100, 3) } else { (500, 60) };
        let mut pts: Vec<f64> = (0..n * dim)
            .map(|_| f64::from((uniform_unit(&mut rng) * 20.0) as u8 as f32 / 20.0))
            .collect();
        pts[3..6].copy_from_slice(&[0.5, 0.5, 0.5]);
        pts[6..9].copy_from_slice(&[0.5, 0.5, 0.5]);
        for tree in [
            KdTree::new(&pts, dim),
            KdTree::with_leaf(&pts, dim, RADIUS_LEAF),
        ] {
            for q in 0..queries {
                let query = &pts[q * dim..(q + 1) * dim];
                for radius in [0.0, 0.05, 0.1, 0.2, 2.0] {
                    let r2: f64 = radius * radius;
                    let mut got = Vec::new();
                    tree.within_closed(query, r2, &mut |i, d| got.push((i, d)));
                    got.sort_unstable_by_key(|&(i, _)| i);
                    let want: Vec<(usize, f64)> = pts
                        .chunks(dim)
                        .map(|p| p.iter().zip(query).map(|(a, b)| (a - b) * (a - b)).sum())
                        .enumerate()
                        .filter(|&(_, d)| d <= r2)
                        .collect();
                    assert_eq!(got, want, "query {q} radius {radius}");
                }
            }
        }
    }

    #[test]
    fn identical_points_form_one_leaf() {
        let pts = [1.0_f64; 200];
        let tree = KdTree::with_leaf(&pts, 2, RADIUS_LEAF);
        let mut n = 0;
        tree.within_closed(&[1.0, 1.0], 0.0, &mut |_, _| n += 1);
        assert_eq!(n, 100);
        let mut open = 0;
        tree.within(&[1.0, 1.0], 0.0, &mut |_| open += 1);
        assert_eq!(open, 0);
    }
}
