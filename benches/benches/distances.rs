//! Criterion benches of topo-core's diagram distances and epsilon-representativeness.
//!
//! Inputs are generated deterministically here the way `benches/scripts/compare_distances.py`
//! generates them for GUDHI (uniform births, exponential persistence), so the figures are
//! comparable. Short run: `cargo bench -p frugal-benches --bench distances -- --warm-up-time 1
//! --measurement-time 3`.
#![allow(missing_docs)]
// criterion_group! generates undocumented items

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
// The crate's one seeded generator (the stream compare_distances.py reproduces).
use frugal_benches::rips_inputs::SplitMix64;
use topo_core::{
    Diagram, LabelledPoints, Norm, bottleneck, epsilon_representativeness, wasserstein,
};

/// Uniform births on [0, 1), exponential persistence with mean 0.25.
fn random_diagram(rng: &mut SplitMix64, n: usize) -> Diagram {
    let pairs = (0..n)
        .map(|_| {
            let b = rng.unit();
            let pers = -0.25 * (1.0 - rng.unit()).ln();
            (b, b + pers)
        })
        .collect();
    Diagram::new(pairs).expect("valid diagram")
}

fn bench_bottleneck(c: &mut Criterion) {
    let mut g = c.benchmark_group("bottleneck");
    g.sample_size(10);
    let mut rng = SplitMix64(7);
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
    let mut rng = SplitMix64(11);
    for n in [100usize, 1_000] {
        let a = random_diagram(&mut rng, n);
        let b = random_diagram(&mut rng, n);
        g.bench_with_input(BenchmarkId::new("p2", n), &n, |bch, _| {
            bch.iter(|| wasserstein(&a, &b, 2.0).expect("wasserstein"))
        });
    }
    g.finish();
}

/// Collision (`data/collision.csv`), MinMax-scaled, and every fifth row of each class (20 %).
/// Full features, row width, full labels, reduced features, reduced labels.
type Sets = (Vec<f32>, usize, Vec<u32>, Vec<f32>, Vec<u32>);

fn collision() -> Option<Sets> {
    let text = std::fs::read_to_string(frugal_benches::data_path("collision.csv")).ok()?;
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        rows.push(line.split(';').map(|v| v.parse().unwrap_or(0.0)).collect());
    }
    let dim = rows.first()?.len() - 1;
    let (mut lo, mut hi) = (vec![f64::INFINITY; dim], vec![f64::NEG_INFINITY; dim]);
    for r in &rows {
        for d in 0..dim {
            lo[d] = lo[d].min(r[d]);
            hi[d] = hi[d].max(r[d]);
        }
    }
    let (mut x, mut y, mut xr, mut yr) = (vec![], vec![], vec![], vec![]);
    let mut seen = [0usize; 2];
    for r in &rows {
        let label = r[dim] as u32;
        let feats: Vec<f32> = (0..dim)
            .map(|d| ((r[d] - lo[d]) / (hi[d] - lo[d]).max(f64::MIN_POSITIVE)) as f32)
            .collect();
        let k = &mut seen[label.min(1) as usize];
        if *k % 5 == 0 {
            xr.extend_from_slice(&feats);
            yr.push(label);
        }
        *k += 1;
        x.extend_from_slice(&feats);
        y.push(label);
    }
    Some((x, dim, y, xr, yr))
}

fn bench_epsilon(c: &mut Criterion) {
    let Some((x, dim, y, xr, yr)) = collision() else {
        println!("NOTE: data/collision.csv absent, epsilon bench skipped");
        return;
    };
    let full = LabelledPoints::new(&x, dim, &y).expect("full");
    let red = LabelledPoints::new(&xr, dim, &yr).expect("reduced");
    let mut g = c.benchmark_group("epsilon_collision_20pct");
    for norm in [Norm::Chebyshev, Norm::Euclidean, Norm::Manhattan] {
        g.bench_function(norm.name(), |b| {
            b.iter(|| epsilon_representativeness(&full, &red, norm).expect("epsilon"))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_bottleneck, bench_wasserstein, bench_epsilon);
criterion_main!(benches);
