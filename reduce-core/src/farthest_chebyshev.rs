//! The farthest-point walk of [`crate::farthest`] in the Chebyshev distance, for DOM.
//!
//! In any metric the walk's first `k` picks cover the class within its radius `r_k` and are
//! pairwise at least `r_k` apart, so they are within a factor 2 of the best `k`-row cover in
//! that metric (Gonzalez 1985). DOM is judged in Chebyshev, so its default walks in Chebyshev.

use alloc::vec;
use alloc::vec::Vec;
use topo_core::Points;

use crate::dom_metric::{chebyshev, chebyshev_estimate, chebyshev_settles};

/// Marks a row that has been picked.
const PICKED: f64 = -1.0;

/// The Chebyshev farthest-point order of `rows`, grown one pick at a time.
///
/// Every row keeps its exact (`f64`) Chebyshev distance to the nearest pick; a new pick is
/// compared through the `f32` estimate first ([`chebyshev_settles`]) and exactly only when the
/// estimate cannot tell, so the order is the exact one: the next pick is the row farthest from
/// the picks, ties to the lower position. While a contiguous copy of the rows is held the scan
/// reads it (fast); after [`ChebyshevWalk::release_copy`], the rows in place.
pub(crate) struct ChebyshevWalk<'a> {
    points: Points<'a>,
    rows: &'a [usize],
    /// The class's rows, row-major and contiguous, while held.
    flat: Option<Vec<f32>>,
    /// Chebyshev distance of each row to the nearest pick ([`PICKED`] for picks).
    dist: Vec<f64>,
    /// Picks, as positions in `rows`, in order.
    order: Vec<usize>,
    /// `radii[j]`: covering radius after `j + 1` picks (0 once every row is picked).
    radii: Vec<f64>,
    /// Position of the next pick, if any row remains.
    next: Option<usize>,
}

impl<'a> ChebyshevWalk<'a> {
    /// A walk over `rows` (indices into `points`) from position `start`; `compact` copies the
    /// rows into one block (`rows.len() * dim` floats).
    pub(crate) fn new(points: Points<'a>, rows: &'a [usize], start: usize, compact: bool) -> Self {
        let flat = compact.then(|| {
            let mut flat = Vec::with_capacity(rows.len() * points.dim());
            for &r in rows {
                flat.extend_from_slice(points.row(r));
            }
            flat
        });
        Self {
            points,
            rows,
            flat,
            dist: vec![f64::INFINITY; rows.len()],
            order: Vec::new(),
            radii: Vec::new(),
            next: (start < rows.len()).then_some(start),
        }
    }

    /// Drops the contiguous copy (later picks scan the rows in place).
    pub(crate) fn release_copy(&mut self) {
        self.flat = None;
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
        if let Some(d) = self.dist.get_mut(pick) {
            *d = PICKED;
        }
        let (points, rows) = (self.points, self.rows);
        let centre = points.row(centre_row);
        let dim = points.dim();
        let mut best = (PICKED, usize::MAX);
        let mut visit = |i: usize, row: &[f32], d: &mut f64| {
            if *d == PICKED {
                return;
            }
            // A zero distance cannot decrease; otherwise the estimate settles most rows.
            if *d > 0.0 && !chebyshev_settles(chebyshev_estimate(row, centre), *d) {
                let exact = chebyshev(row, centre);
                if exact < *d {
                    *d = exact;
                }
            }
            // Strict '>' keeps the lowest position among equal distances.
            if *d > best.0 {
                best = (*d, i);
            }
        };
        match &self.flat {
            Some(flat) if dim > 0 => {
                for (i, (row, d)) in flat.chunks_exact(dim).zip(&mut self.dist).enumerate() {
                    visit(i, row, d);
                }
            }
            _ => {
                for (i, (&r, d)) in rows.iter().zip(&mut self.dist).enumerate() {
                    visit(i, points.row(r), d);
                }
            }
        }
        self.radii.push(best.0.max(0.0));
        self.next = (best.1 != usize::MAX).then_some(best.1);
        true
    }
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
        let x: Vec<f32> = (0..300 * dim)
            .map(|_| libm::floor(crate::uniform_unit(&mut rng) * 6.0) as f32)
            .collect();
        let pts = Points::new(&x, dim).unwrap();
        let rows: Vec<usize> = (0..300).step_by(2).collect();
        let mut a = ChebyshevWalk::new(pts, &rows, 3, true);
        let mut b = ChebyshevWalk::new(pts, &rows, 3, false);
        a.grow_to(10);
        a.release_copy();
        a.grow_to(40);
        b.grow_to(40);
        assert_eq!(a.picks(40), b.picks(40));
        // Seeded with positions 7, 1, 20, then walking on.
        let mut s = ChebyshevWalk::new(pts, &rows, 7, true);
        assert!(s.pick(7) && s.pick(1) && s.pick(20));
        assert!(!s.pick(1), "a pick cannot be picked twice");
        s.grow_to(12);
        for (walk, k) in [(&a, 1), (&a, 9), (&a, 40), (&s, 3), (&s, 12)] {
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
