//! The state of one run being followed epoch by epoch: fixed size, `Copy`, no allocation.

use crate::energy::EnergyLevel;
use crate::error::{Error, Result};
use crate::features::{MAX_LAGS, NUM_COEF, log_accuracy, regressors};
use crate::mode::Mode;
use crate::online::RecursiveLeastSquares;
use crate::predictor::Predictor;
use crate::trace::MAX_ENERGY;

/// One-step errors kept for the run's predictive variance.
pub const ERROR_WINDOW: usize = 32;

/// Regressors of the online model: the accuracy model's plus an intercept (the run offset).
pub const ONLINE_DIM: usize = NUM_COEF + 1;

/// One-step-ahead forecast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneStep {
    /// Median forecast of validation accuracy (`exp` of the log forecast).
    pub accuracy: f64,
    /// The forecast that minimises expected absolute percentage error when log errors are
    /// normal with the run's observed one-step variance `s2`: `exp(log forecast - s2)`.
    pub accuracy_min_mape: f64,
    /// Forecast energy of the epoch.
    pub energy: f64,
    /// Forecast cumulative energy after the epoch.
    pub cumulative_energy: f64,
    /// Forecast score (the paper's trade-off): `accuracy_min_mape / cumulative_energy`.
    pub score: f64,
}

/// Everything the forecaster keeps about the current run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunState {
    predictor: Predictor,
    rls: RecursiveLeastSquares<ONLINE_DIM>,
    lags: [f64; MAX_LAGS],
    lag_len: usize,
    lag_next: usize,
    last_epoch: Option<u32>,
    last_mode: Mode,
    mode_since: u32,
    last_accuracy: f64,
    energy: EnergyLevel,
    /// `energy.level(window)`, kept from the last observation (a median: not recomputed by
    /// every query of the planner).
    energy_level: Option<f64>,
    cumulative_energy: f64,
    epochs_seen: usize,
    errs: [f64; ERROR_WINDOW],
    errs_len: usize,
    errs_next: usize,
}

/// Copies of the lag ring used while forecasting forward.
#[derive(Clone, Copy)]
struct LagRing {
    buf: [f64; MAX_LAGS],
    next: usize,
}

impl LagRing {
    fn lag(&self, k: usize) -> f64 {
        self.buf[(self.next + MAX_LAGS - k) % MAX_LAGS]
    }
    fn push(&mut self, v: f64) {
        self.buf[self.next] = v;
        self.next = (self.next + 1) % MAX_LAGS;
    }
}

/// A point on a forecast path: the lags, mode history and energy so far. `Copy`, so a
/// planner can branch several paths off one prefix without recomputing it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathCursor {
    ring: [f64; MAX_LAGS],
    next: usize,
    prev: Mode,
    in_mode: u32,
    cumulative_energy: f64,
    level: f64,
}

/// The per-step constants of forecasting along paths from one state, computed once per plan:
/// lag coefficients padded to 8 (unused lags 0), the intercept, the mode terms and the epoch
/// energies, so that [`PathCursor::step`] does no lookups through the predictor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathModel {
    lag_coef: [f64; MAX_LAGS],
    intercept: f64,
    /// Term of the target epoch's mode, indexed by [`Mode::index`].
    mode_term: [f64; 3],
    /// Term of the previous epoch's mode.
    prev_term: [f64; 3],
    /// Coefficient of `1 / epochs_in_mode` (interventions only).
    in_mode_coef: f64,
    /// Epoch energy per mode: `[steady, first after a switch]`.
    epoch_energy: [[f64; 2]; 3],
}

impl PathModel {
    /// The constants for paths from `state` with base-equivalent energy `level`.
    pub fn new(state: &RunState, level: f64) -> PathModel {
        let theta = state.rls.theta();
        let lags = state.predictor.accuracy.lags.min(MAX_LAGS);
        let mut lag_coef = [0.0; MAX_LAGS];
        for (c, t) in lag_coef.iter_mut().zip(theta.iter()).take(lags) {
            *c = *t;
        }
        let e = MAX_LAGS;
        let energy = &state.predictor.energy;
        let modes = [Mode::Base, Mode::Freeze, Mode::Quantize];
        PathModel {
            lag_coef,
            intercept: theta[NUM_COEF],
            mode_term: [0.0, theta[e], theta[e + 1]],
            prev_term: [0.0, theta[e + 2], theta[e + 3]],
            in_mode_coef: theta[e + 4],
            epoch_energy: modes.map(|m| {
                [
                    energy.epoch_energy(level, m, false),
                    energy.epoch_energy(level, m, true),
                ]
            }),
        }
    }
}

impl PathCursor {
    /// [`Self::advance`] with the constants precomputed by [`PathModel::new`] (same result).
    #[inline]
    pub fn step(&mut self, model: &PathModel, mode: Mode) -> (f64, f64) {
        if mode != self.prev {
            self.in_mode = 1;
        }
        let mut z = model.intercept;
        for (k, b) in model.lag_coef.iter().enumerate() {
            z += b * self.ring[(self.next + MAX_LAGS - 1 - k) % MAX_LAGS];
        }
        z += model.mode_term[mode.index()] + model.prev_term[self.prev.index()];
        if mode != Mode::Base {
            z += model.in_mode_coef / f64::from(self.in_mode.max(1));
        }
        let z = z.min(0.0); // accuracy <= 1
        self.cumulative_energy += model.epoch_energy[mode.index()][usize::from(self.in_mode == 1)];
        self.ring[self.next] = z;
        self.next = (self.next + 1) % MAX_LAGS;
        self.prev = mode;
        self.in_mode = self.in_mode.saturating_add(1);
        (z, self.cumulative_energy)
    }

    /// Cumulative energy at this point of the path.
    pub fn cumulative_energy(&self) -> f64 {
        self.cumulative_energy
    }

    /// The run's base-equivalent energy per epoch used by the path.
    pub fn level(&self) -> f64 {
        self.level
    }

    /// Forecasts one more epoch in `mode` (median path) and moves there. Returns the log
    /// accuracy forecast (at most 0) and the cumulative energy after the epoch.
    pub fn advance(&mut self, state: &RunState, mode: Mode) -> (f64, f64) {
        if mode != self.prev {
            self.in_mode = 1;
        }
        let theta = state.rls.theta();
        let lags = state.predictor.accuracy.lags.min(MAX_LAGS);
        let mut z = theta[NUM_COEF];
        for (k, b) in theta.iter().enumerate().take(lags) {
            z += b * self.ring[(self.next + MAX_LAGS - 1 - k) % MAX_LAGS];
        }
        let e = MAX_LAGS;
        let is = |a: Mode, b: Mode| f64::from(u8::from(a == b));
        z += theta[e] * is(mode, Mode::Freeze)
            + theta[e + 1] * is(mode, Mode::Quantize)
            + theta[e + 2] * is(self.prev, Mode::Freeze)
            + theta[e + 3] * is(self.prev, Mode::Quantize);
        if mode != Mode::Base {
            z += theta[e + 4] / f64::from(self.in_mode.max(1));
        }
        let z = z.min(0.0); // accuracy <= 1
        self.cumulative_energy +=
            state
                .predictor
                .energy
                .epoch_energy(self.level, mode, self.in_mode == 1);
        self.ring[self.next] = z;
        self.next = (self.next + 1) % MAX_LAGS;
        self.prev = mode;
        self.in_mode = self.in_mode.saturating_add(1);
        (z, self.cumulative_energy)
    }
}

impl RunState {
    /// A fresh run followed by `predictor`.
    pub fn new(predictor: Predictor) -> Result<RunState> {
        predictor.validate()?;
        let mut theta = [0.0; ONLINE_DIM];
        theta[..NUM_COEF].copy_from_slice(&predictor.accuracy.coef);
        theta[NUM_COEF] = predictor.accuracy.mean_offset;
        let mut prec = [predictor.prior_strength; ONLINE_DIM];
        prec[NUM_COEF] = predictor.offset_strength;
        Ok(RunState {
            predictor,
            rls: RecursiveLeastSquares::new(theta, prec)?,
            lags: [0.0; MAX_LAGS],
            lag_len: 0,
            lag_next: 0,
            last_epoch: None,
            last_mode: Mode::Base,
            mode_since: 0,
            last_accuracy: 0.0,
            energy: EnergyLevel::default(),
            energy_level: None,
            cumulative_energy: 0.0,
            epochs_seen: 0,
            errs: [0.0; ERROR_WINDOW],
            errs_len: 0,
            errs_next: 0,
        })
    }

    /// The predictor in use.
    pub fn predictor(&self) -> &Predictor {
        &self.predictor
    }

    /// Epochs observed so far.
    pub fn epochs_seen(&self) -> usize {
        self.epochs_seen
    }

    /// Last epoch number observed.
    pub fn last_epoch(&self) -> Option<u32> {
        self.last_epoch
    }

    /// Mode of the last epoch observed (base before any).
    pub fn mode(&self) -> Mode {
        self.last_mode
    }

    /// Last validation accuracy observed.
    pub fn last_accuracy(&self) -> f64 {
        self.last_accuracy
    }

    /// Energy spent so far.
    pub fn cumulative_energy(&self) -> f64 {
        self.cumulative_energy
    }

    /// Current base-equivalent energy per epoch (None before the first epoch).
    pub fn energy_level(&self) -> Option<f64> {
        self.energy_level
    }

    /// True once enough epochs are seen to forecast (more than the lag order).
    pub fn can_forecast(&self) -> bool {
        self.lag_len >= self.predictor.accuracy.lags && self.energy_level().is_some()
    }

    /// Predictive variance of the run's log accuracy: the variance of the last (up to 32)
    /// one-step forecast errors, which includes both the run's noise and the uncertainty of
    /// the online estimate (the first error, made before the run offset is known, is left
    /// out). The model's residual variance until two errors are known.
    pub fn error_variance(&self) -> f64 {
        let n = self.errs_len.min(ERROR_WINDOW);
        let Some(errs) = self.errs.get(..n) else {
            return self.predictor.accuracy.residual_var;
        };
        if n < 2 {
            return self.predictor.accuracy.residual_var;
        }
        let mean = errs.iter().sum::<f64>() / n as f64;
        errs.iter().map(|e| (e - mean) * (e - mean)).sum::<f64>() / n as f64
    }

    fn ring(&self) -> LagRing {
        LagRing {
            buf: self.lags,
            next: self.lag_next,
        }
    }

    fn online_x(&self, ring: &LagRing, mode: Mode, prev: Mode, in_mode: u32) -> [f64; ONLINE_DIM] {
        let x = regressors(
            self.predictor.accuracy.lags,
            |k| ring.lag(k),
            mode,
            prev,
            in_mode,
        );
        let mut z = [1.0; ONLINE_DIM];
        z[..NUM_COEF].copy_from_slice(&x);
        z
    }

    /// Epochs in `mode` at the epoch after the last one, if that epoch is trained in `mode`.
    fn next_in_mode(&self, mode: Mode) -> u32 {
        let next = self.last_epoch.map_or(1, |e| e.saturating_add(1));
        if mode == self.last_mode && self.last_epoch.is_some() {
            next.saturating_sub(self.mode_since)
        } else {
            1
        }
    }

    /// Adds an epoch: checks it, scores the one-step forecast the state would have made (for
    /// the run's error variance), updates the online model, the lags and the energy level.
    /// `mode_since` is the epoch after which `mode` took over. Nothing is allocated.
    pub fn observe(
        &mut self,
        epoch: u32,
        val_accuracy: f64,
        energy: f64,
        mode: Mode,
        mode_since: u32,
    ) -> Result<()> {
        if !val_accuracy.is_finite() || !(0.0..=1.0).contains(&val_accuracy) {
            return Err(Error::InvalidValue("val_accuracy must be in [0, 1]"));
        }
        if !energy.is_finite() || !(0.0..=MAX_ENERGY).contains(&energy) {
            return Err(Error::InvalidValue("energy must be in [0, 1e100]"));
        }
        if mode_since > epoch {
            return Err(Error::InvalidValue("mode_since is after the epoch"));
        }
        if let Some(last) = self.last_epoch
            && epoch <= last
        {
            return Err(Error::NonMonotoneEpochs {
                index: self.epochs_seen,
            });
        }
        let y = log_accuracy(val_accuracy);
        let first_in_mode = self.last_epoch.is_none() || mode != self.last_mode;
        if self.lag_len >= self.predictor.accuracy.lags {
            let x = self.online_x(
                &self.ring(),
                mode,
                self.last_mode,
                epoch.saturating_sub(mode_since),
            );
            let err = y - self.rls.predict(&x);
            // The first error only measures the prior offset, not the run's noise.
            let offset_known = self.rls.rows() > 0;
            self.rls.update(&x, y)?;
            if offset_known {
                self.errs[self.errs_next] = err;
                self.errs_next = (self.errs_next + 1) % ERROR_WINDOW;
                self.errs_len = (self.errs_len + 1).min(ERROR_WINDOW);
            }
        }
        let mut ring = self.ring();
        ring.push(y);
        self.lags = ring.buf;
        self.lag_next = ring.next;
        self.lag_len = (self.lag_len + 1).min(MAX_LAGS);
        self.energy
            .push(&self.predictor.energy, energy, mode, first_in_mode);
        self.energy_level = self.energy.level(self.predictor.energy.window);
        self.cumulative_energy += energy;
        self.last_epoch = Some(epoch);
        self.last_mode = mode;
        self.mode_since = mode_since;
        self.last_accuracy = val_accuracy;
        self.epochs_seen = self.epochs_seen.saturating_add(1);
        Ok(())
    }

    /// Forecast of the next epoch if it is trained in `mode`. `None` until [`Self::can_forecast`].
    pub fn forecast_next(&self, mode: Mode) -> Option<OneStep> {
        let level = self.energy_level()?;
        if !self.can_forecast() {
            return None;
        }
        let in_mode = self.next_in_mode(mode);
        let x = self.online_x(&self.ring(), mode, self.last_mode, in_mode);
        let z = self.rls.predict(&x);
        let accuracy = libm::exp(z).min(1.0);
        let accuracy_min_mape = libm::exp(z - self.error_variance()).min(1.0);
        let energy = self
            .predictor
            .energy
            .epoch_energy(level, mode, in_mode == 1);
        let cumulative_energy = self.cumulative_energy + energy;
        Some(OneStep {
            accuracy,
            accuracy_min_mape,
            energy,
            cumulative_energy,
            // cumulative energy 0 (all epochs free) gives a huge but finite score
            score: accuracy_min_mape / cumulative_energy.max(f64::MIN_POSITIVE),
        })
    }

    /// The start of a forecast path at the last observed epoch (None until
    /// [`Self::can_forecast`]).
    pub fn cursor(&self) -> Option<PathCursor> {
        let level = self.energy_level()?;
        if !self.can_forecast() {
            return None;
        }
        Some(PathCursor {
            ring: self.lags,
            next: self.lag_next,
            prev: self.last_mode,
            in_mode: self.next_in_mode(self.last_mode),
            cumulative_energy: self.cumulative_energy,
            level,
        })
    }

    /// Forecasts `steps` epochs ahead (median path) when the run stays in its mode, or
    /// switches to `switch.0` from the `switch.1`-th coming epoch on (1 = the next epoch).
    /// Calls `visit(step, accuracy, cumulative_energy)` for each step; no allocation.
    /// Does nothing until [`Self::can_forecast`].
    pub fn forecast_path(
        &self,
        switch: Option<(Mode, usize)>,
        steps: usize,
        mut visit: impl FnMut(usize, f64, f64),
    ) {
        let Some(mut cur) = self.cursor() else {
            return;
        };
        for step in 1..=steps {
            let mode = match switch {
                Some((m, at)) if step >= at => m,
                _ => self.last_mode,
            };
            let (z, cum) = cur.advance(self, mode);
            visit(step, libm::exp(z), cum);
        }
    }
}
