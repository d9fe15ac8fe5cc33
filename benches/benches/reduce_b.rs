//! Criterion benches of NRMD, PRD (ProtoDash), PSA and PHL on the collision data set (11,811 x 5,
//! MinMax-scaled) at 20 %, the setting of the reference timings in the reduction-methods spec
//! (§7.2: NRMD 0.14 s, PHL 85 s with r = 0.05, PRD 480 s). Short run:
//! `cargo bench -p frugal-benches --bench reduce_b -- --warm-up-time 1 --measurement-time 3`.
// criterion_group! and criterion_main! generate undocumented public functions.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use frugal_benches::reduce_inputs::collision_minmax;
use reduce_core::{
    Budget, Fidelity, Kernel, LabelledPoints, Nrmd, Phl, ProtoDash, Psa, Reducer, SeededRng,
};

fn bench_collision(c: &mut Criterion) {
    let Some((x, dim, y)) = collision_minmax() else {
        eprintln!("NOTE: data/collision.csv is absent; reduce_b benches skipped");
        return;
    };
    let data = LabelledPoints::new(&x, dim, &y).expect("valid collision data");
    let methods: Vec<(&str, Box<dyn Reducer>)> = vec![
        ("nrmd", Box::new(Nrmd::default())),
        (
            "nrmd_reference",
            Box::new(Nrmd {
                fidelity: Fidelity::Reference,
                ..Nrmd::default()
            }),
        ),
        ("psa", Box::new(Psa::default())),
        ("prd_gaussian", Box::new(ProtoDash::default())),
        (
            "prd_linear",
            Box::new(ProtoDash {
                kernel: Kernel::Linear,
                fidelity: Fidelity::Improved,
                ..ProtoDash::default()
            }),
        ),
        (
            "prd_reference",
            Box::new(ProtoDash {
                kernel: Kernel::Linear,
                fidelity: Fidelity::Reference,
                ..ProtoDash::default()
            }),
        ),
        (
            "phl_r0.05",
            Box::new(Phl {
                radius: Some(0.05),
                ..Phl::default()
            }),
        ),
        ("phl_auto_radius", Box::new(Phl::default())),
    ];
    let mut group = c.benchmark_group("collision_20pct");
    group.sample_size(10);
    for (name, method) in &methods {
        group.bench_function(*name, |b| {
            b.iter(|| {
                method
                    .reduce(data, Budget::Ratio(0.2), &mut SeededRng::new(0))
                    .expect("reduction")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_collision);
criterion_main!(benches);
