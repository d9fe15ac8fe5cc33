//! Splitting a diagram into its finite points and the births of its essential classes, and the
//! optimal matching of essential classes (among themselves, by birth), shared by the bottleneck
//! and Wasserstein distances.
//!
//! Convention (GUDHI's): an essential class can only be matched to an essential class of the other
//! diagram, at cost `|birth - birth'|`. With different numbers of essential classes no matching
//! exists and the distance is `+inf`. On the line, matching the sorted births in order is optimal
//! for every cost `|x - y|^p` with `p >= 1`, and for the maximum.

use alloc::vec::Vec;

use crate::diagram::Diagram;

/// The finite points `[birth, death]` and the sorted essential births of a diagram.
pub(crate) struct Parts {
    pub(crate) finite: Vec<[f64; 2]>,
    pub(crate) essential: Vec<f64>,
}

impl Parts {
    pub(crate) fn of(d: &Diagram) -> Self {
        let finite = d.finite().map(|p| [p.birth, p.death]).collect();
        let mut essential: Vec<f64> = d.essential().map(|p| p.birth).collect();
        essential.sort_unstable_by(f64::total_cmp);
        Self { finite, essential }
    }
}

/// Half the persistence: the L-infinity distance from a finite point to the diagonal.
#[inline]
pub(crate) fn to_diagonal(p: [f64; 2]) -> f64 {
    (p[1] - p[0]) * 0.5
}

/// The largest `|a_i - b_i|` over sorted births, `None` when the counts differ (infinite
/// distance), `Some(0.0)` when both are empty.
pub(crate) fn essential_max(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() != b.len() {
        return None;
    }
    Some(
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max),
    )
}
