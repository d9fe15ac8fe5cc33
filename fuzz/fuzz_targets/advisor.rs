//! The online advisor of `predict_core` (and the planner under it) on arbitrary planner settings
//! and arbitrary epochs.
//!
//! Asserts: `Advisor::new` accepts exactly the valid settings; `observe` accepts exactly the
//! valid next epochs; at or past `max_epoch` the advice is Stop; every plan rates its choice no
//! worse than continuing, with its forecast accuracy in [0, 1] and finite energy; and multiplying
//! every energy by a power of two (a change of unit, exact in floating point) changes no advice.
#![no_main]

use frugal_fuzz::traces::{self, Epoch};
use frugal_fuzz::{Input, methods};
use libfuzzer_sys::fuzz_target;
use predict_core::{Advice, Advisor, Objective, PlannerConfig, Predictor};

/// An advisor and its twin for energies multiplied by `scale` (an energy budget scales too),
/// whether the settings are valid, the last epoch allowed, and whether the twin is comparable.
fn advisors(
    input: &mut Input<'_>,
    scale: f64,
) -> (
    Result<(Advisor, Advisor), predict_core::Error>,
    bool,
    Option<u32>,
    bool,
) {
    if input.bool() {
        let max = input.below(80) as u32;
        let a = Advisor::continue_or_stop(max);
        return (a.map(|a| (a, a)), max >= 1, Some(max), true);
    }
    let objective = match input.below(3) {
        0 => Objective::Tradeoff {
            energy_exponent: methods::param(input),
        },
        1 => Objective::AccuracyWithinBudget {
            budget: methods::param(input),
        },
        _ => Objective::Weighted {
            accuracy_weight: methods::param(input),
            energy_weight: methods::param(input),
        },
    };
    let config = PlannerConfig {
        objective,
        horizon: input.below(70),
        max_epoch: input.bool().then(|| u32::from(input.u8())),
        allow_freeze: input.bool(),
        allow_quantize: input.bool(),
    };
    let valid = objective.validate().is_ok() && (1..=64).contains(&config.horizon);
    let twin_config = match objective {
        // A budget that would overflow in the new unit keeps the old one; the twin is then not
        // compared (see `compare`).
        Objective::AccuracyWithinBudget { budget } if (budget * scale).is_finite() => {
            PlannerConfig {
                objective: Objective::AccuracyWithinBudget {
                    budget: budget * scale,
                },
                ..config
            }
        }
        _ => config,
    };
    let compare = match objective {
        Objective::AccuracyWithinBudget { budget } => (budget * scale).is_finite(),
        _ => true,
    };
    let made = Advisor::new(Predictor::prior(), config)
        .and_then(|a| Advisor::new(Predictor::prior(), twin_config).map(|t| (a, t)));
    (made, valid, config.max_epoch, compare)
}

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let scale = f64::from(1u32 << input.below(21));
    let (made, valid, max_epoch, compare) = advisors(&mut input, scale);
    assert_eq!(made.is_ok(), valid, "Advisor::new: {made:?}");
    if !compare {
        return;
    }
    let Ok((mut adv, mut twin)) = made else {
        return;
    };
    let run = traces::trace(&mut input, 48);

    let mut last: Option<u32> = None;
    for e in &run {
        let ok = e.values_valid() && last.is_none_or(|l| e.epoch > l);
        let advice = adv.observe(e.epoch, e.accuracy, e.energy);
        assert_eq!(
            advice.is_ok(),
            ok,
            "observe {e:?} after {last:?}: {advice:?}"
        );
        let Ok(advice) = advice else { continue };
        last = Some(e.epoch);
        if let Some(m) = max_epoch
            && e.epoch >= m
        {
            assert_eq!(advice, Advice::Stop, "epoch {} at max_epoch {m}", e.epoch);
        }
        if let Some(plan) = adv.last_plan() {
            assert_eq!(plan.advice, advice);
            if plan.continue_value.is_finite() {
                // The stop-now path and the continue path are valued by different sums, so a
                // tie can differ in the last bits: allow 1e-12 relative.
                let slack = 1e-12 * plan.continue_value.abs().max(1e-300);
                assert!(
                    plan.best_value >= plan.continue_value - slack,
                    "plan {plan:?} rates its choice below continuing"
                );
            }
            assert!(!plan.best_value.is_nan(), "{plan:?}");
            if adv.state().cumulative_energy() < 1e200 {
                assert!((0.0..=1.0).contains(&plan.accuracy), "{plan:?}");
                assert!(plan.cumulative_energy.is_finite() && plan.cumulative_energy >= 0.0);
            }
        }
        // The same run in another unit of energy.
        let scaled = Epoch {
            energy: e.energy * scale,
            ..*e
        };
        if scaled.energy <= predict_core::MAX_ENERGY && e.energy > 1e-200 || e.energy == 0.0 {
            let twin_advice = twin.observe(scaled.epoch, scaled.accuracy, scaled.energy);
            assert_eq!(
                twin_advice,
                Ok(advice),
                "energy x {scale} changed the advice at {e:?}"
            );
        } else {
            return; // the unit change would overflow or underflow: stop comparing
        }
    }
});
