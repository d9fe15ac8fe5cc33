//! `frugal bottleneck A.txt B.txt [--wasserstein P]`: the distance between two persistence
//! diagrams, printed as one number (`inf` when the essential classes differ in number).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use topo_core::{Diagram, bottleneck, wasserstein};

/// Arguments of `frugal bottleneck`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// First diagram: one `birth death` pair per line (`inf` for an essential class; blank lines
    /// and `#` comments ignored).
    pub a: PathBuf,
    /// Second diagram, same format.
    pub b: PathBuf,
    /// Print the p-Wasserstein distance of order P (>= 1, L-infinity ground distance) instead.
    #[arg(long, value_name = "P")]
    pub wasserstein: Option<f64>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> Result<()> {
    println!("{}", distance(&args)?);
    Ok(())
}

/// The number `run` prints.
pub fn distance(args: &Args) -> Result<f64> {
    let a = read_diagram(&args.a)?;
    let b = read_diagram(&args.b)?;
    Ok(match args.wasserstein {
        Some(p) => wasserstein(&a, &b, p)?,
        None => bottleneck(&a, &b)?,
    })
}

/// Reads a diagram file; see [`parse_diagram`].
pub fn read_diagram(path: &Path) -> Result<Diagram> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_diagram(&text).with_context(|| format!("in {}", path.display()))
}

/// Parses `birth death` lines (whitespace or comma separated). An empty text is an empty diagram.
pub fn parse_diagram(text: &str) -> Result<Diagram> {
    let mut pairs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|f| !f.is_empty())
            .collect();
        let [b, d] = fields[..] else {
            bail!("line {}: expected 'birth death', found '{line}'", i + 1);
        };
        let num = |s: &str| -> Result<f64> {
            s.parse::<f64>()
                .map_err(|_| anyhow::anyhow!("line {}: '{s}' is not a number", i + 1))
        };
        pairs.push((num(b)?, num(d)?));
    }
    Diagram::new(pairs).context("invalid diagram")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let d = parse_diagram("# H1\n0 1\n0.5, inf\n\n").unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.essential().count(), 1);
        assert!(parse_diagram("").unwrap().is_empty());
        let e = format!("{:#}", parse_diagram("0 1\n1\n").unwrap_err());
        assert!(e.contains("line 2"), "{e}");
        let e = format!("{:#}", parse_diagram("0 x\n").unwrap_err());
        assert!(e.contains("not a number"), "{e}");
        let e = format!("{:#}", parse_diagram("2 1\n").unwrap_err());
        assert!(e.contains("before birth"), "{e}");
        assert!(parse_diagram("nan 1\n").is_err());
    }
}
