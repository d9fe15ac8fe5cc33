//! A small box-constrained concave quadratic program, solved by cyclic coordinate ascent.
//!
//! ProtoDash re-weights its prototypes by maximising `F(w) = uᵀw − ½ wᵀKw` over
//! `0 ≤ w ≤ upper`, with `K` a positive semi-definite kernel matrix. Coordinate ascent fits
//! this problem well: each coordinate step maximises `F` exactly along one axis and clamps to the
//! box, so `F` never decreases (which is what makes ProtoDash's objective monotone as
//! prototypes are added, given a warm start), it needs no factorisation (so a singular `K`, as
//! the linear kernel gives once there are more prototypes than features, is harmless), and with
//! `Kw` kept up to date a step costs `O(t)`.

use alloc::vec::Vec;

/// When coordinate ascent stops, and the box.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QpLimits {
    /// Upper bound of every weight (the lower bound is 0).
    pub upper: f64,
    /// Stop when no coordinate moves by more than this in gradient units (`|Δw_j| · K_jj`).
    pub tol: f64,
    /// Stop after this many passes over the coordinates.
    pub max_sweeps: usize,
}

/// Maximises `uᵀw − ½ wᵀKw` over `0 ≤ w ≤ limits.upper`, starting from `w` (warm start).
///
/// `k` holds the symmetric matrix by rows, `kw` must equal `K w` on entry and is kept equal on
/// exit. Coordinates are visited starting at `first` (the newest prototype, whose weight is the
/// furthest from optimal). Returns the number of passes made.
pub(crate) fn maximise_box_qp(
    k: &[Vec<f64>],
    u: &[f64],
    w: &mut [f64],
    kw: &mut [f64],
    limits: QpLimits,
    first: usize,
) -> usize {
    let QpLimits {
        upper,
        tol,
        max_sweeps,
    } = limits;
    let t = w.len().min(u.len()).min(kw.len()).min(k.len());
    if t == 0 {
        return 0;
    }
    let start = first.min(t - 1);
    for sweep in 1..=max_sweeps {
        let mut largest_move = 0.0_f64;
        for step in 0..t {
            let j = (start + step) % t;
            let (Some(row), Some(&uj), Some(&kwj)) = (k.get(j), u.get(j), kw.get(j)) else {
                continue;
            };
            let kjj = row.get(j).copied().unwrap_or(0.0);
            if kjj <= 0.0 {
                // A zero diagonal means a zero row and column in a PSD matrix: F is linear in
                // w_j with slope u_j; with u_j ≤ 0 (the only case ProtoDash produces) 0 is optimal.
                continue;
            }
            let Some(wj) = w.get_mut(j) else { continue };
            let new = (*wj + (uj - kwj) / kjj).clamp(0.0, upper);
            let delta = new - *wj;
            if delta == 0.0 {
                continue;
            }
            *wj = new;
            for (kws, &kjs) in kw.iter_mut().zip(row) {
                *kws += delta * kjs;
            }
            largest_move = largest_move.max(delta.abs() * kjj);
        }
        if largest_move <= tol {
            return sweep;
        }
    }
    max_sweeps
}

/// `uᵀw − ½ wᵀ(Kw)` given `Kw`.
pub(crate) fn objective(u: &[f64], w: &[f64], kw: &[f64]) -> f64 {
    u.iter()
        .zip(w)
        .zip(kw)
        .map(|((&ui, &wi), &kwi)| wi * (ui - 0.5 * kwi))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn solve(k: &[Vec<f64>], u: &[f64], upper: f64) -> Vec<f64> {
        let mut w = vec![0.0; u.len()];
        let mut kw = vec![0.0; u.len()];
        let limits = QpLimits {
            upper,
            tol: 1e-14,
            max_sweeps: 10_000,
        };
        maximise_box_qp(k, u, &mut w, &mut kw, limits, 0);
        w
    }

    #[test]
    fn unconstrained_optimum_solves_the_linear_system() {
        // K = [[2,1],[1,2]], u = [3,3]: K w = u gives w = (1, 1), inside the box.
        let w = solve(&[vec![2.0, 1.0], vec![1.0, 2.0]], &[3.0, 3.0], 10.0);
        assert!((w[0] - 1.0).abs() < 1e-10 && (w[1] - 1.0).abs() < 1e-10);
    }

    #[test]
    fn lower_bound_is_active_for_a_negative_direction() {
        // K = I, u = (2, -1): the optimum is (2, 0) (the second coordinate clamps at 0).
        let w = solve(&[vec![1.0, 0.0], vec![0.0, 1.0]], &[2.0, -1.0], 10.0);
        assert!((w[0] - 2.0).abs() < 1e-12 && w[1] == 0.0);
    }

    #[test]
    fn upper_bound_is_active() {
        let w = solve(&[vec![1.0]], &[5.0], 3.0);
        assert_eq!(w, vec![3.0]);
    }

    #[test]
    fn singular_matrix_converges_to_an_optimum() {
        // K = [[1,1],[1,1]] (rank one), u = (1, 1): any w ≥ 0 with w0 + w1 = 1 is optimal,
        // with F = 1/2.
        let k = [vec![1.0, 1.0], vec![1.0, 1.0]];
        let u = [1.0, 1.0];
        let w = solve(&k, &u, 10.0);
        let kw: Vec<f64> = k.iter().map(|r| r[0] * w[0] + r[1] * w[1]).collect();
        assert!((objective(&u, &w, &kw) - 0.5).abs() < 1e-12);
    }
}
