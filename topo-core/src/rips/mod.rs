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
//! H1 and up; H0 alone goes through the minimum spanning tree and needs `O(n)` memory, and a
//! threshold that keeps at most a quarter of the pairs switches to sparse neighbour lists
//! (16 bytes an edge). [`RipsOptions::max_simplices`] bounds the complex before the engine
//! allocates its simplex lists.

mod binomial;
mod budget;
mod dense_cofacets;
mod distance;
mod engine;
mod explicit;
mod filtration;
mod heap;
mod key;
mod mst;
mod options;
mod pivot_map;
mod ranks;
mod simplex_pair;
mod sparse;
mod union_find;

use alloc::vec::Vec;

pub use distance::{DistanceMatrix, Euclidean, Metric};
pub use engine::MAX_HOMOLOGY_DIM;
pub use explicit::MAX_EXPLICIT_SIMPLICES;
pub use options::{DEFAULT_MAX_SIMPLICES, RipsOptions, RipsStorage};
pub use simplex_pair::SimplexPair;

use crate::boundary_matrix::ReductionAlgorithm;
use crate::diagram::{Diagram, Pair};
use crate::error::{Error, Result};
use crate::points::Points;
use engine::{Engine, Interval, Layout};
use filtration::RankSource;
use ranks::RankedDistances;
use sparse::SparseRanks;

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
    rips_diagrams_with_options(points, &Euclidean, params, &RipsOptions::default())
}

/// [`rips_diagrams`] with another metric (always through the implicit engine, also for H0).
pub fn rips_diagrams_with_metric<M: Metric + ?Sized>(
    points: Points<'_>,
    metric: &M,
    params: &RipsParams,
) -> Result<Vec<Diagram>> {
    rips_diagrams_with_options(points, metric, params, &RipsOptions::default())
}

/// [`rips_diagrams_with_metric`] with engine options: the size limit
/// ([`RipsOptions::max_simplices`]) and the edge storage ([`RipsStorage`]). The options never
/// change the diagrams, only whether and how they are computed.
///
/// ```
/// use topo_core::{rips_diagrams_with_options, Error, Euclidean, Points, RipsOptions, RipsParams};
/// // 24 identical points up to H10: every subset is a simplex, 2^24 of them.
/// let same = [0.5_f32; 24];
/// let params = RipsParams { max_dim: 10, threshold: None };
/// let small = RipsOptions { max_simplices: 1_000_000, ..RipsOptions::default() };
/// let r = rips_diagrams_with_options(Points::new(&same, 1)?, &Euclidean, &params, &small);
/// assert!(matches!(r, Err(Error::TooLarge(_))));
/// # Ok::<(), topo_core::Error>(())
/// ```
pub fn rips_diagrams_with_options<M: Metric + ?Sized>(
    points: Points<'_>,
    metric: &M,
    params: &RipsParams,
    options: &RipsOptions,
) -> Result<Vec<Diagram>> {
    Ok(to_diagrams(pairs_from_points(
        points, metric, params, options, false,
    )?))
}

/// Persistence pairs `H_0 .. H_max_dim` of a point cloud (Euclidean) with the simplices that
/// create and destroy each class, so a feature can be located in the data. The pairs are those
/// of [`rips_diagrams_with_options`], in the same order; each [`SimplexPair`] lists the
/// vertices (row numbers, ascending) of its birth simplex (dimension `k`, diameter `birth`) and
/// death simplex (dimension `k + 1`, diameter `death`; empty for an essential class). In H0
/// every vertex is born at 0: the birth vertex is one of the dying component's vertices.
///
/// ```
/// use topo_core::{rips_pairs_with_simplices, Points, RipsOptions, RipsParams};
/// // The unit square: its loop is born with a side and dies with a triangle across a diagonal.
/// let square = [0.0_f32, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
/// let pairs = rips_pairs_with_simplices(
///     Points::new(&square, 2)?,
///     &RipsParams::default(),
///     &RipsOptions::default(),
/// )?;
/// let h1 = &pairs[1][0];
/// assert_eq!((h1.birth, h1.birth_simplex.len()), (1.0, 2));
/// assert_eq!(h1.death_simplex.len(), 3);
/// # Ok::<(), topo_core::Error>(())
/// ```
pub fn rips_pairs_with_simplices(
    points: Points<'_>,
    params: &RipsParams,
    options: &RipsOptions,
) -> Result<Vec<Vec<SimplexPair>>> {
    pairs_from_points(points, &Euclidean, params, options, true)
}

/// Chooses the storage and runs the engine; simplices are decoded when `with_simplices`.
fn pairs_from_points<M: Metric + ?Sized>(
    points: Points<'_>,
    metric: &M,
    params: &RipsParams,
    options: &RipsOptions,
    with_simplices: bool,
) -> Result<Vec<Vec<SimplexPair>>> {
    params.validate()?;
    if points.len() < 2 {
        return Err(Error::TooFewPoints {
            found: points.len(),
            needed: 2,
        });
    }
    let sparse = match (options.storage, params.threshold) {
        (RipsStorage::Dense, _) | (RipsStorage::Auto, None) => None,
        (RipsStorage::Auto, Some(t)) => {
            SparseRanks::from_points(points, metric, t as f32, auto_sparse_edges(points.len()))?
        }
        (RipsStorage::Sparse, t) => {
            let t = match t {
                Some(t) => t as f32,
                None => distance::enclosing_radius_of_points(points, metric)?,
            };
            SparseRanks::from_points(points, metric, t, usize::MAX)?
        }
    };
    if let Some(sparse) = sparse {
        return run_engine(&sparse, params.max_dim, options, with_simplices);
    }
    let dist = DistanceMatrix::from_points(points, metric)?;
    let threshold = params.threshold_f32(&dist);
    let ranked = RankedDistances::new(&dist, threshold)?;
    // The engine reads ranks only: free the distances before it runs.
    drop(dist);
    run_engine(&ranked, params.max_dim, options, with_simplices)
}

/// Most edges the automatic choice puts in the sparse storage: a quarter of all pairs. Below it
/// the neighbour lists (16 bytes an edge, plus 12 while they are built) take less memory than
/// the dense rank matrix (8 bytes a pair), and the cofacet walks are shorter.
fn auto_sparse_edges(n: usize) -> usize {
    n.saturating_mul(n.saturating_sub(1)) / 2 / 4
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
    rips_diagrams_from_distances_with_options(dist, params, &RipsOptions::default())
}

/// [`rips_diagrams_from_distances`] with engine options (see [`rips_diagrams_with_options`]).
pub fn rips_diagrams_from_distances_with_options(
    dist: &DistanceMatrix,
    params: &RipsParams,
    options: &RipsOptions,
) -> Result<Vec<Diagram>> {
    params.validate()?;
    let threshold = params.threshold_f32(dist);
    let edge_limit = match (options.storage, params.threshold) {
        (RipsStorage::Dense, _) | (RipsStorage::Auto, None) => None,
        (RipsStorage::Auto, Some(_)) => Some(auto_sparse_edges(dist.len())),
        (RipsStorage::Sparse, _) => Some(usize::MAX),
    };
    if let Some(limit) = edge_limit
        && let Some(sparse) = SparseRanks::from_matrix(dist, threshold, limit)?
    {
        return Ok(to_diagrams(run_engine(
            &sparse,
            params.max_dim,
            options,
            false,
        )?));
    }
    let ranked = RankedDistances::new(dist, threshold)?;
    Ok(to_diagrams(run_engine(
        &ranked,
        params.max_dim,
        options,
        false,
    )?))
}

/// Checks the size limit, then runs the implicit engine with the narrowest key that holds rank
/// and index.
fn run_engine<D: RankSource>(
    dist: &D,
    max_dim: usize,
    options: &RipsOptions,
    with_simplices: bool,
) -> Result<Vec<Vec<SimplexPair>>> {
    if budget::weighted_simplex_bound(dist, max_dim) > options.max_simplices {
        return Err(Error::TooLarge(
            "the complex has more simplices than RipsOptions::max_simplices allows",
        ));
    }
    let layout = Layout::new(dist, max_dim)?;
    Ok(if layout.fits_u64() {
        Engine::<u64, D>::new(dist, max_dim, layout).run_pairs(with_simplices)
    } else {
        Engine::<u128, D>::new(dist, max_dim, layout).run_pairs(with_simplices)
    })
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
    Ok(intervals_to_diagrams(explicit::explicit_intervals(
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

fn to_diagrams(pairs: Vec<Vec<SimplexPair>>) -> Vec<Diagram> {
    pairs
        .into_iter()
        .map(|v| {
            Diagram::from_valid(
                v.into_iter()
                    .map(|p| Pair {
                        birth: p.birth,
                        death: p.death,
                    })
                    .collect(),
            )
        })
        .collect()
}

fn intervals_to_diagrams(intervals: Vec<Vec<Interval>>) -> Vec<Diagram> {
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
        let narrow =
            Engine::<u64, _>::new(&ranked, 2, Layout::new(&ranked, 2).unwrap()).run_pairs(true);
        let wide =
            Engine::<u128, _>::new(&ranked, 2, Layout::new(&ranked, 2).unwrap()).run_pairs(true);
        assert!(Layout::new(&ranked, 2).unwrap().fits_u64());
        assert_eq!(narrow, wide);
        assert!(!narrow[1].is_empty());
    }
}
