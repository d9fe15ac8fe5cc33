//! Times topo-core's diagram distances and epsilon in-process, for
//! `benches/scripts/compare_distances.py` (which times GUDHI and scipy on the same inputs).
//!
//! ```text
//! distances_timer bottleneck A.txt B.txt REPEATS
//! distances_timer wasserstein A.txt B.txt REPEATS      (order 2)
//! distances_timer epsilon FULL.txt REDUCED.txt REPEATS
//! ```
//! Diagram files hold `birth death` lines; the epsilon files hold one row per line, features then
//! the integer label, whitespace separated. Both print `value seconds_median` on one line.
//! ```text
//! ```

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
            let (v, t) = time(repeats, || {
                topo_core::bottleneck(&a, &b).map_err(Into::into)
            })?;
            println!("{v:.17e} {t:.9}");
        }
        "wasserstein" => {
            let a = frugal_benches::read_diagram(&args[2])?;
            let b = frugal_benches::read_diagram(&args[3])?;
            let (v, t) = time(repeats, || {
                topo_core::wasserstein(&a, &b, 2.0).map_err(Into::into)
            })?;
            println!("{v:.17e} {t:.9}");
        }
        "epsilon" => {
            let (x, dim, y) = frugal_benches::read_labelled(&args[2])?;
            let (xr, dim_r, yr) = frugal_benches::read_labelled(&args[3])?;
            let full = topo_core::LabelledPoints::new(&x, dim, &y)?;
            let red = topo_core::LabelledPoints::new(&xr, dim_r, &yr)?;
            let (v, t) = time(repeats, || {
                Ok(
                    topo_core::epsilon_representativeness(&full, &red, topo_core::Norm::Chebyshev)?
                        .epsilon,
                )
            })?;
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
