//! The batch fit recovers known generating coefficients; the online update converges to it.

mod common;

use common::{SplitMix, TRUE_EXOG, TRUE_LAGS, synthetic_run};
use predict_core::features::{MAX_LAGS, NUM_COEF, log_accuracy, regressors};
use predict_core::{EnergyModel, Error, FitConfig, FitSet, Mode, RecursiveLeastSquares, Trace};

fn synthetic_runs(sd: f64) -> Vec<(Trace, u32)> {
    let mut rng = SplitMix(7);
    let mut runs = Vec::new();
    for g in 0..12u32 {
        // offsets spread the levels between about 0.2 and 0.7 accuracy
        let offset = -0.4 + 0.025 * f64::from(g);
        runs.push((synthetic_run(&mut rng, 50, offset, None, sd), g));
        for at in [10, 20, 30, 40] {
            runs.push((
                synthetic_run(&mut rng, 50, offset, Some((Mode::Freeze, at)), sd),
                g,
            ));
            runs.push((
                synthetic_run(&mut rng, 50, offset, Some((Mode::Quantize, at)), sd),
                g,
            ));
        }
    }
    runs
}

#[test]
fn batch_fit_recovers_generating_coefficients() {
    let runs = synthetic_runs(0.01);
    let mut set = FitSet::new();
    for (t, g) in &runs {
        set.add(t, *g, 0);
    }
    let m = set.fit(FitConfig::default()).unwrap();
    for (k, b) in TRUE_LAGS.iter().enumerate() {
        assert!(
            (m.coef[k] - b).abs() < 0.03,
            "lag {k}: {} vs {b}",
            m.coef[k]
        );
    }
    for (k, c) in TRUE_EXOG.iter().enumerate() {
        let got = m.coef[MAX_LAGS + k];
        assert!((got - c).abs() < 0.01, "exog {k}: {got} vs {c}");
    }
    // residual variance close to the noise variance 1e-4
    assert!(
        m.residual_var > 0.5e-4 && m.residual_var < 2e-4,
        "{}",
        m.residual_var
    );
}

#[test]
fn ridge_shrinks_coefficients() {
    let runs = synthetic_runs(0.01);
    let mut set = FitSet::new();
    for (t, g) in &runs {
        set.add(t, *g, 0);
    }
    let plain = set.fit(FitConfig::default()).unwrap();
    let ridge = set
        .fit(FitConfig {
            lags: 4,
            ridge: 1.0,
        })
        .unwrap();
    let norm = |c: &[f64; NUM_COEF]| c.iter().map(|v| v * v).sum::<f64>();
    assert!(norm(&ridge.coef) < norm(&plain.coef));
}

#[test]
fn online_update_converges_to_the_batch_fit() {
    // One group: the batch fit with a per-group offset is least squares with an intercept,
    // which recursive least squares with a diffuse prior must reproduce.
    let mut rng = SplitMix(11);
    let runs: Vec<Trace> = (0..3)
        .map(|i| synthetic_run(&mut rng, 50, -0.3, Some((Mode::Freeze, 10 + 10 * i)), 0.02))
        .collect();
    let mut set = FitSet::new();
    for t in &runs {
        set.add(t, 0, 0);
    }
    let batch = set.fit(FitConfig::default()).unwrap();
    let mut rls =
        RecursiveLeastSquares::<{ NUM_COEF + 1 }>::new([0.0; NUM_COEF + 1], [1e-9; NUM_COEF + 1])
            .unwrap();
    let mut rows = 0;
    for t in &runs {
        let r = t.records();
        for i in 4..r.len() {
            let x = regressors(
                4,
                |k| log_accuracy(r[i - k].val_accuracy),
                r[i].mode,
                r[i - 1].mode,
                r[i].epochs_in_mode(),
            );
            let mut z = [1.0; NUM_COEF + 1];
            z[..NUM_COEF].copy_from_slice(&x);
            // columns that never vary (unused lags, quantize) are zero in both fits
            rls.update(&z, log_accuracy(r[i].val_accuracy)).unwrap();
            rows += 1;
        }
    }
    assert!(rows > 100);
    for k in 0..NUM_COEF {
        assert!(
            (rls.theta()[k] - batch.coef[k]).abs() < 1e-5,
            "coef {k}: online {} batch {}",
            rls.theta()[k],
            batch.coef[k]
        );
    }
    assert!((rls.theta()[NUM_COEF] - batch.mean_offset).abs() < 1e-5);
}

#[test]
fn energy_factors_are_recovered() {
    let runs = synthetic_runs(0.01);
    let m = EnergyModel::fit(runs.iter().map(|(t, _)| t)).unwrap();
    assert!(
        (m.mode_factor[Mode::Freeze.index()] - 0.8).abs() < 0.02,
        "{m:?}"
    );
    assert!(
        (m.mode_factor[Mode::Quantize.index()] - 0.95).abs() < 0.02,
        "{m:?}"
    );
    assert!((m.switch_factor - 1.0).abs() < 0.05, "{m:?}");
}

#[test]
fn fit_rejects_bad_sets() {
    let set = FitSet::new();
    assert_eq!(set.fit(FitConfig::default()), Err(Error::Empty));
    let mut rng = SplitMix(3);
    let short = synthetic_run(&mut rng, 4, -0.3, None, 0.01);
    let mut set = FitSet::new();
    set.add(&short, 0, 0);
    assert!(matches!(
        set.fit(FitConfig::default()),
        Err(Error::TooShort { needed: 5, got: 4 })
    ));
    let long = synthetic_run(&mut rng, 50, -0.3, None, 0.01);
    let mut set = FitSet::new();
    set.add(&long, 0, 0);
    assert!(matches!(
        set.fit(FitConfig {
            lags: 0,
            ridge: 0.0
        }),
        Err(Error::InvalidParameter(_))
    ));
    assert!(matches!(
        set.fit(FitConfig {
            lags: 4,
            ridge: f64::NAN
        }),
        Err(Error::InvalidParameter(_))
    ));
}
