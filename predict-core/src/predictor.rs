//! The two models together, ready to follow a run.

use crate::energy::EnergyModel;
use crate::error::{Error, Result};
use crate::forecaster::{AccuracyModel, FitConfig, FitSet};

/// Default [`Predictor::prior_strength`] of a fitted predictor: the slopes learnt from other
/// runs are worth 10 epochs of the current run's own data, so a run that behaves unlike the
/// training runs (e.g. stuck at chance level) re-fits them within a few tens of epochs.
pub const DEFAULT_PRIOR_STRENGTH: f64 = 10.0;

/// Accuracy model + energy model + how strongly the online update trusts the fitted slopes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Predictor {
    /// The accuracy model.
    pub accuracy: AccuracyModel,
    /// The energy model.
    pub energy: EnergyModel,
    /// Prior precision of the slope coefficients in the online update (pseudo-rows the fitted
    /// slopes are worth). Large keeps the fitted slopes; small lets the run re-fit them. The
    /// run's own offset is always learnt online.
    pub prior_strength: f64,
    /// Prior precision of the run offset (the intercept) in the online update: tiny for a
    /// fitted model, whose runs differ by an offset learnt from the run's first epochs; large
    /// for a model whose offset is known to be 0 (the damped-trend prior).
    pub offset_strength: f64,
}

impl Predictor {
    /// Fits both models on the same rows (see [`FitSet::fit`] and [`EnergyModel::fit`]); the
    /// online update starts from the fitted slopes with [`DEFAULT_PRIOR_STRENGTH`].
    pub fn fit(set: &FitSet<'_>, config: FitConfig) -> Result<Predictor> {
        let accuracy = set.fit(config)?;
        let energy = EnergyModel::fit(set.traces())?;
        Ok(Predictor {
            accuracy,
            energy,
            prior_strength: DEFAULT_PRIOR_STRENGTH,
            offset_strength: 1e-6,
        })
    }

    /// A predictor that needs no training logs: the damped-trend [`AccuracyModel::prior`] kept
    /// fixed, energy from the run's own epochs (every mode costs as much as base).
    pub fn prior() -> Predictor {
        Predictor {
            accuracy: AccuracyModel::prior(),
            energy: EnergyModel::default(),
            prior_strength: 1e6,
            offset_strength: 1e6,
        }
    }

    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        self.energy.validate()?;
        if self.accuracy.lags == 0 || self.accuracy.lags > crate::features::MAX_LAGS {
            return Err(Error::InvalidParameter("lags must be in 1..=8"));
        }
        if self.accuracy.coef.iter().any(|c| !c.is_finite())
            || !self.accuracy.mean_offset.is_finite()
            || !self.accuracy.residual_var.is_finite()
            || self.accuracy.residual_var < 0.0
        {
            return Err(Error::InvalidParameter("model coefficients must be finite"));
        }
        let ok = |v: f64| v.is_finite() && v > 0.0;
        if !ok(self.prior_strength) || !ok(self.offset_strength) {
            return Err(Error::InvalidParameter(
                "prior strengths must be finite and > 0",
            ));
        }
        Ok(())
    }
}
