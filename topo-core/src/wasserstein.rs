//! p-Wasserstein distance between persistence diagrams (L-infinity ground distance).
//!
//! `W_p(A, B) = (min over matchings of sum cost^p)^(1/p)`, where a matched pair costs its
//! L-infinity distance, a point left unmatched costs its distance to the diagonal (half its
//! persistence), and essential classes are matched among themselves by birth (`+inf` when their
//! counts differ): GUDHI's `wasserstein_distance(X, Y, order=p, internal_p=inf)`.
//!
//! Small problems (`|A| + |B| <= exact_limit` finite points) are solved exactly by the Hungarian
//! method on the `(|A| + |B|)^2` cost matrix; larger ones by an auction with epsilon-scaling whose
//! result `W^p` is within a relative error `relative_error` of the optimum (so `W` itself is
//! within about `relative_error / p`), using memory linear in the diagram sizes.
//!
//! Costs are measured in units of the bottleneck distance, computed first (see `ground_cost`),
//! so any magnitude and any order `p` (even huge, where `W_p` tends to the bottleneck distance)
//! is handled without overflow or loss of relative precision.

use alloc::vec::Vec;

use crate::auction::auction_cost;
use crate::bottleneck::bottleneck;
use crate::diagram::Diagram;
use crate::error::{Error, Result};
use crate::essential::Parts;
use crate::ground_cost::GroundCost;
use crate::hungarian::min_assignment_cost;

/// Largest `|A| + |B|` the exact solver accepts (its matrix is `8 * N^2` bytes: 128 MiB here).
pub const MAX_EXACT_POINTS: usize = 4096;

/// Options of [`wasserstein_with`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WassersteinParams {
    /// The order `p >= 1` (finite).
    pub order: f64,
    /// Use the exact solver when the diagrams have at most this many finite points together
    /// (clamped to [`MAX_EXACT_POINTS`]).
    pub exact_limit: usize,
    /// Relative error bound on `W^p` for the auction (`> 0`). Default `1e-7`.
    pub relative_error: f64,
}

impl WassersteinParams {
    /// Order `p` with the default exact limit (600 points) and relative error (`1e-7`).
    pub fn new(order: f64) -> Self {
        Self {
            order,
            exact_limit: 600,
            relative_error: 1e-7,
        }
    }
}

/// p-Wasserstein distance with default parameters ([`WassersteinParams::new`]).
///
/// ```
/// use topo_core::{Diagram, wasserstein};
/// let a = Diagram::new(vec![(0.0, 4.0), (1.0, 2.0)])?;
/// let b = Diagram::new(vec![(0.0, 3.5)])?;
/// // 0.5 for (0,4) <-> (0,3.5) plus 0.5 for (1,2) to the diagonal.
/// assert_eq!(wasserstein(&a, &b, 1.0)?, 1.0);
/// assert!(wasserstein(&a, &b, 0.5).is_err());
/// # Ok::<(), topo_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when `order` is not a finite number `>= 1`.
pub fn wasserstein(a: &Diagram, b: &Diagram, order: f64) -> Result<f64> {
    wasserstein_with(a, b, &WassersteinParams::new(order))
}

/// p-Wasserstein distance with explicit parameters.
///
/// # Errors
/// [`Error::InvalidParameter`] when `order` is not a finite number `>= 1` or `relative_error`
/// is not a finite number `> 0`.
pub fn wasserstein_with(a: &Diagram, b: &Diagram, params: &WassersteinParams) -> Result<f64> {
    let p = params.order;
    if !(p.is_finite() && p >= 1.0) {
        return Err(Error::InvalidParameter(
            "Wasserstein order must be finite and >= 1",
        ));
    }
    let tol = params.relative_error;
    if !(tol.is_finite() && tol > 0.0) {
        return Err(Error::InvalidParameter(
            "Wasserstein relative error must be finite and > 0",
        ));
    }
    let pa = Parts::of(a);
    let pb = Parts::of(b);
    if pa.essential.len() != pb.essential.len() {
        return Ok(f64::INFINITY);
    }
    // Work in units of the bottleneck distance (see `ground_cost`): no overflow or harmful
    // underflow whatever the magnitudes and the order.
    let unit = bottleneck(a, b)?;
    if unit == 0.0 {
        return Ok(0.0);
    }
    let terms = pa.finite.len() + pb.finite.len() + pa.essential.len();
    let g = GroundCost::new(p, unit, terms);
    let ess: f64 = pa
        .essential
        .iter()
        .zip(&pb.essential)
        .map(|(x, y)| g.of((x - y).abs()))
        .sum();
    let total = pa.finite.len() + pb.finite.len();
    let finite = if total <= params.exact_limit.min(MAX_EXACT_POINTS) {
        exact_cost(&pa.finite, &pb.finite, &g)
    } else {
        auction_cost(&pa.finite, &pb.finite, &g, tol)
    };
    Ok(unit * libm::pow(finite + ess, 1.0 / p))
}

/// Exact optimal `sum cost^p` over the square `(n + m)` formulation with diagonal copies.
fn exact_cost(a: &[[f64; 2]], b: &[[f64; 2]], g: &GroundCost) -> f64 {
    let size = a.len() + b.len();
    let mut c = Vec::with_capacity(size * size);
    // Rows: A's points, then one diagonal copy per point of B. Columns: B's points, then one
    // diagonal slot per point of A (any slot serves any point: they are interchangeable).
    for row in 0..size {
        for col in 0..size {
            c.push(match (a.get(row), b.get(col)) {
                (Some(&x), Some(&y)) => g.pair(x, y),
                (Some(&x), None) => g.diagonal(x),
                (None, Some(&y)) => g.diagonal(y),
                (None, None) => 0.0,
            });
        }
    }
    min_assignment_cost(&c, size)
}
