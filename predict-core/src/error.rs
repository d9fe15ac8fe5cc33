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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => write!(f, "empty trace"),
            Error::InvalidValue(what) => write!(f, "invalid value: {what}"),
            Error::InvalidParameter(what) => write!(f, "invalid parameter: {what}"),
        }
    }
}

impl core::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
