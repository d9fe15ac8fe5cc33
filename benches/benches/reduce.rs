//! Criterion bench of the reduce-core methods on the collision data set (11,811 x 5, MinMax
//! scaled) at 20 %, the figure issue 6 compares with the reference package.
//!
//! `cargo bench -p frugal-benches --bench reduce -- --warm-up-time 1 --measurement-time 3`

#![allow(missing_docs)] // criterion_group! generates an undocumented function

#[path = "../examples/support/reduce_io.rs"]
mod reduce_io;

use criterion::{Criterion, criterion_group, criterion_main};
use reduce_core::{
    Budget, Clc, Des, Dom, Fes, ForgettingStats, LabelledPoints, Mms, MmsStart, Reducer, SeededRng,
    Srs,
};

fn collision(c: &mut Criterion) {
    let path = frugal_benches::data_path("collision.csv");
    if !path.exists() {
        eprintln!("NOTE: {} not found, bench skipped", path.display());
        return;
    }
    let (mut x, dim, y) = reduce_io::read_csv(&path);
    reduce_io::min_max(&mut x, dim);
    let data = LabelledPoints::new(&x, dim, &y).expect("valid collision data");
    let n = y.len();
    let fes = Fes {
        stats: Some(ForgettingStats {
            events: (0..n).map(|i| (i * 7919 % 23) as u32).collect(),
            correct: (0..n).map(|i| i % 5 != 0).collect(),
        }),
        ..Fes::default()
    };
    let methods: Vec<Box<dyn Reducer>> = vec![
        Box::new(Srs::default()),
        Box::new(Clc::default()),
        Box::new(Mms {
            start: MmsStart::Random,
            ..Mms::default()
        }),
        Box::new(Des::default()),
        Box::new(Dom {
            initial_epsilon: 5.0,
            ..Dom::default()
        }),
        Box::new(fes),
    ];
    let mut group = c.benchmark_group("reduce_collision_20pct");
    group.sample_size(10);
    for m in &methods {
        group.bench_function(m.name(), |b| {
            b.iter(|| {
                m.reduce(data, Budget::Ratio(0.2), &mut SeededRng::new(1))
                    .expect("reduction")
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = collision
}
criterion_main!(benches);
