//! `frugal reduce`: not built yet (see the open issues).

use anyhow::{Result, bail};

/// Arguments of `frugal reduce`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input files.
    pub files: Vec<std::path::PathBuf>,
}

/// Runs the subcommand.
pub fn run(_args: Args) -> Result<()> {
    bail!("'frugal reduce' is not built yet")
}
