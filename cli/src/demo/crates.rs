//! The demo's narrow interface to the three core crates: which reduction methods exist, how a
//! training split is reduced, how a reduced set is scored, and how the advisor decides when to
//! stop. Everything else in the demo talks to these functions only, so a crate's API change
//! touches this file alone.

use anyhow::{Result, anyhow};
use reduce_core::{Budget, Fes, Reduced, SeededRng, method_by_name};
use topo_core::{
    Diagram, LabelledPoints, Norm, Points, RipsParams, bottleneck, epsilon_representativeness,
    h0_diagram_mst, rips_diagrams,
};

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

/// Largest class for which the demo computes H1 diagrams. Rips H1 needs the dense distance
/// matrix (`4 n^2` bytes) and a reduction that grows roughly cubically, which for the
/// collision set's 7,000-row majority class is far beyond the demo's time budget; above this
/// size the H1 column says "n/a" and the notes say why.
pub const H1_MAX_ROWS: usize = 1500;

/// Persistence diagrams of one class of the full training split, computed once per seed.
#[derive(Debug, Clone)]
pub struct ClassDiagrams {
    /// The class.
    pub label: u32,
    /// H0 (minimum spanning tree), `None` for a class of one row.
    pub h0: Option<Diagram>,
    /// H1, `None` when the class has more than [`H1_MAX_ROWS`] rows.
    pub h1: Option<Diagram>,
}

fn class_points(data: &Dataset, label: u32) -> Vec<f32> {
    data.features
        .chunks_exact(data.dim)
        .zip(&data.labels)
        .filter(|(_, l)| **l == label)
        .flat_map(|(row, _)| row.iter().copied())
        .collect()
}

fn diagrams_of(
    points: &[f32],
    dim: usize,
    with_h1: bool,
) -> Result<(Option<Diagram>, Option<Diagram>)> {
    let rows = points.len() / dim.max(1);
    if rows < 2 {
        return Ok((None, None));
    }
    let p = Points::new(points, dim).map_err(|e| anyhow!("{e}"))?;
    if with_h1 && rows <= H1_MAX_ROWS {
        let mut d = rips_diagrams(p, &RipsParams::default()).map_err(|e| anyhow!("{e}"))?;
        let h1 = d.pop();
        let h0 = d.pop();
        Ok((h0, h1))
    } else {
        Ok((Some(h0_diagram_mst(p).map_err(|e| anyhow!("{e}"))?), None))
    }
}

/// The H0 and (for small classes) H1 diagrams of every class of `full`, ascending by label.
pub fn full_diagrams(full: &Dataset, classes: usize) -> Result<Vec<ClassDiagrams>> {
    (0..classes as u32)
        .map(|label| {
            let pts = class_points(full, label);
            let (h0, h1) = diagrams_of(&pts, full.dim, true)?;
            Ok(ClassDiagrams { label, h0, h1 })
        })
        .collect()
}

/// Representativeness of a reduced set against the full training split.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Representativeness {
    /// Epsilon-representativeness (Chebyshev, max over classes), as the paper reports it;
    /// `None` when a class is missing from the reduced set.
    pub epsilon: Option<f64>,
    /// Largest bottleneck distance over classes between the H0 diagrams of full and reduced.
    pub bottleneck_h0: Option<f64>,
    /// The same for H1, over the classes with at most [`H1_MAX_ROWS`] rows (the notes name the
    /// skipped ones); `None` when no class qualifies.
    pub bottleneck_h1: Option<f64>,
    /// What could not be computed, and why.
    pub notes: Vec<String>,
}

/// Scores `reduced` against `full` (whose per-class diagrams are `full_dgms`) with topo-core:
/// epsilon-representativeness in the Chebyshev norm (the paper's), and per class the bottleneck
/// distance between the Rips diagrams (H0, and H1 where the class is small enough) of the full
/// and the reduced class; each column is the maximum over classes, as epsilon is.
pub fn score(
    full: &Dataset,
    full_dgms: &[ClassDiagrams],
    reduced: &Dataset,
) -> Result<Representativeness> {
    let f =
        LabelledPoints::new(&full.features, full.dim, &full.labels).map_err(|e| anyhow!("{e}"))?;
    let r = LabelledPoints::new(&reduced.features, reduced.dim, &reduced.labels)
        .map_err(|e| anyhow!("{e}"))?;
    let eps = epsilon_representativeness(&f, &r, Norm::Chebyshev).map_err(|e| anyhow!("{e}"))?;
    let mut out = Representativeness::default();
    let missing = eps.missing_classes();
    if missing.is_empty() {
        out.epsilon = Some(eps.epsilon);
    } else {
        out.notes
            .push(format!("classes {missing:?} missing from the reduced set"));
    }
    // H0: every class must have a distance. H1: the classes small enough to compute it.
    let (mut b0, mut b1) = (Some(0.0_f64), None::<f64>);
    let mut skipped = Vec::new();
    for cd in full_dgms {
        let pts = class_points(reduced, cd.label);
        let (h0, h1) = diagrams_of(&pts, reduced.dim, cd.h1.is_some())?;
        let dist = |a: &Option<Diagram>, b: &Option<Diagram>| -> Result<Option<f64>> {
            match (a, b) {
                (Some(a), Some(b)) => {
                    let d = bottleneck(a, b).map_err(|e| anyhow!("{e}"))?;
                    Ok(d.is_finite().then_some(d))
                }
                _ => Ok(None),
            }
        };
        b0 = b0.zip(dist(&cd.h0, &h0)?).map(|(a, b)| a.max(b));
        match dist(&cd.h1, &h1)? {
            Some(d) => b1 = Some(b1.map_or(d, |m| m.max(d))),
            None => skipped.push(cd.label),
        }
    }
    if !skipped.is_empty() && b1.is_some() {
        out.notes.push(format!(
            "H1 skips classes {skipped:?} (> {H1_MAX_ROWS} rows)"
        ));
    }
    out.bottleneck_h0 = b0;
    out.bottleneck_h1 = b1;
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
