//! The cost of matching diagram points in the p-Wasserstein problem, made safe for any magnitude
//! and any order.
//!
//! Costs are measured in units of the bottleneck distance `b` (computed first): the optimal
//! matching then has a total cost between 1 and `N` (its largest term is at least `b`, and the
//! bottleneck matching has every term at most `b`). So terms far below `b` may underflow without
//! affecting the relative precision, and every cost can be capped at `N + 1`, above the optimum,
//! which removes overflow and infinities without changing the minimum. A pair of points also
//! never costs more than sending both to the diagonal (the optimum is unchanged by that clamp
//! either: with a pair matched, some diagonal copy is matched to a diagonal slot at cost 0, and
//! the two can be exchanged).

use crate::auction::pow_order;
use crate::essential::to_diagonal;
use crate::plane_index::linf;

/// `(distance / unit)^p`, capped.
pub(crate) struct GroundCost {
    p: f64,
    unit: f64,
    cap: f64,
}

impl GroundCost {
    /// Costs of order `p` in units of `unit > 0`, capped at `terms + 1`.
    pub(crate) fn new(p: f64, unit: f64, terms: usize) -> Self {
        Self {
            p,
            unit,
            cap: terms as f64 + 1.0,
        }
    }

    /// `(d / unit)^p`, at most the cap (differences are taken before dividing, so no
    /// intermediate value is NaN).
    #[inline]
    pub(crate) fn of(&self, d: f64) -> f64 {
        let c = pow_order(d / self.unit, self.p);
        if c < self.cap { c } else { self.cap }
    }

    /// Cost of sending a point to the diagonal.
    #[inline]
    pub(crate) fn diagonal(&self, x: [f64; 2]) -> f64 {
        self.of(to_diagonal(x))
    }

    /// Cost of matching two points, clamped to the cost of sending both to the diagonal.
    #[inline]
    pub(crate) fn pair(&self, x: [f64; 2], y: [f64; 2]) -> f64 {
        let c = self.of(linf(x, y));
        let apart = self.diagonal(x) + self.diagonal(y);
        if c < apart { c } else { apart }
    }
}
