//! SRS: stratified random sampling.

use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::LabelledPoints;

use crate::budget::Budget;
use crate::classes::{group_rows, merge_sorted, run_per_class};
use crate::error::Result;
use crate::fidelity::{Fidelity, fidelity_counts};
use crate::reduction::{Reduced, Reducer, Selection};
use crate::sample::sample_without_replacement;

/// Stratified random sampling: each class keeps a uniformly random subset of its budgeted size.
///
/// The reference (sklearn `StratifiedShuffleSplit` with a fixed `RandomState(0)`) cannot be
/// replayed without numpy's generator, so `Fidelity::Reference` only switches the counts to
/// `trunc(ratio * n_c)` per class; the draw is always from the caller's generator.
///
/// ```
/// use reduce_core::{Budget, LabelledPoints, Reducer, SeededRng, Srs};
/// let x = [0.0_f32, 1.0, 2.0, 3.0, 4.0, 5.0];
/// let y = [0_u32, 0, 0, 1, 1, 1];
/// let data = LabelledPoints::new(&x, 1, &y)?;
/// let out = Srs::default().select(data, Budget::Ratio(0.34), &mut SeededRng::new(1))?;
/// assert_eq!(out.indices.len(), 2);
/// # Ok::<(), reduce_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Srs {
    /// Budget rule (see [`Fidelity`]).
    pub fidelity: Fidelity,
}

impl Srs {
    /// The selected rows, sorted.
    pub fn select(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Selection> {
        let counts = fidelity_counts(data.labels(), budget, self.fidelity)?;
        let classes = group_rows(data.labels(), &counts);
        let parts: Vec<Vec<usize>> = run_per_class(&classes, rng, |c, r| {
            Ok(sample_without_replacement(r, c.rows.len(), c.keep)
                .into_iter()
                .filter_map(|i| c.rows.get(i).copied())
                .collect())
        })?;
        Ok(Selection {
            indices: merge_sorted(parts),
            weights: None,
        })
    }
}

impl Reducer for Srs {
    fn name(&self) -> &'static str {
        "SRS"
    }

    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Reduced> {
        self.select(data, budget, rng).map(Reduced::Selection)
    }
}
