//! The representativeness report: for each class, epsilon-representativeness and the distance
//! between the Rips persistence diagrams of the class in the full and in the reduced set, with
//! the stability bound that guarantees it.
//!
//! # What is measured, per class `c` (full rows `X`, reduced rows `X'`)
//! * `epsilon`: directed distance from `X` to `X'` in the chosen norm (see [`crate::epsilon`]).
//! * `hausdorff`: two-sided Euclidean Hausdorff distance `d_H(X, X')`. A reduced set may hold
//!   synthetic points (cluster centroids), so the reverse direction is not assumed to be 0.
//! * `bound = 2 d_H(X, X')`: by the stability theorem (Chazal, de Silva, Oudot 2014) the
//!   bottleneck distance between the Euclidean Rips diagrams (edge-length filtration, Ripser's
//!   convention) never exceeds it, in every homology dimension.
//! * For each requested dimension (0 and/or 1): the bottleneck distance between the diagrams of
//!   `X` and `X'`, and optionally their p-Wasserstein distance (descriptive only: Wasserstein
//!   distances have no size-independent stability bound).
//!
//! # Cost strategy (documented decision)
//! * H0 always comes from the minimum spanning tree (`O(n)` memory, no `n x n` matrix).
//! * H1 needs the full Rips engine and a dense distance matrix. It is computed exactly when both
//!   sets of the class have at most [`ReportParams::h1_max_points`] rows (default 1,000). Above
//!   that, with [`ReportParams::h1_landmarks`] on (default), each oversized set is replaced by
//!   `h1_max_points` max-min landmarks with covering radius `rho` (resp. `rho'`); by stability and
//!   the triangle inequality the true distance lies within `2 (rho + rho')` of the landmark
//!   distance, and the report says so ([`DiagramDistance::Landmark`]). With landmarks off, H1 is
//!   [`DiagramDistance::Skipped`] with the reason.
//! * A class with no reduced row is reported as missing (no epsilon, no distances).

use alloc::vec::Vec;

use crate::bottleneck::bottleneck;
use crate::diagram::Diagram;
use crate::epsilon::{check_compatible, directed, gather};
use crate::error::{Error, Result};
use crate::landmarks::maxmin_landmarks;
use crate::norm::Norm;
use crate::points::{LabelledPoints, Points};
use crate::wasserstein::wasserstein;
use crate::{RipsParams, h0_diagram_mst, rips_diagrams};

/// What the report computes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportParams {
    /// Norm of the epsilon column (the bound always uses the Euclidean Hausdorff distance).
    pub norm: Norm,
    /// Compare H0 diagrams.
    pub h0: bool,
    /// Compare H1 diagrams.
    pub h1: bool,
    /// Also give the p-Wasserstein distance of this order (`>= 1`).
    pub wasserstein: Option<f64>,
    /// Largest set for which H1 is computed exactly.
    pub h1_max_points: usize,
    /// Above `h1_max_points`, estimate H1 on max-min landmarks (else skip it).
    pub h1_landmarks: bool,
}

impl Default for ReportParams {
    /// Chebyshev epsilon (the reference package's), H0 and H1, no Wasserstein, exact H1 up to
    /// 1,000 rows per set, landmarks above.
    fn default() -> Self {
        Self {
            norm: Norm::Chebyshev,
            h0: true,
            h1: true,
            wasserstein: None,
            h1_max_points: 1000,
            h1_landmarks: true,
        }
    }
}

/// The distance between the full and reduced diagrams of one class in one dimension.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DiagramDistance {
    /// Computed on the sets themselves.
    Exact {
        /// Bottleneck distance (`+inf` when the essential classes differ in number).
        bottleneck: f64,
        /// p-Wasserstein distance, when asked for.
        wasserstein: Option<f64>,
    },
    /// Computed on max-min landmarks of the oversized set(s): the true bottleneck distance lies
    /// in `[bottleneck - error, bottleneck + error]`.
    Landmark {
        /// Bottleneck distance between the landmark sets' diagrams.
        bottleneck: f64,
        /// `2 (rho + rho')`, the landmark sets' covering radii (0 for a set used whole).
        error: f64,
        /// Landmarks taken from the full class (its row count when used whole).
        landmarks_full: usize,
        /// Landmarks taken from the reduced class.
        landmarks_reduced: usize,
    },
    /// Not computed.
    Skipped {
        /// Why.
        reason: &'static str,
    },
}

/// One homology dimension of a class.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct DimensionReport {
    /// Homology dimension (0 or 1).
    pub dim: usize,
    /// The measured distance.
    pub distance: DiagramDistance,
}

/// One class of the report.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct ClassReport {
    /// Class label (the code in the caller's label slice).
    pub label: u32,
    /// Rows of the class in the full set.
    pub rows_full: usize,
    /// Rows of the class in the reduced set (0 when missing).
    pub rows_reduced: usize,
    /// `true` when the reduced set has no row of this class (all other fields are then `None`
    /// or empty).
    pub missing: bool,
    /// Epsilon in [`ReportParams::norm`].
    pub epsilon: Option<f64>,
    /// Full-set row attaining `epsilon`.
    pub epsilon_row: Option<usize>,
    /// Two-sided Euclidean Hausdorff distance between the full and reduced class.
    pub hausdorff: Option<f64>,
    /// `2 * hausdorff`: the stability bound on every bottleneck distance of the class.
    pub bound: Option<f64>,
    /// One entry per requested dimension.
    pub dims: Vec<DimensionReport>,
}

/// The representativeness report of a reduced set.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Report {
    /// Norm of the epsilon columns.
    pub norm: Norm,
    /// Overall epsilon: maximum over classes, `+inf` when a class is missing.
    pub epsilon: f64,
    /// Classes of the full set, ascending by label.
    pub classes: Vec<ClassReport>,
}

/// Builds the representativeness report of `reduced` against `full`.
///
/// ```
/// use topo_core::{DiagramDistance, LabelledPoints, ReportParams, representativeness_report};
/// // One class: a square's corners, reduced to two opposite corners.
/// let full = [0.0_f32, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
/// let reduced = [0.0_f32, 0.0, 1.0, 1.0];
/// let f = LabelledPoints::new(&full, 2, &[0, 0, 0, 0])?;
/// let r = LabelledPoints::new(&reduced, 2, &[0, 0])?;
/// let rep = representativeness_report(&f, &r, &ReportParams::default())?;
/// let c = &rep.classes[0];
/// assert_eq!(c.epsilon, Some(1.0));
/// assert_eq!(c.bound, Some(2.0));
/// // H0: three deaths at 1 against one at sqrt(2); H1: the square's loop [1, sqrt 2) is lost.
/// if let DiagramDistance::Exact { bottleneck, .. } = c.dims[0].distance {
///     assert!(bottleneck <= c.bound.unwrap());
/// }
/// # Ok::<(), topo_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::DimMismatch`], [`Error::UnknownLabel`] (as [`crate::epsilon_representativeness`]),
/// [`Error::InvalidParameter`] for a Wasserstein order below 1 or `h1_max_points < 2`, and the
/// Rips engine's errors.
pub fn representativeness_report(
    full: &LabelledPoints<'_>,
    reduced: &LabelledPoints<'_>,
    params: &ReportParams,
) -> Result<Report> {
    check_compatible(full, reduced)?;
    if let Some(p) = params.wasserstein
        && !(p.is_finite() && p >= 1.0)
    {
        return Err(Error::InvalidParameter(
            "Wasserstein order must be finite and >= 1",
        ));
    }
    if params.h1 && params.h1_max_points < 2 {
        return Err(Error::InvalidParameter("h1_max_points must be at least 2"));
    }
    let dim = full.dim();
    let mut classes = Vec::new();
    let mut overall = 0.0f64;
    for label in full.classes() {
        let full_rows = full.class_rows(label);
        let red_rows = reduced.class_rows(label);
        let mut c = ClassReport {
            label,
            rows_full: full_rows.len(),
            rows_reduced: red_rows.len(),
            missing: red_rows.is_empty(),
            epsilon: None,
            epsilon_row: None,
            hausdorff: None,
            bound: None,
            dims: Vec::new(),
        };
        if c.missing {
            overall = f64::INFINITY;
            classes.push(c);
            continue;
        }
        let x = gather(full.points(), &full_rows);
        let xr = gather(reduced.points(), &red_rows);
        let (eps, at) = directed(&x, &xr, dim, params.norm);
        overall = overall.max(eps);
        c.epsilon = Some(eps);
        c.epsilon_row = full_rows.get(at).copied();
        let forward = if params.norm == Norm::Euclidean {
            eps
        } else {
            directed(&x, &xr, dim, Norm::Euclidean).0
        };
        let backward = directed(&xr, &x, dim, Norm::Euclidean).0;
        let h = forward.max(backward);
        c.hausdorff = Some(h);
        c.bound = Some(2.0 * h);
        let px = Points::new(&x, dim)?;
        let pr = Points::new(&xr, dim)?;
        if params.h0 {
            let (a, b) = (h0(px)?, h0(pr)?);
            c.dims.push(DimensionReport {
                dim: 0,
                distance: exact(&a, &b, params.wasserstein)?,
            });
        }
        if params.h1 {
            c.dims.push(DimensionReport {
                dim: 1,
                distance: h1_distance(px, pr, params)?,
            });
        }
        classes.push(c);
    }
    Ok(Report {
        norm: params.norm,
        epsilon: overall,
        classes,
    })
}

fn exact(a: &Diagram, b: &Diagram, order: Option<f64>) -> Result<DiagramDistance> {
    Ok(DiagramDistance::Exact {
        bottleneck: bottleneck(a, b)?,
        wasserstein: order.map(|p| wasserstein(a, b, p)).transpose()?,
    })
}

/// H0 of a cloud by its spanning tree; one point has the single class `[0, inf)`.
fn h0(p: Points<'_>) -> Result<Diagram> {
    if p.len() < 2 {
        return Diagram::new(alloc::vec![(0.0, f64::INFINITY)]);
    }
    h0_diagram_mst(p)
}

/// H1 of a cloud; fewer than 3 points have none.
fn h1(p: Points<'_>) -> Result<Diagram> {
    if p.len() < 3 {
        return Ok(Diagram::default());
    }
    let mut d = rips_diagrams(
        p,
        &RipsParams {
            max_dim: 1,
            threshold: None,
        },
    )?;
    d.pop().ok_or(Error::Empty)
}

/// The set itself when small enough, else its landmarks with their covering radius.
fn shrink(p: Points<'_>, cap: usize) -> Result<(Vec<f32>, usize, f64)> {
    if p.len() <= cap {
        return Ok((p.as_slice().to_vec(), p.len(), 0.0));
    }
    let (rows, radius) = maxmin_landmarks(p, cap)?;
    Ok((gather(p, &rows), rows.len(), radius))
}

fn h1_distance(x: Points<'_>, xr: Points<'_>, params: &ReportParams) -> Result<DiagramDistance> {
    let cap = params.h1_max_points;
    if x.len() <= cap && xr.len() <= cap {
        return exact(&h1(x)?, &h1(xr)?, params.wasserstein);
    }
    if !params.h1_landmarks {
        return Ok(DiagramDistance::Skipped {
            reason: "H1 skipped: class too large (above h1_max_points)",
        });
    }
    let dim = x.dim();
    let (lx, nx, rx) = shrink(x, cap)?;
    let (lr, nr, rr) = shrink(xr, cap)?;
    let a = h1(Points::new(&lx, dim)?)?;
    let b = h1(Points::new(&lr, dim)?)?;
    Ok(DiagramDistance::Landmark {
        bottleneck: bottleneck(&a, &b)?,
        error: 2.0 * (rx + rr),
        landmarks_full: nx,
        landmarks_reduced: nr,
    })
}
