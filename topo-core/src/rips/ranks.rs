//! Distances replaced by their rank among the distinct edge lengths within the threshold.
//!
//! The Rips filtration only compares diameters, so ranks give the same pairs as values, with
//! integer comparisons and keys that pack into one machine word. Values are recovered from the
//! sorted table when a pair is reported.

use alloc::vec::Vec;

use super::distance::DistanceMatrix;
use crate::error::{Error, Result};

/// Rank of an edge longer than the threshold: above every real rank, and `max` keeps it.
pub(crate) const BEYOND: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub(crate) struct RankedDistances {
    n: usize,
    ranks: Vec<u32>,
    values: Vec<f32>,
}

impl RankedDistances {
    /// Ranks the distances of `dist` that are at most `threshold`; the others get [`BEYOND`].
    pub(crate) fn new(dist: &DistanceMatrix, threshold: f32) -> Result<Self> {
        let n = dist.len();
        let mut ranks = Vec::new();
        ranks
            .try_reserve_exact(n * n)
            .map_err(|_| Error::TooLarge("rank matrix does not fit in memory"))?;
        ranks.resize(n * n, BEYOND);
        // Sort (value, position) pairs packed in one u64: distances are non-negative, so their
        // bit patterns sort like the values. Positions need n * n < 2^32; larger matrices (over
        // 17 GB) take the slower binary-search path.
        let values = if n <= 65_535 {
            Self::rank_by_sorting(dist, threshold, &mut ranks)?
        } else {
            Self::rank_by_search(dist, threshold, &mut ranks)?
        };
        Ok(Self { n, ranks, values })
    }

    fn rank_by_sorting(
        dist: &DistanceMatrix,
        threshold: f32,
        ranks: &mut [u32],
    ) -> Result<Vec<f32>> {
        let n = dist.len();
        let mut keyed: Vec<u64> = Vec::new();
        keyed
            .try_reserve_exact(n * (n - 1) / 2)
            .map_err(|_| Error::TooLarge("edge list does not fit in memory"))?;
        for i in 1..n {
            for (j, &d) in dist.row(i)[..i].iter().enumerate() {
                if d <= threshold {
                    keyed.push((u64::from(d.to_bits()) << 32) | (i * n + j) as u64);
                }
            }
        }
        keyed.sort_unstable();
        let mut values: Vec<f32> = Vec::new();
        for &k in &keyed {
            let d = f32::from_bits((k >> 32) as u32);
            if values.last() != Some(&d) {
                values.push(d);
            }
            let pos = (k & 0xFFFF_FFFF) as usize;
            let r = (values.len() - 1) as u32;
            ranks[pos] = r;
            ranks[(pos % n) * n + pos / n] = r;
        }
        if values.len() >= BEYOND as usize {
            return Err(Error::TooLarge("more than 2^32 - 1 distinct distances"));
        }
        values.shrink_to_fit();
        Ok(values)
    }

    fn rank_by_search(
        dist: &DistanceMatrix,
        threshold: f32,
        ranks: &mut [u32],
    ) -> Result<Vec<f32>> {
        let n = dist.len();
        let mut values: Vec<f32> = Vec::new();
        for i in 1..n {
            values.extend(dist.row(i)[..i].iter().copied().filter(|&d| d <= threshold));
        }
        values.sort_unstable_by(f32::total_cmp);
        values.dedup();
        if values.len() >= BEYOND as usize {
            return Err(Error::TooLarge("more than 2^32 - 1 distinct distances"));
        }
        values.shrink_to_fit();
        for i in 1..n {
            for (j, &d) in dist.row(i)[..i].iter().enumerate() {
                if d <= threshold {
                    // d is one of the values, so the search finds it.
                    let r = values.partition_point(|&v| v < d) as u32;
                    ranks[i * n + j] = r;
                    ranks[j * n + i] = r;
                }
            }
        }
        Ok(values)
    }

    /// The ranking by binary search (used above 65,535 points), exposed to test it against the
    /// sorting path on small inputs.
    #[cfg(test)]
    pub(crate) fn new_by_search(dist: &DistanceMatrix, threshold: f32) -> Result<Self> {
        let n = dist.len();
        let mut ranks = alloc::vec![BEYOND; n * n];
        let values = Self::rank_by_search(dist, threshold, &mut ranks)?;
        Ok(Self { n, ranks, values })
    }

    /// Number of points.
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        self.n
    }

    /// Row `i` of the rank matrix.
    #[inline(always)]
    pub(crate) fn row(&self, i: usize) -> &[u32] {
        &self.ranks[i * self.n..(i + 1) * self.n]
    }

    /// Number of distinct ranks (all below [`BEYOND`]).
    #[inline]
    pub(crate) fn rank_count(&self) -> usize {
        self.values.len()
    }

    /// The distance of rank `r`.
    #[inline]
    pub(crate) fn value(&self, r: u32) -> f32 {
        self.values
            .get(r as usize)
            .copied()
            .unwrap_or(f32::INFINITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_and_search_agree() {
        // Distances with ties and one above the threshold.
        let m = DistanceMatrix::from_lower_triangle(&[2.0, 1.0, 2.0, 5.0, 1.0, 3.0]).unwrap();
        let a = RankedDistances::new(&m, 4.0).unwrap();
        let b = RankedDistances::new_by_search(&m, 4.0).unwrap();
        assert_eq!(a.values, [1.0, 2.0, 3.0]);
        assert_eq!(a.values, b.values);
        for i in 0..4 {
            for j in 0..4 {
                if i != j {
                    assert_eq!(a.row(i)[j], b.row(i)[j], "({i}, {j})");
                }
            }
        }
        assert_eq!(a.row(3)[0], BEYOND);
        assert_eq!(a.row(0)[3], BEYOND);
        assert_eq!(a.row(2)[1], 1);
    }
}
