//! # topo-core
//!
//! The persistence-based representativeness metric: Vietoris-Rips persistent homology, distances
//! between persistence diagrams, and epsilon-representativeness of a reduced training set.
//!
//! `#![no_std]` with `alloc`; the default `std` feature adds serde serialisation of reports.
//!
//! ```
//! use topo_core::Points;
//! let cloud = [0.0_f32, 0.0, 3.0, 4.0];
//! let pts = Points::new(&cloud, 2)?;
//! assert_eq!(pts.len(), 2);
//! # Ok::<(), topo_core::Error>(())
//! ```
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod auction;
mod bottleneck;
mod boundary_matrix;
mod diagram;
mod epsilon;
mod error;
mod essential;
mod ground_cost;
mod hungarian;
mod landmarks;
mod matching;
mod nn_tree;
mod norm;
mod plane_index;
mod points;
mod report;
mod rips;
mod wasserstein;

// The tests' one seeded generator, the same file the integration tests use: a crate keeps one.
#[cfg(test)]
#[path = "../tests/split_mix/mod.rs"]
mod split_mix;

pub use bottleneck::bottleneck;
pub use boundary_matrix::{BoundaryMatrix, PersistencePairs, ReductionAlgorithm};
pub use diagram::{Diagram, Pair};
pub use epsilon::{
    ClassEpsilon, Epsilon, KD_TREE_MAX_DIM, directed_hausdorff, epsilon_representativeness,
    hausdorff,
};
pub use error::{Error, Result};
pub use landmarks::maxmin_landmarks;
pub use norm::Norm;
pub use points::{LabelledPoints, Points};
pub use report::{
    ClassReport, DiagramDistance, DimensionReport, Report, ReportParams, representativeness_report,
};
pub use rips::{
    DistanceMatrix, Euclidean, MAX_EXPLICIT_SIMPLICES, MAX_HOMOLOGY_DIM, Metric, RipsParams,
    h0_diagram_mst, rips_diagrams, rips_diagrams_explicit, rips_diagrams_from_distances,
    rips_diagrams_with_metric,
};
pub use wasserstein::{MAX_EXACT_POINTS, WassersteinParams, wasserstein, wasserstein_with};
