//! Vietoris-Rips persistent homology.
//!
//! The filtration is Ripser's: a simplex enters at its diameter (largest edge length), up to a
//! threshold that defaults to the enclosing radius `min_i max_j d(i, j)` (above it the complex is
//! a cone, so nothing changes but the run time). Distances are computed in `f64` and rounded to
//! `f32`, as ripser.py does, so diagrams agree with Ripser's to `f32` precision; diagram values
//! are those `f32` values widened to `f64`. Coefficients are in Z/2.
//!
//! Size limits (checked, each a typed error): at least 2 points; `max_dim <= MAX_HOMOLOGY_DIM`;
//! simplex indices are `u64`, so `C(n, max_dim + 2)` must fit in one: at most 4,801,280 points
//! for `max_dim = 1`, 145,056 for `max_dim = 2`, 18,580 for `max_dim = 3`, 4,868 for
//! `max_dim = 4`. In practice the dense distance matrix (`4 n^2` bytes) is the tighter limit for
//! H1 and up; H0 alone goes through the minimum spanning tree and needs `O(n)` memory.

mod binomial;
mod distance;
mod engine;
mod explicit;
mod heap;
mod key;
mod mst;
mod pivot_map;
mod ranks;
mod union_find;

use alloc::vec::Vec;

pub use distance::{DistanceMatrix, Euclidean, Metric};
pub use engine::MAX_HOMOLOGY_DIM;
pub use explicit::MAX_EXPLICIT_SIMPLICES;

use crate::boundary_matrix::ReductionAlgorithm;
use crate::diagram::{Diagram, Pair};
use crate::error::{Error, Result};
use crate::points::Points;
use engine::{Engine, Interval, Layout};
use ranks::RankedDistances;

/// Parameters of a Rips persistence computation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RipsParams {
    /// Highest homology dimension computed (diagrams for `0..=max_dim`).
    pub max_dim: usize,
    /// Largest simplex diameter in the filtration; `None` means the enclosing radius, which gives
    /// the same diagrams as no threshold at all. Must be non-negative (`+inf` is allowed).
    pub threshold: Option<f64>,
}

impl Default for RipsParams {
    /// `max_dim = 1`, threshold = enclosing radius.
    fn default() -> Self {
        Self {
            max_dim: 1,
            threshold: None,
        }
    }
}

impl RipsParams {
    fn validate(&self) -> Result<()> {
        if self.max_dim > MAX_HOMOLOGY_DIM {
            return Err(Error::TooLarge("max_dim above MAX_HOMOLOGY_DIM"));
        }
        if let Some(t) = self.threshold
            && (t.is_nan() || t < 0.0)
        {
            return Err(Error::InvalidParameter(
                "threshold must be non-negative (not NaN)",
            ));
        }
        Ok(())
    }

    /// The threshold as the engine compares it (an `f32`, like the distances).
    fn threshold_f32(&self, dist: &DistanceMatrix) -> f32 {
        match self.threshold {
            Some(t) => t as f32,
            None => dist.enclosing_radius(),
        }
    }
}

/// Persistence diagrams `H_0 .. H_max_dim` of the Vietoris-Rips filtration of a point cloud with
/// the Euclidean distance; index `k` of the result is `H_k`.
///
/// With `max_dim == 0` this takes the minimum-spanning-tree path ([`h0_diagram_mst`]), which
/// needs no distance matrix.
///
/// ```
/// use topo_core::{rips_diagrams, Points, RipsParams};
/// // Four corners of the unit square: a loop born at 1, filled at the diagonal sqrt(2).
/// let square = [0.0_f32, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
/// let dgms = rips_diagrams(Points::new(&square, 2)?, &RipsParams::default())?;
/// assert_eq!(dgms[0].finite().count(), 3);
/// assert_eq!(dgms[1].len(), 1);
/// let p = dgms[1].pairs()[0];
/// assert_eq!(p.birth, 1.0);
/// assert!((p.death - 2f64.sqrt()).abs() < 1e-6);
/// # Ok::<(), topo_core::Error>(())
/// ```
pub fn rips_diagrams(points: Points<'_>, params: &RipsParams) -> Result<Vec<Diagram>> {
    params.validate()?;
    if params.max_dim == 0 {
        if points.len() < 2 {
            return Err(Error::TooFewPoints {
                found: points.len(),
                needed: 2,
            });
        }
        let threshold = params.threshold.map_or(f32::INFINITY, |t| t as f32);
        return Ok(alloc::vec![h0_from_mst(points, threshold)?]);
    }
    rips_diagrams_with_metric(points, &Euclidean, params)
}

/// [`rips_diagrams`] with another metric (always through the distance matrix).
pub fn rips_diagrams_with_metric<M: Metric + ?Sized>(
    points: Points<'_>,
    metric: &M,
    params: &RipsParams,
) -> Result<Vec<Diagram>> {
    params.validate()?;
    if points.len() < 2 {
        return Err(Error::TooFewPoints {
            found: points.len(),
            needed: 2,
        });
    }
    let dist = DistanceMatrix::from_points(points, metric)?;
    let threshold = params.threshold_f32(&dist);
    let ranked = RankedDistances::new(&dist, threshold)?;
    // The engine reads ranks only: free the distances before it runs.
    drop(dist);
    run_engine(&ranked, params.max_dim)
}

/// Persistence diagrams `H_0 .. H_max_dim` of the Vietoris-Rips filtration of a distance matrix.
///
/// ```
/// use topo_core::{rips_diagrams_from_distances, DistanceMatrix, RipsParams};
/// // Three points at distances 1, 2, 3 (lower triangle d10, d20, d21).
/// let m = DistanceMatrix::from_lower_triangle(&[1.0, 2.0, 3.0])?;
/// let dgms = rips_diagrams_from_distances(&m, &RipsParams::default())?;
/// let mut deaths: Vec<f64> = dgms[0].pairs().iter().map(|p| p.death).collect();
/// deaths.sort_by(f64::total_cmp);
/// assert_eq!(deaths, vec![1.0, 2.0, f64::INFINITY]);
/// assert!(dgms[1].is_empty());
/// # Ok::<(), topo_core::Error>(())
/// ```
pub fn rips_diagrams_from_distances(
    dist: &DistanceMatrix,
    params: &RipsParams,
) -> Result<Vec<Diagram>> {
    params.validate()?;
    let threshold = params.threshold_f32(dist);
    let ranked = RankedDistances::new(dist, threshold)?;
    run_engine(&ranked, params.max_dim)
}

/// Runs the implicit engine with the narrowest key that holds rank and index.
fn run_engine(ranked: &RankedDistances, max_dim: usize) -> Result<Vec<Diagram>> {
    let layout = Layout::new(ranked, max_dim)?;
    let intervals = if layout.fits_u64() {
        Engine::<u64>::new(ranked, max_dim, layout).run()
    } else {
        Engine::<u128>::new(ranked, max_dim, layout).run()
    };
    Ok(to_diagrams(intervals))
}

/// The same diagrams as [`rips_diagrams_from_distances`], computed by building the whole
/// filtration explicitly and reducing its boundary matrix with `algorithm`. Exponential in
/// `max_dim`: for testing and for small inputs (at most [`MAX_EXPLICIT_SIMPLICES`] simplices).
pub fn rips_diagrams_explicit(
    dist: &DistanceMatrix,
    params: &RipsParams,
    algorithm: ReductionAlgorithm,
) -> Result<Vec<Diagram>> {
    params.validate()?;
    let threshold = params.threshold_f32(dist);
    Ok(to_diagrams(explicit::explicit_intervals(
        dist,
        params.max_dim,
        threshold,
        algorithm,
    )?))
}

/// H0 diagram of a point cloud (Euclidean) from its minimum spanning tree, computed by Prim's
/// algorithm with distances on the fly: `O(n)` memory, for clouds too big for a distance matrix.
/// Equal to `rips_diagrams(points, &RipsParams { max_dim: 0, .. })[0]`.
///
/// ```
/// use topo_core::{h0_diagram_mst, Points};
/// let line = [0.0_f32, 1.0, 3.0];
/// let d = h0_diagram_mst(Points::new(&line, 1)?)?;
/// assert_eq!(d.finite().count(), 2);
/// assert_eq!(d.essential().count(), 1);
/// # Ok::<(), topo_core::Error>(())
/// ```
pub fn h0_diagram_mst(points: Points<'_>) -> Result<Diagram> {
    if points.len() < 2 {
        return Err(Error::TooFewPoints {
            found: points.len(),
            needed: 2,
        });
    }
    h0_from_mst(points, f32::INFINITY)
}

/// MST edges within the threshold are H0 deaths; each edge above it leaves one more component.
fn h0_from_mst(points: Points<'_>, threshold: f32) -> Result<Diagram> {
    let lengths = mst::mst_edge_lengths(points)?;
    let mut pairs = Vec::with_capacity(lengths.len() + 1);
    let mut essential = 1usize;
    for l in lengths {
        if l > threshold {
            essential += 1;
        } else if l != 0.0 {
            pairs.push(Pair {
                birth: 0.0,
                death: f64::from(l),
            });
        }
    }
    pairs.extend((0..essential).map(|_| Pair {
        birth: 0.0,
        death: f64::INFINITY,
    }));
    Ok(Diagram::from_valid(pairs))
}

fn to_diagrams(intervals: Vec<Vec<Interval>>) -> Vec<Diagram> {
    intervals
        .into_iter()
        .map(|v| {
            Diagram::from_valid(
                v.into_iter()
                    .map(|(b, d)| Pair {
                        birth: f64::from(b),
                        death: f64::from(d),
                    })
                    .collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `u128` key path (taken only for huge inputs) gives the `u64` path's intervals.
    #[test]
    fn wide_keys_agree_with_narrow_keys() {
        let mut rng = crate::split_mix::SplitMix(12345);
        // Miri interprets both engine runs: a smaller cloud there (still with H1 pairs).
        let n = if cfg!(miri) { 14 } else { 40 };
        let data: Vec<f32> = (0..n * 3).map(|_| rng.unit()).collect();
        let pts = Points::new(&data, 3).unwrap();
        let dist = DistanceMatrix::from_points(pts, &Euclidean).unwrap();
        let ranked = RankedDistances::new(&dist, dist.enclosing_radius()).unwrap();
        let narrow = Engine::<u64>::new(&ranked, 2, Layout::new(&ranked, 2).unwrap()).run();
        let wide = Engine::<u128>::new(&ranked, 2, Layout::new(&ranked, 2).unwrap()).run();
        assert!(Layout::new(&ranked, 2).unwrap().fits_u64());
        assert_eq!(narrow, wide);
        assert!(!narrow[1].is_empty());
    }
}
