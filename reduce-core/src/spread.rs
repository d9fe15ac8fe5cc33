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

use crate::kdtree::{KD_TREE_MAX_DIM, squared_box_distance};

/// Above `KD_TREE_MAX_DIM` features the tree stops pruning and the separations cost up to
/// `rows × (rows + kept) × features / 2` multiply-adds; a class whose product exceeds this keeps
/// the plain ranking (about a second of work; the 1,000,000 × 32 scale run exceeds it, no data
/// set of the cross-check does).
pub const SPREAD_WORK_LIMIT: usize = 1 << 31;

/// Points per leaf of the separation trees.
const LEAF: usize = 32;

/// The `k` rows to keep out of `order` (one class's candidate rows, best first), spread by
/// separation (see the module docs); `kept` are rows of the class kept already. The result is
/// in ranking order. Rows that `points` does not hold are never returned.
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
    let mut seq: Vec<f64> = Vec::with_capacity((kept.len() + m) * dim);
    for &r in kept.iter().chain(order) {
        match points.get(r) {
            Some(p) => seq.extend(p.iter().map(|&v| f64::from(v))),
            None => return order.iter().copied().take(k).collect(),
        }
    }
    // The k best (largest separation, ties to the better rank) so far, worst on top. The k-th
    // largest separation only grows as rows are added, so a row whose nearest earlier row is
    // already within the current k-th can never be kept: its search stops there.
    let first = kept.len();
    let mut top: BinaryHeap<Candidate> = BinaryHeap::with_capacity(k + 1);
    let tree = SeqTree::new(&seq, dim);
    let mut stack = Vec::new();
    for pos in first..first + m {
        {
            let q = seq.get(pos * dim..(pos + 1) * dim).unwrap_or(&[]);
            let full = top.len() >= k;
            let cutoff = if full {
                top.peek().map_or(f64::NEG_INFINITY, |c| c.separation2)
            } else {
                f64::NEG_INFINITY
            };
            let d2 = tree.nearest_before(q, pos, cutoff, &mut stack);
            if !full || d2 > cutoff {
                top.push(Candidate {
                    separation2: d2,
                    rank: pos - first,
                });
                if top.len() > k {
                    top.pop();
                }
            }
        }
    }
    let mut chosen: Vec<usize> = top.into_iter().map(|c| c.rank).collect();
    chosen.sort_unstable();
    chosen
        .into_iter()
        .filter_map(|t| order.get(t).copied())
        .collect()
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

/// A k-d tree over a sequence of points answering "the nearest point among the first `pos`":
/// every node knows the smallest sequence position below it, so subtrees holding only later
/// points are skipped. Points are stored in tree order, so a leaf is one contiguous block.
struct SeqTree {
    dim: usize,
    /// Positions, permuted so that each node covers a contiguous block.
    idx: Vec<usize>,
    /// The points in `idx` order (contiguous, so a leaf is scanned without indirection).
    local: Vec<f64>,
    nodes: Vec<SeqNode>,
    /// All nodes' bounding boxes, `2 · dim` values each.
    boxes: Vec<f64>,
    /// The leaf holding each sequence position.
    leaf_of: Vec<usize>,
}

struct SeqNode {
    from: usize,
    to: usize,
    /// Children (both 0 for a leaf; the root is never a child).
    left: usize,
    right: usize,
    /// Smallest sequence position in the node.
    min_pos: usize,
    /// Offset in `SeqTree::boxes` of the bounding box: `dim` minima then `dim` maxima.
    bbox: usize,
}

impl SeqTree {
    fn new(pts: &[f64], dim: usize) -> Self {
        let n = pts.len().checked_div(dim).unwrap_or(0);
        let mut tree = Self {
            dim,
            idx: (0..n).collect(),
            local: Vec::new(),
            nodes: Vec::new(),
            boxes: Vec::new(),
            leaf_of: alloc::vec![0; n],
        };
        if n > 0 && dim > 0 {
            tree.build(pts, dim, 0, n);
        }
        let mut local = Vec::with_capacity(tree.idx.len() * dim);
        for &i in &tree.idx {
            local.extend_from_slice(pts.get(i * dim..(i + 1) * dim).unwrap_or(&[]));
        }
        tree.local = local;
        tree
    }

    /// Builds the node over `idx[from..to]` and returns its number.
    fn build(&mut self, pts: &[f64], dim: usize, from: usize, to: usize) -> usize {
        let coord = |i: usize, j: usize| pts.get(i * dim + j).copied().unwrap_or(0.0);
        let bbox = self.boxes.len();
        self.boxes.extend(core::iter::repeat_n(f64::INFINITY, dim));
        self.boxes
            .extend(core::iter::repeat_n(f64::NEG_INFINITY, dim));
        let lo_hi = self.boxes.get_mut(bbox..).unwrap_or(&mut []);
        let mut min_pos = usize::MAX;
        for &i in self.idx.get(from..to).unwrap_or(&[]) {
            min_pos = min_pos.min(i);
            for j in 0..dim {
                let v = coord(i, j);
                if let Some(l) = lo_hi.get_mut(j) {
                    *l = l.min(v);
                }
                if let Some(h) = lo_hi.get_mut(dim + j) {
                    *h = h.max(v);
                }
            }
        }
        // Split the widest side at the median.
        let lo_hi = self.boxes.get(bbox..).unwrap_or(&[]);
        let width = |j: usize| lo_hi.get(dim + j).unwrap_or(&0.0) - lo_hi.get(j).unwrap_or(&0.0);
        let axis = (0..dim)
            .max_by(|&a, &b| width(a).total_cmp(&width(b)))
            .unwrap_or(0);
        let flat = width(axis) <= 0.0;
        let id = self.nodes.len();
        self.nodes.push(SeqNode {
            from,
            to,
            left: 0,
            right: 0,
            min_pos,
            bbox,
        });
        if to - from <= LEAF || flat {
            self.mark_leaf(id, from, to);
            return id;
        }
        // Split at the median value, with every copy of that value on one side: on data with
        // few distinct values per feature (collision's) a plain median split puts copies on
        // both sides, the children's boxes overlap, and queries at that value visit both.
        let mut mid = from + (to - from) / 2;
        if let Some(block) = self.idx.get_mut(from..to) {
            block.select_nth_unstable_by(mid - from, |&a, &b| {
                coord(a, axis).total_cmp(&coord(b, axis))
            });
            let v = block.get(mid - from).map_or(0.0, |&i| coord(i, axis));
            let below = partition(block, |i| coord(i, axis) < v);
            let split = if below > 0 {
                below
            } else {
                partition(block, |i| coord(i, axis) <= v)
            };
            if split == 0 || split == block.len() {
                // Cannot happen with a positive width; a leaf is still correct.
                self.mark_leaf(id, from, to);
                return id;
            }
            mid = from + split;
        }
        let left = self.build(pts, dim, from, mid);
        let right = self.build(pts, dim, mid, to);
        if let Some(node) = self.nodes.get_mut(id) {
            node.left = left;
            node.right = right;
        }
        id
    }

    /// Squared distance from `q` to the nearest point at a sequence position below `pos` (∞ if
    /// none), or any value `<= cutoff` as soon as one is found (the caller only needs to know
    /// that it is that near).
    fn mark_leaf(&mut self, id: usize, from: usize, to: usize) {
        for &i in self.idx.get(from..to).unwrap_or(&[]) {
            if let Some(l) = self.leaf_of.get_mut(i) {
                *l = id;
            }
        }
    }

    /// Lowers `best` to the nearest point of leaf `n` at a position below `pos`; `true` once
    /// `best <= cutoff` or 0 (nothing nearer is needed).
    fn scan_leaf(&self, n: usize, q: &[f64], pos: usize, cutoff: f64, best: &mut f64) -> bool {
        let dim = self.dim;
        let Some(node) = self.nodes.get(n) else {
            return false;
        };
        let block = self
            .local
            .get(node.from * dim..node.to * dim)
            .unwrap_or(&[]);
        let positions = self.idx.get(node.from..node.to).unwrap_or(&[]);
        for (p, &i) in block.chunks_exact(dim.max(1)).zip(positions) {
            if i >= pos {
                continue;
            }
            let d: f64 = p.iter().zip(q).map(|(a, b)| (a - b) * (a - b)).sum();
            *best = best.min(d);
            if *best <= cutoff || *best == 0.0 {
                return true;
            }
        }
        false
    }

    fn nearest_before(
        &self,
        q: &[f64],
        pos: usize,
        cutoff: f64,
        stack: &mut Vec<(usize, f64)>,
    ) -> f64 {
        let dim = self.dim;
        let mut best = f64::INFINITY;
        // The query's own leaf first: its nearest earlier point is usually there, and a row that
        // has one within `cutoff` is then settled without descending the tree.
        let own = self.leaf_of.get(pos).copied().unwrap_or(0);
        if self.nodes.get(own).is_some_and(|n| n.left == 0)
            && self.scan_leaf(own, q, pos, cutoff, &mut best)
        {
            return best;
        }
        let box_of = |n: usize| {
            self.nodes.get(n).map_or(f64::INFINITY, |c| {
                squared_box_distance(
                    self.boxes.get(c.bbox..c.bbox + 2 * dim).unwrap_or(&[]),
                    q,
                    dim,
                )
            })
        };
        stack.clear();
        if !self.nodes.is_empty() {
            stack.push((0, box_of(0)));
        }
        while let Some((n, gap)) = stack.pop() {
            let Some(node) = self.nodes.get(n) else {
                continue;
            };
            if gap >= best || node.min_pos >= pos {
                continue;
            }
            if node.left == 0 {
                if n != own && self.scan_leaf(n, q, pos, cutoff, &mut best) {
                    return best;
                }
                continue;
            }
            // Nearer child pushed last, so it is searched first.
            let (a, b) = (node.left, node.right);
            let (da, db) = (box_of(a), box_of(b));
            if da <= db {
                stack.extend([(b, db), (a, da)]);
            } else {
                stack.extend([(a, da), (b, db)]);
            }
        }
        best
    }
}

/// Moves the items satisfying `front` to the front of `items` and returns how many there are.
fn partition(items: &mut [usize], front: impl Fn(usize) -> bool) -> usize {
    let mut n = 0;
    for j in 0..items.len() {
        if items.get(j).is_some_and(|&i| front(i)) {
            items.swap(n, j);
            n += 1;
        }
    }
    n
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

    #[test]
    fn tree_separations_match_a_plain_scan() {
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
        let mut pts: Vec<f64> = (0..n * 3).map(|_| next()).collect();
        pts.extend_from_within(30..60);
        let tree = SeqTree::new(&pts, 3);
        let mut stack = Vec::new();
        for pos in 0..n + 10 {
            let q = &pts[pos * 3..pos * 3 + 3];
            let plain = (0..pos)
                .map(|i| {
                    let p = &pts[i * 3..i * 3 + 3];
                    p.iter().zip(q).map(|(a, b)| (a - b) * (a - b)).sum::<f64>()
                })
                .fold(f64::INFINITY, f64::min)
                .sqrt();
            assert_eq!(
                tree.nearest_before(q, pos, f64::NEG_INFINITY, &mut stack)
                    .sqrt(),
                plain,
                "position {pos}"
            );
            // With a cutoff, any value at or below it, or the exact distance above it.
            let cut = tree.nearest_before(q, pos, 0.01, &mut stack);
            assert!(cut <= 0.01 || cut.sqrt() == plain, "position {pos}");
        }
    }
}
