//! Shared test helpers: reading the shipped CSV files.

#![allow(dead_code)]

use std::path::PathBuf;

/// Features (row-major), width and labels of a shipped `data/*.csv` with a last `label`
/// column, or `None` (with a notice) when the file is absent.
pub fn read_csv(name: &str) -> Option<(Vec<f32>, usize, Vec<u32>)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("data")
        .join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("NOTE: {} not found, test skipped", path.display());
        return None;
    };
    let mut lines = text.lines();
    let header = lines.next()?;
    let sep = if header.matches(';').count() > header.matches(',').count() {
        ';'
    } else {
        ','
    };
    let dim = header.split(sep).count() - 1;
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split(sep).collect();
        for c in &cells[..dim] {
            x.push(c.trim().parse::<f32>().expect("number"));
        }
        y.push(cells[dim].trim().parse::<f64>().expect("label") as u32);
    }
    Some((x, dim, y))
}

/// Scales every column to [0, 1] (constant columns to 0), as the experiments do.
pub fn min_max(x: &mut [f32], dim: usize) {
    for j in 0..dim {
        let col = x.iter().skip(j).step_by(dim);
        let (lo, hi) = col.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
        for v in x.iter_mut().skip(j).step_by(dim) {
            *v = if hi > lo { (*v - lo) / (hi - lo) } else { 0.0 };
        }
    }
}
