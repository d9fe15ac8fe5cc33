//! One timed run of NRMD, PRD, PSA or PHL, for the figures in the report (not a test).
//!
//! ```text
//! cargo run --release -p frugal-benches --example reduce_b_timing -- METHOD DATA RATIO [reference|improved] [PHL_RADIUS]
//!   METHOD  nrmd | prd | prd-linear | psa | phl
//!   DATA    collision | collision:ROWS (first ROWS rows) | synthetic:N:D:C
//!           | csv:PATH (header, `,` or `;`, integer label last; MinMax-scaled here)
//!   RATIO   e.g. 0.2
//! ```
//! Prints the rows kept, the wall time of the reduction alone, and the peak resident memory
//! (VmHWM, Linux) next to the size of the input features. With the environment variable
//! `REDUCE_B_OUT=FILE` set, also writes the kept row indices, one per line, and the seed is
//! taken from `REDUCE_B_SEED` (default 0): this is how `benches/scripts/compare_reduce_b.py`
//! drives it.

use std::time::Instant;

use frugal_benches::data_path;
use frugal_benches::reduce_inputs::{collision_minmax, min_max, synthetic_blobs};
use reduce_core::{
    Budget, Fidelity, Kernel, LabelledPoints, Nrmd, Phl, ProtoDash, Psa, Reduced, Reducer,
    SeededRng,
};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let method = args.first().map_or("nrmd", String::as_str);
    let data_spec = args.get(1).map_or("collision", String::as_str);
    let ratio: f64 = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(0.2);
    let fidelity = if args.iter().any(|a| a == "reference") {
        Fidelity::Reference
    } else {
        Fidelity::Improved
    };
    let (features, dim, labels) = load(data_spec);
    let data = LabelledPoints::new(&features, dim, &labels).expect("valid data");
    let reducer: Box<dyn Reducer> = match method {
        "nrmd" => Box::new(Nrmd {
            fidelity,
            ..Nrmd::default()
        }),
        "prd" => Box::new(ProtoDash {
            fidelity,
            ..ProtoDash::default()
        }),
        "prd-linear" => Box::new(ProtoDash {
            kernel: Kernel::Linear,
            fidelity,
            ..ProtoDash::default()
        }),
        "psa" => Box::new(Psa::default()),
        "phl" => Box::new(Phl {
            radius: args.get(4).and_then(|r| r.parse().ok()),
            fidelity,
            ..Phl::default()
        }),
        other => panic!("unknown method {other}"),
    };
    let seed: u64 = std::env::var("REDUCE_B_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let start = Instant::now();
    let out = reducer
        .reduce(data, Budget::Ratio(ratio), &mut SeededRng::new(seed))
        .expect("reduction");
    let secs = start.elapsed().as_secs_f64();
    if let Ok(path) = std::env::var("REDUCE_B_OUT") {
        let rows: Vec<String> = match &out {
            Reduced::Selection(s) => s.indices.iter().map(|i| i.to_string()).collect(),
            Reduced::Synthesized(_) => Vec::new(),
        };
        std::fs::write(&path, rows.join("\n") + "\n").expect("write indices");
    }
    println!(
        "{} {data_spec} ratio {ratio} {fidelity:?}: kept {} of {} rows in {secs:.4} s; peak RSS {} MB, input features {} MB",
        reducer.name(),
        out.len(),
        labels.len(),
        peak_rss_mb(),
        features.len() * 4 / (1 << 20)
    );
}

fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// `collision` (MinMax-scaled, all 5 features), its first rows, or a synthetic set.
fn load(spec: &str) -> (Vec<f32>, usize, Vec<u32>) {
    let parts: Vec<&str> = spec.split(':').collect();
    match parts.as_slice() {
        ["synthetic", n, d, c] => synthetic_blobs(
            n.parse().expect("N"),
            d.parse().expect("D"),
            c.parse().expect("C"),
        ),
        ["csv", path] => {
            let (mut f, d, l) = read_csv(path);
            min_max(&mut f, d);
            (f, d, l)
        }
        ["collision", rows @ ..] => {
            let (mut f, d, mut l) = collision_minmax().expect("data/collision.csv");
            if let Some(r) = rows.first().and_then(|r| r.parse::<usize>().ok()) {
                // The first rows, scaled on their own (as the reference's timing runs did).
                let (raw, _, _) = collision_raw();
                f = raw;
                f.truncate(r * d);
                l.truncate(r);
                min_max(&mut f, d);
            }
            (f, d, l)
        }
        _ => panic!("unknown data {spec}"),
    }
}

/// A CSV with a header row, `,` or `;` separated, the integer label last.
fn read_csv(path: &str) -> (Vec<f32>, usize, Vec<u32>) {
    let text = std::fs::read_to_string(path).expect("readable CSV");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
    let sep = if header.matches(';').count() > header.matches(',').count() {
        ';'
    } else {
        ','
    };
    let dim = header.split(sep).count() - 1;
    let mut features = Vec::new();
    let mut labels = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(sep).collect();
        let (label, feats) = fields.split_last().expect("fields");
        features.extend(
            feats
                .iter()
                .map(|v| v.trim().parse::<f32>().expect("number")),
        );
        labels.push(label.trim().parse::<f64>().expect("label") as u32);
    }
    (features, dim, labels)
}

/// The collision features unscaled (MinMax undone is not possible, so read again).
fn collision_raw() -> (Vec<f32>, usize, Vec<u32>) {
    let text = std::fs::read_to_string(data_path("collision.csv")).expect("data/collision.csv");
    let mut features = Vec::new();
    let mut labels = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(';').collect();
        let (label, feats) = fields.split_last().expect("fields");
        features.extend(
            feats
                .iter()
                .map(|v| v.trim().parse::<f32>().expect("number")),
        );
        labels.push(label.trim().parse::<f64>().expect("label") as u32);
    }
    (features, 5, labels)
}
