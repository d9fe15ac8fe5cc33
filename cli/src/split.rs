//! The experiment's data preparation: a stratified, seeded train/test split and MinMax scaling
//! fitted on the training part only (so no statistic of the test rows leaks into training).

use anyhow::{Context, Result, bail};
use rand_core::RngCore;
use reduce_core::{Budget, SeededRng, class_counts};

/// Row-major features with one label per row, owned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    /// Row-major features, `labels.len() * dim` values.
    pub features: Vec<f32>,
    /// Row width.
    pub dim: usize,
    /// Class code of each row.
    pub labels: Vec<u32>,
}

impl Dataset {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.labels.len()
    }

    /// The rows at `indices`, in that order. Indices must be in range (they come from this
    /// crate's own splits and from reduce-core selections, both checked by their producers).
    pub fn subset(&self, indices: &[usize]) -> Result<Dataset> {
        let mut features = Vec::with_capacity(indices.len() * self.dim);
        let mut labels = Vec::with_capacity(indices.len());
        for &i in indices {
            let row = self
                .features
                .get(i * self.dim..(i + 1) * self.dim)
                .with_context(|| format!("row index {i} out of range ({} rows)", self.rows()))?;
            features.extend_from_slice(row);
            labels.push(self.labels[i]);
        }
        Ok(Dataset {
            features,
            dim: self.dim,
            labels,
        })
    }
}

/// Uniform integer in `0..n` (n > 0) by rejection, so every value is equally likely.
pub fn uniform_below(rng: &mut impl RngCore, n: usize) -> usize {
    let n = n as u64;
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let v = rng.next_u64();
        if v < zone {
            return (v % n) as usize;
        }
    }
}

/// Fisher-Yates shuffle in place.
pub fn shuffle<T>(items: &mut [T], rng: &mut impl RngCore) {
    for i in (1..items.len()).rev() {
        let j = uniform_below(rng, i + 1);
        items.swap(i, j);
    }
}

/// Row indices of each part of a stratified split, each sorted ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitIndices {
    /// Rows of the larger part (training).
    pub train: Vec<usize>,
    /// Rows of the held-out part (test or validation).
    pub held_out: Vec<usize>,
}

/// Splits rows by class: each class gives a seeded random `held_out_ratio` share of its rows to
/// the held-out part. The per-class counts follow reduce-core's one budget rule
/// ([`class_counts`]: proportional, largest remainder, at least one row per class), so the split
/// is stratified exactly as the reductions are. Every class needs at least two rows so that both
/// parts see it.
pub fn stratified_split(labels: &[u32], held_out_ratio: f64, seed: u64) -> Result<SplitIndices> {
    if !(held_out_ratio > 0.0 && held_out_ratio < 1.0) {
        bail!("split ratio {held_out_ratio} is not in (0, 1)");
    }
    let counts = class_counts(labels, Budget::Ratio(held_out_ratio), true)
        .map_err(|e| anyhow::anyhow!("cannot split: {e}"))?;
    let mut rng = SeededRng::new(seed);
    let mut train = Vec::new();
    let mut held_out = Vec::new();
    for &(label, size, keep) in &counts.classes {
        if size < 2 {
            bail!("class {label} has {size} row; a stratified split needs at least 2 per class");
        }
        let keep = keep.min(size - 1);
        let mut rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == label).collect();
        shuffle(&mut rows, &mut rng);
        held_out.extend_from_slice(&rows[..keep]);
        train.extend_from_slice(&rows[keep..]);
    }
    train.sort_unstable();
    held_out.sort_unstable();
    Ok(SplitIndices { train, held_out })
}

/// Per-feature MinMax scaling to [0, 1], fitted on one data set and applied to others.
#[derive(Debug, Clone, PartialEq)]
pub struct MinMax {
    min: Vec<f32>,
    /// `1 / (max - min)`, or 0 for a constant feature (which then maps to 0).
    inv_range: Vec<f32>,
}

impl MinMax {
    /// Fits the per-feature minimum and maximum of `data`.
    pub fn fit(data: &Dataset) -> Result<MinMax> {
        if data.dim == 0 || data.rows() == 0 {
            bail!("cannot fit MinMax scaling on an empty data set");
        }
        let mut min = vec![f32::INFINITY; data.dim];
        let mut max = vec![f32::NEG_INFINITY; data.dim];
        for row in data.features.chunks_exact(data.dim) {
            for (k, &v) in row.iter().enumerate() {
                min[k] = min[k].min(v);
                max[k] = max[k].max(v);
            }
        }
        let inv_range = min
            .iter()
            .zip(&max)
            .map(|(&lo, &hi)| {
                // Range in f64: f32 max - min can overflow for values near f32::MAX.
                let r = f64::from(hi) - f64::from(lo);
                if r > 0.0 { (1.0 / r) as f32 } else { 0.0 }
            })
            .collect();
        Ok(MinMax { min, inv_range })
    }

    /// Scales `data` in place with the fitted statistics.
    pub fn apply(&self, data: &mut Dataset) -> Result<()> {
        if data.dim != self.min.len() {
            bail!(
                "MinMax fitted on {} features, applied to {}",
                self.min.len(),
                data.dim
            );
        }
        for row in data.features.chunks_exact_mut(data.dim) {
            for ((v, &lo), &inv) in row.iter_mut().zip(&self.min).zip(&self.inv_range) {
                *v = ((f64::from(*v) - f64::from(lo)) * f64::from(inv)) as f32;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_stratified_disjoint_and_seeded() {
        // 40 rows of class 0 and 8 of class 1: 25% held out is 10 and 2 (12 = 0.25 * 48).
        let labels: Vec<u32> = (0..48).map(|i| u32::from(i % 6 == 0)).collect();
        let s = stratified_split(&labels, 0.25, 3).unwrap();
        let held1 = s.held_out.iter().filter(|&&i| labels[i] == 1).count();
        assert_eq!(s.held_out.len(), 12);
        assert_eq!(held1, 2);
        let mut all: Vec<usize> = s.train.iter().chain(&s.held_out).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..48).collect::<Vec<_>>());
        assert_eq!(s, stratified_split(&labels, 0.25, 3).unwrap());
        assert_ne!(s, stratified_split(&labels, 0.25, 4).unwrap());
    }

    #[test]
    fn split_rejects_bad_input() {
        assert!(stratified_split(&[0, 0, 1], 0.25, 0).is_err()); // class 1 has one row
        assert!(stratified_split(&[0, 0, 1, 1], 1.0, 0).is_err());
        assert!(stratified_split(&[0, 0, 1, 1], f64::NAN, 0).is_err());
        assert!(stratified_split(&[], 0.25, 0).is_err());
    }

    #[test]
    fn minmax_maps_train_range_to_unit_interval() {
        let train = Dataset {
            features: vec![1.0, 5.0, 3.0, 5.0, 2.0, 5.0],
            dim: 2,
            labels: vec![0, 0, 1],
        };
        let mm = MinMax::fit(&train).unwrap();
        let mut t = train.clone();
        mm.apply(&mut t).unwrap();
        // Column 0: (x - 1) / 2; column 1 is constant and maps to 0.
        assert_eq!(t.features, vec![0.0, 0.0, 1.0, 0.0, 0.5, 0.0]);
        let mut test = Dataset {
            features: vec![5.0, 9.0],
            dim: 2,
            labels: vec![1],
        };
        mm.apply(&mut test).unwrap();
        assert_eq!(test.features, vec![2.0, 0.0]); // outside [0, 1]: fitted on train only
        let mut wrong = Dataset {
            features: vec![1.0],
            dim: 1,
            labels: vec![0],
        };
        assert!(mm.apply(&mut wrong).is_err());
    }

    #[test]
    fn uniform_below_stays_in_range_and_covers_it() {
        let mut rng = SeededRng::new(1);
        let mut seen = [0_usize; 5];
        for _ in 0..500 {
            seen[uniform_below(&mut rng, 5)] += 1;
        }
        assert!(seen.iter().all(|&c| c > 50), "{seen:?}");
    }
}
