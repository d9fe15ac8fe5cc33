//! The accuracy model and its batch least-squares fit over many runs.
//!
//! `ln acc_t = sum_k b_k ln acc_{t-k} + exog_t . c + alpha_run + noise`: autoregressive in log
//! validation accuracy with exogenous mode terms and a per-run offset `alpha_run` (the paper's
//! fixed effect). The fit removes the offsets by demeaning each group (the "within" estimator,
//! identical to least squares with one dummy per group), so they never enter the shared
//! coefficients; a new run learns its own offset online (see [`crate::RunState`]).

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use nalgebra::{DMatrix, DVector};

use crate::error::{Error, Result};
use crate::features::{MAX_LAGS, NUM_COEF, dot, log_accuracy, regressors};
use crate::trace::Trace;

/// Settings of the batch fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitConfig {
    /// Lag order, `1..=8` (default 4, as in the paper).
    pub lags: usize,
    /// Ridge penalty added to the diagonal of `X'X / n` (0 = plain least squares).
    pub ridge: f64,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig {
            lags: 4,
            ridge: 0.0,
        }
    }
}

impl FitConfig {
    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        if self.lags == 0 || self.lags > MAX_LAGS {
            return Err(Error::InvalidParameter("lags must be in 1..=8"));
        }
        if !self.ridge.is_finite() || self.ridge < 0.0 {
            return Err(Error::InvalidParameter("ridge must be finite and >= 0"));
        }
        Ok(())
    }
}

/// The fitted accuracy model (fixed size, `Copy`, no allocation to use).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AccuracyModel {
    /// Lag order.
    pub lags: usize,
    /// Coefficients: lags `1..=lags` first (unused slots 0), then the exogenous terms in the
    /// order documented in [`crate::features::regressors`].
    pub coef: [f64; NUM_COEF],
    /// Mean of the groups' offsets: the prior offset of a run not seen yet.
    pub mean_offset: f64,
    /// Mean squared residual of the fit (log scale): the prior noise level of a new run.
    pub residual_var: f64,
}

impl AccuracyModel {
    /// A model that needs no data: a damped trend in log accuracy over the last 8 epochs.
    /// Level `L` = mean of the last 4 log accuracies, slope `s` = (L - mean of the 4 before) / 4
    /// per epoch; the next epoch is `L + 0.7 * 2.5 * s` (the level is centred 2.5 epochs back;
    /// 0.7 damps the trend). As lag coefficients: 0.359375 on lags 1..4, -0.109375 on lags
    /// 5..8 (sum 1: no offset, no mode effects). Averaging over 4 epochs keeps one noisy epoch
    /// from turning the projected trend; a plateau is projected flat, a climb to continue with
    /// a shrinking gain.
    pub fn prior() -> AccuracyModel {
        let mut coef = [0.0; NUM_COEF];
        let damping = 0.7;
        let slope_weight = damping * 2.5 / 16.0;
        for (k, c) in coef.iter_mut().enumerate().take(8) {
            *c = if k < 4 {
                0.25 + slope_weight
            } else {
                -slope_weight
            };
        }
        AccuracyModel {
            lags: 8,
            coef,
            mean_offset: 0.0,
            residual_var: 1e-4,
        }
    }

    /// Prediction of log accuracy without the run offset, for a regressor vector.
    pub fn predict_log(&self, x: &[f64; NUM_COEF]) -> f64 {
        dot(x, &self.coef)
    }
}

/// The rows to fit on: traces, each with a group (runs sharing a group share an offset) and
/// the first target index to use (so that branch runs that repeat another run's prefix do not
/// count those rows twice).
#[derive(Debug, Clone, Default)]
pub struct FitSet<'a> {
    items: Vec<(&'a Trace, u32, usize)>,
}

impl<'a> FitSet<'a> {
    /// An empty set.
    pub fn new() -> Self {
        FitSet { items: Vec::new() }
    }

    /// Adds a trace: its rows with index `>= first_target` (0-based, and always `>= lags`)
    /// become targets; `group` selects the offset.
    pub fn add(&mut self, trace: &'a Trace, group: u32, first_target: usize) {
        self.items.push((trace, group, first_target));
    }

    /// The traces added so far.
    pub fn traces(&self) -> impl Iterator<Item = &'a Trace> + '_ {
        self.items.iter().map(|(t, _, _)| *t)
    }

    /// Calls `f(group, x, y)` for every target row.
    fn for_each_row(&self, lags: usize, mut f: impl FnMut(u32, &[f64; NUM_COEF], f64)) {
        for &(trace, group, first) in &self.items {
            let r = trace.records();
            for i in first.max(lags)..r.len() {
                let prev_mode = r[i - 1].mode;
                let x = regressors(
                    lags,
                    |k| log_accuracy(r[i - k].val_accuracy),
                    r[i].mode,
                    prev_mode,
                    r[i].epochs_in_mode(),
                );
                f(group, &x, log_accuracy(r[i].val_accuracy));
            }
        }
    }

    /// Fits the accuracy model by least squares with per-group offsets.
    ///
    /// Errors: [`Error::Empty`] without traces, [`Error::TooShort`] when no trace is longer
    /// than the lag order, [`Error::Singular`] when the system cannot be solved.
    pub fn fit(&self, config: FitConfig) -> Result<AccuracyModel> {
        config.validate()?;
        if self.items.is_empty() {
            return Err(Error::Empty);
        }
        let lags = config.lags;
        // Group means (first pass).
        let mut sums: BTreeMap<u32, ([f64; NUM_COEF], f64, usize)> = BTreeMap::new();
        self.for_each_row(lags, |g, x, y| {
            let e = sums.entry(g).or_insert(([0.0; NUM_COEF], 0.0, 0));
            for (s, v) in e.0.iter_mut().zip(x.iter()) {
                *s += v;
            }
            e.1 += y;
            e.2 += 1;
        });
        let n: usize = sums.values().map(|s| s.2).sum();
        if n == 0 {
            let longest = self
                .items
                .iter()
                .map(|(t, _, _)| t.len())
                .max()
                .unwrap_or(0);
            return Err(Error::TooShort {
                needed: lags + 1,
                got: longest,
            });
        }
        let means: BTreeMap<u32, ([f64; NUM_COEF], f64)> = sums
            .iter()
            .map(|(g, (sx, sy, c))| {
                let c = *c as f64;
                let mut mx = *sx;
                mx.iter_mut().for_each(|v| *v /= c);
                (*g, (mx, sy / c))
            })
            .collect();
        // Normal equations of the demeaned rows (second pass).
        let mut xtx = DMatrix::<f64>::zeros(NUM_COEF, NUM_COEF);
        let mut xty = DVector::<f64>::zeros(NUM_COEF);
        self.for_each_row(lags, |g, x, y| {
            let Some((mx, my)) = means.get(&g) else {
                return;
            };
            let mut d = [0.0; NUM_COEF];
            for j in 0..NUM_COEF {
                d[j] = x[j] - mx[j];
            }
            let dy = y - my;
            for a in 0..NUM_COEF {
                xty[a] += d[a] * dy;
                for b in 0..NUM_COEF {
                    xtx[(a, b)] += d[a] * d[b];
                }
            }
        });
        let nf = n as f64;
        xtx /= nf;
        xty /= nf;
        // Columns without variation (unused lags, modes absent from the data) are left at 0.
        let max_diag = (0..NUM_COEF).map(|j| xtx[(j, j)]).fold(0.0, f64::max);
        let active: Vec<usize> = (0..NUM_COEF)
            .filter(|&j| xtx[(j, j)] > 1e-12 * max_diag.max(1e-300))
            .collect();
        if active.is_empty() || n < active.len() {
            return Err(Error::Singular);
        }
        let k = active.len();
        let a = DMatrix::from_fn(k, k, |i, j| {
            xtx[(active[i], active[j])] + if i == j { config.ridge } else { 0.0 }
        });
        let b = DVector::from_fn(k, |i, _| xty[active[i]]);
        let sol = a.cholesky().ok_or(Error::Singular)?.solve(&b);
        let mut coef = [0.0; NUM_COEF];
        for (i, &j) in active.iter().enumerate() {
            coef[j] = sol[i];
        }
        if coef.iter().any(|c| !c.is_finite()) {
            return Err(Error::Singular);
        }
        // Offsets and residual variance.
        let offsets: Vec<f64> = means.values().map(|(mx, my)| my - dot(mx, &coef)).collect();
        let mean_offset = offsets.iter().sum::<f64>() / offsets.len() as f64;
        let mut ss = 0.0;
        self.for_each_row(lags, |g, x, y| {
            if let Some((mx, my)) = means.get(&g) {
                let off = my - dot(mx, &coef);
                let r = y - dot(x, &coef) - off;
                ss += r * r;
            }
        });
        Ok(AccuracyModel {
            lags,
            coef,
            mean_offset,
            residual_var: ss / nf,
        })
    }
}
