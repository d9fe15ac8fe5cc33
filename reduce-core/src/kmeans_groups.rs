//! Group bounds for Lloyd's assignment step in high dimension, after Yinyang k-means (Ding,
//! Zhao, Shen, Musuvathi and Mytkowicz, ICML 2015).
//!
//! Hamerly's single lower bound (distance to the second-nearest centre) is decreased by the
//! largest shift of *any* centre; with thousands of centres some centre always moves far, so
//! the bound never holds in 32 dimensions. Here the centres are split once into at most
//! [`MAX_GROUPS`] groups of nearby centres, and each point keeps one lower bound per group
//! (the distance to the nearest centre of that group other than its own), decreased by the
//! largest shift *within* that group. A point then only rescans the groups whose bound falls
//! below its distance to its own centre. The assignment step itself is `kmeans_blocked.rs`.

use alloc::vec;
use alloc::vec::Vec;

/// Most groups (memory: one `f64` bound per point and group).
pub(crate) const MAX_GROUPS: usize = 32;

/// Centres split into groups of nearby centres.
pub(crate) struct CentreGroups {
    /// Group of each centre.
    of: Vec<usize>,
    /// Centres of each group, ascending.
    members: Vec<Vec<usize>>,
}

impl CentreGroups {
    /// Groups `k` centres (row-major, `dim` wide) by five Lloyd steps on the centres
    /// themselves, started from evenly spaced centres; about ten centres per group, at most
    /// [`MAX_GROUPS`] groups.
    pub(crate) fn new(centres: &[f64], k: usize, dim: usize) -> Self {
        let t = (k / 10).clamp(1, MAX_GROUPS);
        let centre = |j: usize| centres.get(j * dim..(j + 1) * dim).unwrap_or(&[]);
        let mut means: Vec<f64> = (0..t).flat_map(|g| centre(g * k / t).to_vec()).collect();
        let mut of = vec![0_usize; k];
        for _ in 0..5 {
            for (j, o) in of.iter_mut().enumerate() {
                let c = centre(j);
                let mut best = (f64::INFINITY, 0);
                for (g, m) in means.chunks_exact(dim.max(1)).enumerate() {
                    let d: f64 = c.iter().zip(m).map(|(p, q)| (p - q) * (p - q)).sum();
                    if d < best.0 {
                        best = (d, g);
                    }
                }
                *o = best.1;
            }
            let mut sums = vec![0.0_f64; t * dim];
            let mut counts = vec![0_usize; t];
            for (j, &g) in of.iter().enumerate() {
                counts[g] += 1;
                for (s, v) in sums[g * dim..(g + 1) * dim].iter_mut().zip(centre(j)) {
                    *s += v;
                }
            }
            for g in 0..t {
                if counts[g] > 0 {
                    for (m, s) in means[g * dim..(g + 1) * dim]
                        .iter_mut()
                        .zip(&sums[g * dim..(g + 1) * dim])
                    {
                        *m = s / counts[g] as f64;
                    }
                }
            }
        }
        let mut members = vec![Vec::new(); t];
        for (j, &g) in of.iter().enumerate() {
            members[g].push(j);
        }
        Self { of, members }
    }

    /// Number of groups (bounds per point).
    pub(crate) fn len(&self) -> usize {
        self.members.len()
    }

    /// Group of centre `j`.
    pub(crate) fn group_of(&self, j: usize) -> usize {
        self.of.get(j).copied().unwrap_or(0)
    }

    /// Centres of group `g`, ascending.
    pub(crate) fn members(&self, g: usize) -> &[usize] {
        self.members.get(g).map_or(&[], Vec::as_slice)
    }

    /// Largest shift of a centre in each group.
    pub(crate) fn max_shifts(&self, shift: &[f64]) -> Vec<f64> {
        self.members
            .iter()
            .map(|m| {
                m.iter()
                    .filter_map(|&j| shift.get(j))
                    .fold(0.0_f64, |a, &s| a.max(s))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_hold_nearby_centres_and_every_centre_once() {
        // Two far clusters of 20 centres on a line: two groups, one per cluster.
        let centres: Vec<f64> = (0..40)
            .map(|j| {
                if j < 20 {
                    j as f64 * 0.01
                } else {
                    100.0 + j as f64 * 0.01
                }
            })
            .collect();
        let groups = CentreGroups::new(&centres, 40, 1);
        assert_eq!(groups.len(), 4);
        let mut all: Vec<usize> = (0..4).flat_map(|g| groups.members(g).to_vec()).collect();
        all.sort_unstable();
        assert_eq!(all, (0..40).collect::<Vec<_>>());
        for g in 0..4 {
            let m = groups.members(g);
            let near = m.iter().all(|&j| j < 20) || m.iter().all(|&j| j >= 20);
            assert!(near, "group {g} mixes the clusters: {m:?}");
            assert!(m.iter().all(|&j| groups.group_of(j) == g));
        }
        let shift: Vec<f64> = (0..40).map(|j| j as f64).collect();
        let gmax = groups.max_shifts(&shift);
        for (g, &got) in gmax.iter().enumerate() {
            let want = groups
                .members(g)
                .iter()
                .map(|&j| j as f64)
                .fold(0.0, f64::max);
            assert_eq!(got, want);
        }
    }
}
