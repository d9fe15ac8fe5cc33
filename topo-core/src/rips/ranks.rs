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
        let mut ranks = Vec::new();
        ranks
            .try_reserve_exact(n * n)
            .map_err(|_| Error::TooLarge("rank matrix does not fit in memory"))?;
        for i in 0..n {
            ranks.extend(dist.row(i).iter().map(|&d| {
                if d <= threshold {
                    // d is one of the values, so the search finds it.
                    values.partition_point(|&v| v < d) as u32
                } else {
                    BEYOND
                }
            }));
        }
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
