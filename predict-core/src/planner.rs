//! The planner: enumerate the paths within a horizon, forecast each, keep the best.

use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::run_state::{PathModel, RunState};
use crate::score::Objective;

/// Longest horizon the planner accepts.
pub const MAX_HORIZON: usize = 64;

/// What to do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advice {
    /// Train the next epoch as before.
    Continue,
    /// Train the next epoch with layers frozen.
    Freeze,
    /// Train the next epoch quantized.
    Quantize,
    /// Stop training now; keep the current model.
    Stop,
}

/// Settings of the planner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannerConfig {
    /// What to maximise.
    pub objective: Objective,
    /// How many epochs ahead paths are enumerated, `1..=64`.
    pub horizon: usize,
    /// Last epoch the run may reach (paths never go past it); `None` = no limit.
    pub max_epoch: Option<u32>,
    /// Whether switching to freeze / quantize may be proposed (only from base mode).
    pub allow_freeze: bool,
    /// See `allow_freeze`.
    pub allow_quantize: bool,
}

impl Default for PlannerConfig {
    fn default() -> Self {
        PlannerConfig {
            objective: Objective::paper_score(),
            horizon: 10,
            max_epoch: None,
            allow_freeze: true,
            allow_quantize: true,
        }
    }
}

/// One candidate path: an optional switch `(mode, k)` from the k-th coming epoch on, and a stop
/// after `stop_after` more epochs (0 = stop now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathSpec {
    /// Switch to a mode from the k-th coming epoch (1 = next epoch).
    pub switch: Option<(Mode, usize)>,
    /// Epochs still to train before stopping.
    pub stop_after: usize,
}

/// The planner's answer and the forecast behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    /// What to do now.
    pub advice: Advice,
    /// The best path.
    pub best: PathSpec,
    /// Its objective value.
    pub best_value: f64,
    /// Forecast accuracy at the end of the best path.
    pub accuracy: f64,
    /// Forecast cumulative energy at the end of the best path.
    pub cumulative_energy: f64,
    /// Objective value of continuing in the current mode to the horizon.
    pub continue_value: f64,
}

impl PlannerConfig {
    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        self.objective.validate()?;
        if self.horizon == 0 || self.horizon > MAX_HORIZON {
            return Err(Error::InvalidParameter("horizon must be in 1..=64"));
        }
        Ok(())
    }

    /// Plans from the state's last epoch. Candidates are offered in a fixed order (stop now
    /// first, then along the stay path, each switch path right after the stay epoch it
    /// branches from); a later candidate must beat the best by a relative 1e-12, so ties go to
    /// the earlier one and rounding cannot flip a decision. "Stop now" is valued at the last
    /// observed accuracy; every other candidate at its forecast (median path).
    ///
    /// Errors: [`Error::TooShort`] until the state can forecast.
    pub fn plan(&self, state: &RunState) -> Result<Plan> {
        self.validate()?;
        let lags = state.predictor().accuracy.lags;
        let level = match state.energy_level() {
            Some(l) if state.can_forecast() => l,
            _ => {
                return Err(Error::TooShort {
                    needed: lags + 1,
                    got: state.epochs_seen(),
                });
            }
        };
        let last = state.last_epoch().unwrap_or(0);
        let room = self.max_epoch.map_or(self.horizon, |m| {
            (m.saturating_sub(last) as usize).min(self.horizon)
        });
        let obj = self.objective;
        let now_acc = state.last_accuracy();
        let now_cum = state.cumulative_energy();
        let mut plan = Plan {
            advice: Advice::Stop,
            best: PathSpec {
                switch: None,
                stop_after: 0,
            },
            best_value: obj.value(now_acc, now_cum, level),
            accuracy: now_acc,
            cumulative_energy: now_cum,
            continue_value: f64::NEG_INFINITY,
        };
        let Some(start) = state.cursor() else {
            return Err(Error::TooShort {
                needed: lags + 1,
                got: state.epochs_seen(),
            });
        };
        // For `Tradeoff`, energy only grows along a path: with `r = cum / now_cum >= 1`,
        // `ln(cum / level) = ln(now_cum / level) + ln r` and `ln r >= 1 - 1 / r`, so
        // `z - x ln(now_cum / level) - x (1 - now_cum / cum)` bounds a candidate's value from
        // above with one division: candidates that cannot win skip the logarithm. (1e-9 of
        // slack covers rounding; the second term is used only when `now_cum / level` is not
        // clamped.)
        let bound = match obj {
            Objective::Tradeoff { energy_exponent } => {
                // The same yardstick as `Objective::value_log`: with a zero energy level every
                // path is valued at a relative energy of 1, which does not grow along a path.
                let rel = if level > 0.0 { now_cum / level } else { 1.0 };
                let growth = if level > 0.0 && now_cum > 0.0 && rel >= f64::MIN_POSITIVE {
                    energy_exponent
                } else {
                    0.0
                };
                Some((
                    energy_exponent * libm::log(rel.max(f64::MIN_POSITIVE)),
                    growth,
                ))
            }
            _ => None,
        };
        let floor = libm::log(crate::features::ACC_FLOOR);
        let offer =
            |plan: &mut Plan, switch: Option<(Mode, usize)>, step: usize, z: f64, cum: f64| {
                let threshold = plan.best_value + 1e-12 * plan.best_value.abs();
                if let Some((shift, growth)) = bound
                    && plan.best_value > f64::NEG_INFINITY
                {
                    let grown = if growth > 0.0 && cum > now_cum {
                        growth * (1.0 - now_cum / cum)
                    } else {
                        0.0
                    };
                    if z.max(floor) - shift - grown + 1e-9 <= threshold {
                        return;
                    }
                }
                let v = obj.value_log(z, cum, level);
                let beats =
                    v > threshold || (plan.best_value == f64::NEG_INFINITY && v > plan.best_value);
                if beats {
                    plan.best_value = v;
                    plan.best = PathSpec {
                        switch,
                        stop_after: step,
                    };
                    plan.accuracy = libm::exp(z);
                    plan.cumulative_energy = cum;
                }
            };
        // Walk the stay path; at each epoch, branch the switch paths off it (no recomputation
        // of the shared prefix, no storage of it).
        let may_switch = state.mode() == Mode::Base;
        let stay_mode = state.mode();
        let model = PathModel::new(state, level);
        let mut stay = start;
        for at in 1..=room {
            let branch = stay;
            let (z, cum) = stay.step(&model, stay_mode);
            if at == room {
                plan.continue_value = obj.value_log(z, cum, level);
            }
            offer(&mut plan, None, at, z, cum);
            if !may_switch {
                continue;
            }
            for (mode, allowed) in [
                (Mode::Freeze, self.allow_freeze),
                (Mode::Quantize, self.allow_quantize),
            ] {
                if !allowed {
                    continue;
                }
                let mut c = branch;
                for step in at..=room {
                    let (z, cum) = c.step(&model, mode);
                    offer(&mut plan, Some((mode, at)), step, z, cum);
                }
            }
        }
        plan.advice = match plan.best {
            PathSpec { stop_after: 0, .. } => Advice::Stop,
            PathSpec {
                switch: Some((Mode::Freeze, 1)),
                ..
            } => Advice::Freeze,
            PathSpec {
                switch: Some((Mode::Quantize, 1)),
                ..
            } => Advice::Quantize,
            _ => Advice::Continue,
        };
        Ok(plan)
    }
}
