//! Per-epoch advisor step (`Advisor::observe` including the plan): target under 10 us.
//!
//! `cargo bench -p frugal-benches --bench advisor`
#![allow(missing_docs)] // criterion's macros generate undocumented items

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use predict_core::{Advisor, EnergyModel, Objective, PlannerConfig, Predictor, RunState};

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

    // Every intervention path: stay, freeze or quantize at each of the 10 coming epochs.
    let mut predictor = Predictor::prior();
    predictor.energy = EnergyModel {
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
    // Warm up in base mode, then allow switches so the measured step enumerates all paths.
    let mut full = warmed(Advisor::new(predictor, cfg).expect("valid"), 20);
    full.allow_switches(true, true);
    c.bench_function("advisor step, all paths (21), horizon 10", |b| {
        b.iter(|| {
            let mut a = full;
            black_box(a.observe(21, black_box(accuracy(21)), black_box(2.0)))
        })
    });
    c.bench_function("copy of the advisor state alone", |b| {
        b.iter(|| black_box(full))
    });
}

criterion_group!(benches, bench_advisor);
criterion_main!(benches);
