//! The farthest-point walk of [`crate::farthest`] in the Chebyshev distance, for DOM.
//!
//! In any metric the walk's first `k` picks cover the class within its radius `r_k` and are
//! pairwise at least `r_k` apart, so they are within a factor 2 of the best `k`-row cover in
//! that metric (Gonzalez 1985). DOM is judged in Chebyshev, so its default walks in Chebyshev.

use alloc::vec;
use alloc::vec::Vec;
use topo_core::Points;

use crate::dom_metric::{chebyshev, chebyshev_estimate};

/// Marks a row that has been picked.
const PICKED: f64 = -1.0;

/// Rows per block of the contiguous copy (two SSE registers, one AVX register of `f32`).
const LANES: usize = 8;

/// The Chebyshev farthest-point order of `rows`, grown one pick at a time.
///
/// Every row keeps its `f64` Chebyshev distance to the nearest pick ([`chebyshev`], the exact
/// order) and that distance rounded to `f32`. The `f32` estimate of a new distance is the
/// exact distance rounded once ([`chebyshev_estimate`]), and rounding is monotone, so an
/// estimate above the stored `f32` value proves the row does not get nearer: only the other
/// rows (few, after the first picks) are compared in `f64`. The order is the exact one: the
/// next pick is the row farthest from the picks, ties to the lower position. While the
/// contiguous copy is held the scan reads it (blocks of eight rows, transposed, so one
/// register holds one feature of eight rows); after [`ChebyshevWalk::release_copy`], the rows
/// in place.
pub(crate) struct ChebyshevWalk<'a> {
    points: Points<'a>,
    rows: &'a [usize],
    /// The class's rows in blocks of [`LANES`], transposed (feature `j` of a block's rows at
    /// `j * LANES ..`), zero-padded, while held.
    blocks: Option<Vec<f32>>,
    /// Chebyshev distance of each row to the nearest pick ([`PICKED`] for picks).
    dist: Vec<f64>,
    /// `dist` rounded to `f32` ([`PICKED`] for picks).
    dist32: Vec<f32>,
    /// Picks, as positions in `rows`, in order.
    order: Vec<usize>,
    /// `radii[j]`: covering radius after `j + 1` picks (0 once every row is picked).
    radii: Vec<f64>,
    /// Position of the next pick, if any row remains.
    next: Option<usize>,
}

impl<'a> ChebyshevWalk<'a> {
    /// A walk over `rows` (indices into `points`) from position `start`; `compact` copies the
    /// rows into blocks (`rows.len() * dim` floats, rounded up to whole blocks).
    pub(crate) fn new(points: Points<'a>, rows: &'a [usize], start: usize, compact: bool) -> Self {
        let dim = points.dim();
        let blocks = compact.then(|| {
            let mut data = vec![0.0_f32; rows.len().div_ceil(LANES) * LANES * dim];
            for (i, &r) in rows.iter().enumerate() {
                let base = (i / LANES) * LANES * dim + i % LANES;
                for (j, &v) in points.row(r).iter().enumerate() {
                    if let Some(slot) = data.get_mut(base + j * LANES) {
                        *slot = v;
                    }
                }
            }
            data
        });
        Self {
            points,
            rows,
            blocks,
            dist: vec![f64::INFINITY; rows.len()],
            dist32: vec![f32::INFINITY; rows.len()],
            order: Vec::new(),
            radii: Vec::new(),
            next: (start < rows.len()).then_some(start),
        }
    }

    /// Drops the contiguous copy (later picks scan the rows in place).
    pub(crate) fn release_copy(&mut self) {
        self.blocks = None;
    }

    /// Covering radius after `picks` picks (`1 <= picks <=` picks made).
    pub(crate) fn radius_after(&self, picks: usize) -> Option<f64> {
        picks
            .checked_sub(1)
            .and_then(|j| self.radii.get(j))
            .copied()
    }

    /// Picks made so far.
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// The first `picks` picks as indices into the caller's points, in pick order.
    pub(crate) fn picks(&self, picks: usize) -> Vec<usize> {
        self.order
            .iter()
            .take(picks)
            .filter_map(|&p| self.rows.get(p).copied())
            .collect()
    }

    /// Grows the walk to `k` picks (fewer if the rows run out); returns the number made.
    pub(crate) fn grow_to(&mut self, k: usize) -> usize {
        while self.order.len() < k && self.step() {}
        self.order.len()
    }

    /// Makes the row at `position` the next pick instead of the farthest one (seeding the
    /// walk with a given set); `false` if it is out of range or already picked.
    pub(crate) fn pick(&mut self, position: usize) -> bool {
        match self.dist.get(position) {
            Some(&d) if d != PICKED => {
                self.next = Some(position);
                self.step()
            }
            _ => false,
        }
    }

    /// Makes one pick; `false` when every row is already picked.
    fn step(&mut self) -> bool {
        let Some(pick) = self.next else {
            return false;
        };
        let Some(&centre_row) = self.rows.get(pick) else {
            return false;
        };
        self.order.push(pick);
        if let (Some(d), Some(d32)) = (self.dist.get_mut(pick), self.dist32.get_mut(pick)) {
            *d = PICKED;
            *d32 = PICKED as f32;
        }
        let (points, rows) = (self.points, self.rows);
        let centre = points.row(centre_row);
        // Row `i` may get nearer (its estimate is not above its rounded distance): compare
        // exactly. Picks (negative) never qualify; a zero distance cannot decrease.
        let settle = |i: usize, est: f32, d: &mut f64, d32: &mut f32| {
            if est <= *d32 && *d > 0.0 {
                let exact = rows
                    .get(i)
                    .map_or(f64::INFINITY, |&r| chebyshev(points.row(r), centre));
                if exact < *d {
                    *d = exact;
                    *d32 = est;
                }
            }
        };
        let mut best = (PICKED, usize::MAX);
        let dim = points.dim();
        match &self.blocks {
            Some(blocks) if dim > 0 => {
                for (b, ((block, ds), d32s)) in blocks
                    .chunks_exact(dim * LANES)
                    .zip(self.dist.chunks_mut(LANES))
                    .zip(self.dist32.chunks_mut(LANES))
                    .enumerate()
                {
                    let est = block_estimates(block, centre);
                    // Usually no row of the block gets nearer: one branch for the block.
                    let mut near = false;
                    for (e, d32) in est.iter().zip(d32s.iter()) {
                        near |= *e <= *d32;
                    }
                    if near {
                        for (l, ((e, d), d32)) in est
                            .iter()
                            .zip(ds.iter_mut())
                            .zip(d32s.iter_mut())
                            .enumerate()
                        {
                            settle(b * LANES + l, *e, d, d32);
                        }
                    }
                    for (l, d) in ds.iter().enumerate() {
                        // Strict '>' keeps the lowest position among equal distances.
                        if *d > best.0 {
                            best = (*d, b * LANES + l);
                        }
                    }
                }
            }
            _ => {
                for (i, ((&r, d), d32)) in rows
                    .iter()
                    .zip(&mut self.dist)
                    .zip(&mut self.dist32)
                    .enumerate()
                {
                    settle(i, chebyshev_estimate(points.row(r), centre), d, d32);
                    if *d > best.0 {
                        best = (*d, i);
                    }
                }
            }
        }
        self.radii.push(best.0.max(0.0));
        self.next = (best.1 != usize::MAX).then_some(best.1);
        true
    }
}

/// The `f32` Chebyshev estimates of the eight rows of a transposed block to `centre`, each the
/// exact distance rounded once (see [`chebyshev_estimate`]); padding lanes get garbage.
#[inline(always)]
fn block_estimates(block: &[f32], centre: &[f32]) -> [f32; LANES] {
    let mut acc = [0.0_f32; LANES];
    for (col, &c) in block.chunks_exact(LANES).zip(centre) {
        let Ok(col) = <&[f32; LANES]>::try_from(col) else {
            continue;
        };
        for l in 0..LANES {
            let d = (col[l] - c).abs();
            acc[l] = if d > acc[l] { d } else { acc[l] };
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_corners_in_chebyshev_order() {
        // (0,0), (1,0), (0,1), (1,1), (0.5,0.5), (3,0): from (0,0) the farthest is (3,0) at 3;
        // then (1,0), (0,1), (1,1) are all at 1 from their nearest pick: the lowest position,
        // (1,0), wins; (0,1) and (1,1) stay at 1.
        let x = [
            0.0_f32, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.5, 0.5, 3.0, 0.0,
        ];
        let pts = Points::new(&x, 2).unwrap();
        let rows = [0, 1, 2, 3, 4, 5];
        let mut w = ChebyshevWalk::new(pts, &rows, 0, true);
        assert_eq!(w.grow_to(3), 3);
        assert_eq!(w.picks(3), vec![0, 5, 1]);
        assert_eq!(w.radius_after(1), Some(3.0));
        assert_eq!(w.radius_after(2), Some(1.0));
        assert_eq!(w.radius_after(3), Some(1.0));
        assert_eq!(w.grow_to(10), 6);
        assert_eq!(w.radius_after(6), Some(0.0));
    }

    #[test]
    fn in_place_compact_and_seeded_agree_with_a_direct_cover() {
        let mut rng = crate::SeededRng::new(5);
        let dim = 9;
        // Under Miri: fewer rows and picks (the rows still end in a partial block).
        let (n, k) = if cfg!(miri) { (84, 16) } else { (300, 40) };
        let x: Vec<f32> = (0..n * dim)
            .map(|_| libm::floor(crate::uniform_unit(&mut rng) * 6.0) as f32)
            .collect();
        let pts = Points::new(&x, dim).unwrap();
        let rows: Vec<usize> = (0..n).step_by(2).collect();
        let mut a = ChebyshevWalk::new(pts, &rows, 3, true);
        let mut b = ChebyshevWalk::new(pts, &rows, 3, false);
        a.grow_to(10);
        a.release_copy();
        a.grow_to(k);
        b.grow_to(k);
        assert_eq!(a.picks(k), b.picks(k));
        // Seeded with positions 7, 1, 20, then walking on.
        let mut s = ChebyshevWalk::new(pts, &rows, 7, true);
        assert!(s.pick(7) && s.pick(1) && s.pick(20));
        assert!(!s.pick(1), "a pick cannot be picked twice");
        s.grow_to(12);
        for (walk, k) in [(&a, 1), (&a, 9), (&a, k), (&s, 3), (&s, 12)] {
            let picks = walk.picks(k);
            let cover = rows
                .iter()
                .map(|&r| {
                    picks
                        .iter()
                        .map(|&p| chebyshev(pts.row(r), pts.row(p)))
                        .fold(f64::INFINITY, f64::min)
                })
                .fold(0.0, f64::max);
            assert_eq!(walk.radius_after(k), Some(cover));
        }
        assert_eq!(s.picks(3), vec![rows[7], rows[1], rows[20]]);
    }
}
