//! Repeated timing of NRMD and DES on collision (MinMax) at 20 %, with their default spread and
//! without it (`plain`): the minimum and the median wall time of REPS runs in one process
//! (warm caches, not a test).
//!
//! ```text
//! cargo run --release -p frugal-benches --example spread_timing -- [REPS]
//! ```
//!
//! On the shared 2-core machine the minimum is the figure to compare: a run that takes longer
//! is more likely to be preempted by other jobs, so medians drift up with the load while the
//! minimum stays put.

use std::time::Instant;

use frugal_benches::reduce_inputs::collision_minmax;
use reduce_core::{Budget, Des, LabelledPoints, Nrmd, Reducer, SeededRng};

fn main() {
    let Some((features, dim, labels)) = collision_minmax() else {
        eprintln!("NOTE: data/collision.csv is absent; nothing timed");
        return;
    };
    let data = LabelledPoints::new(&features, dim, &labels).expect("valid collision data");
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100)
        .max(1);
    let methods: Vec<(&str, Box<dyn Reducer>)> = vec![
        ("nrmd", Box::new(Nrmd::default())),
        (
            "nrmd_plain",
            Box::new(Nrmd {
                spread: false,
                ..Nrmd::default()
            }),
        ),
        ("des", Box::new(Des::default())),
        (
            "des_plain",
            Box::new(Des {
                spread: false,
                ..Des::default()
            }),
        ),
    ];
    for (name, method) in &methods {
        let mut ms: Vec<f64> = (0..reps)
            .map(|i| {
                let start = Instant::now();
                let out = method
                    .reduce(data, Budget::Ratio(0.2), &mut SeededRng::new(i as u64 % 5))
                    .expect("reduction");
                std::hint::black_box(out);
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        ms.sort_by(f64::total_cmp);
        println!(
            "{name:11} min {:.2} ms  median {:.2} ms  ({reps} runs)",
            ms[0],
            ms[reps / 2]
        );
    }
}
