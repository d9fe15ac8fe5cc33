//! The paper's trade-off score and the objectives the planner maximises.

use crate::error::{Error, Result};

/// The paper's trade-off: validation accuracy over cumulative energy (units of the energy).
pub fn score(val_accuracy: f64, cumulative_energy: f64) -> f64 {
    val_accuracy / cumulative_energy
}

/// What the planner maximises over the end points of candidate paths.
///
/// Every objective is unit-free: energy enters either as a ratio between two energies of the
/// same run or through a budget given in the caller's units, so expressing every energy (and
/// the budget) in joules instead of kWh changes no decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Objective {
    /// Maximise `accuracy / cumulative_energy^energy_exponent`. Exponent 1 is the paper's
    /// score; smaller values weigh accuracy more (0 = accuracy only). Compared in logs, so a
    /// change of unit adds the same constant to every path.
    Tradeoff {
        /// `>= 0`.
        energy_exponent: f64,
    },
    /// Maximise accuracy among paths whose cumulative energy stays within `budget` (same unit
    /// as the observed energies); stop when no path fits.
    AccuracyWithinBudget {
        /// `> 0`.
        budget: f64,
    },
    /// Maximise `accuracy_weight * accuracy - energy_weight * cumulative_energy / epoch_energy`,
    /// energy counted in epochs of the run's own base-equivalent epoch energy.
    Weighted {
        /// `>= 0`.
        accuracy_weight: f64,
        /// `>= 0`.
        energy_weight: f64,
    },
}

impl Objective {
    /// The paper's score (`Tradeoff` with exponent 1).
    pub fn paper_score() -> Objective {
        Objective::Tradeoff {
            energy_exponent: 1.0,
        }
    }

    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        let nonneg = |v: f64| v.is_finite() && v >= 0.0;
        match *self {
            Objective::Tradeoff { energy_exponent } if !nonneg(energy_exponent) => Err(
                Error::InvalidParameter("energy_exponent must be finite and >= 0"),
            ),
            Objective::AccuracyWithinBudget { budget } if !(budget.is_finite() && budget > 0.0) => {
                Err(Error::InvalidParameter("budget must be finite and > 0"))
            }
            Objective::Weighted {
                accuracy_weight,
                energy_weight,
            } if !nonneg(accuracy_weight) || !nonneg(energy_weight) => Err(
                Error::InvalidParameter("objective weights must be finite and >= 0"),
            ),
            _ => Ok(()),
        }
    }

    /// [`Self::value`] from the log of the accuracy (saves an `exp`/`log` pair in the planner).
    pub fn value_log(&self, log_accuracy: f64, cumulative_energy: f64, epoch_energy: f64) -> f64 {
        match *self {
            Objective::Tradeoff { energy_exponent } => {
                let rel = relative_energy(cumulative_energy, epoch_energy);
                log_accuracy.max(libm::log(crate::features::ACC_FLOOR))
                    - energy_exponent * libm::log(rel.max(f64::MIN_POSITIVE))
            }
            _ => self.value(libm::exp(log_accuracy), cumulative_energy, epoch_energy),
        }
    }

    /// Value of ending at `accuracy` having spent `cumulative_energy`; `epoch_energy` is the
    /// run's base-equivalent energy per epoch (the unit-free yardstick). Higher is better.
    pub fn value(&self, accuracy: f64, cumulative_energy: f64, epoch_energy: f64) -> f64 {
        let acc = accuracy.max(crate::features::ACC_FLOOR);
        let rel = relative_energy(cumulative_energy, epoch_energy);
        match *self {
            Objective::Tradeoff { energy_exponent } => {
                libm::log(acc) - energy_exponent * libm::log(rel.max(f64::MIN_POSITIVE))
            }
            Objective::AccuracyWithinBudget { budget } => {
                if cumulative_energy <= budget {
                    acc
                } else {
                    f64::NEG_INFINITY
                }
            }
            Objective::Weighted {
                accuracy_weight,
                energy_weight,
            } => accuracy_weight * acc - energy_weight * rel,
        }
    }
}

/// Cumulative energy in epochs of the run's own energy per epoch. With a zero per-epoch energy
/// no path spends any more energy, so every path shares the same cumulative energy and any
/// constant keeps the decisions; 1 keeps them unit-free. (Using the raw cumulative energy there
/// made decisions depend on the unit: in joules it absorbed small accuracy differences that kWh
/// kept. Found by the `advisor` fuzz target.)
fn relative_energy(cumulative_energy: f64, epoch_energy: f64) -> f64 {
    if epoch_energy > 0.0 {
        cumulative_energy / epoch_energy
    } else {
        1.0
    }
}
