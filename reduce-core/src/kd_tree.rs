//! A k-d tree over a borrowed point cloud, for fixed-radius neighbour queries.
//!
//! Built once per class (PHL asks one radius query per row), `O(n log n)`: each node splits its
//! rows at the median of the axis with the widest spread; leaves hold a few rows. A query
//! descends into the far side of a split only when the splitting plane is within the radius.
//! Distances are compared squared, in `f64`.

use alloc::vec::Vec;

/// Rows per leaf: small enough to prune, large enough that leaf scans dominate over descents.
const LEAF: usize = 16;

enum Node {
    Leaf {
        start: usize,
        end: usize,
    },
    Split {
        axis: usize,
        value: f32,
        left: usize,
        right: usize,
    },
}

/// A k-d tree over `points` (row-major, `dim` values per row).
pub(crate) struct KdTree<'a> {
    points: &'a [f32],
    dim: usize,
    order: Vec<usize>,
    nodes: Vec<Node>,
}

impl<'a> KdTree<'a> {
    /// Builds the tree over all rows of `points`.
    pub(crate) fn new(points: &'a [f32], dim: usize) -> Self {
        let n = points.len().checked_div(dim).unwrap_or(0);
        let mut tree = Self {
            points,
            dim,
            order: (0..n).collect(),
            nodes: Vec::new(),
        };
        if n > 0 {
            tree.build(0, n);
        }
        tree
    }

    fn coord(&self, row: usize, axis: usize) -> f32 {
        self.points
            .get(row * self.dim + axis)
            .copied()
            .unwrap_or(0.0)
    }

    /// Builds the subtree over `order[start..end]`, returns its node index.
    fn build(&mut self, start: usize, end: usize) -> usize {
        let id = self.nodes.len();
        if end - start <= LEAF {
            self.nodes.push(Node::Leaf { start, end });
            return id;
        }
        // The axis of widest spread.
        let mut best = (0, -1.0_f32);
        for axis in 0..self.dim {
            let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
            for &r in self.order.get(start..end).unwrap_or(&[]) {
                let v = self.coord(r, axis);
                lo = lo.min(v);
                hi = hi.max(v);
            }
            if hi - lo > best.1 {
                best = (axis, hi - lo);
            }
        }
        let axis = best.0;
        if best.1 <= 0.0 {
            // All rows coincide: no split can separate them.
            self.nodes.push(Node::Leaf { start, end });
            return id;
        }
        let mid = start + (end - start) / 2;
        let (points, dim) = (self.points, self.dim);
        let key = |r: &usize| points.get(r * dim + axis).copied().unwrap_or(0.0);
        if let Some(slice) = self.order.get_mut(start..end) {
            slice.select_nth_unstable_by(mid - start, |a, b| key(a).total_cmp(&key(b)));
        }
        let value = self.order.get(mid).map_or(0.0, key);
        self.nodes.push(Node::Split {
            axis,
            value,
            left: 0,
            right: 0,
        });
        let left = self.build(start, mid);
        let right = self.build(mid, end);
        if let Some(Node::Split {
            left: l, right: r, ..
        }) = self.nodes.get_mut(id)
        {
            *l = left;
            *r = right;
        }
        id
    }

    /// Appends to `out` every row within Euclidean distance `radius` of `query` (inclusive),
    /// as `(squared distance, row)`, in no particular order.
    pub(crate) fn within(&self, query: &[f32], radius: f64, out: &mut Vec<(f64, usize)>) {
        if self.nodes.is_empty() {
            return;
        }
        let r2 = radius * radius;
        let mut stack: Vec<usize> = alloc::vec![0];
        while let Some(id) = stack.pop() {
            match self.nodes.get(id) {
                Some(Node::Leaf { start, end }) => {
                    for &row in self.order.get(*start..*end).unwrap_or(&[]) {
                        let p = self
                            .points
                            .get(row * self.dim..(row + 1) * self.dim)
                            .unwrap_or(&[]);
                        let d2: f64 = p
                            .iter()
                            .zip(query)
                            .map(|(&a, &b)| {
                                let t = f64::from(a) - f64::from(b);
                                t * t
                            })
                            .sum();
                        if d2 <= r2 {
                            out.push((d2, row));
                        }
                    }
                }
                Some(&Node::Split {
                    axis,
                    value,
                    left,
                    right,
                }) => {
                    let q = f64::from(query.get(axis).copied().unwrap_or(0.0));
                    let gap = q - f64::from(value);
                    // Rows equal to the split value can sit on either side.
                    if gap <= radius {
                        stack.push(left);
                    }
                    if -gap <= radius {
                        stack.push(right);
                    }
                }
                None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radius_queries_match_a_brute_force_scan() {
        // A deterministic cloud of 500 points in 3-D, with duplicates.
        let mut s = 7_u64;
        let mut pts: Vec<f32> = (0..1500)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((s >> 40) % 1000) as f32 / 1000.0
            })
            .collect();
        pts[3..6].copy_from_slice(&[0.5, 0.5, 0.5]);
        pts[6..9].copy_from_slice(&[0.5, 0.5, 0.5]);
        let tree = KdTree::new(&pts, 3);
        for q in 0..50 {
            let query = &pts[q * 3..q * 3 + 3];
            for radius in [0.0, 0.05, 0.2, 2.0] {
                let mut got = Vec::new();
                tree.within(query, radius, &mut got);
                let mut got: Vec<usize> = got.into_iter().map(|(_, r)| r).collect();
                got.sort_unstable();
                let want: Vec<usize> = (0..500)
                    .filter(|&r| {
                        let d2: f64 = (0..3)
                            .map(|j| (f64::from(pts[r * 3 + j]) - f64::from(query[j])).powi(2))
                            .sum();
                        d2 <= radius * radius
                    })
                    .collect();
                assert_eq!(got, want, "query {q} radius {radius}");
            }
        }
    }

    #[test]
    fn identical_points_do_not_recurse_forever() {
        let pts = [1.0_f32; 200];
        let tree = KdTree::new(&pts, 2);
        let mut out = Vec::new();
        tree.within(&[1.0, 1.0], 0.0, &mut out);
        assert_eq!(out.len(), 100);
    }
}
