//! A static 2-d tree over diagram points for L-infinity range queries.
//!
//! The bottleneck decision at threshold `r` needs, for a point `a`, every point `b` of the other
//! diagram with `max(|a.birth - b.birth|, |a.death - b.death|) <= r`. The tree is built once per
//! distance computation and queried at every threshold. Pruning uses the same floating-point
//! expressions as the distance itself (rounding is monotone), so no neighbour is ever missed or
//! wrongly reported because of rounding.

use alloc::vec::Vec;

/// L-infinity distance between two finite diagram points, as every module of the crate computes it.
#[inline]
pub(crate) fn linf(a: [f64; 2], b: [f64; 2]) -> f64 {
    let x = (a[0] - b[0]).abs();
    let y = (a[1] - b[1]).abs();
    if x > y { x } else { y }
}

/// Implicit balanced 2-d tree: the node of a range `lo..hi` is its middle element, split on
/// birth at even depths and on death at odd depths.
pub(crate) struct PlaneIndex {
    pts: Vec<[f64; 2]>,
    ids: Vec<u32>,
}

impl PlaneIndex {
    /// Builds the tree over `points` (ids are positions in `points`).
    pub(crate) fn new(points: &[[f64; 2]]) -> Self {
        let mut order: Vec<(u32, [f64; 2])> = points
            .iter()
            .enumerate()
            .map(|(i, &p)| (i as u32, p))
            .collect();
        build(&mut order, 0);
        Self {
            pts: order.iter().map(|&(_, p)| p).collect(),
            ids: order.iter().map(|&(i, _)| i).collect(),
        }
    }

    /// Calls `f(id)` for every point within L-infinity distance `r` of `q`.
    pub(crate) fn within(&self, q: [f64; 2], r: f64, f: &mut impl FnMut(u32)) {
        // Explicit stack of (lo, hi, axis): no recursion.
        let mut stack: [(u32, u32, u8); 64] = [(0, 0, 0); 64];
        let mut top = 0usize;
        stack[0] = (0, self.pts.len() as u32, 0);
        top += 1;
        while top > 0 {
            top -= 1;
            let (lo, hi, axis) = stack[top];
            let (lo, hi) = (lo as usize, hi as usize);
            if lo >= hi {
                continue;
            }
            let mid = lo + (hi - lo) / 2;
            let p = self.pts[mid];
            if linf(p, q) <= r {
                f(self.ids[mid]);
            }
            let a = axis as usize;
            let next = axis ^ 1;
            // Left holds coordinates <= p[a]; skip it only when even p[a] is too far below q.
            let skip_left = p[a] < q[a] && (q[a] - p[a]) > r;
            let skip_right = p[a] > q[a] && (p[a] - q[a]) > r;
            if !skip_left && top < stack.len() {
                stack[top] = (lo as u32, mid as u32, next);
                top += 1;
            }
            if !skip_right && top < stack.len() {
                stack[top] = (mid as u32 + 1, hi as u32, next);
                top += 1;
            }
        }
    }

    /// L-infinity distance from `q` to its nearest point (`+inf` when the index is empty).
    pub(crate) fn nearest(&self, q: [f64; 2]) -> f64 {
        let mut best = f64::INFINITY;
        self.nearest_in(0, self.pts.len(), 0, q, &mut best);
        best
    }

    fn nearest_in(&self, lo: usize, hi: usize, axis: usize, q: [f64; 2], best: &mut f64) {
        if lo >= hi {
            return;
        }
        let mid = lo + (hi - lo) / 2;
        let p = self.pts[mid];
        let d = linf(p, q);
        if d < *best {
            *best = d;
        }
        let a = axis;
        // Visit the side holding q first; the far side only if the split line is close enough.
        let (near, far) = if q[a] <= p[a] {
            ((lo, mid), (mid + 1, hi))
        } else {
            ((mid + 1, hi), (lo, mid))
        };
        self.nearest_in(near.0, near.1, axis ^ 1, q, best);
        if (q[a] - p[a]).abs() <= *best {
            self.nearest_in(far.0, far.1, axis ^ 1, q, best);
        }
    }
}

fn build(items: &mut [(u32, [f64; 2])], axis: usize) {
    if items.len() <= 1 {
        return;
    }
    let mid = items.len() / 2;
    items.select_nth_unstable_by(mid, |x, y| x.1[axis].total_cmp(&y.1[axis]));
    let (left, right) = items.split_at_mut(mid);
    build(left, axis ^ 1);
    build(&mut right[1..], axis ^ 1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn range_query_equals_scan() {
        // Deterministic pseudo-random points with many ties on both axes.
        let mut rng = crate::split_mix::SplitMix(12345);
        let mut next = || (rng.next_u64() % 50) as f64 / 7.0;
        // Miri interprets every query and its brute-force scan: a smaller case there.
        let (n, queries) = if cfg!(miri) { (120, 12) } else { (500, 60) };
        let pts: Vec<[f64; 2]> = (0..n).map(|_| [next(), next()]).collect();
        let idx = PlaneIndex::new(&pts);
        for q in pts.iter().take(queries) {
            for r in [0.0, 0.3, 1.0, 2.5] {
                let mut got = vec![];
                idx.within(*q, r, &mut |i| got.push(i));
                got.sort_unstable();
                let want: Vec<u32> = (0..pts.len() as u32)
                    .filter(|&i| linf(pts[i as usize], *q) <= r)
                    .collect();
                assert_eq!(got, want);
            }
            let q2 = [q[0] + 0.05, q[1] - 0.11];
            let nn = pts
                .iter()
                .map(|&p| linf(p, q2))
                .fold(f64::INFINITY, f64::min);
            assert_eq!(idx.nearest(q2), nn);
        }
    }
}
