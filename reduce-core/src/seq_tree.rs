//! The sequence tree: the points of a sequence are added one by one, in order, and each is
//! first asked for the squared distance to the nearest point added before it.
//!
//! A k-d tree whose shape is built once over the whole sequence, with the boxes of the points
//! *added so far* only: a box starts empty (infinitely far) and grows as its points arrive, so
//! a query never looks at a subtree without earlier points and prunes with boxes as tight as
//! if the tree held only the earlier points. Adding a point widens the boxes from its leaf up
//! and stops at the first box that already holds it. Within a leaf the points are stored in
//! sequence order, so the added ones are a prefix. A query starts in its own leaf and climbs:
//! the sibling subtrees of its ancestors, nearer child first, are searched only while their
//! boxes can still hold something nearer, and the search stops as soon as the caller's cutoff
//! is reached.
//!
//! Exact: the answer is the minimum of the same `f64` squared distances a plain scan over the
//! earlier points computes (the sum over features in feature order); pruning only skips boxes
//! at least as far as the best point found (a box is never nearer than the points inside it).

use alloc::vec::Vec;

use crate::kdtree::squared_box_distance;

/// Points per leaf. The leaf scan is vectorised, so larger leaves cost little per point and
/// save nodes: 128 measured best on collision (16-256 tried, NRMD and DES at 20 %).
pub(crate) const LEAF: usize = 128;

/// Points per chunk of a leaf scan (see [`SeqTree::scan_leaf`]): 32 measured best on collision
/// (8-128 tried).
const CHUNK: usize = 32;

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
    left: u32,
    right: u32,
    parent: u32,
    /// A leaf: how many of its points have been added (a prefix of its slots).
    added: u32,
    /// A leaf whose points all coincide (of any size): its earliest point answers for all.
    flat: bool,
}

/// The tree over `n` points (see the module docs). Positions and node numbers are `u32` and
/// the points stay `f32` (the caller's values; every distance is still computed in `f64`):
/// half the memory of `usize` and `f64`, which measured faster.
pub(crate) struct SeqTree<W: Width> {
    width: W,
    /// The points in tree order: each node covers a contiguous block of slots, and within a
    /// leaf the points are in sequence order. A leaf's block (slots `from..to`, values
    /// `from · dim..to · dim`) is stored feature-major: all first features, then all second
    /// features, and so on, so that the distances to a leaf's points vectorise.
    pts: Vec<f32>,
    /// Tree slot of each sequence position.
    slot: Vec<u32>,
    /// Leaf of each sequence position.
    leaf_of: Vec<u32>,
    nodes: Vec<Node>,
    /// The boxes of the added points, `2 · dim` values per node (minima then maxima), by node
    /// number; empty (`+∞` minima, `-∞` maxima: infinitely far) until a point arrives. In
    /// `f64` (exact copies of `f32` coordinates), so a query converts nothing: a few per cent
    /// faster than `f32` boxes on collision.
    boxes: Vec<f64>,
    /// Points added so far: positions `0..added`.
    added: usize,
}

/// Scratch space for [`SeqTree::nearest_added`], reused across queries so that the queries
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
    /// Builds the tree over the sequence of rows `rows` of `data` (row-major, `width.dim()`
    /// values per row), with no point added yet. `None` for a row out of range, more than
    /// [`SEQ_TREE_MAX_POINTS`] rows or a zero width.
    pub(crate) fn new(data: &[f32], rows: &[usize], width: W) -> Option<Self> {
        let dim = width.dim();
        let n = rows.len();
        if dim == 0 || n > SEQ_TREE_MAX_POINTS {
            return None;
        }
        let mut pts = Vec::with_capacity(n * dim);
        for &r in rows {
            let start = r.checked_mul(dim)?;
            pts.extend_from_slice(data.get(start..start.checked_add(dim)?)?);
        }
        let mut tree = Self {
            width,
            pts,
            slot: alloc::vec![0; n],
            leaf_of: alloc::vec![0; n],
            nodes: Vec::new(),
            boxes: Vec::new(),
            added: 0,
        };
        if n > 0 {
            tree.build();
        }
        Some(tree)
    }

    /// Splits the points (moving them, with their positions: the scans stay sequential) until
    /// every block is a leaf, then puts each leaf in sequence order and feature-major. An
    /// explicit work list instead of recursion: degenerate data (many copies of one value) can
    /// make the tree deep.
    fn build(&mut self) {
        let dim = self.width.dim();
        let n = self.slot.len();
        let mut seq: Vec<u32> = (0..n as u32).collect();
        let mut keys: Vec<f32> = Vec::new();
        let (mut lo, mut hi) = (alloc::vec![0.0_f32; dim], alloc::vec![0.0_f32; dim]);
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
            // The bounding box of all the node's points chooses the split.
            let block = &mut self.pts[from * dim..to * dim];
            lo.copy_from_slice(&block[..dim]);
            hi.copy_from_slice(&block[..dim]);
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
                left: NONE,
                right: NONE,
                parent,
                added: 0,
                flat,
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
            let block_seq = &mut seq[from..to];
            let below = partition(block, block_seq, dim, |p| p[axis] < v);
            let split = if below > 0 {
                below
            } else {
                partition(block, block_seq, dim, |p| p[axis] <= v)
            };
            work.push((from + split, to, id, false));
            work.push((from, from + split, id, true));
        }
        // Each leaf in sequence order and feature-major.
        let mut order: Vec<(u32, u32)> = Vec::new();
        let mut rows: Vec<f32> = Vec::new();
        for (id, node) in self.nodes.iter().enumerate() {
            if node.left != NONE {
                continue;
            }
            let (from, to) = (node.from as usize, node.to as usize);
            let m = to - from;
            order.clear();
            order.extend(seq[from..to].iter().zip(0..).map(|(&s, j)| (s, j)));
            order.sort_unstable();
            rows.clear();
            rows.extend_from_slice(&self.pts[from * dim..to * dim]);
            let block = &mut self.pts[from * dim..to * dim];
            for (t, &(s, j)) in order.iter().enumerate() {
                self.slot[s as usize] = (from + t) as u32;
                self.leaf_of[s as usize] = id as u32;
                let row = &rows[j as usize * dim..][..dim];
                for (a, &v) in row.iter().enumerate() {
                    block[a * m + t] = v;
                }
            }
        }
        // Empty boxes.
        self.boxes.reserve_exact(self.nodes.len() * 2 * dim);
        for _ in 0..self.nodes.len() {
            self.boxes.extend(core::iter::repeat_n(f64::INFINITY, dim));
            self.boxes
                .extend(core::iter::repeat_n(f64::NEG_INFINITY, dim));
        }
    }

    /// The coordinates of the point at sequence position `pos`, in `f64`, into `out`.
    fn point(&self, pos: usize, out: &mut Vec<f64>) {
        out.clear();
        let (Some(&s), Some(&leaf)) = (self.slot.get(pos), self.leaf_of.get(pos)) else {
            return;
        };
        let node = self.nodes[leaf as usize];
        let (from, m) = (node.from as usize, (node.to - node.from) as usize);
        let dim = self.width.dim();
        let t = s as usize - from;
        let block = &self.pts[from * dim..][..m * dim];
        out.extend(block.chunks_exact(m).map(|column| f64::from(column[t])));
    }

    /// Adds the next point of the sequence (position `added`, the number added so far);
    /// nothing once all are.
    pub(crate) fn add_next(&mut self) {
        let pos = self.added;
        let (Some(&s), Some(&leaf)) = (self.slot.get(pos), self.leaf_of.get(pos)) else {
            return;
        };
        self.added += 1;
        let dim = self.width.dim();
        let node = &mut self.nodes[leaf as usize];
        // Positions arrive in order and a leaf is in sequence order: its next slot.
        node.added += 1;
        let (from, m) = (node.from as usize, (node.to - node.from) as usize);
        let t = s as usize - from;
        let block = &self.pts[from * dim..][..m * dim];
        // Widen the boxes from the leaf up; a box that already holds the point is inside
        // every box above it.
        let mut id = leaf;
        loop {
            let (lo, hi) = self.boxes[id as usize * 2 * dim..][..2 * dim].split_at_mut(dim);
            let mut grew = false;
            for ((l, h), column) in lo.iter_mut().zip(hi.iter_mut()).zip(block.chunks_exact(m)) {
                let v = f64::from(column[t]);
                if v < *l {
                    *l = v;
                    grew = true;
                }
                if v > *h {
                    *h = v;
                    grew = true;
                }
            }
            let parent = self.nodes[id as usize].parent;
            if !grew || parent == NONE {
                break;
            }
            id = parent;
        }
    }

    /// Squared distance from the point at sequence position `pos` to the nearest added point
    /// (`∞` if there is none), or any value `<= cutoff` as soon as one is found (the caller
    /// only needs to know that it is that near). `pos` out of range: `∞`. The spread asks for
    /// the next position before adding it: the distance to the nearest earlier point.
    pub(crate) fn nearest_added(&self, pos: usize, cutoff: f64, scratch: &mut SeqScratch) -> f64 {
        let mut best = f64::INFINITY;
        let dim = self.width.dim();
        self.point(pos, &mut scratch.query);
        let (Some(q), Some(&leaf)) = (scratch.query.get(..dim), self.leaf_of.get(pos)) else {
            return best;
        };
        // Nothing is nearer than 0: stop there too.
        let stop = cutoff.max(0.0);
        if self.scan_leaf(leaf, q, stop, &mut best) {
            return best;
        }
        let (mut child, mut node) = (leaf, self.nodes[leaf as usize].parent);
        while node != NONE {
            let n = self.nodes[node as usize];
            let sibling = if n.left == child { n.right } else { n.left };
            if self.search(sibling, q, stop, &mut best, &mut scratch.stack) {
                return best;
            }
            child = node;
            node = n.parent;
        }
        best
    }

    /// Squared distance from `q` to the box of node `id` (`f64`, like the point distances; `∞`
    /// for an empty box).
    #[inline(always)]
    fn box_distance(&self, id: u32, q: &[f64]) -> f64 {
        let dim = self.width.dim();
        squared_box_distance(&self.boxes[id as usize * 2 * dim..][..2 * dim], q, dim)
    }

    /// Searches the subtree `root` (nearer child first); `true` once `best <= stop`.
    fn search(
        &self,
        root: u32,
        q: &[f64],
        stop: f64,
        best: &mut f64,
        stack: &mut Vec<(u32, f64)>,
    ) -> bool {
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
                if self.scan_leaf(id, q, stop, best) {
                    return true;
                }
                continue;
            }
            let (a, b) = (node.left, node.right);
            let (da, db) = (self.box_distance(a, q), self.box_distance(b, q));
            // The nearer child last, so it is searched first; empty or far ones not at all.
            let (near, dn, far, df) = if da <= db {
                (a, da, b, db)
            } else {
                (b, db, a, da)
            };
            if df < *best {
                stack.push((far, df));
            }
            if dn < *best {
                stack.push((near, dn));
            }
        }
        false
    }

    /// Lowers `best` to the nearest added point of leaf `id`; `true` once `best <= stop`.
    ///
    /// The added points are a prefix of the leaf, scanned in chunks of [`CHUNK`] (a query
    /// that only needs a point within its cutoff usually stops after the first): per chunk the
    /// squared distances are accumulated feature by feature over the feature-major block
    /// (vectorised; per point the sum runs in feature order from 0, the same `f64` value as a
    /// plain row scan), then reduced to their minimum with four running minima (exact in any
    /// order: the distances are not NaN).
    #[inline(always)]
    fn scan_leaf(&self, id: u32, q: &[f64], stop: f64, best: &mut f64) -> bool {
        let dim = self.width.dim();
        let node = self.nodes[id as usize];
        let (from, to) = (node.from as usize, node.to as usize);
        let m = to - from;
        let mut added = node.added as usize;
        if node.flat {
            added = added.min(1);
        }
        let block = &self.pts[from * dim..to * dim];
        let mut start = 0;
        while start < added {
            let len = (added - start).min(CHUNK);
            let mut acc = [0.0_f64; CHUNK];
            let acc = &mut acc[..len];
            for (column, &v) in block.chunks_exact(m).zip(q) {
                for (d, &x) in acc.iter_mut().zip(&column[start..start + len]) {
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
            if *best <= stop {
                return true;
            }
            start += len;
        }
        false
    }
}

/// Moves the rows (of `dim` values in `block`, with their entries of `seq`) satisfying `front`
/// to the front and returns how many there are. Branch-free (every row is swapped with the
/// first row not known to be in front, itself when none is): on a median split the test is a
/// coin flip, and mispredicted branches cost more than the swaps.
fn partition(
    block: &mut [f32],
    seq: &mut [u32],
    dim: usize,
    front: impl Fn(&[f32]) -> bool,
) -> usize {
    let mut n = 0;
    for j in 0..seq.len() {
        let goes = front(&block[j * dim..(j + 1) * dim]);
        seq.swap(n, j);
        for a in 0..dim {
            block.swap(n * dim + a, j * dim + a);
        }
        n += usize::from(goes);
    }
    n
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Squared distance from each position of `seq` (rows of `x`) to the nearest earlier one,
    /// by the O(n²) definition.
    /// Also the spread's tests' oracle.
    pub(crate) fn brute_separations(x: &[f32], dim: usize, seq: &[usize]) -> Vec<f64> {
        let row = |r: usize| &x[r * dim..(r + 1) * dim];
        (0..seq.len())
            .map(|t| {
                seq[..t]
                    .iter()
                    .map(|&e| {
                        row(seq[t])
                            .iter()
                            .zip(row(e))
                            .map(|(&a, &b)| {
                                // A product, not `powi`: Miri perturbs `powi`'s result.
                                let d = f64::from(a) - f64::from(b);
                                d * d
                            })
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
        let all: Vec<usize> = (0..pts.len() / 3).collect();
        let mut tree = SeqTree::new(&pts, &all, Fixed::<3>).unwrap();
        let want = brute_separations(&pts, 3, &all);
        let mut scratch = SeqScratch::default();
        for (pos, &w) in want.iter().enumerate() {
            let got = tree.nearest_added(pos, f64::NEG_INFINITY, &mut scratch);
            assert_eq!(got, w, "position {pos}");
            // With a cutoff: any value at or below it, or the exact distance above it.
            let cut = tree.nearest_added(pos, 0.01, &mut scratch);
            assert!(cut <= 0.01 || cut == w, "position {pos}");
            assert!(cut >= w, "position {pos}: below the true distance");
            tree.add_next();
        }
        assert_eq!(
            tree.nearest_added(want.len(), f64::NEG_INFINITY, &mut scratch),
            f64::INFINITY
        );
        // Rows the data does not hold (even ones whose offset overflows): no tree.
        assert!(SeqTree::new(&pts, &[0, n + 10], Fixed::<3>).is_none());
        assert!(SeqTree::new(&pts, &[usize::MAX / 2], Fixed::<3>).is_none());
        assert!(SeqTree::new(&pts, &[0], Runtime(0)).is_none());
    }

    #[test]
    fn a_block_of_copies_is_one_leaf_answered_by_its_earliest_point() {
        // 40 copies of one point (more than a leaf) after two other points, in 2-D.
        let mut pts = alloc::vec![0.0_f32, 0.0, 3.0, 4.0];
        for _ in 0..40 {
            pts.extend([1.0, 1.0]);
        }
        let all: Vec<usize> = (0..pts.len() / 2).collect();
        let mut tree = SeqTree::new(&pts, &all, Runtime(2)).unwrap();
        let want = brute_separations(&pts, 2, &all);
        assert_eq!(want[2], 2.0);
        assert_eq!(want[3], 0.0);
        let mut scratch = SeqScratch::default();
        for (pos, &w) in want.iter().enumerate() {
            assert_eq!(
                tree.nearest_added(pos, f64::NEG_INFINITY, &mut scratch),
                w,
                "position {pos}"
            );
            tree.add_next();
        }
    }
}
