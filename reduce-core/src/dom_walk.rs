//! One class's farthest-point walk in DOM's metric, behind one interface.

use alloc::vec::Vec;
use topo_core::Points;

use crate::dom_metric::DomMetric;
use crate::farthest::FarthestWalk;
use crate::farthest_chebyshev::ChebyshevWalk;

/// A farthest-point walk in the Euclidean or the Chebyshev distance. Radii are given as
/// [`DomMetric::key`]s (squared for Euclidean), which order like the distances.
pub(crate) enum ClassWalk<'a> {
    Euclidean(FarthestWalk<'a>),
    Chebyshev(ChebyshevWalk<'a>),
}

impl<'a> ClassWalk<'a> {
    /// A walk over `rows` from position `start`; `compact` holds a contiguous copy.
    pub(crate) fn new(
        metric: DomMetric,
        points: Points<'a>,
        rows: &'a [usize],
        start: usize,
        compact: bool,
    ) -> Self {
        match metric {
            DomMetric::Euclidean => {
                ClassWalk::Euclidean(FarthestWalk::new(points, rows, start, compact))
            }
            DomMetric::Chebyshev => {
                ClassWalk::Chebyshev(ChebyshevWalk::new(points, rows, start, compact))
            }
        }
    }

    /// A walk whose first picks are `seeds` (positions in `rows`, distinct), in place.
    pub(crate) fn seeded(
        metric: DomMetric,
        points: Points<'a>,
        rows: &'a [usize],
        seeds: &[usize],
    ) -> Self {
        let mut walk = Self::new(
            metric,
            points,
            rows,
            seeds.first().copied().unwrap_or(0),
            false,
        );
        for &s in seeds {
            walk.pick(s);
        }
        walk
    }

    /// Drops the contiguous copy.
    pub(crate) fn release_copy(&mut self) {
        match self {
            ClassWalk::Euclidean(w) => w.release_copy(),
            ClassWalk::Chebyshev(w) => w.release_copy(),
        }
    }

    /// Grows the walk to `k` picks (fewer if the rows run out); returns the number made.
    pub(crate) fn grow_to(&mut self, k: usize) -> usize {
        match self {
            ClassWalk::Euclidean(w) => w.grow_to(k),
            ClassWalk::Chebyshev(w) => w.grow_to(k),
        }
    }

    /// Makes the row at `position` the next pick; `false` if out of range or already picked.
    fn pick(&mut self, position: usize) -> bool {
        match self {
            ClassWalk::Euclidean(w) => w.pick(position),
            ClassWalk::Chebyshev(w) => w.pick(position),
        }
    }

    /// Picks made so far.
    pub(crate) fn len(&self) -> usize {
        match self {
            ClassWalk::Euclidean(w) => w.len(),
            ClassWalk::Chebyshev(w) => w.len(),
        }
    }

    /// Covering radius (as a key) after `picks` picks, `1 <= picks <=` [`Self::len`].
    pub(crate) fn key_after(&self, picks: usize) -> Option<f64> {
        match self {
            ClassWalk::Euclidean(w) => w.radius2_after(picks),
            ClassWalk::Chebyshev(w) => w.radius_after(picks),
        }
    }

    /// The first `picks` picks as indices into the caller's points.
    pub(crate) fn picks(&self, picks: usize) -> Vec<usize> {
        match self {
            ClassWalk::Euclidean(w) => w.picks(picks),
            ClassWalk::Chebyshev(w) => w.picks(picks),
        }
    }

    /// The fewest picks whose covering radius key is `< key`, growing the walk up to `limit`
    /// picks; `None` if `limit` picks do not get there.
    pub(crate) fn picks_below(&mut self, key: f64, limit: usize) -> Option<usize> {
        // Radii never increase along the walk: find the first one below `key`.
        let made = self.len();
        if made > 0 && self.key_after(made).is_some_and(|r| r < key) {
            let (mut lo, mut hi) = (1, made);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if self.key_after(mid).is_some_and(|r| r < key) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return Some(lo);
        }
        while self.len() < limit {
            let before = self.len();
            if self.grow_to(before + 1) == before {
                return None;
            }
            if self.key_after(self.len()).is_some_and(|r| r < key) {
                return Some(self.len());
            }
        }
        None
    }
}
