//! `frugal rips`: not built yet (see the open issues).

use anyhow::{Result, bail};

/// Arguments of `frugal rips`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input files.
    pub files: Vec<std::path::PathBuf>,
}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<()> {
    bail!("'frugal rips' is not built yet")
}
