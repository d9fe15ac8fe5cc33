//! `frugal demo`: the paper's tabular experiment end to end on the shipped collision data set.
//!
//! For each seed: a stratified 75/25 train/test split; MinMax scaling fitted on the training
//! part; every reduction method at `--ratio` of each class (timed); the representativeness of
//! each reduced set; the paper's network trained on the full training split and on each reduced
//! set; test accuracy and macro F1. By default predict-core's advisor decides when to stop,
//! within `--cap` epochs, watching the accuracy on a validation tenth held out of the training
//! split (never the test split); one more run on the full split for the whole cap without the
//! advisor shows what the advisor saved. `--paper` trains the paper's 600 epochs without the
//! advisor and without a validation hold-out.

mod crates;
mod job;
mod outputs;
mod summary;

pub use crates::{PAPER_METHODS, Representativeness, StopRule, available_methods};
pub use job::{ClassRows, JobSpec, Prepared, RunResult, Subject};
pub use outputs::{CSV_FILE, JSON_FILE, PLOT_FILE};
pub use summary::{Spread, Summary, render_table, spread, summarise};

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::energy::EnergyMeter;
use crate::split::{Dataset, MinMax, stratified_split};
use crate::table::{Table, read_table};

/// Epochs the paper trains (spec §5.1).
pub const PAPER_EPOCHS: usize = 600;
/// Default epoch cap for the advisor runs: a third of the paper's 600, which keeps the whole
/// default demo within its 3-minute budget on 2 cores.
pub const DEFAULT_CAP: usize = 200;
/// Epoch cap of `--quick`.
pub const QUICK_CAP: usize = 8;
/// Rows `--quick` keeps of the data set (a stratified sample), so every method runs in a blink.
pub const QUICK_ROWS: usize = 600;
/// Share of the training split held out for the advisor's validation accuracy.
pub const VALIDATION_SHARE: f64 = 0.1;
/// Share of the data set held out for testing (the paper's 25%).
pub const TEST_SHARE: f64 = 0.25;

/// Arguments of `frugal demo`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// CSV file to run on (default: the shipped collision data set).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Name of the label column (default: the last column).
    #[arg(long)]
    pub label: Option<String>,
    /// Comma-separated columns to leave out (e.g. `N`, which the paper's experiment drops).
    #[arg(long, value_delimiter = ',')]
    pub skip: Vec<String>,
    /// Share of each class every method keeps, in (0, 1].
    #[arg(long, default_value_t = 0.2)]
    pub ratio: f64,
    /// Comma-separated methods (default: all ten of the paper; those reduce-core lacks are
    /// listed as not available).
    #[arg(long, value_delimiter = ',')]
    pub methods: Option<Vec<String>>,
    /// Repeat with seeds 0..N and report mean and standard deviation.
    #[arg(long, default_value_t = 1)]
    pub seeds: u64,
    /// A run of a few seconds (600-row stratified sample, 8 epochs), for tests.
    #[arg(long, conflicts_with = "paper")]
    pub quick: bool,
    /// The paper's protocol: 600 epochs, no advisor.
    #[arg(long)]
    pub paper: bool,
    /// Most epochs per training run when the advisor decides (default 200; `--quick` 8).
    #[arg(long)]
    pub cap: Option<usize>,
    /// Folder for results.csv, results.json and accuracy_vs_time.svg.
    #[arg(long, default_value = "target/frugal-demo")]
    pub out: PathBuf,
    /// Estimate the H1 distance of classes above 1,000 rows on max-min landmarks (slow: it
    /// roughly triples the default demo's CPU time, and on collision the stated error is larger
    /// than the distances); by default such classes are skipped for H1 and the notes say so.
    #[arg(long)]
    pub h1_landmarks: bool,
    /// Training runs in parallel (default: the number of CPUs; 1 when energy is measured, so
    /// that each energy reading belongs to one run).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Path of the shipped collision data set.
pub fn shipped_collision() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/collision.csv")
}

fn to_dataset(t: &Table) -> Dataset {
    Dataset {
        features: t.features.clone(),
        dim: t.dim,
        labels: t.labels.clone(),
    }
}

/// Whether the header row of the CSV at `path` has a column `name`.
fn header_has(path: &std::path::Path, name: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let header = text.lines().next().unwrap_or("");
    let delimiter = char::from(crate::table::detect_delimiter(header));
    header.split(delimiter).any(|h| h.trim() == name)
}

/// Parses `--methods`: names are case-insensitive and must be among the paper's ten.
pub fn parse_methods(requested: Option<&[String]>) -> Result<Vec<&'static str>> {
    let Some(list) = requested else {
        return Ok(PAPER_METHODS.to_vec());
    };
    let mut out = Vec::new();
    for raw in list {
        let name = raw.trim().to_ascii_uppercase();
        if name.is_empty() {
            continue;
        }
        let Some(&m) = PAPER_METHODS.iter().find(|&&m| m == name) else {
            bail!(
                "unknown method '{}' (known: {})",
                raw.trim(),
                PAPER_METHODS.join(", ")
            );
        };
        if !out.contains(&m) {
            out.push(m);
        }
    }
    if out.is_empty() {
        bail!("--methods names no method");
    }
    Ok(out)
}

/// Splits, holds out validation rows if asked, and scales: the data of one seed.
pub fn prepare(all: &Dataset, classes: usize, seed: u64, validation: bool) -> Result<Prepared> {
    let split = stratified_split(&all.labels, TEST_SHARE, seed).context("train/test split")?;
    let mut train = all.subset(&split.train)?;
    let mut test = all.subset(&split.held_out)?;
    let mut val = None;
    if validation {
        let inner = stratified_split(&train.labels, VALIDATION_SHARE, seed ^ 0x5EED)
            .context("validation split")?;
        val = Some(train.subset(&inner.held_out)?);
        train = train.subset(&inner.train)?;
    }
    let scaler = MinMax::fit(&train)?;
    scaler.apply(&mut train)?;
    scaler.apply(&mut test)?;
    if let Some(v) = val.as_mut() {
        scaler.apply(v)?;
    }
    Ok(Prepared {
        train,
        validation: val,
        test,
        classes,
    })
}

/// Runs the demo.
pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    if !(args.ratio > 0.0 && args.ratio <= 1.0) {
        bail!("--ratio {} is not in (0, 1]", args.ratio);
    }
    if args.seeds == 0 {
        bail!("--seeds must be at least 1");
    }
    if args.cap == Some(0) {
        bail!("--cap must be at least 1");
    }
    if args.threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    let methods = parse_methods(args.methods.as_deref())?;
    let path = args.data.clone().unwrap_or_else(shipped_collision);
    let skip: Vec<&str> = args.skip.iter().map(|c| c.trim()).collect();
    let table = read_table(&path, args.label.as_deref(), &skip)?;
    // A misspelt --skip would otherwise be silently ignored.
    if let Some(bad) = skip.iter().find(|c| !header_has(&path, c)) {
        bail!("--skip: no column named '{bad}' in {}", path.display());
    }
    let classes = table.label_names.len();
    if classes < 2 {
        bail!(
            "label column '{}' has {} class; the demo needs at least two",
            table.label_column,
            classes
        );
    }
    let mut all = to_dataset(&table);
    if args.quick && all.rows() > QUICK_ROWS {
        // The training side of a split that holds out all but QUICK_ROWS rows, per class.
        let drop = 1.0 - QUICK_ROWS as f64 / all.rows() as f64;
        let sample = stratified_split(&all.labels, drop, 0xC0FFEE).context("quick sample")?;
        all = all.subset(&sample.train)?;
    }
    let cap = if args.paper {
        PAPER_EPOCHS
    } else if args.quick {
        args.cap.unwrap_or(QUICK_CAP)
    } else {
        args.cap.unwrap_or(DEFAULT_CAP)
    };
    let use_advisor = !args.paper && crates::advisor(cap).is_some();
    let meter = EnergyMeter::detect();
    let threads = args.threads.unwrap_or_else(|| {
        if meter.is_some() {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    });

    eprintln!(
        "frugal demo: {} ({} rows x {} features, {} classes, label '{}'), ratio {}, {} seed(s), {}",
        path.display(),
        all.rows(),
        all.dim,
        classes,
        table.label_column,
        args.ratio,
        args.seeds,
        if args.paper {
            format!("{cap} epochs (paper)")
        } else if use_advisor {
            format!("advisor within {cap} epochs")
        } else {
            format!("{cap} epochs (advisor not available)")
        }
    );

    let prepared: Vec<Prepared> = (0..args.seeds)
        .map(|seed| prepare(&all, classes, seed, !args.paper))
        .collect::<Result<_>>()?;

    let fes_epochs = cap.div_ceil(3); // the paper: 200 of 600 epochs
    let mut jobs = Vec::new();
    for seed in 0..args.seeds {
        let base = JobSpec {
            subject: Subject::Full,
            seed,
            cap,
            advisor: use_advisor,
            ratio: args.ratio,
            fes_epochs,
            h1_landmarks: args.h1_landmarks,
        };
        jobs.push(base);
        if use_advisor {
            jobs.push(JobSpec {
                advisor: false,
                ..base
            });
        }
        for &m in &methods {
            jobs.push(JobSpec {
                subject: Subject::Method(m),
                ..base
            });
        }
    }

    let total_epochs: u64 = jobs.iter().map(|j| job::planned_epochs(j) as u64).sum();
    let progress = ProgressBar::with_draw_target(Some(total_epochs), ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} epochs  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<RunResult>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads.min(jobs.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(spec) = jobs.get(i) else { break };
                    let Some(data) = prepared.get(spec.seed as usize) else {
                        break;
                    };
                    progress.set_message(format!("{} (seed {})", spec.subject.name(), spec.seed));
                    // A job that fails (e.g. a method that returns an unusable set) becomes
                    // a row saying so; the other jobs go on.
                    let r = job::run(spec, data, meter.as_ref(), &progress)
                        .unwrap_or_else(|e| RunResult::failed(spec, &e));
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(r);
                    }
                }
            });
        }
    });
    progress.finish_and_clear();
    let runs: Vec<RunResult> = results
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a training thread panicked"))?
        .into_iter()
        .map(|r| r.context("a job did not run"))
        .collect::<Result<_>>()?;

    let rows = summarise(&runs);
    let energy_available = meter.is_some();
    println!();
    print!("{}", render_table(&rows, energy_available));
    if !energy_available {
        println!(
            "energy unavailable (no readable RAPL counters under /sys/class/powercap): CPU time shown"
        );
    }
    let comparison = advisor_comparison(&rows);
    match &comparison {
        Some(c) => println!("{}", c.1),
        None if args.paper => {}
        None => println!("advisor vs fixed cap: not available (predict-core has no advisor yet)"),
    }

    let out = &args.out;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    outputs::write_csv(&out.join(CSV_FILE), &runs)?;
    let doc = json!({
        "data": path.display().to_string(),
        "label_column": table.label_column,
        "label_names": table.label_names,
        "rows": all.rows(),
        "features": all.dim,
        "ratio": args.ratio,
        "seeds": args.seeds,
        "cap_epochs": cap,
        "mode": if args.paper { "paper" } else if args.quick { "quick" } else { "advisor" },
        "advisor_available": use_advisor,
        "energy_available": energy_available,
        "threads": threads,
        "runs": runs,
        "summary": rows,
        "advisor_vs_cap": comparison.map(|c| c.0),
        "wall_s": started.elapsed().as_secs_f64(),
    });
    outputs::write_json(&out.join(JSON_FILE), &doc)?;
    let title = format!(
        "{}: test accuracy vs training time, {:.0}% kept",
        path.file_name()
            .map_or("data".into(), |n| n.to_string_lossy()),
        args.ratio * 100.0
    );
    outputs::write_plot(&out.join(PLOT_FILE), &runs, &title)?;
    println!(
        "wrote {}, {} and {} in {} ({:.1} s)",
        CSV_FILE,
        JSON_FILE,
        PLOT_FILE,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The advisor's full-split runs against the fixed-cap runs: epochs and time saved, accuracy
/// change. `None` when either is missing.
fn advisor_comparison(rows: &[Summary]) -> Option<(serde_json::Value, String)> {
    let with = rows.iter().find(|s| s.method == "FULL" && s.advisor)?;
    let without = rows.iter().find(|s| s.method == "FULL" && !s.advisor)?;
    let (e1, e0) = (with.epochs?.mean, without.epochs?.mean);
    let (t1, t0) = (with.train_s?.mean, without.train_s?.mean);
    let (a1, a0) = (with.accuracy?.mean, without.accuracy?.mean);
    let saved_share = if t0 > 0.0 { 1.0 - t1 / t0 } else { 0.0 };
    let text = format!(
        "advisor vs fixed cap (full training split): {e1:.0} vs {e0:.0} epochs, {t1:.2} s vs {t0:.2} s \
         ({:.0}% time saved), accuracy {a1:.4} vs {a0:.4} ({:+.4})",
        saved_share * 100.0,
        a1 - a0
    );
    let value = json!({
        "epochs_advisor": e1,
        "epochs_cap": e0,
        "epochs_saved": e0 - e1,
        "train_s_advisor": t1,
        "train_s_cap": t0,
        "time_saved_share": saved_share,
        "accuracy_advisor": a1,
        "accuracy_cap": a0,
        "accuracy_change": a1 - a0,
    });
    Some((value, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_case_insensitively_and_reject_unknown_names() {
        let list = vec!["mms".to_string(), " SRS".into(), "MMS".into()];
        assert_eq!(parse_methods(Some(&list)).unwrap(), vec!["MMS", "SRS"]);
        assert_eq!(parse_methods(None).unwrap(), PAPER_METHODS.to_vec());
        let bad = vec!["SRS".to_string(), "KMEANS".into()];
        let e = parse_methods(Some(&bad)).unwrap_err().to_string();
        assert!(e.contains("unknown method 'KMEANS'"), "{e}");
        assert!(parse_methods(Some(&[String::new()])).is_err());
    }

    #[test]
    fn prepare_splits_75_25_holds_out_validation_and_scales_on_training_rows() {
        // 80 rows of class 0 and 20 of class 1; feature = row index, so scaling is checkable.
        let all = Dataset {
            features: (0..100).map(|i| i as f32).collect(),
            dim: 1,
            labels: (0..100).map(|i| u32::from(i % 5 == 0)).collect(),
        };
        let p = prepare(&all, 2, 7, true).unwrap();
        // Test: 25 rows (20 + 5); validation: a tenth of the 75 left (7 or 8 by the rule).
        assert_eq!(p.test.rows(), 25);
        assert_eq!(p.test.labels.iter().filter(|&&l| l == 1).count(), 5);
        let val = p.validation.as_ref().unwrap();
        assert_eq!(val.rows() + p.train.rows(), 75);
        assert_eq!(val.rows(), 8); // round(0.1 * 75)
        // Training features span exactly [0, 1]; other rows may fall outside.
        let (lo, hi) = p
            .train
            .features
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        assert_eq!((lo, hi), (0.0, 1.0));
        assert!(p.classes == 2);
        let paper = prepare(&all, 2, 7, false).unwrap();
        assert!(paper.validation.is_none());
        assert_eq!(paper.train.rows(), 75);
    }

    fn run(method: &str, advisor: bool, epochs: usize, train_s: f64, acc: f64) -> RunResult {
        RunResult {
            method: method.into(),
            seed: 0,
            advisor,
            classes: vec![],
            rows_kept: Some(10),
            synthesized: false,
            reduction_s: None,
            epsilon: None,
            bottleneck_h0: None,
            bottleneck_h1: None,
            stability_bound: None,
            epochs: Some(epochs),
            train_s: Some(train_s),
            cpu_s: None,
            energy_j: None,
            accuracy: Some(acc),
            macro_f1: Some(acc),
            note: None,
        }
    }

    #[test]
    fn summary_flags_methods_below_random_sampling() {
        let runs = [
            run("SRS", true, 10, 1.0, 0.90),
            run("SRS", true, 10, 1.0, 0.92),
            run("MMS", true, 10, 1.0, 0.905),
            run("DES", true, 10, 1.0, 0.915),
        ];
        let rows = summarise(&runs);
        let srs = rows.iter().find(|s| s.method == "SRS").unwrap();
        assert!((srs.accuracy.unwrap().mean - 0.91).abs() < 1e-12);
        assert_eq!(srs.accuracy.unwrap().n, 2);
        let below = |m: &str| {
            rows.iter()
                .find(|s| s.method == m)
                .unwrap()
                .notes
                .contains(&"accuracy below SRS".to_string())
        };
        assert!(below("MMS"));
        assert!(!below("DES"));
        let table = render_table(&rows, false);
        assert!(table.contains("0.910 ± 0.014"), "{table}");
        assert!(table.contains("CPU (s)"));
    }

    #[test]
    fn advisor_comparison_reports_savings() {
        let runs = [
            run("FULL", true, 50, 5.0, 0.91),
            run("FULL", false, 200, 20.0, 0.90),
        ];
        let (v, text) = advisor_comparison(&summarise(&runs)).unwrap();
        assert_eq!(v["epochs_saved"], 150.0);
        assert!((v["time_saved_share"].as_f64().unwrap() - 0.75).abs() < 1e-12);
        assert!((v["accuracy_change"].as_f64().unwrap() - 0.01).abs() < 1e-12);
        assert!(text.contains("75% time saved"), "{text}");
        assert!(advisor_comparison(&summarise(&runs[..1])).is_none());
    }
}
