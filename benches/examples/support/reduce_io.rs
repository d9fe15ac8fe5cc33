//! Shared by the reduce examples and bench: reading a labelled CSV and MinMax scaling.
#![allow(dead_code)]

/// Features (row-major), width and integer labels of a CSV whose last column is the label.
pub fn read_csv(path: &std::path::Path) -> (Vec<f32>, usize, Vec<u32>) {
    let text = std::fs::read_to_string(path).expect("readable CSV");
    let mut lines = text.lines();
    let header = lines.next().expect("header");
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
    (x, dim, y)
}

/// Scales every column to [0, 1] in place (constant columns to 0), in f64 then rounded.
pub fn min_max(x: &mut [f32], dim: usize) {
    for j in 0..dim {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in x.iter().skip(j).step_by(dim) {
            lo = lo.min(f64::from(*v));
            hi = hi.max(f64::from(*v));
        }
        for v in x.iter_mut().skip(j).step_by(dim) {
            *v = if hi > lo {
                ((f64::from(*v) - lo) / (hi - lo)) as f32
            } else {
                0.0
            };
        }
    }
}
