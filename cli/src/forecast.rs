//! `frugal forecast`: not built yet (see the open issues).

use anyhow::{Result, bail};

/// Subcommands of `frugal forecast`.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// One-step forecast errors on the leave-one-data-set-out protocol.
    Evaluate {
        /// The EAT-IT CSV file.
        data: std::path::PathBuf,
    },
    /// Replay each held-out data set with the advisor in charge.
    Simulate {
        /// The EAT-IT CSV file.
        data: std::path::PathBuf,
    },
}

/// Runs the subcommand.
pub fn run(_cmd: Command) -> Result<()> {
    bail!("'frugal forecast' is not built yet")
}
