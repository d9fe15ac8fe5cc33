//! The scale check of issue 6: one method on 1,000,000 rows x 32 features (ten Gaussian
//! classes) at 10 %, timed once. Run one method per process so `/usr/bin/time -v` reports its
//! peak memory:
//!
//! ```text
//! cargo build --release -p frugal-benches --example reduce_scale
//! /usr/bin/time -v target/release/examples/reduce_scale MMS [ROWS]
//! ```

use std::time::Instant;

use reduce_core::{
    Budget, Clc, Des, Dom, Fes, ForgettingStats, LabelledPoints, Mms, Nrmd, Reducer, SeededRng,
    Srs, uniform_unit,
};

/// Ten classes, each a unit Gaussian around its own centre (centres uniform in [0, 8)^32).
fn synthetic(rows: usize, dim: usize, classes: u32, seed: u64) -> (Vec<f32>, Vec<u32>) {
    let mut rng = SeededRng::new(seed);
    let centres: Vec<f32> = (0..classes as usize * dim)
        .map(|_| (uniform_unit(&mut rng) * 8.0) as f32)
        .collect();
    let mut x = Vec::with_capacity(rows * dim);
    let mut y = Vec::with_capacity(rows);
    for i in 0..rows {
        let c = (i % classes as usize) as u32;
        y.push(c);
        for j in 0..dim {
            // Box-Muller.
            let u1 = uniform_unit(&mut rng).max(1e-300);
            let u2 = uniform_unit(&mut rng);
            let g = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            x.push(centres[c as usize * dim + j] + g as f32);
        }
    }
    (x, y)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let name = args
        .get(1)
        .map_or("MMS", String::as_str)
        .to_ascii_uppercase();
    let rows: usize = args.get(2).map_or(1_000_000, |s| s.parse().expect("rows"));
    let dim = 32;
    let (x, y) = synthetic(rows, dim, 10, 1);
    let data = LabelledPoints::new(&x, dim, &y).expect("valid");
    let method: Box<dyn Reducer> = match name.as_str() {
        "SRS" => Box::new(Srs::default()),
        "CLC" => Box::new(Clc::default()),
        "MMS" => Box::new(Mms::default()),
        "DES" => Box::new(Des::default()),
        "DOM" => Box::new(Dom::default()),
        // DOM's walks in the Euclidean distance (the default is Chebyshev), for comparison.
        "DOM-L2" => Box::new(Dom {
            metric: reduce_core::DomMetric::Euclidean,
            ..Dom::default()
        }),
        // DOM without its greedy-net polish (the walks' result), for comparison.
        "DOM-WALK" => Box::new(Dom {
            polish_limit: 0,
            ..Dom::default()
        }),
        "NRMD" => Box::new(Nrmd::default()),
        "FES" => {
            let mut rng = SeededRng::new(2);
            let events = (0..rows)
                .map(|_| (uniform_unit(&mut rng) * 20.0) as u32)
                .collect();
            let correct = (0..rows).map(|_| uniform_unit(&mut rng) < 0.8).collect();
            Box::new(Fes {
                stats: Some(ForgettingStats { events, correct }),
                ..Fes::default()
            })
        }
        other => panic!("reduce_scale does not run {other}"),
    };
    let t = Instant::now();
    let out = method
        .reduce(data, Budget::Ratio(0.1), &mut SeededRng::new(3))
        .expect("reduction");
    println!(
        "{} rows={rows} dim={dim} kept={} seconds={:.2} input_mb={:.0}",
        method.name(),
        out.len(),
        t.elapsed().as_secs_f64(),
        (x.len() * 4 + y.len() * 4) as f64 / 1e6
    );
}
