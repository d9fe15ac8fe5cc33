//! The demo's narrow interface to the three core crates: which reduction methods exist, how a
//! training split is reduced, how a reduced set is scored, and how the advisor decides when to
//! stop. Everything else in the demo talks to these functions only, so a crate's API change
//! touches this file alone.

use anyhow::Result;

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
// Read by the FES adapter once reduce-core provides FES.
#[allow(dead_code)]
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
    Vec::new()
}

/// Whether `name` needs forgetting statistics from training (FES).
pub fn needs_forgetting(name: &str) -> bool {
    name == "FES"
}

/// Reduces `train` with method `name` to `ratio` of each class. `forgetting` is required by
/// FES and ignored by the others. `Ok(None)` when the method is not available in reduce-core.
pub fn reduce(
    name: &str,
    train: &Dataset,
    ratio: f64,
    seed: u64,
    forgetting: Option<&ForgettingStats<'_>>,
) -> Result<Option<ReducedSet>> {
    let _ = (name, train, ratio, seed, forgetting);
    Ok(None)
}

/// Representativeness of a reduced set against the full training split.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Representativeness {
    /// Epsilon-representativeness (Chebyshev, max over classes), as the paper reports it.
    pub epsilon: Option<f64>,
    /// Largest bottleneck distance over classes between the H0 diagrams of full and reduced.
    pub bottleneck_h0: Option<f64>,
    /// The same for H1.
    pub bottleneck_h1: Option<f64>,
}

/// Scores `reduced` against `full` with topo-core's representativeness report. `Ok(None)` when
/// topo-core does not provide the report yet.
pub fn score(full: &Dataset, reduced: &Dataset) -> Result<Option<Representativeness>> {
    let _ = (full, reduced);
    Ok(None)
}

/// Decides, epoch by epoch, whether training should go on.
pub trait StopRule: Send {
    /// Records epoch `epoch` (1-based) with its validation accuracy and energy (joules, or CPU
    /// seconds where energy is unavailable) and says whether to stop now.
    fn observe(&mut self, epoch: usize, val_accuracy: f64, energy: f64) -> Result<bool>;
}

/// predict-core's advisor restricted to continue/stop, or `None` while predict-core does not
/// provide it.
pub fn advisor(cap: usize) -> Option<Box<dyn StopRule>> {
    let _ = cap;
    None
}
