//! Criterion bench of the reduce-core methods on the collision data set (11,811 x 5, MinMax
//! scaled) at 20 %, the figure issue 6 compares with the reference package.
//!
//! `cargo bench -p frugal-benches --bench reduce -- --warm-up-time 1 --measurement-time 3`
//!
//! A second group runs CLC, MMS and DOM on 20,000 x 32 synthetic rows (ten classes, 10 %).

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

/// Ten Gaussian classes in 32 dimensions (the scale example's data, smaller): the high-dimension
/// paths (screened scans for MMS, DOM and k-means++, group bounds for CLC).
fn synthetic_32d(c: &mut Criterion) {
    let (rows, dim) = (20_000, 32);
    let mut rng = SeededRng::new(1);
    let centres: Vec<f32> = (0..10 * dim)
        .map(|_| (reduce_core::uniform_unit(&mut rng) * 8.0) as f32)
        .collect();
    let mut x = Vec::with_capacity(rows * dim);
    let y: Vec<u32> = (0..rows).map(|i| (i % 10) as u32).collect();
    for &label in &y {
        for j in 0..dim {
            // Sum of four uniforms: a cheap bell shape around the class centre.
            let g: f64 = (0..4)
                .map(|_| reduce_core::uniform_unit(&mut rng))
                .sum::<f64>()
                - 2.0;
            x.push(centres[label as usize * dim + j] + g as f32);
        }
    }
    let data = LabelledPoints::new(&x, dim, &y).expect("valid synthetic data");
    let methods: Vec<Box<dyn Reducer>> = vec![
        Box::new(Clc::default()),
        Box::new(Mms::default()),
        Box::new(Dom::default()),
    ];
    let mut group = c.benchmark_group("reduce_synthetic_20000x32_10pct");
    group.sample_size(10);
    for m in &methods {
        group.bench_function(m.name(), |b| {
            b.iter(|| {
                m.reduce(data, Budget::Ratio(0.1), &mut SeededRng::new(1))
                    .expect("reduction")
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = collision, synthetic_32d
}
criterion_main!(benches);
