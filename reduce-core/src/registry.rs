//! Methods by name, for command lines and configuration files.

use alloc::boxed::Box;
use alloc::string::ToString;

use crate::clc::Clc;
use crate::des::Des;
use crate::dom::Dom;
use crate::error::{Error, Result};
use crate::fes::Fes;
use crate::mms::Mms;
use crate::nrmd::Nrmd;
use crate::phl::Phl;
use crate::protodash::ProtoDash;
use crate::psa::Psa;
use crate::reduction::Reducer;
use crate::srs::Srs;

/// The ten method names, upper case, in the paper's order.
pub const METHOD_NAMES: &[&str] = &[
    "SRS", "CLC", "MMS", "DES", "DOM", "PHL", "NRMD", "PSA", "PRD", "FES",
];

/// The method called `name` (case-insensitive) with its default parameters.
///
/// FES needs per-sample forgetting statistics, which a name cannot carry: it is returned with
/// none, so that calling it fails with [`Error::Unavailable`]; build a [`Fes`] with its
/// `stats` to use it. Unknown names give [`Error::UnknownMethod`].
///
/// ```
/// use reduce_core::{method_by_name, Error};
/// assert_eq!(method_by_name("mms")?.name(), "MMS");
/// assert!(matches!(method_by_name("XYZ"), Err(Error::UnknownMethod(_))));
/// # Ok::<(), reduce_core::Error>(())
/// ```
pub fn method_by_name(name: &str) -> Result<Box<dyn Reducer>> {
    let upper = name.trim().to_ascii_uppercase();
    match upper.as_str() {
        "SRS" => Ok(Box::new(Srs::default())),
        "CLC" => Ok(Box::new(Clc::default())),
        "MMS" => Ok(Box::new(Mms::default())),
        "DES" => Ok(Box::new(Des::default())),
        "DOM" => Ok(Box::new(Dom::default())),
        "FES" => Ok(Box::new(Fes::default())),
        "PHL" => Ok(Box::new(Phl::default())),
        "NRMD" => Ok(Box::new(Nrmd::default())),
        "PSA" => Ok(Box::new(Psa::default())),
        "PRD" => Ok(Box::new(ProtoDash::default())),
        _ => Err(Error::UnknownMethod(name.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_known_and_case_insensitive() {
        for &name in METHOD_NAMES {
            for spelled in [name.to_string(), name.to_ascii_lowercase()] {
                match method_by_name(&spelled) {
                    Ok(m) => assert_eq!(m.name(), name),
                    Err(Error::Unavailable(_)) => {}
                    Err(e) => panic!("{name}: {e}"),
                }
            }
        }
        assert!(matches!(method_by_name(""), Err(Error::UnknownMethod(_))));
        assert!(matches!(
            method_by_name("SRSX"),
            Err(Error::UnknownMethod(_))
        ));
    }
}
