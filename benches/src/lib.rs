//! Shared inputs for the criterion benches: shipped data sets and synthetic clouds, so every bench
//! measures the same thing the comparison scripts feed to the reference tools.

use std::path::PathBuf;

pub mod reduce_inputs;

/// Path of a file in the repository's `data/` folder.
pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("data")
        .join(name)
}

/// Reads a persistence diagram from a text file of `birth death` lines (`inf` for an essential
/// class; blank lines and `#` comments skipped).
pub fn read_diagram(path: &str) -> anyhow::Result<topo_core::Diagram> {
    let text = std::fs::read_to_string(path)?;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split_whitespace();
        let (Some(b), Some(d)) = (f.next(), f.next()) else {
            anyhow::bail!("bad diagram line '{line}'");
        };
        pairs.push((b.parse::<f64>()?, d.parse::<f64>()?));
    }
    Ok(topo_core::Diagram::new(pairs)?)
}

/// Reads a labelled point set from a text file: one row per line, the features then an integer
/// label, whitespace separated. Returns (row-major features, row width, labels).
pub fn read_labelled(path: &str) -> anyhow::Result<(Vec<f32>, usize, Vec<u32>)> {
    let text = std::fs::read_to_string(path)?;
    let (mut x, mut y, mut dim) = (Vec::new(), Vec::new(), 0usize);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let Some((label, feats)) = f.split_last() else {
            continue;
        };
        if dim != 0 && feats.len() != dim {
            anyhow::bail!("ragged row '{line}'");
        }
        dim = feats.len();
        for v in feats {
            x.push(v.parse::<f32>()?);
        }
        y.push(label.parse::<u32>()?);
    }
    Ok((x, dim, y))
}
pub mod rips_inputs;
