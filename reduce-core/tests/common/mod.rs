//! Helpers shared by the integration tests: reading the shipped CSV data sets.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::PathBuf;

/// A data set read from `data/`: row-major features, width, labels.
pub struct Table {
    pub features: Vec<f32>,
    pub dim: usize,
    pub labels: Vec<u32>,
}

/// Reads `data/<name>` (header row, `,` or `;`, label in the last column, labels are integers).
/// Returns `None` (after printing a notice) when the file is absent.
pub fn read_data(name: &str) -> Option<Table> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("data")
        .join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("NOTE: {} is absent; skipping", path.display());
        return None;
    };
    let mut lines = text.lines();
    let header = lines.next()?;
    let sep = if header.matches(';').count() > header.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut features = Vec::new();
    let mut labels = Vec::new();
    let mut dim = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(sep).collect();
        dim = fields.len() - 1;
        for f in &fields[..dim] {
            features.push(f.trim().parse::<f32>().expect("numeric feature"));
        }
        labels.push(fields[dim].trim().parse::<f64>().expect("numeric label") as u32);
    }
    Some(Table {
        features,
        dim,
        labels,
    })
}

/// MinMax-scales every column to [0, 1] (constant columns become 0), in f64 then back to f32.
pub fn min_max(t: &mut Table) {
    let n = t.labels.len();
    for j in 0..t.dim {
        let col = (0..n).map(|i| t.features[i * t.dim + j] as f64);
        let lo = col.clone().fold(f64::INFINITY, f64::min);
        let hi = col.fold(f64::NEG_INFINITY, f64::max);
        for i in 0..n {
            let v = &mut t.features[i * t.dim + j];
            *v = if hi > lo {
                ((*v as f64 - lo) / (hi - lo)) as f32
            } else {
                0.0
            };
        }
    }
}

/// [`read_data`] as a tuple `(features, dim, labels)`.
pub fn read_csv(name: &str) -> Option<(Vec<f32>, usize, Vec<u32>)> {
    read_data(name).map(|t| (t.features, t.dim, t.labels))
}
