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

use alloc::vec::Vec;

use crate::auction::{auction_cost, pow_order};
use crate::diagram::Diagram;
use crate::error::{Error, Result};
use crate::essential::{Parts, essential_power_sum, to_diagonal};
use crate::hungarian::min_assignment_cost;
use crate::plane_index::linf;

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
    let mut pa = Parts::of(a);
    let mut pb = Parts::of(b);
    if pa.essential.len() != pb.essential.len() {
        return Ok(f64::INFINITY);
    }
    // W_p is homogeneous: compute on coordinates divided by a power of two (exact) so that no
    // cost^p overflows, whatever the magnitudes. (For orders in the hundreds and above, terms far
    // below the largest one underflow to 0; the bottleneck distance is the p -> inf limit.)
    let scale = power_of_two_above(&pa, &pb);
    for parts in [&mut pa, &mut pb] {
        parts.finite.iter_mut().flatten().for_each(|v| *v /= scale);
        parts.essential.iter_mut().for_each(|v| *v /= scale);
    }
    let ess = essential_power_sum(&pa.essential, &pb.essential, p).unwrap_or(f64::INFINITY);
    let total = pa.finite.len() + pb.finite.len();
    let finite = if total <= params.exact_limit.min(MAX_EXACT_POINTS) {
        exact_cost(&pa.finite, &pb.finite, p)
    } else {
        auction_cost(&pa.finite, &pb.finite, p, tol)
    };
    Ok(scale * libm::pow(finite + ess, 1.0 / p))
}

/// The smallest power of two at least the largest half-persistence and the largest difference
/// of sorted essential births (1 when all are 0). After dividing by it every diagonal cost and
/// every essential cost is at most 1, and (with the clamping of pair costs) so is every cost.
fn power_of_two_above(a: &Parts, b: &Parts) -> f64 {
    let halves = a
        .finite
        .iter()
        .chain(b.finite.iter())
        .map(|&p| to_diagonal(p));
    let ess = a
        .essential
        .iter()
        .zip(&b.essential)
        .map(|(x, y)| (x - y).abs());
    let m = halves.chain(ess).fold(0.0f64, f64::max);
    if m <= 0.0 || m.is_nan() {
        return 1.0;
    }
    let mut s = 1.0f64;
    // Doubling and halving are exact; at most ~2100 steps over the whole f64 range.
    while s < m && s.is_finite() {
        s *= 2.0;
    }
    while s * 0.5 >= m && s * 0.5 > 0.0 {
        s *= 0.5;
    }
    if s.is_finite() { s } else { f64::MAX }
}

/// `linf(x, y)^p`, clamped to the cost of sending both points to the diagonal: a pair costing
/// more is never better than that alternative, so the optimum is unchanged, and no cost exceeds
/// 2 once the coordinates are scaled.
fn pair_cost(x: [f64; 2], y: [f64; 2], p: f64) -> f64 {
    let c = pow_order(linf(x, y), p);
    let apart = pow_order(to_diagonal(x), p) + pow_order(to_diagonal(y), p);
    if c < apart { c } else { apart }
}

/// Exact optimal `sum cost^p` over the square `(n + m)` formulation with diagonal copies.
fn exact_cost(a: &[[f64; 2]], b: &[[f64; 2]], p: f64) -> f64 {
    let size = a.len() + b.len();
    let mut c = Vec::with_capacity(size * size);
    // Rows: A's points, then one diagonal copy per point of B. Columns: B's points, then one
    // diagonal slot per point of A (any slot serves any point: they are interchangeable).
    for row in 0..size {
        for col in 0..size {
            c.push(match (a.get(row), b.get(col)) {
                (Some(&x), Some(&y)) => pair_cost(x, y, p),
                (Some(&x), None) => pow_order(to_diagonal(x), p),
                (None, Some(&y)) => pow_order(to_diagonal(y), p),
                (None, None) => 0.0,
            });
        }
    }
    min_assignment_cost(&c, size)
}
