//! Group bounds for Lloyd's assignment step in high dimension, after Yinyang k-means (Ding,
//! Zhao, Shen, Musuvathi and Mytkowicz, ICML 2015).
//!
//! Hamerly's single lower bound (distance to the second-nearest centre) is decreased by the
//! largest shift of *any* centre; with thousands of centres some centre always moves far, so
//! the bound never holds in 32 dimensions. Here the centres are split once into at most
//! [`MAX_GROUPS`] groups of nearby centres, and each point keeps one lower bound per group
//! (the distance to the nearest centre of that group other than its own), decreased by the
//! largest shift *within* that group. A point then only rescans the groups whose bound falls
//! below its distance to its own centre. Exact: the assignment is the nearest centre, ties to
//! the lower index among the centres examined.

use alloc::vec;
use alloc::vec::Vec;

use crate::distance::squared_euclidean_f64;

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

    /// Largest shift of a centre in each group.
    pub(crate) fn max_shifts(&self, shift: &[f64]) -> Vec<f64> {
        self.members
            .iter()
            .map(|m| m.iter().map(|&j| shift[j]).fold(0.0, f64::max))
            .collect()
    }

    /// Assigns one row to its nearest centre using and refreshing its group bounds `lower`
    /// (one per group). `assigned` and `upper` (distance to the assigned centre, or an upper
    /// bound of it) are updated; `full` ignores the bounds (first pass, or bounds invalid).
    /// Returns whether the assignment changed.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assign(
        &self,
        row: &[f32],
        centres: &[f64],
        dim: usize,
        assigned: &mut usize,
        upper: &mut f64,
        lower: &mut [f64],
        full: bool,
    ) -> bool {
        let dist = |j: usize| {
            centres
                .get(j * dim..(j + 1) * dim)
                .map_or(f64::INFINITY, |c| libm::sqrt(squared_euclidean_f64(row, c)))
        };
        let old = *assigned;
        if !full {
            let floor = lower.iter().copied().fold(f64::INFINITY, f64::min);
            if *upper <= floor {
                return false;
            }
            *upper = dist(old);
            if *upper <= floor {
                return false;
            }
        }
        let u = if full { f64::INFINITY } else { *upper };
        let (mut best, mut best_d) = if full {
            (usize::MAX, f64::INFINITY)
        } else {
            (old, u)
        };
        // Per scanned group: nearest centre, its distance, second distance.
        let mut scanned = [(usize::MAX, f64::INFINITY, f64::INFINITY); MAX_GROUPS];
        for ((members, bound), slot) in self.members.iter().zip(lower.iter()).zip(&mut scanned) {
            if !full && *bound >= u {
                continue;
            }
            let (mut j1, mut m1, mut m2) = (usize::MAX, f64::INFINITY, f64::INFINITY);
            for &j in members {
                let d = if !full && j == old { u } else { dist(j) };
                if d < m1 || (d == m1 && j < j1) {
                    m2 = m1;
                    m1 = d;
                    j1 = j;
                } else if d < m2 {
                    m2 = d;
                }
                if d < best_d || (d == best_d && j < best) {
                    best_d = d;
                    best = j;
                }
            }
            *slot = (j1, m1, m2);
        }
        for (g, (bound, &(j1, m1, m2))) in lower.iter_mut().zip(&scanned).enumerate() {
            if j1 != usize::MAX {
                *bound = if j1 == best { m2 } else { m1 };
            } else if full {
                *bound = f64::INFINITY; // an empty group
            } else if best != old && g == self.group_of(old) {
                // The old centre's group was skipped: the old centre is now one of the others.
                *bound = bound.min(u);
            }
        }
        if best == usize::MAX {
            return false; // no centre at all
        }
        *assigned = best;
        *upper = best_d;
        best != old
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;
    use crate::sample::uniform_unit;

    #[test]
    fn bounded_assignment_matches_a_full_scan_as_centres_move() {
        let mut rng = SeededRng::new(4);
        let (dim, k, n) = (6, 120, if cfg!(miri) { 12 } else { 300 });
        let mut centres: Vec<f64> = (0..k * dim).map(|_| uniform_unit(&mut rng)).collect();
        let rows: Vec<f32> = (0..n * dim)
            .map(|_| uniform_unit(&mut rng) as f32)
            .collect();
        let groups = CentreGroups::new(&centres, k, dim);
        assert_eq!(groups.len(), 12);
        let t = groups.len();
        let mut assigned = vec![0; n];
        let mut upper = vec![0.0; n];
        let mut lower = vec![0.0; n * t];
        for step in 0..6 {
            for x in 0..n {
                let row = &rows[x * dim..(x + 1) * dim];
                groups.assign(
                    row,
                    &centres,
                    dim,
                    &mut assigned[x],
                    &mut upper[x],
                    &mut lower[x * t..(x + 1) * t],
                    step == 0,
                );
                // The full scan's answer, ties to the lower index.
                let want = (0..k)
                    .min_by(|&a, &b| {
                        let da = squared_euclidean_f64(row, &centres[a * dim..(a + 1) * dim]);
                        let db = squared_euclidean_f64(row, &centres[b * dim..(b + 1) * dim]);
                        da.total_cmp(&db).then(a.cmp(&b))
                    })
                    .unwrap();
                assert_eq!(assigned[x], want, "step {step} row {x}");
            }
            // Move every centre a little (some a lot), then shift the bounds as Lloyd does.
            let mut shift = vec![0.0; k];
            for j in 0..k {
                let scale = if j % 17 == 0 { 0.3 } else { 0.02 };
                let mut s2 = 0.0;
                for v in &mut centres[j * dim..(j + 1) * dim] {
                    let d = (uniform_unit(&mut rng) - 0.5) * scale;
                    *v += d;
                    s2 += d * d;
                }
                // Rounding margin: the bounds must stay valid.
                shift[j] = libm::sqrt(s2) * (1.0 + 1e-12);
            }
            let gmax = groups.max_shifts(&shift);
            for x in 0..n {
                upper[x] += shift[assigned[x]];
                for g in 0..t {
                    lower[x * t + g] -= gmax[g];
                }
            }
        }
    }
}
