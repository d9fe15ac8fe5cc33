//! The distance DOM covers its classes in, and the Chebyshev distance with its `f32` estimate.
//!
//! The epsilon-representativeness that DOM is judged by (`find_epsilon`, spec §4.1) is
//! Chebyshev; a Euclidean cover only bounds it from above. Covering in Chebyshev directly
//! makes the reported epsilon the representativeness itself.

use crate::distance::squared_euclidean;
#[cfg(test)]
use alloc::vec::Vec;

/// The distance DOM's epsilon is measured in (`Fidelity::Improved` only; `Reference` is always
/// Euclidean, as the reference's faiss `IndexFlatL2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DomMetric {
    /// Euclidean (L2): the reference's distance.
    Euclidean,
    /// Chebyshev (L-infinity): the distance of the epsilon-representativeness. The default: it
    /// gave the smaller representativeness in every cell of the cross-check (crate README).
    #[default]
    Chebyshev,
}

impl DomMetric {
    /// The distance between two rows as DOM compares it: squared Euclidean (monotone in the
    /// Euclidean distance) or Chebyshev, both in `f64`.
    #[inline]
    pub(crate) fn key(self, a: &[f32], b: &[f32]) -> f64 {
        match self {
            DomMetric::Euclidean => squared_euclidean(a, b),
            DomMetric::Chebyshev => chebyshev(a, b),
        }
    }

    /// The key of a distance `epsilon >= 0` (its square for Euclidean).
    #[inline]
    pub(crate) fn key_of(self, epsilon: f64) -> f64 {
        match self {
            DomMetric::Euclidean => epsilon * epsilon,
            DomMetric::Chebyshev => epsilon,
        }
    }
}

/// Chebyshev distance `max_j |a_j - b_j|`, each difference taken in `f64` (correctly rounded,
/// so the result is the exact distance within one `f64` rounding).
#[inline]
pub(crate) fn chebyshev(a: &[f32], b: &[f32]) -> f64 {
    let mut m = 0.0_f64;
    for (x, y) in a.iter().zip(b) {
        let d = libm::fabs(f64::from(*x) - f64::from(*y));
        // Not `f64::max`: a plain select vectorises.
        if d > m {
            m = d;
        }
    }
    m
}

/// Chebyshev distance in `f32`, eight lanes. Each `fl(|a_j - b_j|)` is the correctly rounded
/// difference, and rounding is monotone, so the maximum is the exact distance rounded once to
/// `f32` (relative error `<= 2^-24`, or `2^-150` absolute below the normal range; overflow
/// gives `inf`).
#[inline(always)]
pub(crate) fn chebyshev_estimate(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0_f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        let (Ok(x), Ok(y)) = (<&[f32; 8]>::try_from(x), <&[f32; 8]>::try_from(y)) else {
            continue;
        };
        for k in 0..8 {
            let d = (x[k] - y[k]).abs();
            acc[k] = if d > acc[k] { d } else { acc[k] };
        }
    }
    let mut m = 0.0_f32;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        let d = (x - y).abs();
        m = if d > m { d } else { m };
    }
    for v in acc {
        m = if v > m { v } else { m };
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chebyshev_is_the_largest_coordinate_gap() {
        let a = [0.0_f32, 1.0, -2.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 3.0];
        let b = [1.0_f32, 1.0, 2.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0];
        assert_eq!(chebyshev(&a, &b), 4.5);
        assert_eq!(chebyshev_estimate(&a, &b), 4.5);
        assert_eq!(DomMetric::Euclidean.key_of(3.0), 9.0);
    }

    #[test]
    fn the_estimate_orders_like_the_exact_distance() {
        // What the Chebyshev walk relies on: an estimate above another proves the exact
        // distance is not below the other's, and each estimate is within 2^-24 of it.
        let mut rng = crate::SeededRng::new(9);
        let centre: [f32; 11] = core::array::from_fn(|_| crate::uniform_unit(&mut rng) as f32);
        let mut rows = Vec::new();
        let n = if cfg!(miri) { 200 } else { 3000 };
        for k in 0..n {
            // Near-ties: coordinates drawn from a narrow band, then a few far rows.
            let spread = if k % 10 == 0 { 10.0 } else { 1e-6 };
            let row: [f32; 11] = core::array::from_fn(|j| {
                centre[j] + 0.25 + (crate::uniform_unit(&mut rng) * spread) as f32
            });
            rows.push((chebyshev_estimate(&row, &centre), chebyshev(&row, &centre)));
        }
        for &(est, exact) in &rows {
            assert!(libm::fabs(f64::from(est) - exact) <= exact * libm::ldexp(1.0, -24));
        }
        for w in rows.windows(2) {
            let ((ea, xa), (eb, xb)) = (w[0], w[1]);
            if ea > eb {
                assert!(xa >= xb);
            }
            if ea < eb {
                assert!(xa <= xb);
            }
        }
    }
}
