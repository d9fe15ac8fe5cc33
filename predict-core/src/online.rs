//! Recursive least squares with fixed-size state: the online update of a linear model, one row
//! at a time, with no allocation.

use crate::error::{Error, Result};

/// Recursive least squares over `N` regressors.
///
/// Starts from a prior estimate `theta0` with prior precision `lambda_j` per coefficient
/// (how many unit-regressor observations the prior is worth); after `n` rows the estimate is
/// exactly the ridge solution `argmin sum (y - x.theta)^2 + sum lambda_j (theta_j - theta0_j)^2`,
/// so with a weak prior it converges to the batch least-squares fit.
///
/// ```
/// use predict_core::RecursiveLeastSquares;
/// let mut rls = RecursiveLeastSquares::<2>::new([0.0, 0.0], [1e-9, 1e-9]).unwrap();
/// for i in 0..20 {
///     let x = i as f64;
///     rls.update(&[1.0, x], 2.0 + 0.5 * x).unwrap();
/// }
/// assert!((rls.theta()[0] - 2.0).abs() < 1e-6 && (rls.theta()[1] - 0.5).abs() < 1e-6);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecursiveLeastSquares<const N: usize> {
    theta: [f64; N],
    /// Inverse of the information matrix.
    p: [[f64; N]; N],
    rows: u64,
    cost: f64,
}

impl<const N: usize> RecursiveLeastSquares<N> {
    /// A new estimator at `theta0` with per-coefficient prior precision `precision` (> 0).
    pub fn new(theta0: [f64; N], precision: [f64; N]) -> Result<Self> {
        if theta0.iter().any(|v| !v.is_finite()) {
            return Err(Error::InvalidParameter("prior coefficients must be finite"));
        }
        if precision.iter().any(|&v| !v.is_finite() || v <= 0.0) {
            return Err(Error::InvalidParameter(
                "prior precision must be finite and > 0",
            ));
        }
        let mut p = [[0.0; N]; N];
        for (i, row) in p.iter_mut().enumerate() {
            row[i] = 1.0 / precision[i];
        }
        Ok(RecursiveLeastSquares {
            theta: theta0,
            p,
            rows: 0,
            cost: 0.0,
        })
    }

    /// Current estimate.
    pub fn theta(&self) -> &[f64; N] {
        &self.theta
    }

    /// Rows seen.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The minimised penalised cost so far: the sum of squared residuals of the current
    /// estimate plus the prior penalty. Each row adds `e^2 / (1 + x'Px)` with `e` its error
    /// before the update, so rows that arrive while the estimate is still uncertain (large
    /// `x'Px`) count little: `cost / rows` estimates the noise variance without the transient
    /// of the first rows.
    pub fn cost(&self) -> f64 {
        self.cost
    }

    /// Prediction `x . theta`.
    pub fn predict(&self, x: &[f64; N]) -> f64 {
        x.iter().zip(self.theta.iter()).map(|(a, b)| a * b).sum()
    }

    /// Adds one row. Non-finite input is rejected and leaves the state unchanged.
    pub fn update(&mut self, x: &[f64; N], y: f64) -> Result<()> {
        if !y.is_finite() || x.iter().any(|v| !v.is_finite()) {
            return Err(Error::InvalidValue("regression row must be finite"));
        }
        let mut px = [0.0; N];
        for (i, row) in self.p.iter().enumerate() {
            px[i] = row.iter().zip(x.iter()).map(|(a, b)| a * b).sum();
        }
        let denom = 1.0 + x.iter().zip(px.iter()).map(|(a, b)| a * b).sum::<f64>();
        if !denom.is_finite() || denom <= 0.0 {
            return Err(Error::InvalidValue(
                "regression row overflows the estimator",
            ));
        }
        let err = y - self.predict(x);
        let mut theta = self.theta;
        for (t, pxi) in theta.iter_mut().zip(px.iter()) {
            *t += pxi / denom * err;
        }
        if theta.iter().any(|v| !v.is_finite()) {
            return Err(Error::InvalidValue(
                "regression row overflows the estimator",
            ));
        }
        // Checked first, then P is updated in place (no copy of the N x N matrix).
        for (row, pxi) in self.p.iter_mut().zip(px.iter()) {
            let k = pxi / denom;
            for (pij, pxj) in row.iter_mut().zip(px.iter()) {
                *pij -= k * pxj;
            }
        }
        self.theta = theta;
        self.rows += 1;
        self.cost += err * err / denom;
        Ok(())
    }
}
