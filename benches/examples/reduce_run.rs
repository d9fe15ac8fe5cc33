//! Runs one reduce-core method on a CSV file and prints one JSON line with the median wall time
//! and the result, for benches/scripts/compare_reduce.py.
//!
//! ```text
//! cargo run --release -p frugal-benches --example reduce_run -- \
//!     PATH METHOD RATIO SEED [reference] [repeat=K] [start=I] [epsilon=E] \
//!     [allocation=byradius|perclass] [metric=chebyshev|euclidean] [polish=LIMIT]
//! ```
//! The last three set DOM's options (defaults: DOM's own).
//! The features are MinMax-scaled first (as the reference experiments do).

#[path = "support/reduce_io.rs"]
mod reduce_io;

use std::time::Instant;

use reduce_core::{
    Budget, Clc, Des, Dom, DomAllocation, DomMetric, Fidelity, LabelledPoints, Mms, MmsStart,
    Reduced, Reducer, SeededRng, Srs,
};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        eprintln!(
            "usage: reduce_run PATH METHOD RATIO SEED [reference] [repeat=K] [start=I] [epsilon=E]"
        );
        std::process::exit(2);
    }
    let (mut x, dim, y) = reduce_io::read_csv(std::path::Path::new(&args[1]));
    reduce_io::min_max(&mut x, dim);
    let ratio: f64 = args[3].parse().expect("ratio");
    let seed: u64 = args[4].parse().expect("seed");
    let mut fidelity = Fidelity::Improved;
    let mut repeat = 1usize;
    let mut start = None;
    let mut epsilon = None;
    let mut dom = Dom {
        initial_epsilon: 5.0,
        max_iter: 20,
        ..Dom::default()
    };
    for a in &args[5..] {
        if a == "reference" {
            fidelity = Fidelity::Reference;
        } else if let Some(v) = a.strip_prefix("repeat=") {
            repeat = v.parse().expect("repeat");
        } else if let Some(v) = a.strip_prefix("start=") {
            start = Some(v.parse::<usize>().expect("start"));
        } else if let Some(v) = a.strip_prefix("epsilon=") {
            epsilon = Some(v.parse::<f64>().expect("epsilon"));
        } else if let Some(v) = a.strip_prefix("allocation=") {
            dom.allocation = match v {
                "perclass" => DomAllocation::PerClass,
                "byradius" => DomAllocation::ByRadius,
                other => panic!("unknown allocation {other}"),
            };
        } else if let Some(v) = a.strip_prefix("metric=") {
            dom.metric = match v {
                "chebyshev" => DomMetric::Chebyshev,
                "euclidean" => DomMetric::Euclidean,
                other => panic!("unknown metric {other}"),
            };
        } else if let Some(v) = a.strip_prefix("polish=") {
            dom.polish_limit = v.parse().expect("polish");
        }
    }
    let method: Box<dyn Reducer> = match args[2].to_ascii_uppercase().as_str() {
        "SRS" => Box::new(Srs { fidelity }),
        "CLC" => Box::new(Clc {
            fidelity,
            ..Clc::default()
        }),
        "MMS" => Box::new(Mms {
            start: start.map_or(MmsStart::Random, MmsStart::Index),
            fidelity,
        }),
        "DES" => Box::new(Des {
            fidelity,
            ..Des::default()
        }),
        "DOM" => Box::new(Dom {
            fidelity,
            epsilon,
            ..dom
        }),
        other => panic!("reduce_run does not run {other}"),
    };
    let data = LabelledPoints::new(&x, dim, &y).expect("valid data");
    let cpu0 = cpu_seconds();
    let mut times = Vec::new();
    let mut result = None;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        let r = method
            .reduce(data, Budget::Ratio(ratio), &mut SeededRng::new(seed))
            .expect("reduction");
        times.push(t.elapsed().as_secs_f64());
        result = Some(r);
    }
    let cpu = (cpu_seconds() - cpu0) / repeat.max(1) as f64;
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let body = match result.expect("one run") {
        Reduced::Selection(s) => format!(
            "\"indices\":[{}]",
            s.indices
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
        Reduced::Synthesized(s) => format!(
            "\"points\":[{}],\"labels\":[{}]",
            s.points
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(","),
            s.labels
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    println!(
        "{{\"method\":\"{}\",\"seconds\":{median},\"cpu_seconds\":{cpu},{body}}}",
        method.name()
    );
}

/// User plus system CPU time of this process (all threads), from /proc/self/stat; 0 elsewhere.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the ")" closing the command name: utime and stime are the 12th and 13th.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
