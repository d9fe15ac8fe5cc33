//! The sequence tree: for each point of a sequence, the squared distance to the nearest point
//! that comes before it.
//!
//! A static k-d tree built once over the whole sequence. Every node knows the smallest
//! sequence position below it, so a query for position `pos` skips every subtree holding only
//! later points; within a leaf the points are stored in sequence order, so the earlier ones
//! are a prefix and the scan stops at the first later one. A query starts in its own leaf and
//! climbs: the sibling subtrees of its ancestors, nearest first, are searched only while their
//! boxes can still hold something nearer. The nearest earlier point is almost always in the
//! own leaf or a close sibling, so most queries touch a handful of nodes.
//!
//! Exact: the answer is the minimum of the same `f64` squared distances a plain scan over the
//! earlier points computes (the sum over features in feature order), pruning only skips boxes
//! at least as far as the best point found (a box is never nearer than the points inside it).

use alloc::vec::Vec;

use crate::kdtree::gap_to_interval;

/// Points per leaf. Smaller leaves mean more nodes per query, larger ones longer scans; 16
/// measured best on collision (`reduce_b` bench, `nrmd`).
const LEAF: usize = 64;

/// No node (a leaf's children, the root's parent).
const NONE: u32 = u32::MAX;

/// The number of features, known at compile time ([`Fixed`]) or only at run time
/// ([`Runtime`]). The tree's loops run over `dim()` values; with a constant the compiler
/// unrolls them, which more than halves the cost of a query in 5 dimensions.
pub(crate) trait Width: Copy {
    /// Features per point (positive).
    fn dim(self) -> usize;
}

/// A width known at compile time.
#[derive(Clone, Copy)]
pub(crate) struct Fixed<const D: usize>;

impl<const D: usize> Width for Fixed<D> {
    #[inline(always)]
    fn dim(self) -> usize {
        D
    }
}

/// A width known only at run time.
#[derive(Clone, Copy)]
pub(crate) struct Runtime(pub(crate) usize);

impl Width for Runtime {
    #[inline(always)]
    fn dim(self) -> usize {
        self.0
    }
}

#[derive(Clone, Copy)]
struct Node {
    /// Tree slots covered: `from..to`.
    from: u32,
    to: u32,
    /// A leaf whose points all coincide (of any size): its earliest point answers for all.
    flat: bool,
    left: u32,
    right: u32,
    parent: u32,
    /// Smallest sequence position below the node.
    min_pos: u32,
}

/// The tree over `n` points (see the module docs). Positions and node numbers are `u32` and
/// coordinates stay `f32` (the caller's values; every distance is still computed in `f64`):
/// half the memory of `usize` and `f64`, and the queries are bound by cache misses.
pub(crate) struct SeqTree<W: Width> {
    width: W,
    /// The points in tree order: each node covers a contiguous block of slots, and within a
    /// leaf the points are in sequence order. A leaf's block (slots `from..to`, values
    /// `from · dim..to · dim`) is stored feature-major: all first features, then all second
    /// features, and so on, so that the distances to a leaf's points vectorise.
    pts: Vec<f32>,
    /// Sequence position of each tree slot.
    seq: Vec<u32>,
    /// Tree slot of each sequence position.
    slot: Vec<u32>,
    /// Leaf of each sequence position.
    leaf_of: Vec<u32>,
    nodes: Vec<Node>,
    /// All nodes' bounding boxes, `2 · dim` values each (minima then maxima), by node number.
    /// The bounds are coordinates of points, so `f32` holds them exactly.
    boxes: Vec<f32>,
}

/// Scratch space for [`SeqTree::nearest_before`], reused across queries so that the queries
/// do not allocate.
#[derive(Default)]
pub(crate) struct SeqScratch {
    stack: Vec<(u32, f64)>,
    query: Vec<f64>,
}

/// Largest number of points a [`SeqTree`] takes (positions and node numbers are `u32`, and
/// `u32::MAX` marks "none").
pub(crate) const SEQ_TREE_MAX_POINTS: usize = (u32::MAX / 2) as usize;

impl<W: Width> SeqTree<W> {
    /// Builds the tree over the sequence `pts` (row-major, `width.dim()` values per point; a
    /// trailing partial row is ignored). `None` for more than [`SEQ_TREE_MAX_POINTS`] points or
    /// a zero width.
    pub(crate) fn new(mut pts: Vec<f32>, width: W) -> Option<Self> {
        let dim = width.dim();
        let n = pts.len().checked_div(dim)?;
        if n > SEQ_TREE_MAX_POINTS {
            return None;
        }
        pts.truncate(n * dim);
        let mut tree = Self {
            width,
            pts,
            seq: (0..n as u32).collect(),
            slot: alloc::vec![0; n],
            leaf_of: alloc::vec![0; n],
            nodes: Vec::new(),
            boxes: Vec::new(),
        };
        if n > 0 {
            tree.build();
        }
        Some(tree)
    }

    /// Splits the points (moving them, with their positions) until every block is a leaf,
    /// puts each leaf in sequence order and fills in the smallest positions. An explicit work
    /// list instead of recursion: degenerate data (many copies of one value) can make the tree
    /// deep.
    fn build(&mut self) {
        let dim = self.width.dim();
        let n = self.seq.len();
        let mut keys: Vec<f32> = Vec::new();
        // (from, to, parent, is the left child)
        let mut work: Vec<(usize, usize, u32, bool)> = alloc::vec![(0, n, NONE, false)];
        while let Some((from, to, parent, is_left)) = work.pop() {
            let id = self.nodes.len() as u32;
            if let Some(p) = self.nodes.get_mut(parent as usize) {
                if is_left {
                    p.left = id;
                } else {
                    p.right = id;
                }
            }
            let block = &mut self.pts[from * dim..to * dim];
            let bbox = self.boxes.len();
            self.boxes.extend_from_slice(&block[..dim]);
            self.boxes.extend_from_slice(&block[..dim]);
            let (lo, hi) = self.boxes[bbox..].split_at_mut(dim);
            for p in block.chunks_exact(dim).skip(1) {
                for ((l, h), &v) in lo.iter_mut().zip(hi.iter_mut()).zip(p) {
                    // Comparisons, not `f32::min`/`max` (NaN handling): the values are finite.
                    *l = if v < *l { v } else { *l };
                    *h = if v > *h { v } else { *h };
                }
            }
            let (mut axis, mut width) = (0, 0.0);
            for (j, (l, h)) in lo.iter().zip(hi.iter()).enumerate() {
                let w = f64::from(*h) - f64::from(*l);
                if w > width {
                    width = w;
                    axis = j;
                }
            }
            let flat = width <= 0.0;
            self.nodes.push(Node {
                from: from as u32,
                to: to as u32,
                flat,
                left: NONE,
                right: NONE,
                parent,
                min_pos: NONE,
            });
            if flat || to - from <= LEAF {
                continue;
            }
            // Split at the median value, with every copy of that value on one side: on data
            // with few distinct values per feature (collision's) a plain median split puts
            // copies on both sides, the children's boxes overlap, and queries at that value
            // visit both. A positive width guarantees both sides are non-empty.
            keys.clear();
            keys.extend(block.chunks_exact(dim).map(|p| p[axis]));
            let mid = keys.len() / 2;
            let (_, &mut v, _) = keys.select_nth_unstable_by(mid, |a, b| {
                // Finite values: always comparable.
                a.partial_cmp(b).unwrap_or(core::cmp::Ordering::Equal)
            });
            let seq = &mut self.seq[from..to];
            let below = partition(block, seq, dim, |p| p[axis] < v);
            let split = if below > 0 {
                below
            } else {
                partition(block, seq, dim, |p| p[axis] <= v)
            };
            work.push((from + split, to, id, false));
            work.push((from, from + split, id, true));
        }
        // Each leaf in sequence order and feature-major; smallest positions bottom-up
        // (children come after their parents in `nodes`).
        let mut order: Vec<(u32, u32)> = Vec::new();
        let mut rows: Vec<f32> = Vec::new();
        for id in (0..self.nodes.len()).rev() {
            let node = self.nodes[id];
            if node.left == NONE {
                let (from, to) = (node.from as usize, node.to as usize);
                let m = to - from;
                order.clear();
                order.extend(self.seq[from..to].iter().zip(0..).map(|(&s, j)| (s, j)));
                order.sort_unstable();
                rows.clear();
                rows.extend_from_slice(&self.pts[from * dim..to * dim]);
                let block = &mut self.pts[from * dim..to * dim];
                for (t, &(s, j)) in order.iter().enumerate() {
                    self.seq[from + t] = s;
                    let row = &rows[j as usize * dim..][..dim];
                    for (a, &v) in row.iter().enumerate() {
                        block[a * m + t] = v;
                    }
                }
                self.nodes[id].min_pos = self.seq[from];
                for &s in &self.seq[from..to] {
                    self.leaf_of[s as usize] = id as u32;
                }
            } else {
                let m = self.nodes[node.left as usize]
                    .min_pos
                    .min(self.nodes[node.right as usize].min_pos);
                self.nodes[id].min_pos = m;
            }
        }
        for (t, &s) in self.seq.iter().enumerate() {
            self.slot[s as usize] = t as u32;
        }
    }

    /// Squared distance from the point at sequence position `pos` to the nearest point at a
    /// position below `pos` (`∞` if there is none), or any value `<= cutoff` as soon as one is
    /// found (the caller only needs to know that it is that near). `pos` out of range: `∞`.
    pub(crate) fn nearest_before(&self, pos: usize, cutoff: f64, scratch: &mut SeqScratch) -> f64 {
        let mut best = f64::INFINITY;
        let (Some(&s), Some(&leaf)) = (self.slot.get(pos), self.leaf_of.get(pos)) else {
            return best;
        };
        let pos = pos as u32;
        let node = self.nodes[leaf as usize];
        let (from, m) = (node.from as usize, (node.to - node.from) as usize);
        let dim = self.width.dim();
        let block = &self.pts[from * dim..][..m * dim];
        let t = s as usize - from;
        scratch.query.clear();
        scratch
            .query
            .extend(block.chunks_exact(m).map(|column| f64::from(column[t])));
        let q = &scratch.query[..dim];
        // Nothing is nearer than 0: stop there too.
        let stop = cutoff.max(0.0);
        if self.scan_leaf(leaf, q, pos, stop, &mut best) {
            return best;
        }
        let (mut child, mut node) = (leaf, self.nodes[leaf as usize].parent);
        while node != NONE {
            let n = self.nodes[node as usize];
            let sibling = if n.left == child { n.right } else { n.left };
            if self.search(sibling, q, pos, stop, &mut best, &mut scratch.stack) {
                return best;
            }
            child = node;
            node = n.parent;
        }
        best
    }

    /// Squared distance from `q` to the box of node `id` (`f64`, like the point distances).
    #[inline(always)]
    fn box_distance(&self, id: u32, q: &[f64]) -> f64 {
        let dim = self.width.dim();
        let (lo, hi) = self.boxes[id as usize * 2 * dim..][..2 * dim].split_at(dim);
        q.iter()
            .zip(lo)
            .zip(hi)
            .map(|((&v, &l), &h)| {
                let g = gap_to_interval(v, f64::from(l), f64::from(h));
                g * g
            })
            .sum()
    }

    /// Searches the subtree `root` (nearer child first); `true` once `best <= stop`.
    fn search(
        &self,
        root: u32,
        q: &[f64],
        pos: u32,
        stop: f64,
        best: &mut f64,
        stack: &mut Vec<(u32, f64)>,
    ) -> bool {
        if self.nodes[root as usize].min_pos >= pos {
            return false;
        }
        let gap = self.box_distance(root, q);
        if gap >= *best {
            return false;
        }
        stack.clear();
        stack.push((root, gap));
        while let Some((id, gap)) = stack.pop() {
            if gap >= *best {
                continue;
            }
            let node = self.nodes[id as usize];
            if node.left == NONE {
                if self.scan_leaf(id, q, pos, stop, best) {
                    return true;
                }
                continue;
            }
            let child = |c: u32| {
                if self.nodes[c as usize].min_pos >= pos {
                    return None;
                }
                let g = self.box_distance(c, q);
                (g < *best).then_some((c, g))
            };
            match (child(node.left), child(node.right)) {
                (Some(a), Some(b)) => {
                    // The nearer child last, so it is searched first.
                    if a.1 <= b.1 {
                        stack.extend([b, a]);
                    } else {
                        stack.extend([a, b]);
                    }
                }
                (Some(a), None) | (None, Some(a)) => stack.push(a),
                (None, None) => {}
            }
        }
        false
    }

    /// Lowers `best` to the nearest point of leaf `id` at a position below `pos`; `true` once
    /// `best <= stop`.
    ///
    /// The earlier points are a prefix of the leaf; their squared distances are accumulated
    /// feature by feature over the feature-major block (vectorised; per point the sum runs in
    /// feature order from 0, the same `f64` value as a plain row scan), then reduced to their
    /// minimum with four running minima (exact in any order: the distances are not NaN).
    #[inline(always)]
    fn scan_leaf(&self, id: u32, q: &[f64], pos: u32, stop: f64, best: &mut f64) -> bool {
        let dim = self.width.dim();
        let node = self.nodes[id as usize];
        let (from, to) = (node.from as usize, node.to as usize);
        let m = to - from;
        let mut earlier = self.seq[from..to].iter().filter(|&&s| s < pos).count();
        if node.flat {
            earlier = earlier.min(1);
        }
        // A leaf that is not flat holds at most `LEAF` points.
        let earlier = earlier.min(LEAF);
        if earlier == 0 {
            return false;
        }
        let mut acc = [0.0_f64; LEAF];
        let acc = &mut acc[..earlier];
        for (column, &v) in self.pts[from * dim..to * dim].chunks_exact(m).zip(q) {
            for (d, &x) in acc.iter_mut().zip(&column[..earlier]) {
                let t = f64::from(x) - v;
                *d += t * t;
            }
        }
        let mut lanes = [f64::INFINITY; 4];
        let mut quads = acc.chunks_exact(4);
        for quad in &mut quads {
            for (l, &d) in lanes.iter_mut().zip(quad) {
                *l = if d < *l { d } else { *l };
            }
        }
        for (l, &d) in lanes.iter_mut().zip(quads.remainder()) {
            *l = if d < *l { d } else { *l };
        }
        for l in lanes {
            *best = if l < *best { l } else { *best };
        }
        *best <= stop
    }
}

/// Moves the rows (of `dim` values in `block`, with their entries of `seq`) satisfying `front`
/// to the front and returns how many there are.
fn partition(
    block: &mut [f32],
    seq: &mut [u32],
    dim: usize,
    front: impl Fn(&[f32]) -> bool,
) -> usize {
    let mut n = 0;
    for j in 0..seq.len() {
        if front(&block[j * dim..(j + 1) * dim]) {
            if n != j {
                seq.swap(n, j);
                let (a, b) = block.split_at_mut(j * dim);
                a[n * dim..(n + 1) * dim].swap_with_slice(&mut b[..dim]);
            }
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Squared distances from each position to its nearest earlier point, by a plain scan.
    fn plain(pts: &[f32], dim: usize) -> Vec<f64> {
        let n = pts.len() / dim;
        let row = |i: usize| &pts[i * dim..(i + 1) * dim];
        (0..n)
            .map(|pos| {
                (0..pos)
                    .map(|i| {
                        row(i)
                            .iter()
                            .zip(row(pos))
                            .map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2))
                            .sum::<f64>()
                    })
                    .fold(f64::INFINITY, f64::min)
            })
            .collect()
    }

    #[test]
    fn nearest_earlier_distances_match_a_plain_scan() {
        // 300 pseudo-random points in 3-D (a fixed LCG), with some exact duplicates.
        let mut state = 12_345_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 40) as f64 / (1u64 << 24) as f64
        };
        // Fewer points under Miri (about 100x slower), the same duplicates.
        let n = if cfg!(miri) { 40 } else { 300 };
        let mut pts: Vec<f32> = (0..n * 3).map(|_| next() as f32).collect();
        pts.extend_from_within(30..60);
        let tree = SeqTree::new(pts.clone(), Fixed::<3>).unwrap();
        let want = plain(&pts, 3);
        let mut scratch = SeqScratch::default();
        for (pos, &w) in want.iter().enumerate() {
            let got = tree.nearest_before(pos, f64::NEG_INFINITY, &mut scratch);
            assert_eq!(got, w, "position {pos}");
            // With a cutoff: any value at or below it, or the exact distance above it.
            let cut = tree.nearest_before(pos, 0.01, &mut scratch);
            assert!(cut <= 0.01 || cut == w, "position {pos}");
            assert!(cut >= w, "position {pos}: below the true distance");
        }
        assert_eq!(
            tree.nearest_before(want.len(), f64::NEG_INFINITY, &mut scratch),
            f64::INFINITY
        );
    }

    #[test]
    fn a_block_of_copies_is_one_leaf_answered_by_its_earliest_point() {
        // 40 copies of one point (more than a leaf) after two other points, in 2-D.
        let mut pts = alloc::vec![0.0_f32, 0.0, 3.0, 4.0];
        for _ in 0..40 {
            pts.extend([1.0, 1.0]);
        }
        let tree = SeqTree::new(pts.clone(), Runtime(2)).unwrap();
        let want = plain(&pts, 2);
        assert_eq!(want[2], 2.0);
        assert_eq!(want[3], 0.0);
        let mut scratch = SeqScratch::default();
        for (pos, &w) in want.iter().enumerate() {
            assert_eq!(
                tree.nearest_before(pos, f64::NEG_INFINITY, &mut scratch),
                w,
                "position {pos}"
            );
        }
    }
}
