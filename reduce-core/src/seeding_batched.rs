//! k-means++ seeding for large classes, with the distance updates batched.
//!
//! Plain k-means++ updates every row's distance to its nearest centre after each new centre:
//! `k` passes over all rows, each one centre against the rows, which streams the rows from
//! memory `k` times. Here the centres are applied to the rows in batches of up to [`BATCH`]
//! (by the tiled kernel, [`scan_tile`], compute-bound; in low dimension by [`RowBoxes`], which
//! skips the groups of rows a centre cannot reach), and in between the next centre is drawn
//! from the *stale* distances by rejection: a row `i` drawn with probability proportional to
//! its stale squared distance `s_i` is accepted with probability `d_i / s_i`, where `d_i` (the
//! exact current one, `<= s_i`) also counts the not-yet-applied centres. An accepted row is
//! therefore drawn with probability proportional to `d_i`: exactly k-means++'s rule (Arthur
//! and Vassilvitskii, 2007), with a different use of the random stream than the one-by-one
//! version. After [`MAX_REJECTIONS`] rejections in a row the batch is applied, after which the
//! first draw is always accepted, so every draw ends.
//!
//! Every stored distance and assignment is the exact `f64` one: the kernel's estimate only
//! settles "no centre of the batch is nearer" (with [`Screen::distance_bounds`]); otherwise
//! the batch is applied to the row exactly, in centre order, ties to the earlier centre. The
//! boxes skip only pairs that provably change nothing, so both give the same seeding. With the
//! boxes the seeding also keeps each row's exact second-nearest distance, from which Lloyd's
//! iterations start without a first assignment pass.

use alloc::vec;
use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::Points;

use crate::centre_tile::{TILE, TileNearest, TiledRows, push_quad_centre, scan_tile};
use crate::distance::squared_euclidean;
use crate::kdtree::KD_TREE_MAX_DIM;
use crate::row_boxes::{RowBoxes, RowSlot};
use crate::sample::{uniform_below, uniform_unit};
use crate::screened::Screen;

/// Most centres drawn before they are applied to all rows.
const BATCH: usize = 64;

/// Rejections in a row before the pending centres are applied.
const MAX_REJECTIONS: usize = 8;

/// Rows per partial sum used to draw proportionally to squared distance.
const BLOCK: usize = 256;

/// A k-means++ seeding's result, for Lloyd's iterations.
pub(crate) struct Seeding {
    /// The centres, row-major `f64`.
    pub centres: Vec<f64>,
    /// Each row's nearest centre (ties to the earlier centre).
    pub assign: Vec<usize>,
    /// Each row's squared distance to its nearest centre (empty for a random start, which
    /// measures none).
    pub d2: Vec<f64>,
    /// Each row's squared distance to its second-nearest centre (`INFINITY` with one centre),
    /// when the seeding kept it (the low-dimension path with boxes does).
    pub second: Option<Vec<f64>>,
}

/// Rows' squared distances to their nearest applied centre, with block sums for drawing.
struct Distances {
    d2: Vec<f64>,
    assign: Vec<usize>,
    block_sum: Vec<f64>,
    dirty: Vec<bool>,
}

impl Distances {
    fn total(&self) -> f64 {
        self.block_sum.iter().sum()
    }

    fn refresh_sums(&mut self) {
        let n = self.d2.len();
        for (b, flag) in self.dirty.iter_mut().enumerate() {
            if *flag {
                *flag = false;
                let end = ((b + 1) * BLOCK).min(n);
                self.block_sum[b] = self.d2.get(b * BLOCK..end).map_or(0.0, |s| s.iter().sum());
            }
        }
    }

    /// A row drawn with probability proportional to `d2` (rows at 0 are never drawn), or
    /// `None` when every `d2` is 0.
    fn draw(&self, rng: &mut dyn RngCore) -> Option<usize> {
        let total = self.total();
        if total <= 0.0 {
            return None;
        }
        let n = self.d2.len();
        let mut t = uniform_unit(rng) * total;
        for (b, &s) in self.block_sum.iter().enumerate() {
            if t < s || b + 1 == self.block_sum.len() {
                let end = ((b + 1) * BLOCK).min(n);
                let mut pick = None;
                for (x, &v) in self.d2.iter().enumerate().take(end).skip(b * BLOCK) {
                    if v > 0.0 {
                        pick = Some(x);
                        if t < v {
                            break;
                        }
                        t -= v;
                    }
                }
                if pick.is_some() {
                    return pick;
                }
            }
            t -= s;
        }
        None
    }
}

/// k-means++ seeding over `rows` (see the module docs). In low dimension the row-centre
/// pairs are pruned by `boxes` (the class's rows, built here when `None`), and the seeding
/// also keeps each row's second-nearest distance; above [`KD_TREE_MAX_DIM`] features the tiled
/// kernel screens every pair.
pub(crate) fn plus_plus_batched(
    points: Points<'_>,
    rows: &[usize],
    k: usize,
    rng: &mut dyn RngCore,
    boxes: Option<&mut RowBoxes>,
) -> Seeding {
    let row = |i: usize| rows.get(i).map_or(&[][..], |&r| points.row(r));
    let dim = points.dim();
    let mut own = None;
    let layout = if dim > KD_TREE_MAX_DIM {
        Layout::Tiles(TiledRows::new(points, rows), Screen::new(dim))
    } else if let Some(b) = boxes {
        Layout::Boxes(b)
    } else {
        Layout::Boxes(own.insert(RowBoxes::new(row, rows.len(), dim, 1)))
    };
    seed(points, rows, k, rng, layout)
}

/// [`plus_plus_batched`] with the layout chosen.
fn seed(
    points: Points<'_>,
    rows: &[usize],
    k: usize,
    rng: &mut dyn RngCore,
    mut rows_by: Layout<'_>,
) -> Seeding {
    let n = rows.len();
    let dim = points.dim();
    let k = k.min(n);
    if k == 0 || dim == 0 {
        return Seeding {
            centres: Vec::new(),
            assign: vec![0; n],
            d2: vec![f64::INFINITY; n],
            second: None,
        };
    }
    let row = |i: usize| rows.get(i).map_or(&[][..], |&r| points.row(r));
    if let Layout::Boxes(b) = &mut rows_by {
        b.set_slots(|_| RowSlot::UNREACHED);
    }
    let blocks = n.div_ceil(BLOCK);
    let mut dist = Distances {
        d2: vec![f64::INFINITY; n],
        assign: vec![0; n],
        block_sum: vec![0.0; blocks],
        dirty: vec![true; blocks],
    };
    let mut chosen = vec![false; n];
    let mut picks: Vec<usize> = Vec::with_capacity(k);
    let mut applied = 0;
    let first = uniform_below(rng, n);
    picks.push(first);
    if let Some(c) = chosen.get_mut(first) {
        *c = true;
    }
    while picks.len() < k {
        let mut rejections = 0;
        let pick = loop {
            let pending = picks.len() - applied;
            if pending > 0 && (applied == 0 || pending >= BATCH || rejections >= MAX_REJECTIONS) {
                apply(&mut rows_by, row, &picks, applied, &mut dist);
                applied = picks.len();
                rejections = 0;
            }
            let Some(i) = dist.draw(rng) else {
                if applied < picks.len() {
                    rejections = MAX_REJECTIONS; // apply, then draw again
                    continue;
                }
                // Every remaining row sits on a centre (duplicates): a random unchosen row.
                let free: Vec<usize> = (0..n).filter(|&x| !chosen[x]).collect();
                break free
                    .get(uniform_below(rng, free.len()))
                    .copied()
                    .unwrap_or(0);
            };
            let stale = dist.d2.get(i).copied().unwrap_or(0.0);
            let mut exact = stale;
            for &p in picks.get(applied..).unwrap_or(&[]) {
                exact = exact.min(squared_euclidean(row(i), row(p)));
            }
            if exact == stale || uniform_unit(rng) * stale < exact {
                break i;
            }
            rejections += 1;
        };
        picks.push(pick);
        if let Some(c) = chosen.get_mut(pick) {
            *c = true;
        }
    }
    if applied < picks.len() {
        apply(&mut rows_by, row, &picks, applied, &mut dist);
    }
    let mut centres = Vec::with_capacity(k * dim);
    for &p in &picks {
        centres.extend(row(p).iter().map(|&v| f64::from(v)));
    }
    // With boxes, each row's key is its squared distance to the second-nearest centre.
    let second = match &rows_by {
        Layout::Boxes(b) => Some(b.keys(n)),
        Layout::Tiles(..) => None,
    };
    Seeding {
        centres,
        assign: dist.assign,
        d2: dist.d2,
        second,
    }
}

/// How [`apply`] finds the rows a batch of centres can win.
enum Layout<'a> {
    /// Bounding boxes of nearby rows (low dimension).
    Boxes(&'a mut RowBoxes),
    /// Tiles for the kernel, and the screen that turns its estimates into exact decisions.
    Tiles(TiledRows, Screen),
}

/// Applies the centres `picks[applied..]` to every row: exact `f64` updates in centre order
/// (strictly nearer wins), skipped where the boxes or the kernel prove that no centre of the
/// batch is nearer than a row's current distance.
fn apply<'a>(
    layout: &mut Layout<'_>,
    row: impl Fn(usize) -> &'a [f32],
    picks: &[usize],
    applied: usize,
    dist: &mut Distances,
) {
    let pending = picks.get(applied..).unwrap_or(&[]);
    let (tiles, screen) = match layout {
        Layout::Tiles(tiles, screen) => (tiles, screen),
        Layout::Boxes(boxes) => {
            let mut centres = Vec::new();
            for &p in pending {
                centres.extend(row(p).iter().map(|&v| f64::from(v)));
            }
            // The key is the squared distance to the second-nearest centre: a hit is a new
            // nearest or a new second.
            boxes.sweep(&centres, &|slot, q, d| {
                if d < slot.nearest {
                    slot.key = slot.nearest;
                    slot.nearest = d;
                    slot.centre = applied + q;
                } else {
                    slot.key = d;
                }
            });
            // The drawing needs the nearest distances by position; the second stay in the keys.
            for (i, slot) in boxes.touched() {
                let (Some(d2), Some(a)) = (dist.d2.get_mut(i), dist.assign.get_mut(i)) else {
                    continue;
                };
                if *d2 != slot.nearest {
                    *d2 = slot.nearest;
                    *a = slot.centre;
                    if let Some(f) = dist.dirty.get_mut(i / BLOCK) {
                        *f = true;
                    }
                }
            }
            dist.refresh_sums();
            return;
        }
    };
    let mut quads = Vec::new();
    for (q, &p) in pending.iter().enumerate() {
        push_quad_centre(&mut quads, q, row(p));
    }
    let dim = row(pending.first().copied().unwrap_or(0)).len();
    for (t, tile) in tiles.tiles().enumerate() {
        let mut out = TileNearest::new();
        scan_tile(tile, &quads, dim, 0, &mut out);
        for (l, &m1) in out.m1.iter().enumerate() {
            let i = t * TILE + l;
            let Some(d) = dist.d2.get_mut(i) else { break };
            // A row at 0 cannot get nearer; the estimate settles most of the others.
            if *d == 0.0 || screen.distance_bounds(m1).0 >= *d {
                continue;
            }
            for (q, &p) in pending.iter().enumerate() {
                let nd = squared_euclidean(row(i), row(p));
                if nd < *d {
                    *d = nd;
                    if let Some(a) = dist.assign.get_mut(i) {
                        *a = applied + q;
                    }
                    if let Some(f) = dist.dirty.get_mut(i / BLOCK) {
                        *f = true;
                    }
                }
            }
        }
    }
    dist.refresh_sums();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;

    /// The boxes change which pairs are computed, not the result: the same draws, centres,
    /// assignment and distances as the tiled kernel.
    #[test]
    fn boxes_and_tiles_give_the_same_seeding() {
        let dim = 4;
        let (n, k) = if cfg!(miri) { (48, 7) } else { (600, 90) };
        let mut rng = SeededRng::new(12);
        let x: Vec<f32> = (0..n * dim)
            .map(|_| libm::floor(uniform_unit(&mut rng) * 5.0) as f32)
            .collect();
        let points = Points::new(&x, dim).unwrap();
        let rows: Vec<usize> = (0..n).collect();
        let tiles = Layout::Tiles(TiledRows::new(points, &rows), Screen::new(dim));
        let a = seed(points, &rows, k, &mut SeededRng::new(4), tiles);
        let mut boxes = RowBoxes::new(|i| points.row(i), n, dim, 2);
        let b = seed(
            points,
            &rows,
            k,
            &mut SeededRng::new(4),
            Layout::Boxes(&mut boxes),
        );
        assert_eq!(a.centres, b.centres);
        assert_eq!(a.assign, b.assign);
        assert_eq!(a.d2, b.d2);
        assert!(a.second.is_none() && b.second.is_some());
    }

    #[test]
    #[allow(clippy::needless_range_loop)] // a, b, c index both the rows and the tally
    fn third_centre_follows_the_k_means_plus_plus_law() {
        // Five rows on a line (13 features, the others 0): the third pick is drawn while the
        // second centre is still pending, so it goes through the rejection step. Its law must
        // be k-means++'s: P(a, b, c) = 1/5 * D(b; a) / S_a * D(c; a, b) / S_ab.
        let at = [0.0_f32, 1.0, 3.0, 7.0, 15.0];
        let dim = 13;
        let mut x = vec![0.0_f32; at.len() * dim];
        for (i, &v) in at.iter().enumerate() {
            x[i * dim] = v;
        }
        let points = Points::new(&x, dim).unwrap();
        let rows: Vec<usize> = (0..at.len()).collect();
        let runs = if cfg!(miri) { 20 } else { 20_000 };
        let mut seen = [[[0_u32; 5]; 5]; 5];
        for seed in 0..runs {
            let c = plus_plus_batched(points, &rows, 3, &mut SeededRng::new(seed), None).centres;
            let idx = |v: f64| at.iter().position(|&a| f64::from(a) == v).unwrap();
            seen[idx(c[0])][idx(c[dim])][idx(c[2 * dim])] += 1;
        }
        if cfg!(miri) {
            return; // too few runs for the statistics
        }
        let d2 = |i: usize, j: usize| f64::from((at[i] - at[j]) * (at[i] - at[j]));
        for a in 0..5 {
            let s_a: f64 = (0..5).map(|i| d2(i, a)).sum();
            for b in 0..5 {
                let near = |i: usize| d2(i, a).min(d2(i, b));
                let s_ab: f64 = (0..5).map(near).sum();
                for c in 0..5 {
                    let p = if s_ab > 0.0 {
                        0.2 * d2(b, a) / s_a * near(c) / s_ab
                    } else {
                        0.0
                    };
                    let want = p * runs as f64;
                    let sd = (want * (1.0 - p)).sqrt();
                    let got = f64::from(seen[a][b][c]);
                    assert!(
                        (got - want).abs() <= 5.0 * sd + 1.0,
                        "picks {a},{b},{c}: {got} draws, expected {want:.1}"
                    );
                }
            }
        }
    }
}
