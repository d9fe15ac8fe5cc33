//! `frugal`: the command-line runner of the frugal crates on CSV files.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use frugal::{bottleneck, demo, forecast, reduce, rips, score};

/// Train on less data and for fewer epochs, and know what it cost.
#[derive(Parser, Debug)]
#[command(name = "frugal", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Persistence diagrams of a point cloud or distance matrix, in Ripser's text format.
    Rips(rips::Args),
    /// Reduce a labelled CSV data set with one method.
    Reduce(reduce::Args),
    /// Representativeness report of a reduced set against the full set.
    Score(score::Args),
    /// Bottleneck (or Wasserstein) distance between two persistence diagrams.
    Bottleneck(bottleneck::Args),
    /// Evaluate the accuracy/energy forecaster or simulate the advisor on training logs.
    #[command(subcommand)]
    Forecast(forecast::Command),
    /// The paper's experiment, end to end, on the shipped collision data set.
    Demo(demo::Args),
}

/// Restores the default SIGPIPE action, so `frugal ... | head` ends quietly like other Unix tools
/// instead of panicking when `println!` meets a closed pipe (Rust ignores SIGPIPE by default).
#[cfg(unix)]
fn default_sigpipe() {
    // SAFETY: called once at the start of main, before any thread is spawned; `signal` with
    // SIG_DFL installs no handler code, it only resets the disposition of one signal.
    #[allow(unsafe_code)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn default_sigpipe() {}

fn main() -> ExitCode {
    default_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Rips(a) => rips::run(a),
        Command::Reduce(a) => reduce::run(a),
        Command::Score(a) => score::run(a),
        Command::Bottleneck(a) => bottleneck::run(a),
        Command::Forecast(c) => forecast::run(c),
        Command::Demo(a) => demo::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the error and its causes, outermost first.
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
