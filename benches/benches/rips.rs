//! Criterion benches of the Rips engine on the inputs (2-sphere of 500 points up to H2,
//! torus of 1,000 points up to H1, 2,000 uniform points in [0,1]^8 up to H1, H0 of the
//! standardised collision set; 5,000 uniform points in [0,1]^3 up to H1 with threshold 0.1 in the
//! sparse and the dense storage) and of the explicit boundary-matrix reducer (standard and
//! twist) on a small cloud. The large inputs take seconds per run: use
//! `cargo bench -p frugal-benches --bench rips -- --warm-up-time 1 --measurement-time 3` or filter
//! by name.

#![allow(missing_docs)] // criterion_group! generates an undocumented public function

use criterion::{Criterion, criterion_group, criterion_main};
use frugal_benches::rips_inputs::{rips_input, uniform};
use topo_core::{
    DistanceMatrix, Euclidean, Points, ReductionAlgorithm, RipsOptions, RipsParams, RipsStorage,
    h0_diagram_mst, rips_diagrams, rips_diagrams_explicit, rips_diagrams_with_options,
};

fn whole_computations(c: &mut Criterion) {
    let mut group = c.benchmark_group("rips");
    group.sample_size(10);
    for (name, max_dim) in [("torus_1000", 1), ("uniform8d_2000", 1), ("sphere_500", 2)] {
        let Some((data, dim)) = rips_input(name) else {
            continue;
        };
        let points = Points::new(&data, dim).expect("valid bench input");
        let params = RipsParams {
            max_dim,
            threshold: None,
        };
        group.bench_function(format!("{name}_h{max_dim}"), |b| {
            b.iter(|| rips_diagrams(points, &params).expect("rips"))
        });
    }
    // A threshold that keeps 0.3% of the pairs: the sparse storage against the dense one.
    if let Some((data, dim)) = rips_input("uniform3d_5000") {
        let points = Points::new(&data, dim).expect("valid bench input");
        let params = RipsParams {
            max_dim: 1,
            threshold: Some(0.1),
        };
        for storage in [RipsStorage::Sparse, RipsStorage::Dense] {
            let options = RipsOptions {
                storage,
                ..RipsOptions::default()
            };
            group.bench_function(format!("uniform3d_5000_h1_t0.1_{storage:?}"), |b| {
                b.iter(|| {
                    rips_diagrams_with_options(points, &Euclidean, &params, &options).expect("rips")
                })
            });
        }
    }
    match rips_input("collision_std") {
        Some((data, dim)) => {
            let points = Points::new(&data, dim).expect("valid collision data");
            group.bench_function("collision_std_h0_mst", |b| {
                b.iter(|| h0_diagram_mst(points).expect("mst"))
            });
        }
        None => println!("NOTE: data/collision.csv is absent; skipping its bench"),
    }
    group.finish();
}

fn explicit_reducer(c: &mut Criterion) {
    let data = uniform(40, 3, 7);
    let points = Points::new(&data, 3).expect("valid");
    let dist = DistanceMatrix::from_points(points, &Euclidean).expect("matrix");
    let params = RipsParams {
        max_dim: 2,
        threshold: None,
    };
    let mut group = c.benchmark_group("reducer");
    for (name, alg) in [
        ("standard", ReductionAlgorithm::Standard),
        ("twist", ReductionAlgorithm::Twist),
    ] {
        group.bench_function(format!("explicit_{name}_uniform3d_40_h2"), |b| {
            b.iter(|| rips_diagrams_explicit(&dist, &params, alg).expect("explicit"))
        });
    }
    group.bench_function("implicit_uniform3d_40_h2", |b| {
        b.iter(|| rips_diagrams(points, &params).expect("implicit"))
    });
    group.finish();
}

criterion_group!(benches, explicit_reducer, whole_computations);
criterion_main!(benches);
