//! A k-d tree over `f32` rows for nearest-neighbour distances in any of the [`Norm`]s, with an
//! early exit used by the epsilon computation: a query only matters when its nearest neighbour is
//! farther than the largest distance found so far, so the search stops at the first point closer
//! than that.
//!
//! Cells are pruned with the incremental per-dimension offset bound (as in Arya and Mount's ANN
//! and scipy's cKDTree): the reduced distance from the query to a cell, updated in O(1) when the
//! search crosses a split. Pruning allows a relative slack of 1e-12 so rounding in the bound can
//! never discard the true nearest point; distances themselves come from [`Norm::reduced`], the
//! same function the brute-force scan uses, so both give bit-identical results.

use alloc::vec;
use alloc::vec::Vec;

use crate::norm::Norm;

const LEAF: usize = 12;
const SLACK: f64 = 1.0 + 1e-12;

struct Node {
    /// Range of `NnTree::order` (and rows of `NnTree::data`) under this node.
    lo: u32,
    hi: u32,
    /// Split dimension and value; `u32::MAX` dimension marks a leaf.
    dim: u32,
    split: f32,
    left: u32,
    right: u32,
}

/// Static k-d tree over a copy of the reference rows, stored contiguously in tree order.
pub(crate) struct NnTree {
    dim: usize,
    data: Vec<f32>,
    /// Row `k` of `data` is row `order[k]` of the caller's input.
    order: Vec<u32>,
    nodes: Vec<Node>,
}

impl NnTree {
    /// Builds the tree over `rows` (row-major, width `dim`, at least one row).
    pub(crate) fn new(rows: &[f32], dim: usize) -> Self {
        let n = rows.len() / dim;
        let mut order: Vec<u32> = (0..n as u32).collect();
        let mut nodes = Vec::with_capacity(2 * n / LEAF + 2);
        build(rows, dim, &mut order, 0, n, &mut nodes);
        let mut data = Vec::with_capacity(rows.len());
        for &i in &order {
            let i = i as usize;
            data.extend_from_slice(&rows[i * dim..(i + 1) * dim]);
        }
        Self {
            dim,
            data,
            order,
            nodes,
        }
    }

    /// The reduced nearest-neighbour distance of `q` and its position, except that the search
    /// stops early (returning a value `<= stop`) once a point within `stop` is found.
    pub(crate) fn nearest(&self, q: &[f32], norm: Norm, stop: f64) -> (f64, u32) {
        let mut off = vec![0.0f64; self.dim];
        let mut best = (f64::INFINITY, u32::MAX);
        self.search(0, q, norm, stop, 0.0, &mut off, &mut best);
        best
    }

    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        node: usize,
        q: &[f32],
        norm: Norm,
        stop: f64,
        bound: f64,
        off: &mut [f64],
        best: &mut (f64, u32),
    ) -> bool {
        let nd = &self.nodes[node];
        if nd.dim == u32::MAX {
            for k in nd.lo as usize..nd.hi as usize {
                let row = &self.data[k * self.dim..(k + 1) * self.dim];
                let d = norm.reduced(q, row);
                if d < best.0 {
                    *best = (d, self.order[k]);
                    if d <= stop {
                        return true;
                    }
                }
            }
            return false;
        }
        let d = nd.dim as usize;
        let diff = f64::from(q[d]) - f64::from(nd.split);
        let (near, far) = if diff <= 0.0 {
            (nd.left, nd.right)
        } else {
            (nd.right, nd.left)
        };
        if self.search(near as usize, q, norm, stop, bound, off, best) {
            return true;
        }
        // Crossing the split: this dimension's offset becomes |diff|.
        let old = off[d];
        let far_bound = match norm {
            Norm::Chebyshev => bound.max(diff.abs()),
            Norm::Euclidean => bound - old * old + diff * diff,
            Norm::Manhattan => bound - old + diff.abs(),
        };
        if far_bound * (1.0 / SLACK) <= best.0 {
            off[d] = diff.abs();
            let done = self.search(far as usize, q, norm, stop, far_bound, off, best);
            off[d] = old;
            if done {
                return true;
            }
        }
        false
    }
}

fn build(
    rows: &[f32],
    dim: usize,
    order: &mut [u32],
    lo: usize,
    hi: usize,
    nodes: &mut Vec<Node>,
) -> u32 {
    let id = nodes.len() as u32;
    nodes.push(Node {
        lo: lo as u32,
        hi: hi as u32,
        dim: u32::MAX,
        split: 0.0,
        left: 0,
        right: 0,
    });
    if hi - lo <= LEAF {
        return id;
    }
    // Split the widest dimension at its median.
    let slice = &mut order[lo..hi];
    let mut best_dim = 0;
    let mut best_spread = -1.0f32;
    for d in 0..dim {
        let (mut mn, mut mx) = (f32::INFINITY, f32::NEG_INFINITY);
        for &i in slice.iter() {
            let v = rows[i as usize * dim + d];
            mn = mn.min(v);
            mx = mx.max(v);
        }
        if mx - mn > best_spread {
            best_spread = mx - mn;
            best_dim = d;
        }
    }
    if best_spread <= 0.0 {
        return id; // all points equal: a leaf, however large
    }
    let mid = slice.len() / 2;
    let key = |i: &u32| rows[*i as usize * dim + best_dim];
    slice.select_nth_unstable_by(mid, |a, b| key(a).total_cmp(&key(b)));
    let split = key(&slice[mid]);
    // Left: [lo, lo+mid) holds values <= split; right: [lo+mid, hi) holds values >= split.
    let left = build(rows, dim, order, lo, lo + mid, nodes);
    let right = build(rows, dim, order, lo + mid, hi, nodes);
    let n = &mut nodes[id as usize];
    n.dim = best_dim as u32;
    n.split = split;
    n.left = left;
    n.right = right;
    id
}
