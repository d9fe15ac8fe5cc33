//! Property tests: finite forecasts, the planner never worse than continuing, unit invariance,
//! bad values rejected.

mod common;

use common::{SplitMix, synthetic_run};
use predict_core::{
    AccuracyModel, Advice, Advisor, EnergyModel, EpochRecord, Error, FitConfig, FitSet, Mode,
    Objective, PathModel, PlannerConfig, Predictor, RunState, Trace,
};
use proptest::prelude::*;

/// A predictor with mode effects, fitted on synthetic runs (built once per test).
fn fitted_predictor() -> Predictor {
    let mut rng = SplitMix(5);
    let runs: Vec<Trace> = (0..8)
        .flat_map(|g| {
            let o = -0.35 + 0.03 * f64::from(g);
            [
                synthetic_run(&mut rng, 40, o, None, 0.02),
                synthetic_run(&mut rng, 40, o, Some((Mode::Freeze, 10)), 0.02),
                synthetic_run(&mut rng, 40, o, Some((Mode::Quantize, 20)), 0.02),
            ]
        })
        .collect();
    let mut set = FitSet::new();
    for (i, t) in runs.iter().enumerate() {
        set.add(t, (i / 3) as u32, 0);
    }
    Predictor::fit(&set, FitConfig::default()).unwrap()
}

prop_compose! {
    /// Any finite trace: accuracies in [0, 1], energies >= 0 (zeros included), a mode switch
    /// somewhere or none.
    fn any_trace()(n in 1usize..40,
                   accs in prop::collection::vec(0.0f64..=1.0, 40),
                   energies in prop::collection::vec(prop_oneof![Just(0.0), 0.0f64..1e3, Just(1e100), 1e90f64..1e100], 40),
                   switch in prop::option::of((0usize..40, prop_oneof![Just(Mode::Freeze), Just(Mode::Quantize)])))
                   -> Vec<EpochRecord> {
        (0..n).map(|i| {
            let epoch = i as u32 + 1;
            let (mode, since) = match switch {
                Some((at, m)) if i > at => (m, at as u32 + 1),
                _ => (Mode::Base, 0),
            };
            EpochRecord::new(epoch, accs[i], energies[i], mode, since.min(epoch))
        }).collect()
    }
}

fn predictors() -> [Predictor; 3] {
    [
        Predictor::prior(),
        fitted_predictor(),
        Predictor {
            accuracy: AccuracyModel::prior(),
            energy: EnergyModel {
                mode_factor: [1.0, 0.8, 0.9],
                switch_factor: 1.3,
                window: 3,
            },
            prior_strength: 1e6,
            offset_strength: 1e-6,
        },
    ]
}

proptest! {
    #[test]
    fn forecasts_are_finite_for_any_finite_trace(recs in any_trace()) {
        for p in predictors() {
            let mut s = RunState::new(p).unwrap();
            for r in &recs {
                s.observe(r.epoch, r.val_accuracy, r.energy, r.mode, r.mode_since).unwrap();
                for m in Mode::ALL {
                    if let Some(f) = s.forecast_next(m) {
                        prop_assert!(f.accuracy.is_finite() && (0.0..=1.0).contains(&f.accuracy));
                        prop_assert!(f.accuracy_min_mape.is_finite());
                        prop_assert!(f.energy.is_finite() && f.energy >= 0.0);
                        prop_assert!(f.cumulative_energy.is_finite());
                        prop_assert!(f.score.is_finite());
                    }
                }
                let mut ok = true;
                s.forecast_path(Some((Mode::Freeze, 2)), 12, |_, a, c| ok &= a.is_finite() && c.is_finite());
                prop_assert!(ok);
            }
        }
    }

    #[test]
    fn precomputed_path_steps_match_direct_advance(recs in any_trace(), switch_at in 0usize..6) {
        // `PathCursor::step` (constants from `PathModel`) must give exactly what `advance`
        // computes from the predictor, along paths that switch mode.
        for p in predictors() {
            let mut s = RunState::new(p).unwrap();
            for r in &recs {
                s.observe(r.epoch, r.val_accuracy, r.energy, r.mode, r.mode_since).unwrap();
            }
            let (Some(mut a), Some(level)) = (s.cursor(), s.energy_level()) else { continue };
            let model = PathModel::new(&s, level);
            let mut b = a;
            for i in 0..12 {
                let mode = if i >= switch_at { Mode::ALL[i % 3] } else { s.mode() };
                prop_assert_eq!(a.advance(&s, mode), b.step(&model, mode));
            }
        }
    }

    #[test]
    fn planner_never_rates_its_choice_below_continuing(recs in any_trace(),
                                                       x in 0.0f64..2.0,
                                                       horizon in 1usize..16) {
        for p in predictors() {
            let mut s = RunState::new(p).unwrap();
            for r in &recs {
                s.observe(r.epoch, r.val_accuracy, r.energy, r.mode, r.mode_since).unwrap();
            }
            let budget = s.cumulative_energy() * (1.0 + x) + 1.0;
            for objective in [Objective::Tradeoff { energy_exponent: x },
                              Objective::Weighted { accuracy_weight: 1.0, energy_weight: x / 100.0 },
                              Objective::AccuracyWithinBudget { budget }] {
                let cfg = PlannerConfig { objective, horizon, ..PlannerConfig::default() };
                match cfg.plan(&s) {
                    Ok(plan) => prop_assert!(plan.best_value >= plan.continue_value,
                                             "{plan:?}"),
                    Err(e) => prop_assert!(matches!(e, Error::TooShort { .. }), "{:?}", e),
                }
            }
        }
    }

    #[test]
    fn changing_the_energy_unit_changes_no_decision(recs in any_trace(),
                                                    x in 0.0f64..1.5,
                                                    scale in prop_oneof![Just(3.6e6), Just(1e-3), 1e-6f64..1e6]) {
        for p in predictors() {
            let cfg = PlannerConfig {
                objective: Objective::Tradeoff { energy_exponent: x },
                horizon: 10,
                max_epoch: Some(45),
                ..PlannerConfig::default()
            };
            let mut a = Advisor::new(p, cfg).unwrap();
            let mut b = Advisor::new(p, cfg).unwrap();
            for r in &recs {
                // real energies: keep the scaled values inside the accepted range
                let e = r.energy.min(1e3);
                let da = a.observe(r.epoch, r.val_accuracy, e);
                let db = b.observe(r.epoch, r.val_accuracy, e * scale);
                prop_assert_eq!(da, db);
            }
        }
    }

    #[test]
    fn out_of_range_values_are_rejected(recs in any_trace(), at in 0usize..40,
                                        bad in prop_oneof![Just(-1e-9), Just(-5.0), Just(f64::NAN), Just(f64::INFINITY), Just(1.1e100), Just(f64::MAX)],
                                        bad_acc in prop_oneof![Just(-0.01), Just(1.0001), Just(f64::NAN), 1.0f64..10.0]) {
        let at = at % recs.len();
        let mut e = recs.clone();
        e[at].energy = bad;
        prop_assert!(matches!(Trace::new(e), Err(Error::InvalidValue(_))));
        let mut a = recs.clone();
        a[at].val_accuracy = bad_acc;
        // every generated bad_acc is outside [0, 1] or NaN
        prop_assert!(matches!(Trace::new(a), Err(Error::InvalidValue(_))));
        let mut adv = Advisor::continue_or_stop(100).unwrap();
        prop_assert!(adv.observe(1, 0.5, bad).is_err());
        prop_assert!(adv.observe(1, bad_acc, 1.0).is_err());
        prop_assert!(adv.observe(1, 0.5, 1.0).is_ok());
    }
}

#[test]
fn bad_traces_are_typed_errors() {
    assert_eq!(Trace::new(vec![]), Err(Error::Empty));
    let r = |e: u32| EpochRecord::new(e, 0.5, 1.0, Mode::Base, 0);
    assert_eq!(
        Trace::new(vec![r(1), r(3), r(2)]),
        Err(Error::NonMonotoneEpochs { index: 2 })
    );
    assert_eq!(
        Trace::new(vec![r(1), r(1)]),
        Err(Error::NonMonotoneEpochs { index: 1 })
    );
    assert_eq!(Mode::parse("prune"), Err(Error::UnknownMode));
    assert_eq!(Mode::parse(""), Err(Error::UnknownMode));
    assert_eq!(Mode::parse(" Quant "), Ok(Mode::Quantize));
    let mut adv = Advisor::continue_or_stop(10).unwrap();
    adv.observe(3, 0.5, 1.0).unwrap();
    assert_eq!(
        adv.observe(3, 0.5, 1.0),
        Err(Error::NonMonotoneEpochs { index: 1 })
    );
    assert!(Advisor::continue_or_stop(0).is_err());
    // planning before the lags are filled is a typed error, not a panic
    let s = RunState::new(Predictor::prior()).unwrap();
    assert!(matches!(
        PlannerConfig::default().plan(&s),
        Err(Error::TooShort { .. })
    ));
}

#[test]
fn continue_or_stop_advisor_stops_on_a_plateau_and_not_on_a_climb() {
    // Saturating run: must stop well before the limit; steadily climbing run: must not stop
    // early.
    let mut adv = Advisor::continue_or_stop(200).unwrap();
    let mut stop = None;
    for e in 1..=200u32 {
        let acc = 0.8 - 0.6 * (-(f64::from(e)) / 4.0).exp();
        if adv.observe(e, acc, 3.0).unwrap() == Advice::Stop {
            stop = Some(e);
            break;
        }
    }
    let stop = stop.expect("stops");
    assert!((8..60).contains(&stop), "stopped at {stop}");

    let mut adv = Advisor::continue_or_stop(60).unwrap();
    for e in 1..=40u32 {
        let acc = 0.05 + 0.02 * f64::from(e); // doubles every few epochs early on
        let a = adv.observe(e, acc, 3.0).unwrap();
        assert_ne!(a, Advice::Stop, "stopped a climbing run at {e}");
        assert!(matches!(a, Advice::Continue), "{a:?}");
    }
}

#[test]
fn continue_or_stop_advisor_is_not_fooled_by_noise() {
    // 100 noisy saturating runs (noise sd 0.01, time constants 3..12 epochs): stopping on a
    // noise dip would leave a large gap between the run's true accuracy at the stop and its
    // plateau. A 2-lag damped trend (1.7, -0.7) leaves about 0.14 here; the 8-lag prior about
    // 0.035.
    let mut rng = SplitMix(99);
    let (mut gap, mut stops) = (0.0, 0.0);
    for run in 0..100 {
        let tau = 3.0 + f64::from(run % 10);
        let top = 0.6 + 0.3 * f64::from(run % 7) / 7.0;
        let truth = |e: u32| top - 0.5 * top * (-f64::from(e) / tau).exp();
        let mut adv = Advisor::continue_or_stop(100).unwrap();
        for e in 1..=100u32 {
            let acc = (truth(e) + 0.01 * rng.normal()).clamp(0.0, 1.0);
            if adv.observe(e, acc, 1.0).unwrap() == Advice::Stop {
                gap += top - truth(e);
                stops += f64::from(e);
                break;
            }
        }
    }
    let (gap, stops) = (gap / 100.0, stops / 100.0);
    assert!(gap < 0.06, "mean gap to plateau {gap}");
    assert!(stops < 60.0, "mean stop epoch {stops}");
}
