//! The inputs of the Rips benches and of `scripts/compare_rips.py`, generated deterministically
//! here (SplitMix64) so that criterion and the reference tools see the same points: the script
//! asks `rips_once --dump` for them.

use std::path::Path;

/// SplitMix64, a tiny seeded generator (same stream on every platform).
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// `n` points uniform on the unit 2-sphere in R^3.
pub fn sphere(n: usize, seed: u64) -> Vec<f32> {
    let mut rng = SplitMix64(seed);
    let mut out = Vec::with_capacity(3 * n);
    for _ in 0..n {
        let p = [rng.normal(), rng.normal(), rng.normal()];
        let r = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt().max(1e-12);
        out.extend(p.iter().map(|x| (x / r) as f32));
    }
    out
}

/// `n` points on the torus with radii 2 and 1 in R^3, angles uniform.
pub fn torus(n: usize, seed: u64) -> Vec<f32> {
    let mut rng = SplitMix64(seed);
    let mut out = Vec::with_capacity(3 * n);
    for _ in 0..n {
        let (u, v) = (
            rng.unit() * std::f64::consts::TAU,
            rng.unit() * std::f64::consts::TAU,
        );
        out.push(((2.0 + v.cos()) * u.cos()) as f32);
        out.push(((2.0 + v.cos()) * u.sin()) as f32);
        out.push(v.sin() as f32);
    }
    out
}

/// `n` points uniform in `[0, 1]^dim`.
pub fn uniform(n: usize, dim: usize, seed: u64) -> Vec<f32> {
    let mut rng = SplitMix64(seed);
    (0..n * dim).map(|_| rng.unit() as f32).collect()
}

/// Feature columns (all but the last) of a shipped CSV, z-scored in `f64` (population standard
/// deviation; constant columns only centred), as `f32` rows. `None` when the file is absent.
pub fn standardised_csv(path: &Path) -> Option<(Vec<f32>, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let header = lines.next()?;
    let delim = if header.matches(';').count() > header.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split(delim).collect();
        let row: Option<Vec<f64>> = cells[..cells.len().saturating_sub(1)]
            .iter()
            .map(|c| c.trim().parse::<f32>().ok().map(f64::from))
            .collect();
        rows.push(row?);
    }
    let (n, d) = (rows.len(), rows.first()?.len());
    let mut out = vec![0.0_f32; n * d];
    for j in 0..d {
        let mean = rows.iter().map(|r| r[j]).sum::<f64>() / n as f64;
        let var = rows.iter().map(|r| (r[j] - mean).powi(2)).sum::<f64>() / n as f64;
        let std = if var == 0.0 { 1.0 } else { var.sqrt() };
        for (i, r) in rows.iter().enumerate() {
            out[i * d + j] = ((r[j] - mean) / std) as f32;
        }
    }
    Some((out, d))
}

/// A named bench input as `(row-major points, row width)`: `sphere_500`, `torus_1000`,
/// `uniform8d_2000`, `uniform3d_5000` (for a small threshold: the sparse storage),
/// `collision_std` (the shipped collision set, z-scored), and the shipped scikit-learn sets
/// `iris_std`, `breast_cancer_std`.
pub fn rips_input(name: &str) -> Option<(Vec<f32>, usize)> {
    match name {
        "sphere_500" => Some((sphere(500, 1), 3)),
        "sphere_250" => Some((sphere(250, 1), 3)),
        "torus_1000" => Some((torus(1000, 2), 3)),
        "uniform8d_2000" => Some((uniform(2000, 8, 3), 8)),
        "uniform3d_5000" => Some((uniform(5000, 3, 4), 3)),
        "collision_std" => standardised_csv(&crate::data_path("collision.csv")),
        "iris_std" => standardised_csv(&crate::data_path("iris.csv")),
        "breast_cancer_std" => standardised_csv(&crate::data_path("breast_cancer.csv")),
        _ => None,
    }
}
