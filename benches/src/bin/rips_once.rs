//! `rips_once NAME DIM [--threshold T] [--storage auto|dense|sparse] [--repeat R] [--dump FILE]`:
//! runs `topo_core::rips_diagrams` (threshold `T`, default the enclosing radius; with
//! `--storage`, `rips_diagrams_with_options` with that edge storage) on a named
//! bench input (see `frugal_benches::rips_inputs`) and prints the best wall time over `R` runs
//! (and the best CPU time of this thread, from `/proc/thread-self/schedstat`, which a loaded
//! machine disturbs much less) and the number of pairs per dimension; `--dump` writes the input as CSV (one point per line,
//! shortest round-trip `f32` text) for the reference tools. Used by `scripts/compare_rips.py`,
//! which reads this process's peak memory from `/usr/bin/time`.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use topo_core::{
    Euclidean, Points, RipsOptions, RipsParams, RipsStorage, rips_diagrams,
    rips_diagrams_with_options,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!(
            "usage: rips_once NAME DIM [--threshold T] [--storage auto|dense|sparse] \
             [--repeat R] [--dump FILE]"
        );
        return ExitCode::from(2);
    }
    let Some((data, dim)) = frugal_benches::rips_inputs::rips_input(&args[1]) else {
        eprintln!("unknown or missing input {}", args[1]);
        return ExitCode::from(2);
    };
    let Ok(max_dim) = args[2].parse::<usize>() else {
        eprintln!("DIM must be a number");
        return ExitCode::from(2);
    };
    let mut repeat = 1;
    let mut threshold = None;
    let mut storage = None;
    let mut rest = args[3..].iter();
    while let Some(flag) = rest.next() {
        match (flag.as_str(), rest.next()) {
            ("--repeat", Some(r)) => repeat = r.parse().unwrap_or(1),
            ("--storage", Some(s)) => {
                storage = Some(match s.as_str() {
                    "auto" => RipsStorage::Auto,
                    "dense" => RipsStorage::Dense,
                    "sparse" => RipsStorage::Sparse,
                    _ => {
                        eprintln!("STORAGE must be auto, dense or sparse");
                        return ExitCode::from(2);
                    }
                })
            }
            ("--threshold", Some(t)) => match t.parse::<f64>() {
                Ok(t) => threshold = Some(t),
                Err(_) => {
                    eprintln!("THRESHOLD must be a number");
                    return ExitCode::from(2);
                }
            },
            ("--dump", Some(path)) => {
                let mut f =
                    std::io::BufWriter::new(std::fs::File::create(path).expect("dump file"));
                for row in data.chunks_exact(dim) {
                    let line: Vec<String> = row.iter().map(|v| format!("{v:?}")).collect();
                    writeln!(f, "{}", line.join(",")).expect("write");
                }
                return ExitCode::SUCCESS;
            }
            _ => {
                eprintln!("bad arguments");
                return ExitCode::from(2);
            }
        }
    }
    let points = match Points::new(&data, dim) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let params = RipsParams { max_dim, threshold };
    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut counts = Vec::new();
    for _ in 0..repeat.max(1) {
        let c = thread_cpu_seconds();
        let t = Instant::now();
        let result = match storage {
            None => rips_diagrams(points, &params),
            Some(storage) => {
                let options = RipsOptions {
                    storage,
                    ..RipsOptions::default()
                };
                rips_diagrams_with_options(points, &Euclidean, &params, &options)
            }
        };
        let dgms = match result {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c, thread_cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
        counts = dgms.iter().map(|d| d.len()).collect();
    }
    println!("seconds={best:.6} cpu={best_cpu:.6} pairs={counts:?}");
    ExitCode::SUCCESS
}

/// CPU time of the calling thread in seconds (Linux: first field of
/// `/proc/thread-self/schedstat`, nanoseconds on the CPU), or `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 * 1e-9)
}
