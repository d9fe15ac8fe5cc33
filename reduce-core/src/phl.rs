//! PHL: persistent-homology landmarks (B. Stolz, outlier-robust subsampling, JMLR 2023), per
//! class.
//!
//! Each row is scored by the topology of its neighbourhood: the rows of its class within
//! radius `r` (itself excluded) form a small point cloud, and the score is the largest finite
//! bar of that cloud's Vietoris-Rips diagram in the chosen dimension (or in every dimension up
//! to it). A row with fewer than 2 neighbours is a super-outlier. Representative landmarks are
//! the rows of lowest score (locally featureless), super-outliers last; vital landmarks the
//! rows of highest score. See the reduction-methods spec, §2.6.

use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::{LabelledPoints, Points, RipsParams, rips_diagrams};

use crate::budget::{Budget, ClassCounts, class_counts};
use crate::error::{Error, Result};
use crate::fidelity::Fidelity;
use crate::kdtree::{KdTree, RADIUS_LEAF};
use crate::reduction::{Reduced, Reducer, Selection};
use crate::spread::spread_picks;

/// Neighbours per row that the automatic radius aims at (see [`Phl::radius`]).
pub const AUTO_RADIUS_NEIGHBOURS: usize = 16;
/// Rows sampled (evenly spaced) to estimate the automatic radius.
const AUTO_RADIUS_SAMPLE: usize = 256;

/// How a row's local diagrams become one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PhlScoring {
    /// The largest finite bar in homology dimension `dimension` (the reference's
    /// `'restrictedDim'`).
    #[default]
    RestrictedDim,
    /// The largest finite bar over dimensions `0..=dimension` (`'multiDim'`).
    MultiDim,
}

/// Which end of the ranking is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PhlLandmarks {
    /// Lowest scores first, super-outliers last (`'representative'`).
    #[default]
    Representative,
    /// Highest scores first, super-outliers last (`'vital'`).
    Vital,
}

/// Persistent-homology landmarks.
///
/// * `radius`: the neighbourhood radius `r` (Euclidean, inclusive). The reference has no
///   default. `None` (the default) picks one per class: the median, over up to 256 evenly
///   spaced rows, of the distance to the row's 16th nearest neighbour in the class
///   ([`AUTO_RADIUS_NEIGHBOURS`]), so a typical neighbourhood holds about 16 rows whatever the
///   scale. On MinMax-scaled data this lands near the reference's hand-picked values (collision:
///   about 0.03 to 0.05 for the large class).
/// * `dimension` (default 1): the homology dimension scored; reported back in [`PhlScores`].
/// * `max_neighbourhood` (default 64, at least 2): a neighbourhood larger than this keeps only
///   its `max_neighbourhood` nearest rows (ties to the lower row index), so one row in a dense
///   region cannot blow up the local Rips computation; the number of rows so capped is reported
///   in [`PhlScores::capped`]. Local Rips cost grows about as the cube of this size for H1.
/// * `Fidelity::Reference` keeps `round(ratio · n_c)` rows per class (Python's half-to-even
///   `round`), as the reference does; `Improved` follows [`class_counts`].
///
/// Ties in the ranking go to the lower row index (a stable order); super-outliers are
/// identified as such (not as "the first k of the sort", the reference's quirk) and moved last
/// in a random order drawn from the caller's generator.
///
/// * `spread` (default `true`, `Improved` mode only): each row's separation is its distance to
///   the nearest row before it in the landmark order, and each class keeps its rows of largest
///   separation (ties to the landmark order; see
///   [`SPREAD_WORK_LIMIT`](crate::SPREAD_WORK_LIMIT) for the one size limit). Why: the
///   lowest-scored rows crowd into the densest, most featureless patches, and super-outliers
///   come last, so the plain top of the order left whole regions and every isolated row
///   uncovered (iris, wine and breast_cancer were less representative than the reference's).
///   Spread, each kept row is still the best landmark within its separation, and an isolated
///   row is kept once the budget reaches its separation (its distance to the better
///   landmarks). `false` keeps the plain landmark order
///   (Stolz's outlier-robust selection, super-outliers dropped first).
///
/// ```
/// use reduce_core::{Budget, LabelledPoints, Phl, Reduced, Reducer, SeededRng};
/// // A dense square of 16 rows and one far row: the far row is a super-outlier.
/// let mut x: Vec<f32> = (0..16).flat_map(|i| [(i % 4) as f32 * 0.1, (i / 4) as f32 * 0.1]).collect();
/// x.extend([5.0, 5.0]);
/// let y = vec![0_u32; 17];
/// let data = LabelledPoints::new(&x, 2, &y)?;
/// let kept = |phl: Phl| match phl.reduce(data, Budget::Count(16), &mut SeededRng::new(0)) {
///     Ok(Reduced::Selection(s)) => s.indices,
///     _ => Vec::new(),
/// };
/// // The plain landmark order keeps super-outliers last: 16 rows leave the far row out.
/// let plain = Phl { radius: Some(0.25), spread: false, ..Phl::default() };
/// assert!(!kept(plain).contains(&16));
/// // Spread (the default), a few rows cover the square and the budget reaches the far row.
/// assert!(kept(Phl { spread: true, ..plain }).contains(&16));
/// # Ok::<(), reduce_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Phl {
    /// Neighbourhood radius; `None` for the automatic rule.
    pub radius: Option<f64>,
    /// Homology dimension scored.
    pub dimension: usize,
    /// Restricted to `dimension`, or the maximum over `0..=dimension`.
    pub scoring: PhlScoring,
    /// Representative or vital landmarks.
    pub landmarks: PhlLandmarks,
    /// Largest neighbourhood passed to the Rips engine (nearest rows kept).
    pub max_neighbourhood: usize,
    /// Our budget rule or the reference's `round` per class.
    pub fidelity: Fidelity,
    /// `Improved` mode only: spread the landmarks by separation (see above).
    pub spread: bool,
}

impl Default for Phl {
    fn default() -> Self {
        Self {
            radius: None,
            dimension: 1,
            scoring: PhlScoring::RestrictedDim,
            landmarks: PhlLandmarks::Representative,
            max_neighbourhood: 64,
            fidelity: Fidelity::Improved,
            spread: true,
        }
    }
}

/// The scores of one class.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PhlScores {
    /// Score of each row, in the order of the rows given.
    pub scores: Vec<f64>,
    /// `true` for a super-outlier (fewer than 2 neighbours; its score is 0).
    pub super_outlier: Vec<bool>,
    /// The radius used.
    pub radius: f64,
    /// The homology dimension scored.
    pub dimension: usize,
    /// Rows whose neighbourhood was cut to `max_neighbourhood`.
    pub capped: usize,
}

impl Phl {
    fn validate(&self) -> Result<()> {
        if let Some(r) = self.radius
            && !(r.is_finite() && r >= 0.0)
        {
            return Err(Error::InvalidParameter(
                "PHL radius must be finite and non-negative",
            ));
        }
        if self.dimension > topo_core::MAX_HOMOLOGY_DIM {
            return Err(Error::InvalidParameter(
                "PHL dimension is above the Rips engine's limit",
            ));
        }
        if self.max_neighbourhood < 2 {
            return Err(Error::InvalidParameter(
                "PHL max_neighbourhood must be at least 2",
            ));
        }
        Ok(())
    }

    /// The radius for a class: the given one, or the automatic rule (see the type's docs).
    pub fn radius(&self, points: Points<'_>, rows: &[usize]) -> f64 {
        if let Some(r) = self.radius {
            return r;
        }
        let n = rows.len();
        if n < 2 {
            return 0.0;
        }
        let k = AUTO_RADIUS_NEIGHBOURS.min(n - 1);
        let samples = AUTO_RADIUS_SAMPLE.min(n);
        let mut kth: Vec<f64> = Vec::with_capacity(samples);
        let mut dists: Vec<f64> = Vec::with_capacity(n);
        for s in 0..samples {
            let Some(&i) = rows.get(s * n / samples) else {
                continue;
            };
            let Some(xi) = points.get(i) else { continue };
            dists.clear();
            dists.extend(
                rows.iter()
                    .filter(|&&j| j != i)
                    .map(|&j| points.get(j).map_or(f64::INFINITY, |xj| sq_dist(xi, xj))),
            );
            if dists.len() >= k {
                dists.select_nth_unstable_by(k - 1, f64::total_cmp);
                kth.push(libm::sqrt(dists.get(k - 1).copied().unwrap_or(0.0)));
            }
        }
        if kth.is_empty() {
            return 0.0;
        }
        let mid = kth.len() / 2;
        kth.select_nth_unstable_by(mid, f64::total_cmp);
        kth.get(mid).copied().unwrap_or(0.0)
    }

    /// Scores the rows `rows` of `points` (one class), in that order.
    pub fn class_scores(&self, points: Points<'_>, rows: &[usize]) -> Result<PhlScores> {
        self.validate()?;
        let d = points.dim();
        let radius = self.radius(points, rows);
        // A class-local contiguous copy: the tree and the neighbourhoods index into it.
        let mut local: Vec<f32> = Vec::with_capacity(rows.len() * d);
        for &r in rows {
            local.extend_from_slice(
                points
                    .get(r)
                    .ok_or(Error::InvalidParameter("row out of range"))?,
            );
        }
        // The tree works in `f64`; widening `f32` is exact, so distances are unchanged.
        let wide: Vec<f64> = local.iter().map(|&v| f64::from(v)).collect();
        let tree = KdTree::with_leaf(&wide, d, RADIUS_LEAF);
        let params = RipsParams {
            max_dim: self.dimension,
            threshold: None,
        };
        let mut scores = alloc::vec![0.0_f64; rows.len()];
        let mut super_outlier = alloc::vec![false; rows.len()];
        let mut capped = 0;
        let mut found: Vec<(f64, usize)> = Vec::new();
        let mut cloud: Vec<f32> = Vec::new();
        for i in 0..rows.len() {
            let Some(query) = wide.get(i * d..(i + 1) * d) else {
                continue;
            };
            found.clear();
            tree.within_closed(query, radius * radius, &mut |j, d2| found.push((d2, j)));
            found.retain(|&(_, j)| j != i);
            if found.len() < 2 {
                if let Some(s) = super_outlier.get_mut(i) {
                    *s = true;
                }
                continue;
            }
            if found.len() > self.max_neighbourhood {
                found.select_nth_unstable_by(self.max_neighbourhood - 1, |a, b| {
                    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
                });
                found.truncate(self.max_neighbourhood);
                capped += 1;
            }
            // Row order inside the neighbourhood does not change the diagrams; sort anyway so
            // the engine sees the same cloud whatever the tree's visiting order.
            found.sort_unstable_by_key(|&(_, j)| j);
            cloud.clear();
            for &(_, j) in &found {
                cloud.extend_from_slice(local.get(j * d..(j + 1) * d).unwrap_or(&[]));
            }
            let unscale = scale_into_f32_range(&mut cloud, d);
            let diagrams = rips_diagrams(Points::new(&cloud, d)?, &params)?;
            let dims = match self.scoring {
                PhlScoring::RestrictedDim => self.dimension..=self.dimension,
                PhlScoring::MultiDim => 0..=self.dimension,
            };
            let mut best = 0.0_f64;
            for k in dims {
                if let Some(dg) = diagrams.get(k) {
                    for p in dg.finite() {
                        best = best.max(p.death - p.birth);
                    }
                }
            }
            if let Some(s) = scores.get_mut(i) {
                *s = best * unscale;
            }
        }
        Ok(PhlScores {
            scores,
            super_outlier,
            radius,
            dimension: self.dimension,
            capped,
        })
    }

    fn counts(&self, labels: &[u32], budget: Budget) -> Result<ClassCounts> {
        let base = class_counts(labels, budget, true)?;
        match (self.fidelity, budget) {
            (Fidelity::Reference, Budget::Ratio(r)) => {
                let classes: Vec<(u32, usize, usize)> = base
                    .classes
                    .iter()
                    .map(|&(l, nc, _)| (l, nc, round_half_even(r * nc as f64).min(nc)))
                    .collect();
                if classes.iter().all(|c| c.2 == 0) {
                    return Err(Error::InvalidRatio(r));
                }
                Ok(ClassCounts { classes })
            }
            _ => Ok(base),
        }
    }
}

impl Reducer for Phl {
    fn name(&self) -> &'static str {
        "PHL"
    }

    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Reduced> {
        self.validate()?;
        let counts = self.counts(data.labels(), budget)?;
        let mut picked: Vec<usize> = Vec::with_capacity(counts.total());
        for &(label, _, keep) in &counts.classes {
            let rows = data.class_rows(label);
            if keep == 0 {
                continue;
            }
            let s = self.class_scores(data.points(), &rows)?;
            let order = self.rank(&rows, &s, rng);
            if self.spread && self.fidelity == Fidelity::Improved {
                picked.extend(spread_picks(data.points(), &order, &[], keep));
            } else {
                picked.extend(order.into_iter().take(keep));
            }
        }
        picked.sort_unstable();
        Ok(Reduced::Selection(Selection {
            indices: picked,
            weights: None,
        }))
    }
}

impl Phl {
    /// The class's rows in landmark order: scored rows (ascending or descending, ties to the
    /// lower row index), then the super-outliers in a random order.
    fn rank(&self, rows: &[usize], s: &PhlScores, rng: &mut dyn RngCore) -> Vec<usize> {
        let mut scored: Vec<(usize, f64)> = Vec::with_capacity(rows.len());
        let mut outliers: Vec<usize> = Vec::new();
        for (k, &row) in rows.iter().enumerate() {
            if s.super_outlier.get(k).copied().unwrap_or(false) {
                outliers.push(row);
            } else {
                scored.push((row, s.scores.get(k).copied().unwrap_or(0.0)));
            }
        }
        match self.landmarks {
            PhlLandmarks::Representative => {
                scored.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            }
            PhlLandmarks::Vital => {
                scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            }
        }
        // Fisher-Yates with the caller's generator.
        for i in (1..outliers.len()).rev() {
            let j = ((u128::from(rng.next_u64()) * (i as u128 + 1)) >> 64) as usize;
            outliers.swap(i, j);
        }
        scored.into_iter().map(|(r, _)| r).chain(outliers).collect()
    }
}

fn sq_dist(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(&p, &q)| {
            let t = f64::from(p) - f64::from(q);
            t * t
        })
        .sum()
}

/// Python's `round`: to the nearest integer, halves to even. `x` must be non-negative.
fn round_half_even(x: f64) -> usize {
    if !(x.is_finite() && x > 0.0) {
        return 0;
    }
    let f = libm::floor(x);
    let diff = x - f;
    let base = f as usize;
    if diff > 0.5 || (diff == 0.5 && base % 2 == 1) {
        base + 1
    } else {
        base
    }
}

/// Bound on a squared distance the local Rips may meet, far below `f32::MAX` (about `2^128`).
const SQUARED_DISTANCE_ROOM: f64 = 1e30;

/// Scales a neighbourhood by a power of two so that the Rips engine's `f32` distances cannot
/// overflow (finite coordinates near `1e19` would give infinite squared distances), and returns
/// the factor that undoes it on persistence values. A power of two scales every distance, and so
/// every birth and death, exactly (short of subnormal underflow), so the scores, and the
/// selection, are those of the unscaled neighbourhood; clouds within range are left untouched.
fn scale_into_f32_range(cloud: &mut [f32], dim: usize) -> f64 {
    let widest = cloud
        .iter()
        .fold(0.0_f64, |m, &v| m.max(f64::from(v).abs()));
    // Every coordinate difference is at most 2 * widest, over `dim` coordinates.
    let mut reach = 4.0 * dim as f64 * widest * widest;
    let mut shrink = 1.0_f32;
    let mut unscale = 1.0_f64;
    while reach > SQUARED_DISTANCE_ROOM && reach.is_finite() {
        reach *= 0.25;
        shrink *= 0.5;
        unscale *= 2.0;
    }
    if unscale > 1.0 {
        for v in cloud.iter_mut() {
            *v *= shrink;
        }
    }
    unscale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_round_is_half_to_even() {
        assert_eq!(round_half_even(2.5), 2);
        assert_eq!(round_half_even(3.5), 4);
        assert_eq!(round_half_even(0.5), 0);
        assert_eq!(round_half_even(2.4999), 2);
        assert_eq!(round_half_even(2.5001), 3);
        assert_eq!(round_half_even(0.0), 0);
    }
}
