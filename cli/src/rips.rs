//! `frugal rips`: persistence diagrams of a point cloud or a lower-triangular distance matrix,
//! printed in Ripser's own text format so the two outputs can be diffed.
//!
//! Input formats are Ripser's: `point-cloud` has one point per line, `lower-distance` lists the
//! strict lower triangle `d(1,0), d(2,0), d(2,1), ...` across any number of lines. In both,
//! numbers are separated by commas or white space. Output, as Ripser prints it (numbers with six
//! significant digits, C++ stream style):
//!
//! ```text
//! value range: [1,1.41421]
//! distance matrix with 4 points, using threshold at enclosing radius 1.41421
//! persistence intervals in dim 0:
//!  [0,1)
//!  [0, )
//! persistence intervals in dim 1:
//!  [1,1.41421)
//! ```

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use topo_core::{
    Diagram, DistanceMatrix, Euclidean, Points, RipsOptions, RipsParams, rips_diagrams,
    rips_diagrams_from_distances_with_options, rips_diagrams_with_options,
};

/// Input file layout (Ripser's names).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One point per line, coordinates separated by commas or white space.
    PointCloud,
    /// The strict lower triangle of a distance matrix, row by row.
    LowerDistance,
}

/// Arguments of `frugal rips`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input file.
    pub file: PathBuf,
    /// Layout of the input file.
    #[arg(long, value_enum, default_value = "point-cloud")]
    pub format: Format,
    /// Compute persistent homology up to this dimension.
    #[arg(long, default_value_t = 1)]
    pub dim: usize,
    /// Only edges up to this length enter the filtration (default: the enclosing radius).
    #[arg(long, allow_negative_numbers = true)]
    pub threshold: Option<f64>,
    /// Refuse complexes larger than this many simplices up to `--dim`, each counted with its
    /// number of vertices (default: the library's `DEFAULT_MAX_SIMPLICES`, 150 million).
    #[arg(long)]
    pub max_simplices: Option<u64>,
}

/// Runs the subcommand, printing to standard output.
pub fn run(args: Args) -> Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let out = render(
        &text,
        args.format,
        args.dim,
        args.threshold,
        args.max_simplices,
    )
    .with_context(|| format!("in {}", args.file.display()))?;
    print!("{out}");
    Ok(())
}

/// Parses `text` in `format`, computes the diagrams and returns Ripser's text output.
/// `max_simplices` overrides the library's size limit (`RipsOptions::max_simplices`).
pub fn render(
    text: &str,
    format: Format,
    dim: usize,
    threshold: Option<f64>,
    max_simplices: Option<u64>,
) -> Result<String> {
    let params = RipsParams {
        max_dim: dim,
        threshold,
    };
    let mut options = RipsOptions::default();
    if let Some(m) = max_simplices {
        options.max_simplices = m;
    }
    let (stats, diagrams) = match format {
        Format::PointCloud => {
            let (data, width) = parse_point_cloud(text)?;
            let points = Points::new(&data, width)?;
            if points.len() < 2 {
                bail!("at least two points are needed");
            }
            let stats = point_cloud_stats(points);
            // H0 alone takes the minimum spanning tree (no matrix, nothing to limit).
            let diagrams = if dim == 0 {
                rips_diagrams(points, &params)?
            } else {
                rips_diagrams_with_options(points, &Euclidean, &params, &options)?
            };
            (stats, diagrams)
        }
        Format::LowerDistance => {
            let values = parse_numbers(text)?;
            let m = DistanceMatrix::from_lower_triangle(&values)?;
            let stats = matrix_stats(&m);
            (
                stats,
                rips_diagrams_from_distances_with_options(&m, &params, &options)?,
            )
        }
    };
    let mut out = String::new();
    writeln!(out, "value range: [{},{}]", g(stats.min), g(stats.max))?;
    match threshold {
        None => writeln!(
            out,
            "distance matrix with {} points, using threshold at enclosing radius {}",
            stats.n,
            g(stats.enclosing_radius)
        )?,
        Some(t) => {
            let t = t as f32;
            let within = stats.count_within(t);
            writeln!(
                out,
                "sparse distance matrix with {} points and {}/{} entries",
                stats.n,
                within,
                stats.n * (stats.n - 1) / 2
            )?
        }
    }
    for (k, d) in diagrams.iter().enumerate() {
        writeln!(out, "persistence intervals in dim {k}:")?;
        write_intervals(&mut out, d, k == 0)?;
    }
    Ok(out)
}

/// Ripser prints H0 deaths in increasing order (its union-find walks the sorted edges) and the
/// essential classes last; higher dimensions come in the engine's order, which is Ripser's.
fn write_intervals(out: &mut String, d: &Diagram, sort: bool) -> Result<()> {
    let mut finite: Vec<_> = d.finite().copied().collect();
    if sort {
        finite.sort_by(|a, b| a.death.total_cmp(&b.death));
        for p in &finite {
            writeln!(out, " [{},{})", g(p.birth as f32), g(p.death as f32))?;
        }
        for p in d.essential() {
            writeln!(out, " [{}, )", g(p.birth as f32))?;
        }
    } else {
        for p in d.pairs() {
            if p.is_essential() {
                writeln!(out, " [{}, )", g(p.birth as f32))?;
            } else {
                writeln!(out, " [{},{})", g(p.birth as f32), g(p.death as f32))?;
            }
        }
    }
    Ok(())
}

/// What Ripser prints about the distances before the diagrams.
struct Stats {
    n: usize,
    min: f32,
    max: f32,
    enclosing_radius: f32,
    /// All pairwise distances, kept only for the thresholded header (edge count).
    distances: Vec<f32>,
}

impl Stats {
    fn count_within(&self, t: f32) -> usize {
        self.distances.iter().filter(|&&d| d <= t).count()
    }
}

fn matrix_stats(m: &DistanceMatrix) -> Stats {
    let n = m.len();
    let mut distances = Vec::with_capacity(n * (n - 1) / 2);
    for i in 1..n {
        for j in 0..i {
            distances.push(m.get(i, j));
        }
    }
    Stats {
        n,
        min: distances.iter().copied().fold(f32::INFINITY, f32::min),
        max: distances.iter().copied().fold(0.0, f32::max),
        enclosing_radius: m.enclosing_radius(),
        distances,
    }
}

/// The same figures from a point cloud without a distance matrix (one pass over the pairs), so
/// that H0 of a large cloud stays in `O(n)` memory; the edge count is taken in the same pass.
fn point_cloud_stats(points: Points<'_>) -> Stats {
    use topo_core::{Euclidean, Metric};
    let n = points.len();
    let mut row_max = vec![0.0_f32; n];
    let (mut min, mut max) = (f32::INFINITY, 0.0_f32);
    for i in 1..n {
        for j in 0..i {
            let d = Euclidean.distance(points.row(i), points.row(j)) as f32;
            min = min.min(d);
            max = max.max(d);
            row_max[i] = row_max[i].max(d);
            row_max[j] = row_max[j].max(d);
        }
    }
    Stats {
        n,
        min,
        max,
        enclosing_radius: row_max.iter().copied().fold(f32::INFINITY, f32::min),
        distances: Vec::new(),
    }
}

/// Numbers separated by commas and/or white space.
fn parse_numbers(text: &str) -> Result<Vec<f32>> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<f32>()
                .map_err(|_| anyhow::anyhow!("'{s}' is not a number"))
        })
        .collect()
}

/// One point per non-empty line; every line must have the same number of coordinates.
fn parse_point_cloud(text: &str) -> Result<(Vec<f32>, usize)> {
    let mut data = Vec::new();
    let mut width = None;
    for (i, line) in text.lines().enumerate() {
        let row = parse_numbers(line).with_context(|| format!("line {}", i + 1))?;
        if row.is_empty() {
            continue;
        }
        match width {
            None => width = Some(row.len()),
            Some(w) if w != row.len() => {
                bail!(
                    "line {}: {} coordinates where earlier lines have {w}",
                    i + 1,
                    row.len()
                )
            }
            Some(_) => {}
        }
        data.extend(row);
    }
    let width = width.context("no points in the input")?;
    Ok((data, width))
}

/// A number as C++'s `std::ostream` prints a float by default (`%g` with 6 significant digits):
/// no trailing zeros, exponent form when the decimal exponent is below -4 or at least 6.
pub fn g(v: f32) -> String {
    let v = f64::from(v);
    if v == 0.0 {
        return "0".to_string();
    }
    if !v.is_finite() {
        return if v.is_nan() {
            "nan".into()
        } else if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    // Round to 6 significant digits first: the exponent is that of the rounded value.
    let sci = format!("{v:.5e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let m = trim_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (5 - exp).max(0) as usize;
        trim_zeros(&format!("{v:.decimals$}")).to_string()
    }
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_stream_number_format() {
        assert_eq!(g(1.0), "1");
        assert_eq!(g(std::f32::consts::SQRT_2), "1.41421");
        assert_eq!(g(3.217_654), "3.21765");
        assert_eq!(g(0.5), "0.5");
        assert_eq!(g(123_456.7), "123457");
        assert_eq!(g(1_234_567.0), "1.23457e+06");
        assert_eq!(g(0.000_012_5), "1.25e-05");
        assert_eq!(g(0.000_125), "0.000125");
        assert_eq!(g(999_999.9), "1e+06");
        assert_eq!(g(0.0), "0");
    }

    #[test]
    fn square_prints_like_ripser() {
        let out = render("0,0\n1,0\n1,1\n0,1\n", Format::PointCloud, 1, None, None).unwrap();
        let expected = "value range: [1,1.41421]\n\
            distance matrix with 4 points, using threshold at enclosing radius 1.41421\n\
            persistence intervals in dim 0:\n [0,1)\n [0,1)\n [0,1)\n [0, )\n\
            persistence intervals in dim 1:\n [1,1.41421)\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn lower_distance_with_threshold() {
        // 4-cycle with diagonals 2; cut at 1.5 the loop never dies.
        let out = render("1\n2 1\n1 2 1\n", Format::LowerDistance, 1, Some(1.5), None).unwrap();
        assert!(
            out.contains("sparse distance matrix with 4 points and 4/6 entries"),
            "{out}"
        );
        assert!(
            out.ends_with("persistence intervals in dim 1:\n [1, )\n"),
            "{out}"
        );
    }

    #[test]
    fn max_simplices_limits_the_complex() {
        // 4 points, all distances 1, up to H2: 6 edges (weight 2) + 4 triangles (weight 3) = 24.
        let text = "1\n1 1\n1 1 1\n";
        let err = render(text, Format::LowerDistance, 2, None, Some(23)).unwrap_err();
        assert!(format!("{err:#}").contains("max_simplices"), "{err:#}");
        assert!(render(text, Format::LowerDistance, 2, None, Some(24)).is_ok());
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(render("1,2\n3\n", Format::PointCloud, 1, None, None).is_err());
        assert!(render("1 x\n", Format::PointCloud, 1, None, None).is_err());
        assert!(render("1,2\n", Format::PointCloud, 1, None, None).is_err());
        assert!(render("1 2\n", Format::LowerDistance, 1, None, None).is_err());
        assert!(
            render(
                "1\n2 1\n1 2 1\n",
                Format::LowerDistance,
                1,
                Some(-1.0),
                None
            )
            .is_err()
        );
        assert!(render("", Format::PointCloud, 1, None, None).is_err());
    }
}
