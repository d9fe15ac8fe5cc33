//! The regressors of the accuracy model, shared by the batch fit and the online state so both
//! see exactly the same inputs.

use crate::mode::Mode;

/// Largest supported lag order.
pub const MAX_LAGS: usize = 8;
/// Exogenous regressors after the lags: freeze at t, quantize at t, freeze at t-1, quantize at
/// t-1, and `1 / epochs_in_mode` while an intervention is in force (0 in base mode).
pub const NUM_EXOG: usize = 5;
/// Length of a coefficient vector (unused lag slots stay 0).
pub const NUM_COEF: usize = MAX_LAGS + NUM_EXOG;

/// Accuracies below this are clamped before the logarithm (a logged accuracy of exactly 0
/// would otherwise give minus infinity).
pub const ACC_FLOOR: f64 = 1e-4;

/// The model works on log accuracy: relative errors are what MAPE measures, and a forecast
/// exponentiated back can never be negative.
pub fn log_accuracy(acc: f64) -> f64 {
    libm::log(if acc > ACC_FLOOR { acc } else { ACC_FLOOR })
}

/// Builds the regressor vector for a target epoch.
///
/// `lag(k)` returns the log accuracy `k` epochs before the target (k = 1..=lags); `mode` and
/// `epochs_in_mode` describe the target epoch, `prev_mode` the epoch before it.
pub fn regressors(
    lags: usize,
    lag: impl Fn(usize) -> f64,
    mode: Mode,
    prev_mode: Mode,
    epochs_in_mode: u32,
) -> [f64; NUM_COEF] {
    let mut x = [0.0; NUM_COEF];
    for (k, slot) in x.iter_mut().enumerate().take(lags.min(MAX_LAGS)) {
        *slot = lag(k + 1);
    }
    let e = MAX_LAGS;
    x[e] = f64::from(u8::from(mode == Mode::Freeze));
    x[e + 1] = f64::from(u8::from(mode == Mode::Quantize));
    x[e + 2] = f64::from(u8::from(prev_mode == Mode::Freeze));
    x[e + 3] = f64::from(u8::from(prev_mode == Mode::Quantize));
    x[e + 4] = if mode == Mode::Base {
        0.0
    } else {
        1.0 / f64::from(epochs_in_mode.max(1))
    };
    x
}

/// Dot product of a regressor vector with coefficients.
pub fn dot(x: &[f64; NUM_COEF], b: &[f64; NUM_COEF]) -> f64 {
    x.iter().zip(b.iter()).map(|(a, c)| a * c).sum()
}
