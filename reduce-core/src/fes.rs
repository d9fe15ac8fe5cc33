//! FES: forgetting-events score.

use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::LabelledPoints;

use crate::budget::Budget;
use crate::classes::{group_rows, merge_sorted};
use crate::error::{Error, Result};
use crate::fidelity::{Fidelity, fidelity_counts};
use crate::reduction::{Reduced, Reducer, Selection};

/// Per-sample statistics gathered by the caller while training (Toneva et al., 2019, counted
/// per epoch as in the reference experiments).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ForgettingStats {
    /// For each row, how often it went from correctly to incorrectly classified.
    pub events: Vec<u32>,
    /// For each row, whether the latest evaluation classified it correctly.
    pub correct: Vec<bool>,
}

/// Forgetting-events selection: per class, keep the rows forgotten most often; rows never
/// learned (incorrect now and never forgotten) count as `maximum` events.
///
/// Needs no features, only labels and [`ForgettingStats`] (use [`Fes::select_labels`]). Ties
/// go to the lower row index; `Fidelity::Reference` replays the reference's stable ascending
/// sort that takes the tail (ties to the higher index) and its `trunc(ratio * n_c)` counts.
///
/// ```
/// use reduce_core::{Budget, Fes, ForgettingStats};
/// let fes = Fes {
///     stats: Some(ForgettingStats { events: vec![0, 4, 1, 0], correct: vec![true, true, true, false] }),
///     ..Fes::default()
/// };
/// // Row 3 was never learned, so it outranks row 1 (4 events).
/// let out = fes.select_labels(&[0, 0, 0, 0], Budget::Count(2))?;
/// assert_eq!(out.indices, vec![1, 3]);
/// # Ok::<(), reduce_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fes {
    /// The statistics, one entry per row; `None` makes every call fail with
    /// [`Error::Unavailable`].
    pub stats: Option<ForgettingStats>,
    /// Score of a row that was never learned. Default `u32::MAX` (such rows rank first); the
    /// reference experiments used the number of counting epochs.
    pub maximum: u32,
    /// Tie and budget rule (see [`Fidelity`]).
    pub fidelity: Fidelity,
}

impl Default for Fes {
    fn default() -> Self {
        Self {
            stats: None,
            maximum: u32::MAX,
            fidelity: Fidelity::Improved,
        }
    }
}

impl Fes {
    /// Selects from labels alone (the features play no part in FES).
    pub fn select_labels(&self, labels: &[u32], budget: Budget) -> Result<Selection> {
        let Some(stats) = &self.stats else {
            return Err(Error::Unavailable(
                "FES needs per-sample forgetting statistics (events and correctness)",
            ));
        };
        for found in [stats.events.len(), stats.correct.len()] {
            if found != labels.len() {
                return Err(Error::LengthMismatch {
                    rows: labels.len(),
                    found,
                });
            }
        }
        let counts = fidelity_counts(labels, budget, self.fidelity)?;
        let score = |i: usize| match (stats.events.get(i), stats.correct.get(i)) {
            (Some(0), Some(false)) => self.maximum,
            (Some(&e), _) => e,
            _ => 0,
        };
        let parts = group_rows(labels, &counts)
            .into_iter()
            .map(|c| {
                let mut rows = c.rows;
                match self.fidelity {
                    Fidelity::Improved => {
                        rows.sort_by(|&a, &b| score(b).cmp(&score(a)).then(a.cmp(&b)));
                    }
                    Fidelity::Reference => {
                        rows.sort_by(|&a, &b| score(b).cmp(&score(a)).then(b.cmp(&a)));
                    }
                }
                rows.truncate(c.keep);
                rows
            })
            .collect();
        Ok(Selection {
            indices: merge_sorted(parts),
            weights: None,
        })
    }
}

impl Reducer for Fes {
    fn name(&self) -> &'static str {
        "FES"
    }

    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        _rng: &mut dyn RngCore,
    ) -> Result<Reduced> {
        self.select_labels(data.labels(), budget)
            .map(Reduced::Selection)
    }
}
