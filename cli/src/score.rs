//! `frugal score FULL.csv REDUCED.csv [--label NAME] [--norm chebyshev|euclidean|manhattan]
//! [--dims 0,1] [--json]`: the representativeness report of a reduced set against the full set.
//!
//! Both files are labelled CSVs (header, `,` or `;`); a `row` column (written by `frugal reduce`)
//! is ignored in either. Labels are matched by name: a reduced label absent from the full file is
//! an error. With `--json` one object is printed:
//! `{"epsilon": E, "norm": N, "missing_classes": [...], "classes": [{"label": L, "rows_full": N,
//! "rows_reduced": M, "missing": false, "epsilon": e, "epsilon_row": R, "hausdorff": h,
//! "bottleneck": {"0": b0, "1": b1}, "bound": B, ...}, ...]}`, where `null` stands for an
//! infinite distance (a missing class makes the overall epsilon infinite). A dimension that was
//! not computed exactly is absent from `"bottleneck"`; it appears under `"bottleneck_landmark"`
//! (`{"value", "error", "landmarks_full", "landmarks_reduced"}`: the true value lies within
//! `value ± error`) or `"skipped"` (the reason).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};
use topo_core::{
    DiagramDistance, LabelledPoints, Norm, Report, ReportParams, representativeness_report,
};

use crate::table::{Table, read_table};

/// Arguments of `frugal score`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The full labelled data set (CSV).
    pub full: PathBuf,
    /// The reduced set (CSV, same columns; a `row` column is ignored).
    pub reduced: PathBuf,
    /// Name of the label column (default: the last column).
    #[arg(long)]
    pub label: Option<String>,
    /// Norm of epsilon.
    #[arg(long, value_enum, default_value = "chebyshev")]
    pub norm: NormArg,
    /// Homology dimensions to compare (comma separated, among 0 and 1).
    #[arg(long, default_value = "0,1", value_delimiter = ',')]
    pub dims: Vec<usize>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Largest class for which H1 is computed exactly; larger ones use this many max-min
    /// landmarks, with the error bound reported.
    #[arg(long, default_value_t = 1000)]
    pub h1_max_points: usize,
}

/// The `--norm` values.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormArg {
    /// L-infinity (the reference package's choice).
    Chebyshev,
    /// L2.
    Euclidean,
    /// L1.
    Manhattan,
}

impl From<NormArg> for Norm {
    fn from(n: NormArg) -> Self {
        match n {
            NormArg::Chebyshev => Norm::Chebyshev,
            NormArg::Euclidean => Norm::Euclidean,
            NormArg::Manhattan => Norm::Manhattan,
        }
    }
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<()> {
    let full = read_table(&args.full, args.label.as_deref(), &["row"])?;
    let reduced = read_table(&args.reduced, args.label.as_deref(), &["row"])?;
    let report = score(&full, &reduced, &args)?;
    if args.json {
        println!("{}", to_json(&report, &full));
    } else {
        print!("{}", to_text(&report, &full, &args));
    }
    Ok(())
}

/// The report of two tables read by [`read_table`].
pub fn score(full: &Table, reduced: &Table, args: &Args) -> Result<Report> {
    if full.feature_names != reduced.feature_names {
        bail!(
            "the files have different feature columns: [{}] vs [{}]",
            full.feature_names.join(", "),
            reduced.feature_names.join(", ")
        );
    }
    let codes = reduced_codes(full, reduced)?;
    for d in &args.dims {
        if *d > 1 {
            bail!("--dims: homology dimension {d} is not supported (use 0 and/or 1)");
        }
    }
    let params = ReportParams {
        norm: args.norm.into(),
        h0: args.dims.contains(&0),
        h1: args.dims.contains(&1),
        h1_max_points: args.h1_max_points,
        ..ReportParams::default()
    };
    let f = LabelledPoints::new(&full.features, full.dim, &full.labels)?;
    let r = LabelledPoints::new(&reduced.features, reduced.dim, &codes)?;
    representativeness_report(&f, &r, &params).context("cannot score")
}

/// Label codes of the reduced rows in the full file's numbering (names compared as text, or as
/// numbers when both parse, so `1` and `1.0` agree).
fn reduced_codes(full: &Table, reduced: &Table) -> Result<Vec<u32>> {
    let map: Vec<u32> = reduced
        .label_names
        .iter()
        .map(|name| {
            full.label_names
                .iter()
                .position(|f| {
                    f == name
                        || matches!((f.parse::<f64>(), name.parse::<f64>()), (Ok(a), Ok(b)) if a == b)
                })
                .map(|i| i as u32)
                .with_context(|| {
                    format!(
                        "label '{name}' of the reduced set is not a label of the full set ({})",
                        full.label_names.join(", ")
                    )
                })
        })
        .collect::<Result<_>>()?;
    Ok(reduced.labels.iter().map(|&c| map[c as usize]).collect())
}

/// `null` for infinite or missing values, the number otherwise.
fn num(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => json!(x),
        _ => Value::Null,
    }
}

/// The JSON object of the report (keys documented in the module).
pub fn to_json(report: &Report, full: &Table) -> Value {
    let name = |l: u32| full.label_names[l as usize].clone();
    let classes: Vec<Value> = report
        .classes
        .iter()
        .map(|c| {
            let mut bottleneck = Map::new();
            let mut wasserstein = Map::new();
            let mut landmark = Map::new();
            let mut skipped = Map::new();
            for d in &c.dims {
                let k = d.dim.to_string();
                match &d.distance {
                    DiagramDistance::Exact {
                        bottleneck: b,
                        wasserstein: w,
                    } => {
                        bottleneck.insert(k.clone(), num(Some(*b)));
                        if w.is_some() {
                            wasserstein.insert(k, num(*w));
                        }
                    }
                    DiagramDistance::Landmark {
                        bottleneck: b,
                        error,
                        landmarks_full,
                        landmarks_reduced,
                    } => {
                        landmark.insert(
                            k,
                            json!({"value": num(Some(*b)), "error": num(Some(*error)),
                                   "landmarks_full": landmarks_full,
                                   "landmarks_reduced": landmarks_reduced}),
                        );
                    }
                    DiagramDistance::Skipped { reason } => {
                        skipped.insert(k, json!(reason));
                    }
                    _ => {}
                }
            }
            let mut o = Map::new();
            o.insert("label".into(), json!(name(c.label)));
            o.insert("rows_full".into(), json!(c.rows_full));
            o.insert("rows_reduced".into(), json!(c.rows_reduced));
            o.insert("missing".into(), json!(c.missing));
            o.insert("epsilon".into(), num(c.epsilon));
            o.insert("epsilon_row".into(), json!(c.epsilon_row));
            o.insert("hausdorff".into(), num(c.hausdorff));
            o.insert("bottleneck".into(), Value::Object(bottleneck));
            o.insert("bound".into(), num(c.bound));
            if !wasserstein.is_empty() {
                o.insert("wasserstein".into(), Value::Object(wasserstein));
            }
            if !landmark.is_empty() {
                o.insert("bottleneck_landmark".into(), Value::Object(landmark));
            }
            if !skipped.is_empty() {
                o.insert("skipped".into(), Value::Object(skipped));
            }
            Value::Object(o)
        })
        .collect();
    let missing: Vec<String> = report
        .classes
        .iter()
        .filter(|c| c.missing)
        .map(|c| name(c.label))
        .collect();
    json!({
        "epsilon": num(Some(report.epsilon)),
        "norm": report.norm.name(),
        "missing_classes": missing,
        "classes": classes,
    })
}

fn fmt(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.6}"),
        Some(_) => "inf".into(),
        None => "-".into(),
    }
}

/// The human-readable table.
pub fn to_text(report: &Report, full: &Table, args: &Args) -> String {
    let mut s = format!(
        "representativeness of {} against {} (epsilon in the {} norm; bound = 2 x Euclidean Hausdorff)\n",
        args.reduced.display(),
        args.full.display(),
        report.norm.name()
    );
    s += &format!(
        "epsilon (max over classes): {}\n\n",
        fmt(Some(report.epsilon))
    );
    s += &format!(
        "{:<12} {:>9} {:>9} {:>12} {:>8} {:>12} {:>12}",
        "label", "full", "reduced", "epsilon", "at row", "hausdorff", "bound"
    );
    for d in &args.dims {
        s += &format!(" {:>22}", format!("bottleneck H{d}"));
    }
    s += "\n";
    let mut notes = Vec::new();
    for c in &report.classes {
        let name = &full.label_names[c.label as usize];
        s += &format!(
            "{:<12} {:>9} {:>9} {:>12} {:>8} {:>12} {:>12}",
            name,
            c.rows_full,
            c.rows_reduced,
            fmt(c.epsilon),
            c.epsilon_row.map_or("-".into(), |r| r.to_string()),
            fmt(c.hausdorff),
            fmt(c.bound)
        );
        if c.missing {
            s += "   MISSING from the reduced set\n";
            continue;
        }
        for d in &c.dims {
            let cell = match &d.distance {
                DiagramDistance::Exact { bottleneck, .. } => fmt(Some(*bottleneck)),
                DiagramDistance::Landmark {
                    bottleneck, error, ..
                } => {
                    notes.push(format!(
                        "class {name} H{}: estimated on max-min landmarks; the true value is within {} of it",
                        d.dim,
                        fmt(Some(*error))
                    ));
                    format!("~{} ±{}", fmt(Some(*bottleneck)), fmt(Some(*error)))
                }
                DiagramDistance::Skipped { reason } => {
                    notes.push(format!("class {name} H{}: {reason}", d.dim));
                    "skipped".into()
                }
                _ => "?".into(),
            };
            s += &format!(" {cell:>22}");
        }
        s += "\n";
    }
    for n in notes {
        s += &format!("note: {n}\n");
    }
    s
}
