//! One unit of the demo's work: reduce the training split with one method (or not at all),
//! score the reduced set, train the paper's network on it, and test it.

use anyhow::Result;
use indicatif::ProgressBar;
use serde::Serialize;

use super::crates::{self, ForgettingStats};
use crate::energy::{Cost, EnergyMeter, Stopwatch};
use crate::split::Dataset;
use crate::train::{ForgettingCounter, TrainConfig, Trainer};

/// The data of one seed: the training split (what gets reduced), the validation rows the
/// advisor watches (if any), and the test split.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Training rows, MinMax-scaled with statistics fitted on them.
    pub train: Dataset,
    /// Validation rows held out of the training split for the advisor.
    pub validation: Option<Dataset>,
    /// Test rows, scaled with the training statistics.
    pub test: Dataset,
    /// Number of classes in the whole data set.
    pub classes: usize,
}

/// What to train on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// The whole training split.
    Full,
    /// The training split reduced by this method.
    Method(&'static str),
}

impl Subject {
    /// Name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Subject::Full => "FULL",
            Subject::Method(m) => m,
        }
    }
}

/// One job.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobSpec {
    /// What to train on.
    pub subject: Subject,
    /// Seed of the split, the reduction and the training.
    pub seed: u64,
    /// Most epochs to train.
    pub cap: usize,
    /// Let the advisor stop training early.
    pub advisor: bool,
    /// Share of each class to keep.
    pub ratio: f64,
    /// Epochs on the full training split that count forgetting events before FES reduces.
    pub fes_epochs: usize,
    /// Estimate H1 of large classes on landmarks instead of skipping them.
    pub h1_landmarks: bool,
}

/// Rows of one class in the training split and in the reduced set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassRows {
    /// Class code (index into the label names).
    pub class: u32,
    /// Rows in the training split.
    pub rows_full: usize,
    /// Rows trained on.
    pub rows_kept: usize,
}

/// The outcome of one job; `None` fields are "not available".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunResult {
    /// Method name, `FULL` for the whole training split.
    pub method: String,
    /// Seed.
    pub seed: u64,
    /// Whether the advisor could stop this run.
    pub advisor: bool,
    /// Rows trained on, per class.
    pub classes: Vec<ClassRows>,
    /// Rows trained on in total.
    pub rows_kept: Option<usize>,
    /// Whether the reduced rows are synthesized points (CLC).
    pub synthesized: bool,
    /// Wall time of the reduction, seconds.
    pub reduction_s: Option<f64>,
    /// Epsilon-representativeness (Chebyshev).
    pub epsilon: Option<f64>,
    /// Bottleneck distance of the H0 diagrams, full vs reduced.
    pub bottleneck_h0: Option<f64>,
    /// Bottleneck distance of the H1 diagrams.
    pub bottleneck_h1: Option<f64>,
    /// Stability bound on both bottleneck distances: twice the Euclidean Hausdorff distance.
    pub stability_bound: Option<f64>,
    /// Epochs trained (for FES, including the counting epochs on the full split).
    pub epochs: Option<usize>,
    /// Wall time of training, seconds.
    pub train_s: Option<f64>,
    /// CPU time of training, seconds.
    pub cpu_s: Option<f64>,
    /// Package energy during training, joules (RAPL).
    pub energy_j: Option<f64>,
    /// Test accuracy.
    pub accuracy: Option<f64>,
    /// Test macro F1.
    pub macro_f1: Option<f64>,
    /// Why fields are missing, when they are.
    pub note: Option<String>,
}

impl RunResult {
    /// The result of a job that failed: everything "not available", the error in the note.
    pub fn failed(spec: &JobSpec, error: &anyhow::Error) -> Self {
        RunResult {
            note: Some(format!("failed: {error:#}")),
            ..Self::empty(spec)
        }
    }

    fn empty(spec: &JobSpec) -> Self {
        RunResult {
            method: spec.subject.name().to_string(),
            seed: spec.seed,
            advisor: spec.advisor,
            classes: Vec::new(),
            rows_kept: None,
            synthesized: false,
            reduction_s: None,
            epsilon: None,
            bottleneck_h0: None,
            bottleneck_h1: None,
            stability_bound: None,
            epochs: None,
            train_s: None,
            cpu_s: None,
            energy_j: None,
            accuracy: None,
            macro_f1: None,
            note: None,
        }
    }
}

fn class_rows(full: &Dataset, kept: &Dataset, classes: usize) -> Vec<ClassRows> {
    (0..classes as u32)
        .map(|c| ClassRows {
            class: c,
            rows_full: full.labels.iter().filter(|&&l| l == c).count(),
            rows_kept: kept.labels.iter().filter(|&&l| l == c).count(),
        })
        .filter(|r| r.rows_full > 0)
        .collect()
}

/// Epochs this job plans at most (for the progress bar).
pub fn planned_epochs(spec: &JobSpec) -> usize {
    spec.cap
}

/// Runs one job. Errors from a core crate on this data become a note in the result (the other
/// jobs go on); only broken invariants of the demo itself are returned as errors.
pub fn run(
    spec: &JobSpec,
    data: &Prepared,
    meter: Option<&EnergyMeter>,
    progress: &ProgressBar,
) -> Result<RunResult> {
    let mut result = RunResult::empty(spec);
    let config = TrainConfig::paper(spec.seed);
    let mut trainer = Trainer::new(data.train.dim, data.classes, &config)?;
    let mut epochs = 0_usize;
    // Training cost: the FES counting epochs plus the training proper (not the reduction or
    // the scoring, which have their own columns).
    let mut fes_cost = Cost {
        cpu: Some(std::time::Duration::ZERO),
        joules: meter.map(|_| 0.0),
        ..Cost::default()
    };

    let reduced: Dataset = match spec.subject {
        Subject::Full => data.train.clone(),
        Subject::Method(name) => {
            if !crates::available_methods().contains(&name) {
                result.note = Some("not available: reduce-core has no such method yet".into());
                progress.inc(planned_epochs(spec) as u64);
                return Ok(result);
            }
            // FES: count forgetting events while training on the full split first.
            let mut counter = None;
            if crates::needs_forgetting(name) {
                let fes_watch = Stopwatch::start(meter);
                let mut c = ForgettingCounter::new(data.train.rows());
                for _ in 0..spec.fes_epochs.min(spec.cap) {
                    trainer.train_epoch(&data.train)?;
                    c.record(&data.train.labels, trainer.predict(&data.train)?);
                    epochs += 1;
                    progress.inc(1);
                }
                counter = Some(c);
                fes_cost = fes_watch.stop();
            }
            let stats = counter.as_ref().map(|c| ForgettingStats {
                events: c.events(),
                correct: c.correct(),
                maximum: spec.fes_epochs as u32,
            });
            let reduction_watch = Stopwatch::start(None);
            let outcome = crates::reduce(name, &data.train, spec.ratio, spec.seed, stats.as_ref());
            let reduction_s = reduction_watch.stop().wall.as_secs_f64();
            match outcome {
                Ok(Some(r)) => {
                    result.reduction_s = Some(reduction_s);
                    result.synthesized = r.synthesized;
                    r.data
                }
                Ok(None) => {
                    result.note = Some("not available: reduce-core has no such method yet".into());
                    progress.inc(planned_epochs(spec).saturating_sub(epochs) as u64);
                    return Ok(result);
                }
                Err(e) => {
                    result.note = Some(format!("reduction failed: {e:#}"));
                    progress.inc(planned_epochs(spec).saturating_sub(epochs) as u64);
                    return Ok(result);
                }
            }
        }
    };
    result.classes = class_rows(&data.train, &reduced, data.classes);
    result.rows_kept = Some(reduced.rows());

    if let Subject::Method(_) = spec.subject {
        match crates::score(&data.train, &reduced, spec.h1_landmarks) {
            Ok(r) => {
                result.epsilon = r.epsilon;
                result.bottleneck_h0 = r.bottleneck_h0;
                result.bottleneck_h1 = r.bottleneck_h1;
                result.stability_bound = r.stability_bound;
                if !r.notes.is_empty() {
                    result.note = Some(r.notes.join("; "));
                }
            }
            Err(e) => result.note = Some(format!("scoring failed: {e:#}")),
        }
    }

    let mut rule = if spec.advisor {
        crates::advisor(spec.cap)
    } else {
        None
    };
    let watch = Stopwatch::start(meter);
    while epochs < spec.cap {
        let epoch_watch = Stopwatch::start(meter);
        trainer.train_epoch(&reduced)?;
        epochs += 1;
        progress.inc(1);
        if let (Some(rule), Some(val)) = (rule.as_mut(), data.validation.as_ref()) {
            let accuracy = trainer.evaluate(val)?.accuracy;
            let cost = epoch_watch.stop();
            // Energy in joules where RAPL is readable; otherwise CPU (or wall) seconds, which
            // the advisor's unit-free decision rule can use the same way.
            let energy = cost
                .joules
                .or(cost.cpu.map(|d| d.as_secs_f64()).filter(|&s| s > 0.0))
                .unwrap_or(cost.wall.as_secs_f64());
            if rule.observe(epochs, accuracy, energy)? {
                break;
            }
        }
    }
    progress.inc(planned_epochs(spec).saturating_sub(epochs) as u64);
    let cost = watch.stop().plus(&fes_cost);
    let scores = trainer.evaluate(&data.test)?;
    result.epochs = Some(epochs);
    result.train_s = Some(cost.wall.as_secs_f64());
    result.cpu_s = cost.cpu.map(|d| d.as_secs_f64());
    result.energy_j = cost.joules;
    result.accuracy = Some(scores.accuracy);
    result.macro_f1 = Some(scores.macro_f1);
    Ok(result)
}
