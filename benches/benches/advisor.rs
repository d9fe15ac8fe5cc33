//! Per-epoch advisor step (`Advisor::observe` including the plan): target under 10 us.
//!
//! `cargo bench -p frugal-benches --bench advisor`
#![allow(missing_docs)] // criterion's macros generate undocumented items

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use predict_core::{
    AccuracyModel, Advisor, DEFAULT_PRIOR_STRENGTH, EnergyModel, Objective, PlannerConfig,
    Predictor, RunState,
};

fn accuracy(e: u32) -> f64 {
    0.9 - 0.6 * (-(f64::from(e)) / 12.0).exp() + 0.005 * (f64::from(e) * 1.3).sin()
}

/// An advisor that has seen `epochs` epochs of a slowly saturating run.
fn warmed(mut advisor: Advisor, epochs: u32) -> Advisor {
    for e in 1..=epochs {
        advisor
            .observe(e, accuracy(e), 2.0 + 0.05 * (f64::from(e)).cos())
            .expect("valid epoch");
    }
    advisor
}

fn bench_advisor(c: &mut Criterion) {
    println!(
        "state sizes: Advisor {} bytes, RunState {} bytes",
        core::mem::size_of::<Advisor>(),
        core::mem::size_of::<RunState>()
    );
    let stop_only = warmed(Advisor::continue_or_stop(1000).expect("valid"), 20);
    c.bench_function("advisor step, continue/stop, horizon 10", |b| {
        b.iter(|| {
            let mut a = stop_only;
            black_box(a.observe(21, black_box(accuracy(21)), black_box(2.0)))
        })
    });

    // Every intervention path: stay, freeze or quantize from each of the 10 coming epochs.
    let energy = EnergyModel {
        mode_factor: [1.0, 0.8, 0.95],
        switch_factor: 1.3,
        window: 8,
    };
    let cfg = PlannerConfig {
        objective: Objective::Tradeoff {
            energy_exponent: 0.1,
        },
        horizon: 10,
        max_epoch: Some(1000),
        allow_freeze: false,
        allow_quantize: false,
    };
    // A fitted-style model (4 lags with mode terms, as `Predictor::fit` returns by default).
    let mut coef = [0.0; predict_core::features::NUM_COEF];
    coef[..4].copy_from_slice(&[0.32, 0.25, 0.16, 0.0]);
    coef[predict_core::features::MAX_LAGS..].copy_from_slice(&[0.012, -0.026, -0.01, 0.019, 0.028]);
    let fitted = Predictor {
        accuracy: AccuracyModel {
            lags: 4,
            coef,
            mean_offset: -0.43,
            residual_var: 1e-3,
        },
        energy,
        prior_strength: DEFAULT_PRIOR_STRENGTH,
        offset_strength: 1e-6,
    };
    for (name, predictor) in [
        ("advisor step, all paths (21), horizon 10, 4 lags", fitted),
        (
            "advisor step, all paths (21), horizon 10, 8-lag prior",
            Predictor {
                energy,
                ..Predictor::prior()
            },
        ),
    ] {
        // Warm up in base mode, then allow switches so the measured step enumerates all paths.
        let mut full = warmed(Advisor::new(predictor, cfg).expect("valid"), 20);
        full.allow_switches(true, true);
        c.bench_function(name, |b| {
            b.iter(|| {
                let mut a = full;
                black_box(a.observe(21, black_box(accuracy(21)), black_box(2.0)))
            })
        });
    }
    let full = stop_only;
    c.bench_function("copy of the advisor state alone", |b| {
        b.iter(|| black_box(full))
    });
}

criterion_group!(benches, bench_advisor);
criterion_main!(benches);
