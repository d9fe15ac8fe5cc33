//! `frugal demo`: the paper's tabular experiment end to end on the shipped collision data set.

use std::path::PathBuf;

use anyhow::Result;

use crate::table::read_table;

/// Arguments of `frugal demo`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// CSV file to run on (default: the shipped collision data set).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Name of the label column (default: the last column).
    #[arg(long)]
    pub label: Option<String>,
}

/// Path of the shipped collision data set.
pub fn shipped_collision() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/collision.csv")
}

/// Runs the demo.
pub fn run(args: Args) -> Result<()> {
    let path = args.data.unwrap_or_else(shipped_collision);
    let table = read_table(&path, args.label.as_deref(), &[])?;
    println!(
        "read {} rows x {} features, {} classes from {}",
        table.rows(),
        table.dim,
        table.label_names.len(),
        path.display()
    );
    println!("not built yet: reduction, scoring, training and the advisor (see the open issues)");
    Ok(())
}
