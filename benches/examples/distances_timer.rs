//! Times topo-core's diagram distances and epsilon in-process, for
//! `benches/scripts/compare_distances.py` (which times GUDHI and scipy on the same inputs).
//!
//! ```text
//! distances_timer bottleneck A.txt B.txt REPEATS
//! distances_timer epsilon FULL.csv REDUCED_ROWS.txt REPEATS
//! ```
//! Prints `value seconds_median` on one line.

use std::time::Instant;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        bail!("usage: distances_timer bottleneck|epsilon FILE FILE REPEATS");
    }
    let repeats: usize = args[4].parse().context("REPEATS")?;
    match args[1].as_str() {
        "bottleneck" => {
            let a = frugal_benches::read_diagram(&args[2])?;
            let b = frugal_benches::read_diagram(&args[3])?;
            let (v, t) = time(repeats, || topo_core::bottleneck(&a, &b).map_err(Into::into))?;
            println!("{v:.17e} {t:.9}");
        }
        other => bail!("unknown measurement {other}"),
    }
    Ok(())
}

/// Runs `f` `repeats` times and returns its last value and the median wall time in seconds.
fn time(repeats: usize, mut f: impl FnMut() -> Result<f64>) -> Result<(f64, f64)> {
    let mut times = Vec::with_capacity(repeats);
    let mut v = 0.0;
    for _ in 0..repeats.max(1) {
        let t0 = Instant::now();
        v = f()?;
        times.push(t0.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok((v, times[times.len() / 2]))
}
