//! Criterion benches of topo-core's diagram distances and epsilon-representativeness.
//!
//! Inputs are generated deterministically here the way `benches/scripts/compare_distances.py`
//! generates them for GUDHI (uniform births, exponential persistence), so the figures are
//! comparable. Short run: `cargo bench -p frugal-benches --bench distances -- --warm-up-time 1
//! --measurement-time 3`.
#![allow(missing_docs)] // criterion_group! generates undocumented items

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use topo_core::{Diagram, bottleneck, wasserstein};

/// SplitMix64: a tiny deterministic generator so the bench needs no extra dependency.
struct Mix(u64);

impl Mix {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Uniform births on [0, 1), exponential persistence with mean 0.25.
fn random_diagram(rng: &mut Mix, n: usize) -> Diagram {
    let pairs = (0..n)
        .map(|_| {
            let b = rng.uniform();
            let pers = -0.25 * (1.0 - rng.uniform()).ln();
            (b, b + pers)
        })
        .collect();
    Diagram::new(pairs).expect("valid diagram")
}

fn bench_bottleneck(c: &mut Criterion) {
    let mut g = c.benchmark_group("bottleneck");
    g.sample_size(10);
    let mut rng = Mix(7);
    for n in [1_000usize, 10_000] {
        let a = random_diagram(&mut rng, n);
        let b = random_diagram(&mut rng, n);
        g.bench_with_input(BenchmarkId::new("independent", n), &n, |bch, _| {
            bch.iter(|| bottleneck(&a, &b).expect("bottleneck"))
        });
    }
    g.finish();
}

fn bench_wasserstein(c: &mut Criterion) {
    let mut g = c.benchmark_group("wasserstein");
    g.sample_size(10);
    let mut rng = Mix(11);
    for n in [100usize, 1_000] {
        let a = random_diagram(&mut rng, n);
        let b = random_diagram(&mut rng, n);
        g.bench_with_input(BenchmarkId::new("p2", n), &n, |bch, _| {
            bch.iter(|| wasserstein(&a, &b, 2.0).expect("wasserstein"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_bottleneck, bench_wasserstein);
criterion_main!(benches);
