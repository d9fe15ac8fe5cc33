//! The advisor for a training loop: feed it each epoch, do what it says.

use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::planner::{Advice, Plan, PlannerConfig};
use crate::predictor::Predictor;
use crate::run_state::RunState;
use crate::score::Objective;

/// Default energy exponent of the advisor's objective (`accuracy / energy^0.1`): an epoch must
/// raise accuracy by about a tenth of the relative energy it adds to be worth training.
pub const DEFAULT_ENERGY_EXPONENT: f64 = 0.1;

/// Online advisor: keeps a [`RunState`] and asks the planner after every epoch.
///
/// It assumes its advice is followed: after `Freeze`/`Quantize` the next epochs are recorded in
/// that mode (call [`Advisor::set_mode`] if the loop does something else). `Stop` is final
/// only in the sense that the advisor keeps answering `Stop` when the plan still says so.
///
/// Continue/stop only, no training logs needed (a plain loop, `default-features = false`):
///
/// ```
/// use predict_core::{Advice, Advisor};
/// let mut advisor = Advisor::continue_or_stop(100).unwrap();
/// let mut stopped_at = None;
/// for epoch in 1..=100u32 {
///     // a run that saturates at 0.9 accuracy, 2 J per epoch
///     let acc = 0.9 - 0.5 * (-(epoch as f64) / 3.0).exp();
///     if advisor.observe(epoch, acc, 2.0).unwrap() == Advice::Stop {
///         stopped_at = Some(epoch);
///         break;
///     }
/// }
/// let e = stopped_at.unwrap();
/// assert!(e > 5 && e < 100, "stopped at {e}");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Advisor {
    state: RunState,
    planner: PlannerConfig,
    mode: Mode,
    mode_since: u32,
    min_epochs: usize,
    last_plan: Option<Plan>,
}

impl Advisor {
    /// An advisor with a fitted (or hand-made) predictor and planner settings. It answers
    /// `Continue` until `lags + 2` epochs are seen (the run's offset needs data).
    pub fn new(predictor: Predictor, planner: PlannerConfig) -> Result<Advisor> {
        planner.validate()?;
        let state = RunState::new(predictor)?;
        Ok(Advisor {
            state,
            planner,
            mode: Mode::Base,
            mode_since: 0,
            min_epochs: predictor.accuracy.lags + 2,
            last_plan: None,
        })
    }

    /// Continue-or-stop only, no training logs: the [`Predictor::prior`] model learnt online
    /// from the run itself, objective `accuracy / energy^0.1`, horizon 10, at most
    /// `max_epochs` epochs (`>= 1`).
    pub fn continue_or_stop(max_epochs: u32) -> Result<Advisor> {
        if max_epochs == 0 {
            return Err(Error::InvalidParameter("max_epochs must be >= 1"));
        }
        Advisor::new(
            Predictor::prior(),
            PlannerConfig {
                objective: Objective::Tradeoff {
                    energy_exponent: DEFAULT_ENERGY_EXPONENT,
                },
                horizon: 10,
                max_epoch: Some(max_epochs),
                allow_freeze: false,
                allow_quantize: false,
            },
        )
    }

    /// Records the epoch just finished and returns what to do next. Energy in any unit, the
    /// same for every call. No allocation.
    ///
    /// Errors: accuracy outside `[0, 1]`, negative or non-finite energy, an epoch not after the
    /// previous one.
    pub fn observe(&mut self, epoch: u32, val_accuracy: f64, energy: f64) -> Result<Advice> {
        self.state
            .observe(epoch, val_accuracy, energy, self.mode, self.mode_since)?;
        if let Some(m) = self.planner.max_epoch
            && epoch >= m
        {
            self.last_plan = None;
            return Ok(Advice::Stop);
        }
        if self.state.epochs_seen() < self.min_epochs || !self.state.can_forecast() {
            self.last_plan = None;
            return Ok(Advice::Continue);
        }
        let plan = self.planner.plan(&self.state)?;
        self.last_plan = Some(plan);
        match plan.advice {
            Advice::Freeze => self.set_mode(Mode::Freeze),
            Advice::Quantize => self.set_mode(Mode::Quantize),
            _ => {}
        }
        Ok(plan.advice)
    }

    /// Declares the mode of the coming epochs (when the loop did not follow a switch advice,
    /// or switched on its own).
    pub fn set_mode(&mut self, mode: Mode) {
        if mode != self.mode {
            self.mode = mode;
            self.mode_since = self.state.last_epoch().unwrap_or(0);
        }
    }

    /// Allows or forbids proposing freeze / quantize from now on (e.g. only at epochs where
    /// the loop can switch).
    pub fn allow_switches(&mut self, freeze: bool, quantize: bool) {
        self.planner.allow_freeze = freeze;
        self.planner.allow_quantize = quantize;
    }

    /// The plan behind the last advice (None while the advisor only collects data).
    pub fn last_plan(&self) -> Option<&Plan> {
        self.last_plan.as_ref()
    }

    /// The run state.
    pub fn state(&self) -> &RunState {
        &self.state
    }

    /// The mode the next epoch is expected in.
    pub fn mode(&self) -> Mode {
        self.mode
    }
}
