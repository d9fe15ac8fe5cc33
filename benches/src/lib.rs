//! Shared inputs for the criterion benches: shipped data sets and synthetic clouds, so every bench
//! measures the same thing the comparison scripts feed to the reference tools.

use std::path::PathBuf;

/// Path of a file in the repository's `data/` folder.
pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("data")
        .join(name)
}

pub mod rips_inputs;
