//! The one error type of the crate.

use core::fmt;

/// Everything that can go wrong in `reduce-core`: each variant names one kind of bad input.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The data set view was invalid (empty, ragged, non-finite values, label count mismatch).
    Data(topo_core::Error),
    /// A ratio outside `(0, 1]` (or NaN) was given.
    InvalidRatio(f64),
    /// A total count larger than the data set (or zero) was given.
    InvalidCount {
        /// Requested count.
        requested: usize,
        /// Rows available.
        available: usize,
    },
    /// A method parameter is out of its documented range (the message names it).
    InvalidParameter(&'static str),
    /// Per-sample statistics (e.g. forgetting counts) do not have one entry per row.
    LengthMismatch {
        /// Rows in the data set.
        rows: usize,
        /// Entries given.
        found: usize,
    },
    /// The work would exceed a documented size limit or a caller-set limit.
    TooLarge(&'static str),
    /// No method has this name (see `METHOD_NAMES`).
    UnknownMethod(alloc::string::String),
    /// The method exists but cannot run as asked (not built yet, or it needs per-sample
    /// statistics that were not given); the message says which.
    Unavailable(&'static str),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Data(e) => write!(f, "invalid data: {e}"),
            Error::InvalidRatio(r) => write!(f, "ratio {r} is outside (0, 1]"),
            Error::InvalidCount {
                requested,
                available,
            } => write!(f, "count {requested} is not in 1..={available}"),
            Error::InvalidParameter(what) => write!(f, "invalid parameter: {what}"),
            Error::LengthMismatch { rows, found } => {
                write!(f, "{found} per-row entries for {rows} rows")
            }
            Error::TooLarge(what) => write!(f, "input too large: {what}"),
            Error::UnknownMethod(name) => write!(
                f,
                "unknown method '{name}' (known: SRS, CLC, MMS, DES, DOM, PHL, NRMD, PSA, PRD, FES)"
            ),
            Error::Unavailable(why) => write!(f, "method unavailable: {why}"),
        }
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Error::Data(e) => Some(e),
            _ => None,
        }
    }
}

impl From<topo_core::Error> for Error {
    fn from(e: topo_core::Error) -> Self {
        Error::Data(e)
    }
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
