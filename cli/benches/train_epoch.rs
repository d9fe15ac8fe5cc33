//! One training epoch of the paper's network on the collision training split (the unit of the
//! demo's cost), and one evaluation pass over the test split.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use frugal::split::{Dataset, MinMax, stratified_split};
use frugal::table::read_table;
use frugal::train::{TrainConfig, Trainer};

fn collision() -> (Dataset, Dataset) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/collision.csv");
    let t = read_table(&path, None, &[]).expect("shipped collision data");
    let all = Dataset {
        features: t.features,
        dim: t.dim,
        labels: t.labels,
    };
    let s = stratified_split(&all.labels, 0.25, 0).unwrap();
    let (mut train, mut test) = (
        all.subset(&s.train).unwrap(),
        all.subset(&s.held_out).unwrap(),
    );
    let mm = MinMax::fit(&train).unwrap();
    mm.apply(&mut train).unwrap();
    mm.apply(&mut test).unwrap();
    (train, test)
}

fn bench(c: &mut Criterion) {
    let (train, test) = collision();
    let mut trainer = Trainer::new(train.dim, 2, &TrainConfig::paper(0)).unwrap();
    c.bench_function("paper_mlp_epoch_collision_8858_rows", |b| {
        b.iter(|| trainer.train_epoch(&train).unwrap())
    });
    c.bench_function("paper_mlp_predict_collision_2953_rows", |b| {
        b.iter(|| trainer.predict(&test).unwrap().len())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
