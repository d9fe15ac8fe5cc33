//! Inputs of the reduction benches and timing runs: the collision data set MinMax-scaled as the
//! reference experiments scale it, and synthetic labelled blobs for the scale runs.

use rand_core::RngCore;
use reduce_core::SeededRng;

use crate::data_path;

/// `data/collision.csv` (11,811 rows, 5 features, `;` separated, label last), every feature
/// MinMax-scaled to [0, 1] in `f64`. Returns (row-major features, 5, labels), or `None` when the
/// file is absent.
pub fn collision_minmax() -> Option<(Vec<f32>, usize, Vec<u32>)> {
    let text = std::fs::read_to_string(data_path("collision.csv")).ok()?;
    let mut features = Vec::new();
    let mut labels = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split(';').collect();
        let (label, feats) = fields.split_last()?;
        for v in feats {
            features.push(v.trim().parse::<f32>().ok()?);
        }
        labels.push(label.trim().parse::<f64>().ok()? as u32);
    }
    min_max(&mut features, 5);
    Some((features, 5, labels))
}

/// MinMax scaling of each column to [0, 1] (a constant column becomes 0), computed in `f64`.
pub fn min_max(features: &mut [f32], dim: usize) {
    for j in 0..dim {
        let col = features.iter().skip(j).step_by(dim).map(|&v| f64::from(v));
        let lo = col.clone().fold(f64::INFINITY, f64::min);
        let hi = col.fold(f64::NEG_INFINITY, f64::max);
        for v in features.iter_mut().skip(j).step_by(dim) {
            *v = if hi > lo {
                ((f64::from(*v) - lo) / (hi - lo)) as f32
            } else {
                0.0
            };
        }
    }
}

/// `n` rows, `d` features, `c` equal classes (labels cycle): class `k` is a unit Gaussian blob
/// (Box-Muller) around a centre drawn uniformly in `[0, 4]^d`. Deterministic (seed 42).
pub fn synthetic_blobs(n: usize, d: usize, c: usize) -> (Vec<f32>, usize, Vec<u32>) {
    let mut rng = SeededRng::new(42);
    let mut uniform = move || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let c = c.max(1);
    let centres: Vec<f64> = (0..c * d).map(|_| 4.0 * uniform()).collect();
    let mut features = Vec::with_capacity(n * d);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let k = i % c;
        labels.push(k as u32);
        for j in 0..d {
            let (u1, u2) = (uniform().max(1e-300), uniform());
            let g = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            features.push((centres[k * d + j] + g) as f32);
        }
    }
    (features, d, labels)
}
