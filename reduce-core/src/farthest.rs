//! An incremental farthest-point walk over one class: the plain O(n k d) scan of MMS, kept as
//! a value so DOM can ask for more picks later and read the covering radius after each pick.

use alloc::vec;
use alloc::vec::Vec;
use topo_core::Points;

use crate::distance::squared_euclidean;
use crate::screened::{BlockedRows, Screen, nearest_update};

/// Marks a row that has been picked.
const PICKED: f64 = -1.0;

/// The farthest-point order of `rows` from a start row, grown one pick at a time.
///
/// Every row keeps its squared distance to the nearest pick (`f64`, exact). A new pick updates
/// them through the [`Screen`], so the `f32` estimate settles most rows and the order is the
/// exact `f64` one: the next pick is the row farthest from the picks, ties to the lower
/// position. While [`FarthestWalk::compact`] holds, the rows are scanned from a contiguous copy
/// (fast); afterwards, in place (no extra memory).
pub(crate) struct FarthestWalk<'a> {
    points: Points<'a>,
    rows: &'a [usize],
    /// Blocked copy of the class's rows while compact.
    flat: Option<BlockedRows>,
    /// Squared distance of each row to the nearest pick ([`PICKED`] for picks).
    dist: Vec<f64>,
    /// Picks, as positions in `rows`, in order.
    order: Vec<usize>,
    /// `radii2[j]`: squared covering radius after `j + 1` picks (largest remaining `dist`;
    /// 0 once every row is picked).
    radii2: Vec<f64>,
    /// Position of the next pick, if any row remains.
    next: Option<usize>,
    screen: Screen,
}

impl<'a> FarthestWalk<'a> {
    /// A walk over `rows` (indices into `points`, all in range) that will start at position
    /// `start` (must be `< rows.len()` for any pick to happen). `compact` copies the rows
    /// into one block for speed (`rows.len() * dim` floats).
    pub(crate) fn new(points: Points<'a>, rows: &'a [usize], start: usize, compact: bool) -> Self {
        let dim = points.dim();
        let flat = compact.then(|| BlockedRows::new(points, rows));
        Self {
            points,
            rows,
            flat,
            dist: vec![f64::INFINITY; rows.len()],
            order: Vec::new(),
            radii2: Vec::new(),
            next: (start < rows.len()).then_some(start),
            screen: Screen::new(dim),
        }
    }

    /// Drops the contiguous copy (later picks scan the rows in place).
    pub(crate) fn release_copy(&mut self) {
        self.flat = None;
    }

    /// Squared covering radius after `picks` picks (`picks >= 1`, at most [`Self::len`]).
    pub(crate) fn radius2_after(&self, picks: usize) -> Option<f64> {
        picks
            .checked_sub(1)
            .and_then(|j| self.radii2.get(j))
            .copied()
    }

    /// The first `picks` picks as indices into the caller's points, in pick order.
    pub(crate) fn picks(&self, picks: usize) -> Vec<usize> {
        self.order
            .iter()
            .take(picks)
            .filter_map(|&p| self.rows.get(p).copied())
            .collect()
    }

    /// Picks made so far.
    pub(crate) fn len(&self) -> usize {
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

    /// Grows the walk to `k` picks (fewer if the rows run out); returns the number made.
    pub(crate) fn grow_to(&mut self, k: usize) -> usize {
        while self.order.len() < k && self.step() {}
        self.order.len()
    }

    /// Makes one pick; `false` when every row is already picked.
    fn step(&mut self) -> bool {
        let Some(pick) = self.next else {
            return false;
        };
        self.order.push(pick);
        if let Some(d) = self.dist.get_mut(pick) {
            *d = PICKED;
        }
        let screen = self.screen;
        let (points, rows) = (self.points, self.rows);
        let best = match &self.flat {
            Some(flat) => {
                let Some(&centre_row) = rows.get(pick) else {
                    return false;
                };
                let centre = points.row(centre_row);
                let exact = |i: usize| {
                    rows.get(i)
                        .map_or(f64::INFINITY, |&r| squared_euclidean(points.row(r), centre))
                };
                nearest_update(&screen, flat, centre, &mut self.dist, &exact, &mut |_| {})
            }
            None => {
                let Some(&centre_row) = self.rows.get(pick) else {
                    return false;
                };
                let centre = self.points.row(centre_row);
                let mut best = (PICKED, usize::MAX);
                for (i, (&r, d)) in self.rows.iter().zip(self.dist.iter_mut()).enumerate() {
                    if *d == PICKED {
                        continue;
                    }
                    if let Some(nd) = screen.below(self.points.row(r), centre, *d) {
                        *d = nd;
                    }
                    // Strict '>' keeps the lowest position among equal distances.
                    if *d > best.0 {
                        best = (*d, i);
                    }
                }
                best
            }
        };
        self.radii2.push(best.0.max(0.0));
        self.next = (best.1 != usize::MAX).then_some(best.1);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_order_and_radii() {
        let x = [0.0_f32, 1.0, 2.0, 3.0, 10.0];
        let pts = Points::new(&x, 1).unwrap();
        let rows = [0, 1, 2, 3, 4];
        let mut w = FarthestWalk::new(pts, &rows, 0, true);
        assert_eq!(w.grow_to(3), 3);
        // 0, then 10 (farthest), then 3 (7 from 10, 3 from 0) ... ties: 2 is 2 from 0 and
        // 8 from 10; 3 is 3 from 0: 3 wins.
        assert_eq!(w.picks(3), vec![0, 4, 3]);
        // Radius after 1 pick: 10; after 2: 3 (row 3); after 3: 1 (rows 1 and 2).
        assert_eq!(w.radius2_after(1), Some(100.0));
        assert_eq!(w.radius2_after(2), Some(9.0));
        assert_eq!(w.radius2_after(3), Some(1.0));
        assert_eq!(w.grow_to(10), 5);
        assert_eq!(w.radius2_after(5), Some(0.0));
    }

    #[test]
    fn in_place_and_compact_agree_and_radius_is_the_covering_radius() {
        let mut rng = crate::SeededRng::new(3);
        let dim = 9;
        let x: Vec<f32> = (0..400 * dim)
            .map(|_| libm::floor(crate::uniform_unit(&mut rng) * 5.0) as f32)
            .collect();
        let pts = Points::new(&x, dim).unwrap();
        let rows: Vec<usize> = (0..400).step_by(3).collect();
        let mut a = FarthestWalk::new(pts, &rows, 5, true);
        let mut b = FarthestWalk::new(pts, &rows, 5, false);
        a.grow_to(20);
        a.release_copy();
        a.grow_to(60);
        b.grow_to(60);
        assert_eq!(a.picks(60), b.picks(60));
        for k in [1, 7, 60] {
            let picks = a.picks(k);
            let cover = rows
                .iter()
                .map(|&r| {
                    picks
                        .iter()
                        .map(|&p| squared_euclidean(pts.row(r), pts.row(p)))
                        .fold(f64::INFINITY, f64::min)
                })
                .fold(0.0, f64::max);
            assert_eq!(a.radius2_after(k), Some(cover));
        }
    }
}
