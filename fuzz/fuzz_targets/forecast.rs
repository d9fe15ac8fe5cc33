//! The forecaster of `predict_core` on arbitrary training traces: trace validation, the batch
//! fit (`Predictor::fit`), and the online state's one-step and multi-step forecasts.
//!
//! Asserts: `Trace::new` accepts exactly the valid traces (non-empty, accuracy in [0, 1], energy
//! finite and >= 0, epochs strictly increasing); a successful fit gives a predictor that passes
//! its own validation, with finite coefficients; `RunState::observe` accepts exactly the valid
//! next epochs; once it can forecast, every forecast of a finite trace is finite, accuracies lie
//! in [0, 1], energies are >= 0 and cumulative energy never decreases along a path.
#![no_main]

use frugal_fuzz::traces::{self, Epoch};
use frugal_fuzz::{Input, methods};
use libfuzzer_sys::fuzz_target;
use predict_core::{FitConfig, FitSet, Mode, Predictor, RunState, Trace};

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let n_traces = 1 + input.below(4);
    let mut fitted = Vec::new();
    for _ in 0..n_traces {
        let epochs = traces::trace(&mut input, 40);
        let group = input.below(3) as u32;
        let first_target = input.below(8);
        let trace = Trace::new(epochs.iter().map(Epoch::record).collect());
        assert_eq!(
            trace.is_ok(),
            traces::trace_valid(&epochs),
            "Trace::new on {epochs:?}"
        );
        if let Ok(t) = trace {
            assert_eq!(t.len(), epochs.len());
            let cum = t.cumulative_energy();
            assert!(
                cum.windows(2).all(|w| w[0] <= w[1]),
                "cumulative energy decreases"
            );
            fitted.push((t, group, first_target));
        }
    }
    let config = FitConfig {
        lags: input.below(10),
        ridge: methods::param(&mut input),
    };
    let mut set = FitSet::new();
    for (t, g, f) in &fitted {
        set.add(t, *g, *f);
    }
    let predictor = match Predictor::fit(&set, config) {
        Ok(p) => {
            assert!(config.validate().is_ok(), "fit accepted {config:?}");
            p.validate()
                .expect("a fitted predictor passes its own validation");
            assert!(p.accuracy.coef.iter().all(|c| c.is_finite()));
            assert!(p.accuracy.mean_offset.is_finite());
            assert!(p.accuracy.residual_var.is_finite() && p.accuracy.residual_var >= 0.0);
            p
        }
        Err(_) => Predictor::prior(),
    };

    // Follow a new run online.
    let run = traces::trace(&mut input, 40);
    let mut state = RunState::new(predictor).expect("a validated predictor");
    let mut last: Option<u32> = None;
    for e in &run {
        let ok = e.values_valid() && last.is_none_or(|l| e.epoch > l) && e.mode_since <= e.epoch;
        let r = state.observe(e.epoch, e.accuracy, e.energy, e.mode, e.mode_since);
        assert_eq!(r.is_ok(), ok, "observe {e:?} after {last:?}: {r:?}");
        if r.is_err() {
            continue;
        }
        last = Some(e.epoch);
        // Finite forecasts are promised for finite traces whose sums stay finite.
        let finite_run = state.cumulative_energy() < 1e200;
        if !state.can_forecast() || !finite_run {
            continue;
        }
        let before = state.cumulative_energy();
        for mode in [Mode::Base, Mode::Freeze, Mode::Quantize] {
            let f = state.forecast_next(mode).expect("can_forecast");
            assert!(
                f.accuracy.is_finite() && (0.0..=1.0).contains(&f.accuracy),
                "{f:?}"
            );
            assert!(f.energy.is_finite() && f.energy >= 0.0, "{f:?}");
            assert!(
                f.cumulative_energy.is_finite() && f.cumulative_energy >= before,
                "{f:?}"
            );
            assert!(!f.score.is_nan(), "{f:?}");
            let switch = [None, Some((mode, 1)), Some((mode, 3))][input.below(3)];
            let mut prev = before;
            state.forecast_path(switch, 12, |step, acc, cum| {
                assert!(
                    acc.is_finite() && (0.0..=1.0).contains(&acc),
                    "step {step}: {acc}"
                );
                assert!(
                    cum.is_finite() && cum >= prev,
                    "step {step}: {cum} after {prev}"
                );
                prev = cum;
            });
        }
    }
});
