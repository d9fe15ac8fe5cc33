//! One switch between our behaviour and a deterministic replay of the reference package's.

use alloc::vec::Vec;

use crate::budget::{Budget, ClassCounts, class_counts};
use crate::error::{Error, Result};

/// Whether a method follows this crate's rules or replays the reference package
/// (Cimagroup/SurveyGreenAI) where the reference is deterministic and differs.
///
/// `Improved` (the default) means: the shared budget rule of [`class_counts`] (exact count per
/// class, at least one row per class), ties broken by the lower row index, no duplicate rows.
/// `Reference` changes, per method, only what the reference does differently and can be
/// replayed: see each method's documentation (counts become `trunc(ratio * n_c)` per class where
/// the reference uses that rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fidelity {
    /// This crate's behaviour.
    #[default]
    Improved,
    /// Replay the reference package where it is deterministic.
    Reference,
}

/// Per-class counts under `fidelity`: [`class_counts`] with at least one row per class when
/// `Improved`; `trunc(ratio * n_c)` per class when `Reference` and the budget is a ratio (the
/// rule of the reference's CLC, MMS, PRD and FES; classes may get 0 rows).
///
/// ```
/// use reduce_core::{Budget, Fidelity, fidelity_counts};
/// let labels = [0_u32, 0, 0, 1, 1, 1, 1, 1, 1, 1];
/// let r = fidelity_counts(&labels, Budget::Ratio(0.5), Fidelity::Reference)?;
/// assert_eq!(r.classes, vec![(0, 3, 1), (1, 7, 3)]);
/// # Ok::<(), reduce_core::Error>(())
/// ```
pub fn fidelity_counts(labels: &[u32], budget: Budget, fidelity: Fidelity) -> Result<ClassCounts> {
    match (fidelity, budget) {
        (Fidelity::Reference, Budget::Ratio(r)) => {
            // Validates the ratio and the labels, then replaces the counts.
            let base = class_counts(labels, budget, false)?;
            let classes: Vec<(u32, usize, usize)> = base
                .classes
                .iter()
                .map(|&(l, nc, _)| (l, nc, trunc_count(r, nc)))
                .collect();
            if classes.iter().all(|c| c.2 == 0) {
                return Err(Error::InvalidRatio(r));
            }
            Ok(ClassCounts { classes })
        }
        _ => class_counts(labels, budget, true),
    }
}

/// `trunc(r * n)` computed in `f64`, clamped to `0..=n`.
pub(crate) fn trunc_count(r: f64, n: usize) -> usize {
    let t = r * n as f64;
    if t.is_finite() && t > 0.0 {
        (libm::trunc(t) as usize).min(n)
    } else {
        0
    }
}
