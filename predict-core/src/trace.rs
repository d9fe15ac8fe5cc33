//! A training trace: what was measured at the end of each epoch, validated once.

use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::mode::Mode;

/// Largest accepted energy of one epoch (in any unit): far above any real measurement, and
/// low enough that sums and forecasts of many epochs stay finite.
pub const MAX_ENERGY: f64 = 1e100;

/// Measurements at the end of one epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochRecord {
    /// Epoch number (1-based in EAT-IT; any strictly increasing numbering works).
    pub epoch: u32,
    /// Validation accuracy, a fraction in `[0, 1]`.
    pub val_accuracy: f64,
    /// Energy of this epoch, in any unit (J, kWh, ...), in `[0, MAX_ENERGY]`; one unit for
    /// the whole trace.
    pub energy: f64,
    /// Mode in force during this epoch.
    pub mode: Mode,
    /// Epoch after which `mode` took over (the intervention epoch; 0 for a run in that mode
    /// from the start). The first epoch in the new mode is `mode_since + 1`.
    pub mode_since: u32,
    /// Training accuracy, if logged (not used by the models; kept for callers).
    pub train_accuracy: Option<f64>,
    /// Training loss, if logged (may be NaN for a diverged run; not used by the models).
    pub loss: Option<f64>,
}

impl EpochRecord {
    /// A record with validation accuracy and energy only, in `mode` since `mode_since`.
    pub fn new(epoch: u32, val_accuracy: f64, energy: f64, mode: Mode, mode_since: u32) -> Self {
        EpochRecord {
            epoch,
            val_accuracy,
            energy,
            mode,
            mode_since,
            train_accuracy: None,
            loss: None,
        }
    }

    /// Epochs since the mode took over: 1 on the first epoch in the new mode.
    pub fn epochs_in_mode(&self) -> u32 {
        self.epoch.saturating_sub(self.mode_since)
    }

    /// Checks one record's values (not its order among others).
    pub fn validate(&self) -> Result<()> {
        if !self.val_accuracy.is_finite() || !(0.0..=1.0).contains(&self.val_accuracy) {
            return Err(Error::InvalidValue("val_accuracy must be in [0, 1]"));
        }
        if !self.energy.is_finite() || !(0.0..=MAX_ENERGY).contains(&self.energy) {
            return Err(Error::InvalidValue("energy must be in [0, 1e100]"));
        }
        if let Some(a) = self.train_accuracy
            && (!a.is_finite() || !(0.0..=1.0).contains(&a))
        {
            return Err(Error::InvalidValue("train_accuracy must be in [0, 1]"));
        }
        if self.mode_since > self.epoch {
            return Err(Error::InvalidValue("mode_since is after the epoch"));
        }
        Ok(())
    }
}

/// A validated sequence of epochs of one run: non-empty, epochs strictly increasing, accuracies
/// in `[0, 1]`, energies finite and non-negative.
///
/// ```
/// use predict_core::{EpochRecord, Mode, Trace};
/// let t = Trace::new(vec![
///     EpochRecord::new(1, 0.5, 2.0, Mode::Base, 0),
///     EpochRecord::new(2, 0.6, 1.0, Mode::Base, 0),
/// ]).unwrap();
/// assert_eq!(t.len(), 2);
/// assert!(Trace::new(vec![]).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    records: Vec<EpochRecord>,
}

impl Trace {
    /// Validates and wraps the records.
    pub fn new(records: Vec<EpochRecord>) -> Result<Trace> {
        if records.is_empty() {
            return Err(Error::Empty);
        }
        let mut prev: Option<u32> = None;
        for (i, r) in records.iter().enumerate() {
            r.validate()?;
            if let Some(p) = prev
                && r.epoch <= p
            {
                return Err(Error::NonMonotoneEpochs { index: i });
            }
            prev = Some(r.epoch);
        }
        Ok(Trace { records })
    }

    /// The records, in epoch order.
    pub fn records(&self) -> &[EpochRecord] {
        &self.records
    }

    /// Number of epochs.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Always false (a trace is never empty); here for API symmetry.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Cumulative energy after each epoch.
    pub fn cumulative_energy(&self) -> Vec<f64> {
        let mut acc = 0.0;
        self.records
            .iter()
            .map(|r| {
                acc += r.energy;
                acc
            })
            .collect()
    }

    /// The same trace with every energy multiplied by `factor` (> 0, finite), e.g. kWh to J.
    pub fn scale_energy(&self, factor: f64) -> Result<Trace> {
        if !factor.is_finite() || factor <= 0.0 {
            return Err(Error::InvalidParameter("energy scale factor must be > 0"));
        }
        let records = self
            .records
            .iter()
            .map(|r| EpochRecord {
                energy: r.energy * factor,
                ..*r
            })
            .collect();
        Trace::new(records)
    }
}
