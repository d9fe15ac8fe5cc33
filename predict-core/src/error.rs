//! The one error type of the crate.

use core::fmt;

/// Everything that can go wrong in `predict-core`: each variant names one kind of bad input.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A trace (or the set of traces to fit on) is empty.
    Empty,
    /// A value is NaN, infinite, or out of its range (the message names the field).
    InvalidValue(&'static str),
    /// A parameter is out of its documented range (the message names it).
    InvalidParameter(&'static str),
    /// A trace is shorter than the model needs (for example shorter than the lag order).
    TooShort {
        /// Epochs needed.
        needed: usize,
        /// Epochs given.
        got: usize,
    },
    /// Epoch numbers do not increase strictly; `index` is the first offending record.
    NonMonotoneEpochs {
        /// Position of the record whose epoch is not greater than the one before.
        index: usize,
    },
    /// A mode name is none of `base`, `freeze`, `quant`/`quantize`.
    UnknownMode,
    /// The least-squares system is singular or has too few rows (add ridge or data).
    Singular,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => write!(f, "empty trace"),
            Error::InvalidValue(what) => write!(f, "invalid value: {what}"),
            Error::InvalidParameter(what) => write!(f, "invalid parameter: {what}"),
            Error::TooShort { needed, got } => {
                write!(f, "trace too short: {got} epochs, need at least {needed}")
            }
            Error::NonMonotoneEpochs { index } => {
                write!(f, "epoch numbers must increase strictly (record {index})")
            }
            Error::UnknownMode => write!(f, "unknown mode name (expected base, freeze or quant)"),
            Error::Singular => write!(f, "least-squares system is singular or underdetermined"),
        }
    }
}

impl core::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
