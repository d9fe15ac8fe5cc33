//! Exact minimum-cost perfect assignment on a dense square matrix (Hungarian method with
//! potentials and shortest augmenting paths, O(n^3)).

use alloc::vec;
use alloc::vec::Vec;

/// Minimum total cost of a perfect assignment of the rows of the `n x n` row-major matrix `cost`
/// to its columns. Costs must be finite.
pub(crate) fn min_assignment_cost(cost: &[f64], n: usize) -> f64 {
    if n == 0 {
        return 0.0;
    }
    // 1-based arrays: index 0 is the virtual column that starts every augmenting search.
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; n + 1];
    let mut row_of_col = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    let mut minv: Vec<f64> = vec![f64::INFINITY; n + 1];
    let mut used = vec![false; n + 1];
    for i in 1..=n {
        row_of_col[0] = i;
        let mut j0 = 0usize;
        minv.iter_mut().for_each(|m| *m = f64::INFINITY);
        used.iter_mut().for_each(|x| *x = false);
        loop {
            used[j0] = true;
            let i0 = row_of_col[j0];
            let row = &cost[(i0 - 1) * n..i0 * n];
            let mut delta = f64::INFINITY;
            let mut j1 = 0usize;
            for j in 1..=n {
                if !used[j] {
                    let cur = row[j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            if j1 == 0 {
                // Only reachable with non-finite costs, which callers never pass.
                break;
            }
            for j in 0..=n {
                if used[j] {
                    u[row_of_col[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if row_of_col[j0] == 0 {
                break;
            }
        }
        // Flip the augmenting path back to the virtual column.
        loop {
            let j1 = way[j0];
            row_of_col[j0] = row_of_col[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    // Sum the real costs of the assignment (not the potentials, to avoid their rounding drift).
    (1..=n)
        .filter(|&j| row_of_col[j] != 0)
        .map(|j| cost[(row_of_col[j] - 1) * n + (j - 1)])
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_matrix_by_hand() {
        // Optimal: row0->col1 (1), row1->col0 (2), row2->col2 (2) = 5; identity costs 4+3+2 = 9.
        let c = [4.0, 1.0, 3.0, 2.0, 3.0, 2.0, 3.0, 2.0, 2.0];
        assert_eq!(min_assignment_cost(&c, 3), 5.0);
    }

    #[test]
    fn brute_force_on_permutations() {
        let mut rng = crate::split_mix::SplitMix(7);
        // Miri interprets the 5! permutations of every trial: fewer trials there.
        let trials = if cfg!(miri) { 3 } else { 30 };
        for _ in 0..trials {
            let n = 5;
            let c: Vec<f64> = (0..n * n).map(|_| (rng.next_u64() % 100) as f64).collect();
            let mut best = f64::INFINITY;
            let mut perm: Vec<usize> = (0..n).collect();
            permute(&mut perm, 0, &mut |p| {
                let t: f64 = (0..n).map(|i| c[i * n + p[i]]).sum();
                best = best.min(t);
            });
            assert_eq!(min_assignment_cost(&c, n), best);
        }
    }

    fn permute(p: &mut Vec<usize>, k: usize, f: &mut impl FnMut(&[usize])) {
        if k == p.len() {
            f(p);
            return;
        }
        for i in k..p.len() {
            p.swap(k, i);
            permute(p, k + 1, f);
            p.swap(k, i);
        }
    }
}
