//! Rows of one class in small spatial groups with bounding boxes, and a per-row key: a
//! squared distance below which a centre matters to the row. [`RowBoxes::sweep`] finds, for
//! each centre of a batch, the rows it is strictly nearer to than their key, skipping every
//! group and block of groups whose box lies at least the largest key of its rows away.
//!
//! Two users, both in low dimension, where the boxes are tight:
//! - the batched k-means++ seeding (`seeding_batched.rs`): the key is the squared distance to
//!   the nearest applied centre, and a hit is an update. Late in the seeding every row is close
//!   to a centre, so a new centre can only win the rows around it; on collision's large class
//!   (10,960 rows, 5 features, 2,192 centres) about 90 % of the row-centre pairs are skipped.
//! - Lloyd's iterations (`kmeans.rs`): the key is the square of a row's lower bound on its
//!   distance to every other centre, and the batch is the centres that moved. A centre that did
//!   not move leaves the bound valid, and one that did lowers it only for the rows it hits, so
//!   the bound stays tight where Hamerly's rule (subtract the largest move) would loosen it for
//!   every row.
//!
//! The rows are ordered by median splits on the widest feature and cut into groups of
//! [`GROUP`] consecutive rows, the groups into blocks of [`BLOCK_GROUPS`]. The distances of a
//! group's rows to a centre are computed at once, in the same operations and order as
//! [`squared_euclidean_f64`] (so the same values). The boxes stop pruning as the dimension
//! grows, so both users take this path only up to
//! [`KD_TREE_MAX_DIM`](crate::kdtree::KD_TREE_MAX_DIM) features.
//!
//! [`squared_euclidean_f64`]: crate::distance::squared_euclidean_f64

use alloc::vec;
use alloc::vec::Vec;

use crate::kdtree::gap_to_interval;

/// Rows per group (a run of the spatial order).
const GROUP: usize = 16;

/// Groups per block.
const BLOCK_GROUPS: usize = 16;

/// A box is skipped for a centre when its squared distance, shrunk by this relative margin,
/// is still at least the largest key of its rows. The box distance and the row distances are
/// sums of squared `f64` differences, each within a relative `dim * 2^-52` of the exact value,
/// far inside the margin: a skipped centre is never strictly nearer to a row than its key.
const MARGIN: f64 = 1e-9;

/// The rows of one class in spatial order, in groups with bounding boxes and per-row keys.
pub(crate) struct RowBoxes {
    dim: usize,
    /// Positions (into the class's rows) in spatial order (`usize::MAX` pads the last group).
    order: Vec<usize>,
    /// Per group, feature-major: feature `f` of its rows at `f * GROUP ..` (padding 0).
    coords: Vec<f32>,
    /// Per row, in spatial order: the key (padding 0, which no distance is below).
    keys: Vec<f64>,
    /// Per group: the largest of its keys.
    worst: Vec<f64>,
    /// Per group: `dim` minima then `dim` maxima.
    group_box: Vec<f64>,
    /// Per block: the same.
    block_box: Vec<f64>,
}

/// Orders `order` so that consecutive runs are compact in space: split at the median of the
/// widest feature until at most [`GROUP`] rows remain. `x` holds the rows (row-major).
fn spatial_order(x: &[f32], dim: usize, order: &mut [usize]) {
    if order.len() <= GROUP || dim == 0 {
        return;
    }
    let at = |i: usize, f: usize| x.get(i * dim + f).copied().unwrap_or(0.0);
    let mut lo = vec![f32::INFINITY; dim];
    let mut hi = vec![f32::NEG_INFINITY; dim];
    for &i in order.iter() {
        for (f, (l, h)) in lo.iter_mut().zip(hi.iter_mut()).enumerate() {
            let v = at(i, f);
            *l = l.min(v);
            *h = h.max(v);
        }
    }
    let (mut axis, mut spread) = (0, 0.0_f32);
    for (f, (l, h)) in lo.iter().zip(&hi).enumerate() {
        if h - l > spread {
            spread = h - l;
            axis = f;
        }
    }
    if spread <= 0.0 {
        return; // all equal
    }
    let mid = order.len() / 2;
    order.select_nth_unstable_by(mid, |&a, &b| at(a, axis).total_cmp(&at(b, axis)));
    let (left, right) = order.split_at_mut(mid);
    spatial_order(x, dim, left);
    spatial_order(x, dim, right);
}

/// Appends the bounding box (minima, then maxima) of `rows` to `out`.
fn push_box<'a>(out: &mut Vec<f64>, dim: usize, rows: impl Iterator<Item = &'a [f32]>) {
    let start = out.len();
    out.resize(start + dim, f64::INFINITY);
    out.resize(start + 2 * dim, f64::NEG_INFINITY);
    let (lo, hi) = out[start..].split_at_mut(dim);
    for r in rows {
        for ((l, h), &v) in lo.iter_mut().zip(hi.iter_mut()).zip(r) {
            *l = l.min(f64::from(v));
            *h = h.max(f64::from(v));
        }
    }
}

/// Squared distances of a group's rows (`x`, feature-major) to `c`, each the value
/// [`crate::distance::squared_euclidean_f64`] gives for that row: four running sums over the
/// features `f` with `f % 4 = 0..3` up to the last full run of four, a tail sum over the rest,
/// combined as `(s0 + s1) + (s2 + s3) + tail`.
fn group_distances(x: &[f32], c: &[f64], out: &mut [f64; GROUP]) {
    let full = c.len() / 4 * 4;
    let mut acc = [[0.0_f64; GROUP]; 4];
    let mut tail = [0.0_f64; GROUP];
    for (f, (&cf, xf)) in c.iter().zip(x.chunks_exact(GROUP)).enumerate() {
        let sums = if f < full { &mut acc[f % 4] } else { &mut tail };
        for (s, &v) in sums.iter_mut().zip(xf) {
            let d = f64::from(v) - cf;
            *s += d * d;
        }
    }
    for (l, o) in out.iter_mut().enumerate() {
        *o = (acc[0][l] + acc[1][l]) + (acc[2][l] + acc[3][l]) + tail[l];
    }
}

/// Squared distances from the box `lo_hi` (`dim` minima, then maxima) to `count` points stored
/// feature-major in `soa` (feature `f` of point `q` at `f * count + q`), into `out`.
fn box_distances(lo_hi: &[f64], soa: &[f64], count: usize, out: &mut Vec<f64>) {
    out.clear();
    out.resize(count, 0.0);
    let dim = lo_hi.len() / 2;
    for (f, column) in soa.chunks_exact(count.max(1)).take(dim).enumerate() {
        let (l, h) = (lo_hi[f], lo_hi[dim + f]);
        for (o, &v) in out.iter_mut().zip(column) {
            let g = gap_to_interval(v, l, h);
            *o += g * g;
        }
    }
}

/// Whether a centre at squared box distance `d` may be strictly nearer than `worst` to a row
/// of the box (see [`MARGIN`]).
fn within(d: f64, worst: f64) -> bool {
    d * (1.0 - MARGIN) < worst
}

impl RowBoxes {
    /// Orders the `n` rows `row(0..n)` (each `dim` wide) and boxes their groups and blocks;
    /// every key starts at `INFINITY`.
    pub(crate) fn new<'a>(row: impl Fn(usize) -> &'a [f32], n: usize, dim: usize) -> Self {
        let mut x = Vec::with_capacity(n * dim);
        for i in 0..n {
            x.extend_from_slice(row(i));
        }
        let mut order: Vec<usize> = (0..n).collect();
        spatial_order(&x, dim, &mut order);
        let groups = n.div_ceil(GROUP);
        let mut coords = vec![0.0_f32; groups * GROUP * dim];
        for (p, &i) in order.iter().enumerate() {
            let base = (p / GROUP) * GROUP * dim + p % GROUP;
            for (f, &v) in row(i).iter().enumerate() {
                if let Some(slot) = coords.get_mut(base + f * GROUP) {
                    *slot = v;
                }
            }
        }
        let mut group_box = Vec::with_capacity(groups * 2 * dim);
        for g in order.chunks(GROUP) {
            push_box(&mut group_box, dim, g.iter().map(|&i| row(i)));
        }
        let mut block_box = Vec::new();
        for b in order.chunks(GROUP * BLOCK_GROUPS) {
            push_box(&mut block_box, dim, b.iter().map(|&i| row(i)));
        }
        let mut keys = vec![f64::INFINITY; n];
        keys.resize(groups * GROUP, 0.0);
        order.resize(groups * GROUP, usize::MAX);
        Self {
            dim,
            order,
            coords,
            keys,
            worst: vec![f64::INFINITY; groups],
            group_box,
            block_box,
        }
    }

    /// Sets every row's key to `key(position)` (the row's position in the class).
    pub(crate) fn set_keys(&mut self, key: impl Fn(usize) -> f64) {
        for (k, &i) in self.keys.iter_mut().zip(&self.order) {
            if i != usize::MAX {
                *k = key(i);
            }
        }
        for (w, g) in self.worst.iter_mut().zip(self.keys.chunks_exact(GROUP)) {
            *w = g.iter().copied().fold(0.0, f64::max);
        }
    }

    /// For each centre of `centres` (row-major `f64`, `q = 0, 1, ..` in order) and each row
    /// with squared distance `d` to it strictly below the row's key, calls
    /// `hit(position, q, d)`; a returned value becomes the row's key (it must not exceed the
    /// old key, or the boxes' maxima go stale). A row sees its hits in centre order: exactly
    /// the calls a plain scan of every pair would make.
    pub(crate) fn sweep(
        &mut self,
        centres: &[f64],
        hit: &mut dyn FnMut(usize, usize, f64) -> Option<f64>,
    ) {
        let dim = self.dim;
        if dim == 0 {
            return;
        }
        let count = centres.len() / dim;
        // The centres feature-major, so that one box is tested against many centres in a
        // loop the compiler vectorises; the block's survivors are gathered the same way.
        let mut soa = vec![0.0_f64; count * dim];
        for (q, c) in centres.chunks_exact(dim).enumerate() {
            for (f, &v) in c.iter().enumerate() {
                soa[f * count + q] = v;
            }
        }
        let mut block_near: Vec<usize> = Vec::with_capacity(count);
        let mut near_soa: Vec<f64> = Vec::with_capacity(count * dim);
        let mut group_near: Vec<usize> = Vec::with_capacity(count);
        let mut dist: Vec<f64> = Vec::with_capacity(count);
        let mut nd = [0.0_f64; GROUP];
        let groups = self.worst.len();
        for (b, bbox) in self.block_box.chunks_exact(2 * dim).enumerate() {
            let span = b * BLOCK_GROUPS..((b + 1) * BLOCK_GROUPS).min(groups);
            let worst = self
                .worst
                .get(span.clone())
                .map_or(0.0, |w| w.iter().copied().fold(0.0, f64::max));
            box_distances(bbox, &soa, count, &mut dist);
            block_near.clear();
            block_near.extend((0..count).filter(|&q| within(dist[q], worst)));
            if block_near.is_empty() {
                continue;
            }
            let m = block_near.len();
            near_soa.clear();
            for f in 0..dim {
                let column = &soa[f * count..(f + 1) * count];
                near_soa.extend(block_near.iter().map(|&q| column[q]));
            }
            for g in span {
                let (Some(gbox), Some(&worst)) = (
                    self.group_box.get(g * 2 * dim..(g + 1) * 2 * dim),
                    self.worst.get(g),
                ) else {
                    break;
                };
                box_distances(gbox, &near_soa, m, &mut dist);
                group_near.clear();
                group_near.extend(
                    block_near
                        .iter()
                        .zip(&dist)
                        .filter(|&(_, &d)| within(d, worst))
                        .map(|(&q, _)| q),
                );
                if group_near.is_empty() {
                    continue;
                }
                let rows = g * GROUP..(g + 1) * GROUP;
                let (Some(x), Some(keys), Some(order)) = (
                    self.coords.get(g * GROUP * dim..(g + 1) * GROUP * dim),
                    self.keys.get_mut(rows.clone()),
                    self.order.get(rows),
                ) else {
                    break;
                };
                for &q in &group_near {
                    let Some(c) = centres.get(q * dim..(q + 1) * dim) else {
                        continue;
                    };
                    group_distances(x, c, &mut nd);
                    for ((key, &d), &i) in keys.iter_mut().zip(&nd).zip(order) {
                        if d < *key
                            && let Some(new_key) = hit(i, q, d)
                        {
                            *key = new_key;
                        }
                    }
                }
                if let Some(slot) = self.worst.get_mut(g) {
                    *slot = keys.iter().copied().fold(0.0, f64::max);
                }
            }
        }
    }
}
