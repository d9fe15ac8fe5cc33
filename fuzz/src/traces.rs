//! Training traces drawn from the input, for the forecaster and advisor targets.
//!
//! Byte format, per trace: `len = below(max + 1)`, `first = u8` (first epoch number), `values =
//! below(3)`, then per epoch: `step = u8` (epoch increment `step % 4`: 0 repeats the epoch, a
//! non-monotone trace), `mode = below(3)` (base, freeze, quantize), accuracy and energy in the
//! `values` encoding: 0 raw `f64`; 1 accuracy `u8 / 255` and energy `u16 / 256`; 2 accuracy
//! `u16 / 60000` (sometimes above 1) and energy `u16 as i16 / 256` (sometimes negative).

use predict_core::{EpochRecord, Mode};

use crate::Input;

/// One epoch as the caller reports it (not validated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Epoch {
    /// Epoch number.
    pub epoch: u32,
    /// Validation accuracy.
    pub accuracy: f64,
    /// Energy of the epoch.
    pub energy: f64,
    /// Mode in force.
    pub mode: Mode,
    /// Epoch after which the mode took over.
    pub mode_since: u32,
}

impl Epoch {
    /// `true` when the values are what a trace accepts (order aside): accuracy in [0, 1], energy
    /// in `[0, MAX_ENERGY]`.
    pub fn values_valid(&self) -> bool {
        self.accuracy.is_finite()
            && (0.0..=1.0).contains(&self.accuracy)
            && self.energy.is_finite()
            && (0.0..=predict_core::MAX_ENERGY).contains(&self.energy)
    }

    /// As a record.
    pub fn record(&self) -> EpochRecord {
        EpochRecord::new(
            self.epoch,
            self.accuracy,
            self.energy,
            self.mode,
            self.mode_since,
        )
    }
}

/// Up to `max` epochs.
pub fn trace(input: &mut Input<'_>, max: usize) -> Vec<Epoch> {
    let len = input.below(max + 1);
    let mut epoch = u32::from(input.u8());
    let values = input.below(3);
    let mut mode = Mode::Base;
    let mut mode_since = 0;
    let mut out = Vec::with_capacity(len);
    for i in 0..len {
        if i > 0 {
            epoch = epoch.saturating_add(u32::from(input.u8() % 4));
        }
        let m = [Mode::Base, Mode::Freeze, Mode::Quantize][input.below(3)];
        if m != mode {
            mode = m;
            mode_since = epoch.saturating_sub(1);
        }
        let (accuracy, energy) = match values {
            0 => (input.f64(), input.f64()),
            1 => (
                f64::from(input.u8()) / 255.0,
                f64::from(input.u16()) / 256.0,
            ),
            _ => (
                f64::from(input.u16()) / 60000.0,
                f64::from(input.u16() as i16) / 256.0,
            ),
        };
        out.push(Epoch {
            epoch,
            accuracy,
            energy,
            mode,
            mode_since,
        });
    }
    out
}

/// `true` when the epochs form a valid trace: non-empty, valid values, strictly increasing.
pub fn trace_valid(epochs: &[Epoch]) -> bool {
    !epochs.is_empty()
        && epochs.iter().all(Epoch::values_valid)
        && epochs.windows(2).all(|w| w[0].epoch < w[1].epoch)
}
