//! Working-memory limits. Most methods keep memory linear in the caller's rows, but a few build
//! matrices whose size is a product of caller-controlled sizes (PSA's `d x d` scatter matrices,
//! NRMD's `width x width` SVD factors, ProtoDash's `m x m` prototype kernel). Those estimate the
//! bytes they are about to need and compare them with the method's `max_bytes` field before
//! allocating, so a wide data set answers `Error::TooLarge` instead of exhausting memory.

use crate::error::{Error, Result};

/// Default `max_bytes` of [`crate::Psa`], [`crate::Nrmd`] and [`crate::ProtoDash`]: 1 GiB of
/// working matrices. Lower it on a small device, raise it for very wide data on a large machine.
pub const DEFAULT_MAX_BYTES: usize = 1 << 30;

/// Bytes of `cells` `f64` values; `None` when the product overflows `usize`.
pub(crate) fn f64_bytes(cells: Option<usize>) -> Option<usize> {
    cells?.checked_mul(core::mem::size_of::<f64>())
}

/// `Ok` when the estimate (`None`: it overflowed `usize`) is within `max_bytes`.
pub(crate) fn check_bytes(
    estimate: Option<usize>,
    max_bytes: usize,
    what: &'static str,
) -> Result<()> {
    match estimate {
        Some(bytes) if bytes <= max_bytes => Ok(()),
        _ => Err(Error::TooLarge(what)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_and_excess_are_too_large() {
        assert_eq!(f64_bytes(Some(3)), Some(24));
        assert_eq!(f64_bytes(usize::MAX.checked_mul(1)), None);
        assert!(check_bytes(Some(24), 24, "x").is_ok());
        assert_eq!(check_bytes(Some(25), 24, "x"), Err(Error::TooLarge("x")));
        assert_eq!(
            check_bytes(None, usize::MAX, "x"),
            Err(Error::TooLarge("x"))
        );
    }
}
