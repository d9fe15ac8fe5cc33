//! The distance DOM covers its classes in, and the Chebyshev distance with its `f32` screen.
//!
//! The epsilon-representativeness that DOM is judged by (`find_epsilon`, spec §4.1) is
//! Chebyshev; a Euclidean cover only bounds it from above. Covering in Chebyshev directly
//! makes the reported epsilon the representativeness itself.

use crate::distance::squared_euclidean;

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

/// `true` when the `f32` estimate `est` proves the `f64` [`chebyshev`] distance is `>= bound`.
///
/// Both are within `2^-24` (relative) of the exact distance, plus `2^-150` absolute for
/// subnormal `f32` results; the margin used, `2^-22` relative and `2^-140` absolute, covers
/// both. A NaN or infinite estimate settles nothing.
#[inline(always)]
pub(crate) fn chebyshev_settles(est: f32, bound: f64) -> bool {
    let est = f64::from(est);
    est.is_finite() && est * (1.0 - libm::ldexp(1.0, -22)) - libm::ldexp(1.0, -140) >= bound
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
    fn the_screen_never_settles_a_wrong_answer() {
        // Differences that f32 rounds: the estimate may be off by half an ulp either way.
        let mut rng = crate::SeededRng::new(9);
        for _ in 0..2000 {
            let a: [f32; 11] = core::array::from_fn(|_| crate::uniform_unit(&mut rng) as f32);
            let b: [f32; 11] =
                core::array::from_fn(|_| (crate::uniform_unit(&mut rng) * 1e-3) as f32 + 0.5);
            let exact = chebyshev(&a, &b);
            let est = chebyshev_estimate(&a, &b);
            for bound in [
                exact,
                exact.next_up(),
                exact * (1.0 + 1e-7),
                exact * (1.0 - 1e-7),
            ] {
                if chebyshev_settles(est, bound) {
                    assert!(exact >= bound);
                }
            }
            assert!(!chebyshev_settles(est, exact.next_up()));
        }
        assert!(!chebyshev_settles(f32::INFINITY, 1.0));
        assert!(!chebyshev_settles(f32::NAN, 1.0));
    }
}
