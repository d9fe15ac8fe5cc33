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
        })
    }

    /// A predictor that needs no training logs: [`AccuracyModel::prior`], energy from the run's
    /// own epochs, slopes re-fitted online from the run (`prior_strength` 20).
    pub fn prior() -> Predictor {
        Predictor {
            accuracy: AccuracyModel::prior(),
            energy: EnergyModel::default(),
            prior_strength: 20.0,
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
        if !self.prior_strength.is_finite() || self.prior_strength <= 0.0 {
            return Err(Error::InvalidParameter("prior_strength must be finite and > 0"));
        }
        Ok(())
    }
}
