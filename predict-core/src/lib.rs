//! # predict-core
//!
//! Predicts validation accuracy and energy of future training epochs under each intervention
//! (continue, freeze layers, quantize, stop early), and plans the training path with the best
//! accuracy/energy trade-off, online, inside a training loop.
//!
//! - [`Trace`] / [`EpochRecord`]: a validated training log.
//! - [`FitSet`] / [`AccuracyModel`]: autoregressive model of log validation accuracy with mode
//!   terms and a per-run offset, fitted by least squares (ridge option).
//! - [`EnergyModel`]: per-mode energy factors on the run's own measured epoch energy.
//! - [`RunState`]: the fixed-size online state of one run ([`RecursiveLeastSquares`] update),
//!   one-step and multi-step forecasts.
//! - [`PlannerConfig::plan`]: best path within a horizon under an [`Objective`].
//! - [`Advisor`]: `observe(epoch, val_acc, energy) -> Advice` for the training loop.
//!
//! `#![no_std]` with `alloc`; the per-epoch advisor step needs no allocator.
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod advisor;
mod energy;
mod error;
pub mod features;
mod forecaster;
mod mode;
mod online;
mod planner;
mod predictor;
mod run_state;
mod score;
mod trace;

pub use advisor::{Advisor, DEFAULT_ENERGY_EXPONENT};
pub use energy::{EnergyLevel, EnergyModel, MAX_WINDOW};
pub use error::{Error, Result};
pub use forecaster::{AccuracyModel, FitConfig, FitSet};
pub use mode::Mode;
pub use online::RecursiveLeastSquares;
pub use planner::{Advice, MAX_HORIZON, PathSpec, Plan, PlannerConfig};
pub use predictor::{DEFAULT_PRIOR_STRENGTH, Predictor};
pub use run_state::{ERROR_WINDOW, ONLINE_DIM, OneStep, PathCursor, PathModel, RunState};
pub use score::{Objective, score};
pub use trace::{EpochRecord, MAX_ENERGY, Trace};
