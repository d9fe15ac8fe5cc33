//! # reduce-core
//!
//! Training-set reduction, per class, seeded, returning what a caller can use directly: sorted row
//! indices (with weights where the method makes them) or synthesized points with labels.
//!
//! `#![no_std]` with `alloc`; the default `std` feature is only a convenience.
//!
//! ```
//! use reduce_core::{class_counts, Budget};
//! let labels = [0_u32, 0, 0, 0, 1, 1, 1, 1, 1, 1];
//! let counts = class_counts(&labels, Budget::Ratio(0.5), true)?;
//! assert_eq!(counts.total(), 5);
//! # Ok::<(), reduce_core::Error>(())
//! ```
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod box_qp;
mod budget;
mod centre_tile;
mod chebyshev_tree;
mod classes;
mod clc;
mod des;
mod distance;
mod dom;
mod dom_farthest;
mod dom_metric;
mod dom_net;
mod dom_polish;
mod dom_walk;
mod error;
mod farthest;
mod farthest_chebyshev;
mod fes;
mod fidelity;
mod kdtree;
mod kmeans;
mod kmeans_blocked;
mod kmeans_groups;
mod kmeans_hamerly;
mod left_svd;
mod memory;
mod mms;
mod nrmd;
mod phl;
mod protodash;
mod psa;
mod reduction;
mod registry;
mod row_boxes;
mod sample;
mod score_order;
mod screened;
mod seeded;
mod seeding_batched;

mod seq_tree;
mod spread;
mod srs;

pub use budget::{Budget, ClassCounts, class_counts};
pub use classes::{ClassRows, group_rows};
pub use clc::Clc;
pub use des::Des;
pub use distance::{squared_euclidean, squared_euclidean_f64};
pub use dom::{Dom, DomReport};
pub use dom_farthest::DomAllocation;
pub use dom_metric::DomMetric;
pub use dom_polish::DOM_POLISH_WORK_LIMIT;
pub use error::{Error, Result};
pub use fes::{Fes, ForgettingStats};
pub use fidelity::{Fidelity, fidelity_counts};
pub use kmeans::ClcInit;
pub use memory::DEFAULT_MAX_BYTES;
pub use mms::{Mms, MmsStart, farthest_point_order};
pub use nrmd::Nrmd;
pub use phl::{AUTO_RADIUS_NEIGHBOURS, Phl, PhlLandmarks, PhlScores, PhlScoring};
pub use protodash::{Kernel, ProtoDash, Prototypes};
pub use psa::Psa;
pub use reduction::{Reduced, Reducer, Selection, Synthesized};
pub use registry::{METHOD_NAMES, method_by_name};
pub use sample::{sample_without_replacement, uniform_below, uniform_unit};
pub use seeded::SeededRng;
pub use spread::SPREAD_WORK_LIMIT;
pub use srs::Srs;
pub use topo_core::{LabelledPoints, Points};
