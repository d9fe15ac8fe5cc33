//! Rows of one class in small spatial groups with bounding boxes, and per row a [`RowSlot`]
//! whose key is a squared distance below which a centre matters to the row.
//! [`RowBoxes::sweep`] finds, for each centre of a batch, the rows it is strictly nearer to
//! than their key, skipping every group and block of groups whose box lies at least the
//! largest key of its rows away. The blocks can be split over threads: each row's slot sees
//! the same hits in the same order whatever the split.
//!
//! Two users, both in low dimension, where the boxes are tight:
//! - the batched k-means++ seeding (`seeding_batched.rs`): the key is the squared distance to
//!   the second-nearest applied centre, and a hit is a new nearest or second-nearest centre.
//!   Late in the seeding every row is close to two centres, so a new centre can only win the
//!   rows around it; on collision's large class (10,960 rows, 5 features, 2,192 centres) about
//!   90 % of the row-centre pairs are skipped.
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

/// Fewest centre-block pairs for which a sweep is split over threads: below, spawning costs
/// more than the sweep.
const MIN_PAIRS_PER_THREAD: usize = 128;

/// One row's state in a sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RowSlot {
    /// Squared distance below which a centre is a hit. A hit may lower it, never raise it.
    pub key: f64,
    /// The user's: the seeding's squared distance to the nearest centre.
    pub nearest: f64,
    /// The user's: the seeding's nearest centre; Lloyd's own centre.
    pub centre: usize,
}

impl RowSlot {
    /// A row no centre has reached yet: every distance is below its key.
    pub(crate) const UNREACHED: RowSlot = RowSlot {
        key: f64::INFINITY,
        nearest: f64::INFINITY,
        centre: 0,
    };
}

/// Padding slot: no distance is below its key.
const PAD: RowSlot = RowSlot {
    key: 0.0,
    nearest: 0.0,
    centre: usize::MAX,
};

/// What a hit does to a row's slot: `hit(slot, q, d)` for centre `q` of the batch at squared
/// distance `d < slot.key`.
pub(crate) type Hit<'a> = &'a (dyn Fn(&mut RowSlot, usize, f64) + Sync);

/// The rows of one class in spatial order, in groups with bounding boxes and per-row slots.
pub(crate) struct RowBoxes {
    dim: usize,
    /// Threads a large sweep may use (1: this one).
    threads: usize,
    /// Positions (into the class's rows) in spatial order (`usize::MAX` pads the last group).
    order: Vec<usize>,
    /// Per group, feature-major: feature `f` of its rows at `f * GROUP ..` (padding 0).
    coords: Vec<f32>,
    /// Per row, in spatial order.
    slots: Vec<RowSlot>,
    /// Per row, in spatial order: whether the last sweep changed its slot.
    touched: Vec<bool>,
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
    // Four lanes at a time, each sum a local array the compiler keeps in one register.
    for (l0, o) in (0..GROUP).step_by(4).zip(out.chunks_exact_mut(4)) {
        let lanes = |f: usize| -> [f64; 4] {
            let cf = c.get(f).copied().unwrap_or(0.0);
            let mut v = [0.0_f64; 4];
            if let Some(xs) = x.get(f * GROUP + l0..f * GROUP + l0 + 4) {
                for (s, &xv) in v.iter_mut().zip(xs) {
                    let d = f64::from(xv) - cf;
                    *s = d * d;
                }
            }
            v
        };
        let add = |a: &mut [f64; 4], b: [f64; 4]| {
            for (p, q) in a.iter_mut().zip(b) {
                *p += q;
            }
        };
        let (mut s0, mut s1, mut s2, mut s3, mut tail) =
            ([0.0_f64; 4], [0.0; 4], [0.0; 4], [0.0; 4], [0.0; 4]);
        for f in (0..full).step_by(4) {
            add(&mut s0, lanes(f));
            add(&mut s1, lanes(f + 1));
            add(&mut s2, lanes(f + 2));
            add(&mut s3, lanes(f + 3));
        }
        for f in full..c.len() {
            add(&mut tail, lanes(f));
        }
        for (j, slot) in o.iter_mut().enumerate() {
            *slot = (s0[j] + s1[j]) + (s2[j] + s3[j]) + tail[j];
        }
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
    /// every key starts at `INFINITY`. Sweeps use up to `threads` threads.
    pub(crate) fn new<'a>(
        row: impl Fn(usize) -> &'a [f32],
        n: usize,
        dim: usize,
        threads: usize,
    ) -> Self {
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
        let mut slots = vec![RowSlot::UNREACHED; n];
        slots.resize(groups * GROUP, PAD);
        order.resize(groups * GROUP, usize::MAX);
        Self {
            dim,
            threads: threads.max(1),
            order,
            coords,
            slots,
            touched: vec![false; groups * GROUP],
            worst: vec![f64::INFINITY; groups],
            group_box,
            block_box,
        }
    }

    /// Sets every row's slot to `slot(position)` (the row's position in the class).
    pub(crate) fn set_slots(&mut self, slot: impl Fn(usize) -> RowSlot) {
        for (s, &i) in self.slots.iter_mut().zip(&self.order) {
            if i != usize::MAX {
                *s = slot(i);
            }
        }
        for (w, g) in self.worst.iter_mut().zip(self.slots.chunks_exact(GROUP)) {
            *w = g.iter().map(|s| s.key).fold(0.0, f64::max);
        }
    }

    /// Every row's key, by position in the class (`n` of them).
    pub(crate) fn keys(&self, n: usize) -> Vec<f64> {
        let mut out = vec![0.0; n];
        for (&i, s) in self.order.iter().zip(&self.slots) {
            if let Some(k) = out.get_mut(i) {
                *k = s.key;
            }
        }
        out
    }

    /// The rows whose slot the last [`Self::sweep`] changed, as (position, slot).
    pub(crate) fn touched(&self) -> impl Iterator<Item = (usize, &RowSlot)> {
        self.order
            .iter()
            .zip(&self.slots)
            .zip(&self.touched)
            .filter(|&(_, &t)| t)
            .map(|((&i, s), _)| (i, s))
    }

    /// For each centre of `centres` (row-major `f64`, `q = 0, 1, ..` in order) and each row
    /// with squared distance `d` to it strictly below the row's key, calls `hit(slot, q, d)`
    /// on the row's slot. A row sees its hits in centre order: exactly the calls a plain scan
    /// of every pair would make, whatever the number of threads.
    pub(crate) fn sweep(&mut self, centres: &[f64], hit: Hit<'_>) {
        let dim = self.dim;
        self.touched.iter_mut().for_each(|t| *t = false);
        if dim == 0 {
            return;
        }
        let count = centres.len() / dim;
        // The centres feature-major, so that one box is tested against many centres in a
        // loop the compiler vectorises.
        let mut soa = vec![0.0_f64; count * dim];
        for (q, c) in centres.chunks_exact(dim).enumerate() {
            for (f, &v) in c.iter().enumerate() {
                soa[f * count + q] = v;
            }
        }
        let shared = Shared {
            dim,
            count,
            centres,
            soa: &soa,
            coords: &self.coords,
            group_box: &self.group_box,
        };
        let blocks = self.block_box.len() / (2 * dim);
        let parts = self
            .threads
            .min(count * blocks / MIN_PAIRS_PER_THREAD)
            .min(blocks)
            .max(1);
        let part = Part {
            first_group: 0,
            block_box: &self.block_box,
            worst: &mut self.worst,
            slots: &mut self.slots,
            touched: &mut self.touched,
        };
        if parts <= 1 {
            sweep_part(&shared, part, hit);
            return;
        }
        sweep_threaded(&shared, part, parts, hit);
    }
}

/// What every part of a sweep reads.
struct Shared<'a> {
    dim: usize,
    count: usize,
    centres: &'a [f64],
    /// `centres`, feature-major.
    soa: &'a [f64],
    coords: &'a [f32],
    group_box: &'a [f64],
}

/// A run of whole blocks: their boxes, and their groups' and rows' state.
struct Part<'a> {
    /// Index of the part's first group.
    first_group: usize,
    block_box: &'a [f64],
    worst: &'a mut [f64],
    slots: &'a mut [RowSlot],
    touched: &'a mut [bool],
}

#[cfg(feature = "std")]
fn sweep_threaded(shared: &Shared<'_>, part: Part<'_>, parts: usize, hit: Hit<'_>) {
    let dim = shared.dim;
    let blocks = part.block_box.len() / (2 * dim);
    let per = blocks.div_ceil(parts);
    let Part {
        mut block_box,
        mut worst,
        mut slots,
        mut touched,
        ..
    } = part;
    let mut pieces = Vec::with_capacity(parts);
    let mut first_group = 0;
    while !block_box.is_empty() {
        let b = per.min(block_box.len() / (2 * dim));
        let g = (b * BLOCK_GROUPS).min(worst.len());
        let (bb, rest_b) = block_box.split_at(b * 2 * dim);
        let (w, rest_w) = core::mem::take(&mut worst).split_at_mut(g);
        let (s, rest_s) = core::mem::take(&mut slots).split_at_mut(g * GROUP);
        let (t, rest_t) = core::mem::take(&mut touched).split_at_mut(g * GROUP);
        pieces.push(Part {
            first_group,
            block_box: bb,
            worst: w,
            slots: s,
            touched: t,
        });
        (block_box, worst, slots, touched) = (rest_b, rest_w, rest_s, rest_t);
        first_group += g;
    }
    std::thread::scope(|scope| {
        let mut pieces = pieces.into_iter();
        let mine = pieces.next();
        for piece in pieces {
            scope.spawn(move || sweep_part(shared, piece, hit));
        }
        if let Some(piece) = mine {
            sweep_part(shared, piece, hit);
        }
    });
}

#[cfg(not(feature = "std"))]
fn sweep_threaded(shared: &Shared<'_>, part: Part<'_>, _parts: usize, hit: Hit<'_>) {
    sweep_part(shared, part, hit);
}

/// The sweep over one part's blocks.
fn sweep_part(shared: &Shared<'_>, part: Part<'_>, hit: Hit<'_>) {
    let Shared {
        dim,
        count,
        centres,
        soa,
        coords,
        group_box,
    } = *shared;
    let Part {
        first_group,
        block_box,
        worst,
        slots,
        touched,
    } = part;
    let mut block_near: Vec<usize> = Vec::with_capacity(count);
    let mut near_soa: Vec<f64> = Vec::with_capacity(count * dim);
    let mut group_near: Vec<usize> = Vec::with_capacity(count);
    let mut dist: Vec<f64> = Vec::with_capacity(count);
    let mut nd = [0.0_f64; GROUP];
    let groups = worst.len();
    for (b, bbox) in block_box.chunks_exact(2 * dim).enumerate() {
        let span = b * BLOCK_GROUPS..((b + 1) * BLOCK_GROUPS).min(groups);
        let block_worst = worst
            .get(span.clone())
            .map_or(0.0, |w| w.iter().copied().fold(0.0, f64::max));
        box_distances(bbox, soa, count, &mut dist);
        block_near.clear();
        block_near.extend((0..count).filter(|&q| within(dist[q], block_worst)));
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
            let at = first_group + g;
            let (Some(gbox), Some(group_worst)) = (
                group_box.get(at * 2 * dim..(at + 1) * 2 * dim),
                worst.get_mut(g),
            ) else {
                break;
            };
            box_distances(gbox, &near_soa, m, &mut dist);
            group_near.clear();
            group_near.extend(
                block_near
                    .iter()
                    .zip(&dist)
                    .filter(|&(_, &d)| within(d, *group_worst))
                    .map(|(&q, _)| q),
            );
            if group_near.is_empty() {
                continue;
            }
            let rows = g * GROUP..(g + 1) * GROUP;
            let (Some(x), Some(slots), Some(touched)) = (
                coords.get(at * GROUP * dim..(at + 1) * GROUP * dim),
                slots.get_mut(rows.clone()),
                touched.get_mut(rows),
            ) else {
                break;
            };
            for &q in &group_near {
                let Some(c) = centres.get(q * dim..(q + 1) * dim) else {
                    continue;
                };
                group_distances(x, c, &mut nd);
                for ((slot, t), &d) in slots.iter_mut().zip(touched.iter_mut()).zip(&nd) {
                    if d < slot.key {
                        let before = *slot;
                        hit(slot, q, d);
                        debug_assert!(slot.key <= before.key, "a hit raised a key");
                        *t |= *slot != before;
                    }
                }
            }
            *group_worst = slots.iter().map(|s| s.key).fold(0.0, f64::max);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;
    use crate::distance::squared_euclidean_f64;
    use crate::sample::uniform_unit;

    /// A hit that leaves a trace of every call in the slot, and lowers the key for two centres
    /// in three.
    fn trace(slot: &mut RowSlot, q: usize, d: f64) {
        slot.nearest = slot.nearest * 3.0 + q as f64 + d;
        slot.centre = slot.centre.wrapping_mul(31).wrapping_add(q);
        if !q.is_multiple_of(3) {
            slot.key = d;
        }
    }

    /// Every row's slot ends as a plain scan of every row-centre pair in centre order leaves
    /// it (same calls, same distances, bit for bit), on one thread or several, and `touched`
    /// names exactly the rows whose slot changed.
    #[test]
    fn sweep_makes_the_calls_of_a_plain_scan() {
        let mut rng = SeededRng::new(21);
        let dim = 3;
        // Coarse values: exact ties between a distance and a key occur (no hit: strict).
        // Miri interprets every pair: 70 rows and 6 centres there (five groups, one block).
        let (n, count) = if cfg!(miri) { (70, 6) } else { (1500, 40) };
        let grid = |rng: &mut SeededRng| libm::floor(uniform_unit(rng) * 8.0) / 8.0;
        let x: Vec<f32> = (0..n * dim).map(|_| grid(&mut rng) as f32).collect();
        let centres: Vec<f64> = (0..count * dim).map(|_| grid(&mut rng)).collect();
        let row = |i: usize| &x[i * dim..(i + 1) * dim];
        // Keys: infinite, zero, a random value, or exactly the distance to centre 0.
        let start: Vec<RowSlot> = (0..n)
            .map(|i| {
                let key = match i % 4 {
                    0 => f64::INFINITY,
                    1 => 0.0,
                    2 => uniform_unit(&mut rng) * 0.5,
                    _ => squared_euclidean_f64(row(i), &centres[..dim]),
                };
                RowSlot {
                    key,
                    nearest: 0.0,
                    centre: i,
                }
            })
            .collect();
        let want: Vec<RowSlot> = (0..n)
            .map(|i| {
                let mut slot = start[i];
                for (q, c) in centres.chunks_exact(dim).enumerate() {
                    let d = squared_euclidean_f64(row(i), c);
                    if d < slot.key {
                        trace(&mut slot, q, d);
                    }
                }
                slot
            })
            .collect();
        assert!(
            want.iter().zip(&start).any(|(w, s)| w != s),
            "no hits at all"
        );
        for threads in [1, 2, 3] {
            let mut boxes = RowBoxes::new(row, n, dim, threads);
            boxes.set_slots(|i| start[i]);
            boxes.sweep(&centres, &trace);
            let mut touched: Vec<usize> = boxes.touched().map(|(i, _)| i).collect();
            touched.sort_unstable();
            let changed: Vec<usize> = (0..n).filter(|&i| want[i] != start[i]).collect();
            assert_eq!(touched, changed, "{threads} threads");
            let mut got = start.clone();
            for (i, slot) in boxes.touched() {
                got[i] = *slot;
            }
            assert_eq!(got, want, "{threads} threads");
        }
    }

    #[test]
    fn identical_rows_and_no_centres() {
        let x = [0.5_f32; 40 * 2];
        let mut boxes = RowBoxes::new(|i| &x[i * 2..(i + 1) * 2], 40, 2, 2);
        boxes.sweep(&[], &trace);
        assert_eq!(boxes.touched().count(), 0);
        // A centre on the rows: every row (key infinite) is hit once, at distance 0.
        boxes.set_slots(|i| RowSlot {
            key: f64::INFINITY,
            nearest: 1.0,
            centre: i,
        });
        boxes.sweep(&[0.5, 0.5], &trace);
        assert_eq!(boxes.touched().count(), 40);
        assert!(
            boxes
                .touched()
                .all(|(_, s)| s.key == f64::INFINITY && s.nearest == 3.0)
        );
    }
}
