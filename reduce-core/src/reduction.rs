//! What every method returns, and the one interface every method implements.

use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::LabelledPoints;

use crate::budget::Budget;
use crate::error::Result;

/// Rows picked from the caller's data set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Selection {
    /// Indices into the caller's rows, sorted ascending, no duplicates.
    pub indices: Vec<usize>,
    /// One weight per index, for methods that produce them (ProtoDash); `None` otherwise.
    pub weights: Option<Vec<f64>>,
}

/// New points made by a method (cluster centroids), each with its class label.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Synthesized {
    /// Row-major points, `labels.len()` rows of `dim` values.
    pub points: Vec<f32>,
    /// Row width.
    pub dim: usize,
    /// Class of each synthesized point.
    pub labels: Vec<u32>,
    /// For each point, the index of the nearest real row of the same class, when asked for.
    pub nearest_rows: Option<Vec<usize>>,
}

/// The result of a reduction.
#[derive(Debug, Clone, PartialEq)]
pub enum Reduced {
    /// Existing rows were selected.
    Selection(Selection),
    /// New points were synthesized.
    Synthesized(Synthesized),
}

impl Reduced {
    /// Number of rows in the reduced set.
    pub fn len(&self) -> usize {
        match self {
            Reduced::Selection(s) => s.indices.len(),
            Reduced::Synthesized(s) => s.labels.len(),
        }
    }

    /// `true` when the reduced set has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A reduction method with its parameters, applied per class to a labelled data set.
///
/// Object safe, so a caller can choose a method at run time (`Box<dyn Reducer>`).
pub trait Reducer {
    /// Short upper-case name used in tables and on the command line (e.g. `"MMS"`).
    fn name(&self) -> &'static str;

    /// Reduces `data` to `budget`, drawing any randomness from `rng`.
    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Reduced>;
}
