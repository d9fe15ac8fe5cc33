//! Shared pieces of the fuzz targets: how a target turns libFuzzer's bytes into inputs, and the
//! invariants several targets assert.
//!
//! Every target reads its input through [`Input`], whose byte format is fixed and documented
//! here so that `make_seeds.py` can write seeds from the shipped data sets that decode to exactly
//! the intended values. `arbitrary::Unstructured` is the byte source: when the bytes run out,
//! every read returns zeros, so any byte string is a valid input.

pub mod check;
pub mod input;
pub mod methods;
pub mod oracle;
pub mod traces;

pub use input::{Cloud, Input};

/// Upper bounds that keep every target fast (many executions per second) while still covering
/// the interesting shapes: duplicates, ties, one point, one class, high dimension.
pub mod limits {
    /// Most rows a generated point cloud has.
    pub const MAX_ROWS: usize = 64;
    /// Most columns a generated point cloud has.
    pub const MAX_DIM: usize = 16;
    /// Most points in a generated persistence diagram.
    pub const MAX_PAIRS: usize = 48;
}
