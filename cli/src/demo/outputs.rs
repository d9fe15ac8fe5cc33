//! The demo's files: `results.csv` (one line per run), `results.json` (settings, runs, summary
//! and the advisor comparison) and `accuracy_vs_time.svg` (test accuracy against training time,
//! one colour per method).

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use plotters::prelude::*;

use super::job::RunResult;

/// File names inside the output folder.
pub const CSV_FILE: &str = "results.csv";
/// JSON file name.
pub const JSON_FILE: &str = "results.json";
/// Plot file name.
pub const PLOT_FILE: &str = "accuracy_vs_time.svg";

fn opt(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| format!("{x}"))
}

/// Writes one CSV line per run; empty cells are "not available".
pub fn write_csv(path: &Path, runs: &[RunResult]) -> Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    w.write_record([
        "method",
        "seed",
        "advisor",
        "rows_kept",
        "synthesized",
        "reduction_s",
        "epsilon",
        "bottleneck_h0",
        "bottleneck_h1",
        "stability_bound",
        "epochs",
        "train_s",
        "cpu_s",
        "energy_j",
        "accuracy",
        "macro_f1",
        "note",
    ])?;
    for r in runs {
        w.write_record([
            r.method.clone(),
            r.seed.to_string(),
            r.advisor.to_string(),
            r.rows_kept.map_or(String::new(), |v| v.to_string()),
            r.synthesized.to_string(),
            opt(r.reduction_s),
            opt(r.epsilon),
            opt(r.bottleneck_h0),
            opt(r.bottleneck_h1),
            opt(r.stability_bound),
            r.epochs.map_or(String::new(), |v| v.to_string()),
            opt(r.train_s),
            opt(r.cpu_s),
            opt(r.energy_j),
            opt(r.accuracy),
            opt(r.macro_f1),
            r.note.clone().unwrap_or_default(),
        ])?;
    }
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Writes `value` as pretty JSON.
pub fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    fs::write(path, text + "\n").with_context(|| format!("cannot write {}", path.display()))
}

/// Plots test accuracy against training time, one series per method (each seed a point).
pub fn write_plot(path: &Path, runs: &[RunResult], title: &str) -> Result<()> {
    let points: Vec<(String, f64, f64)> = runs
        .iter()
        .filter_map(|r| {
            let name = if r.method == "FULL" && !r.advisor {
                "FULL (no advisor)".to_string()
            } else {
                r.method.clone()
            };
            Some((name, r.train_s?, r.accuracy?))
        })
        .collect();
    let (mut t_max, mut a_min, mut a_max) = (0.0_f64, 1.0_f64, 0.0_f64);
    for (_, t, a) in &points {
        t_max = t_max.max(*t);
        a_min = a_min.min(*a);
        a_max = a_max.max(*a);
    }
    if points.is_empty() {
        (a_min, a_max) = (0.0, 1.0);
    }
    let pad = ((a_max - a_min) * 0.1).max(0.005);
    let (y0, y1) = ((a_min - pad).max(0.0), (a_max + pad).min(1.0));
    let x1 = if t_max > 0.0 { t_max * 1.1 } else { 1.0 };

    let root = SVGBackend::new(path, (900, 600)).into_drawing_area();
    let draw = |e: &dyn std::fmt::Display| anyhow::anyhow!("cannot draw {}: {e}", path.display());
    root.fill(&WHITE).map_err(|e| draw(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..x1, y0..y1)
        .map_err(|e| draw(&e))?;
    chart
        .configure_mesh()
        .x_desc("training time (s)")
        .y_desc("test accuracy")
        .draw()
        .map_err(|e| draw(&e))?;
    let mut names: Vec<&str> = points.iter().map(|p| p.0.as_str()).collect();
    names.dedup();
    let mut seen: Vec<&str> = Vec::new();
    for n in names {
        if !seen.contains(&n) {
            seen.push(n);
        }
    }
    for (i, name) in seen.iter().enumerate() {
        let colour = Palette99::pick(i).to_rgba();
        let series: Vec<(f64, f64)> = points
            .iter()
            .filter(|p| p.0 == *name)
            .map(|p| (p.1, p.2))
            .collect();
        chart
            .draw_series(
                series
                    .iter()
                    .map(|&(x, y)| Circle::new((x, y), 5, colour.filled())),
            )
            .map_err(|e| draw(&e))?
            .label(name.to_string())
            .legend(move |(x, y)| Circle::new((x, y), 5, colour.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::LowerRight)
        .draw()
        .map_err(|e| draw(&e))?;
    root.present().map_err(|e| draw(&e))?;
    Ok(())
}
