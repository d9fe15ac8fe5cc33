//! The one error type of the crate.

use core::fmt;

/// Everything that can go wrong in `topo-core`: each variant names one kind of bad input.
///
/// No public function of the crate panics on any input; it returns one of these instead.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The input has no rows (or no points, or no diagram entries where some are needed).
    Empty,
    /// A row width of zero was given.
    ZeroDim,
    /// The flat feature slice is not a whole number of rows.
    Ragged {
        /// Length of the flat slice.
        len: usize,
        /// Row width the caller gave.
        dim: usize,
    },
    /// A feature value is NaN or infinite.
    NonFinite {
        /// Row of the offending value.
        row: usize,
        /// Column of the offending value.
        col: usize,
    },
    /// The number of labels differs from the number of rows.
    LabelsMismatch {
        /// Number of feature rows.
        rows: usize,
        /// Number of labels.
        labels: usize,
    },
    /// Two inputs that must share a row width do not.
    DimMismatch {
        /// Row width of the first input.
        expected: usize,
        /// Row width of the second input.
        found: usize,
    },
    /// A parameter is out of its documented range (the message names it).
    InvalidParameter(&'static str),
    /// A label of the reduced set does not occur in the full set.
    UnknownLabel(u32),
    /// The input would need more memory or a larger index than the documented limits allow.
    TooLarge(&'static str),
    /// A lower-triangular distance list whose length is not `n (n - 1) / 2` for any `n >= 2`.
    NotTriangular {
        /// Number of values given.
        len: usize,
    },
    /// Fewer points than the computation needs (persistence needs at least two).
    TooFewPoints {
        /// Points given.
        found: usize,
        /// Points needed.
        needed: usize,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => write!(f, "empty input"),
            Error::ZeroDim => write!(f, "row width (dim) is zero"),
            Error::Ragged { len, dim } => {
                write!(
                    f,
                    "{len} values are not a whole number of rows of width {dim}"
                )
            }
            Error::NonFinite { row, col } => {
                write!(f, "non-finite value at row {row}, column {col}")
            }
            Error::LabelsMismatch { rows, labels } => {
                write!(f, "{labels} labels for {rows} rows")
            }
            Error::DimMismatch { expected, found } => {
                write!(f, "row width {found} where {expected} was expected")
            }
            Error::InvalidParameter(what) => write!(f, "invalid parameter: {what}"),
            Error::UnknownLabel(l) => {
                write!(f, "label {l} of the reduced set is not in the full set")
            }
            Error::TooLarge(what) => write!(f, "input too large: {what}"),
            Error::NotTriangular { len } => write!(
                f,
                "{len} distances are not a lower triangle n (n - 1) / 2 of any n >= 2"
            ),
            Error::TooFewPoints { found, needed } => {
                write!(f, "{found} points where at least {needed} are needed")
            }
        }
    }
}

impl core::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
