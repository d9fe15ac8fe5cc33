//! The demo's narrow interface to the three core crates: which reduction methods exist, how a
//! training split is reduced, how a reduced set is scored, and how the advisor decides when to
//! stop. Everything else in the demo talks to these functions only, so a crate's API change
//! touches this file alone.

use anyhow::{Result, anyhow};
use reduce_core::{Budget, Fes, Reduced, SeededRng, method_by_name};
use topo_core::{DiagramDistance, LabelledPoints, ReportParams, representativeness_report};

use crate::split::Dataset;

/// The ten methods of the paper's package (spec §2), in the paper's order. A name outside this
/// list is a user error; a name in it that reduce-core does not provide yet is "not available".
pub const PAPER_METHODS: [&str; 10] = [
    "SRS", "CLC", "MMS", "DES", "DOM", "PHL", "NRMD", "PSA", "PRD", "FES",
];

/// A reduced training set ready to train on.
#[derive(Debug, Clone)]
pub struct ReducedSet {
    /// The rows to train on (selected rows, or synthesized points for CLC).
    pub data: Dataset,
    /// Whether the rows are new points rather than a subset.
    pub synthesized: bool,
}

/// Per-sample training statistics that FES selects by (spec §2.10).
#[derive(Debug, Clone)]
pub struct ForgettingStats<'a> {
    /// Forgetting events per row of the training split.
    pub events: &'a [u32],
    /// Whether each row was classified correctly at the last evaluation.
    pub correct: &'a [bool],
    /// Count given to rows never learned and never forgotten (the experiments use the number
    /// of counting epochs).
    pub maximum: u32,
}

/// Names of the methods reduce-core provides, in [`PAPER_METHODS`] order.
pub fn available_methods() -> Vec<&'static str> {
    PAPER_METHODS
        .iter()
        .copied()
        .filter(|m| method_by_name(m).is_ok())
        .collect()
}

/// Whether `name` needs forgetting statistics from training (FES).
pub fn needs_forgetting(name: &str) -> bool {
    name == "FES"
}

/// A per-method seed: the same demo seed gives each method its own random stream, so adding or
/// removing a method does not change the others' results.
fn method_seed(name: &str, seed: u64) -> u64 {
    name.bytes().fold(seed ^ 0xA076_1D64_78BD_642F, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
    })
}

/// Reduces `train` with method `name` to `ratio` of each class, with the method's defaults
/// (reduce-core's improved fidelity). `forgetting` is required by FES and ignored by the others.
/// `Ok(None)` when the method is not available in reduce-core.
pub fn reduce(
    name: &str,
    train: &Dataset,
    ratio: f64,
    seed: u64,
    forgetting: Option<&ForgettingStats<'_>>,
) -> Result<Option<ReducedSet>> {
    let method: Box<dyn reduce_core::Reducer> = match (name, forgetting) {
        ("FES", Some(f)) => Box::new(Fes {
            stats: Some(reduce_core::ForgettingStats {
                events: f.events.to_vec(),
                correct: f.correct.to_vec(),
            }),
            maximum: f.maximum,
            ..Fes::default()
        }),
        _ => match method_by_name(name) {
            Ok(m) => m,
            Err(reduce_core::Error::Unavailable(_)) => return Ok(None),
            Err(e) => return Err(anyhow!("{name}: {e}")),
        },
    };
    let data = LabelledPoints::new(&train.features, train.dim, &train.labels)
        .map_err(|e| anyhow!("{name}: {e}"))?;
    let mut rng = SeededRng::new(method_seed(name, seed));
    let reduced = method
        .reduce(data, Budget::Ratio(ratio), &mut rng)
        .map_err(|e| anyhow!("{name}: {e}"))?;
    Ok(Some(match reduced {
        Reduced::Selection(s) => ReducedSet {
            data: train.subset(&s.indices)?,
            synthesized: false,
        },
        Reduced::Synthesized(s) => ReducedSet {
            data: Dataset {
                features: s.points,
                dim: s.dim,
                labels: s.labels,
            },
            synthesized: true,
        },
    }))
}

/// Representativeness of a reduced set against the full training split.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Representativeness {
    /// Epsilon-representativeness (Chebyshev, max over classes), as the paper reports it;
    /// `None` when a class is missing from the reduced set.
    pub epsilon: Option<f64>,
    /// Largest bottleneck distance over classes between the H0 diagrams of full and reduced.
    pub bottleneck_h0: Option<f64>,
    /// The same for H1 (exact, or estimated on landmarks for large classes: see the notes).
    pub bottleneck_h1: Option<f64>,
    /// The stability bound `2 d_H` (Euclidean Hausdorff), max over classes: no bottleneck
    /// distance of any class can exceed it.
    pub stability_bound: Option<f64>,
    /// What is estimated or missing, and why.
    pub notes: Vec<String>,
}

/// Scores `reduced` against `full` with topo-core's representativeness report: Chebyshev
/// epsilon as the paper, and per class the H0 and H1 bottleneck distances between the Rips
/// diagrams of the full and the reduced class. H1 is exact for classes of at most 1,000 rows
/// (the report's default). Above that, with `h1_landmarks` the report estimates it on max-min
/// landmarks with a stated error; without, the class is skipped and the H1 column is the
/// maximum over the other classes, with a note naming the skipped ones. Each column is the
/// maximum over classes, as epsilon is.
pub fn score(full: &Dataset, reduced: &Dataset, h1_landmarks: bool) -> Result<Representativeness> {
    let f =
        LabelledPoints::new(&full.features, full.dim, &full.labels).map_err(|e| anyhow!("{e}"))?;
    let r = LabelledPoints::new(&reduced.features, reduced.dim, &reduced.labels)
        .map_err(|e| anyhow!("{e}"))?;
    let params = ReportParams {
        h1_landmarks,
        ..ReportParams::default()
    };
    let report = representativeness_report(&f, &r, &params).map_err(|e| anyhow!("{e}"))?;
    let mut out = Representativeness::default();
    let missing: Vec<u32> = report
        .classes
        .iter()
        .filter(|c| c.missing)
        .map(|c| c.label)
        .collect();
    if missing.is_empty() {
        out.epsilon = Some(report.epsilon);
    } else {
        out.notes
            .push(format!("classes {missing:?} missing from the reduced set"));
    }
    let max = |acc: Option<f64>, v: f64| Some(acc.map_or(v, |m: f64| m.max(v)));
    let (mut b0, mut b1) = (None, None);
    let mut all0 = true;
    let mut skipped1 = Vec::new();
    let mut landmark_error = None;
    for c in report.classes.iter().filter(|c| !c.missing) {
        if let Some(b) = c.bound {
            out.stability_bound = max(out.stability_bound, b);
        }
        for d in &c.dims {
            let value = match d.distance {
                DiagramDistance::Exact { bottleneck, .. } => Some(bottleneck),
                DiagramDistance::Landmark {
                    bottleneck, error, ..
                } => {
                    landmark_error = max(landmark_error, error);
                    Some(bottleneck)
                }
                // Skipped, or a kind of distance this demo does not know yet.
                _ => None,
            }
            .filter(|v| v.is_finite());
            match (d.dim, value) {
                (0, Some(v)) => b0 = max(b0, v),
                (0, None) => all0 = false,
                (1, Some(v)) => b1 = max(b1, v),
                (1, None) => skipped1.push(c.label),
                _ => {}
            }
        }
    }
    out.bottleneck_h0 = if all0 { b0 } else { None };
    out.bottleneck_h1 = b1;
    if !skipped1.is_empty() && b1.is_some() {
        out.notes.push(format!(
            "H1 skips classes {skipped1:?} (> {} rows)",
            params.h1_max_points
        ));
    }
    if let (Some(err), Some(_)) = (landmark_error, out.bottleneck_h1) {
        out.notes.push(format!("H1 on landmarks, ±{err:.3}"));
    }
    Ok(out)
}

/// Decides, epoch by epoch, whether training should go on.
pub trait StopRule {
    /// Records epoch `epoch` (1-based) with its validation accuracy and energy (joules, or CPU
    /// seconds where energy is unavailable) and says whether to stop now.
    fn observe(&mut self, epoch: usize, val_accuracy: f64, energy: f64) -> Result<bool>;
}

/// predict-core's continue-or-stop advisor as a [`StopRule`].
struct ContinueOrStop(predict_core::Advisor);

impl StopRule for ContinueOrStop {
    fn observe(&mut self, epoch: usize, val_accuracy: f64, energy: f64) -> Result<bool> {
        let epoch = u32::try_from(epoch).map_err(|_| anyhow!("epoch {epoch} too large"))?;
        let advice = self
            .0
            .observe(epoch, val_accuracy, energy)
            .map_err(|e| anyhow!("advisor: {e}"))?;
        // The continue-or-stop advisor never proposes freeze or quantize; if it ever did, the
        // demo's trainer has neither, so anything but Stop means go on.
        Ok(advice == predict_core::Advice::Stop)
    }
}

/// predict-core's advisor restricted to continue/stop (its base mode, learnt online from the
/// run itself), for runs of at most `cap` epochs; `None` if predict-core rejects the cap.
pub fn advisor(cap: usize) -> Option<Box<dyn StopRule>> {
    let cap = u32::try_from(cap).ok()?;
    let a = predict_core::Advisor::continue_or_stop(cap).ok()?;
    Some(Box::new(ContinueOrStop(a)))
}
