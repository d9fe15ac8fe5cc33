//! Left singular vectors and singular values of a wide matrix whose columns are streamed.
//!
//! NRMD needs the SVD of a `width x n` matrix `M` whose columns are samples, with `n` up to
//! millions and `width` small. Copying `M` into one dense `f64` matrix would cost more memory than
//! the caller's data, so the columns are fed in blocks to a tall-skinny QR (TSQR): the blocks of
//! `Mᵀ` are stacked under the running `R` factor and re-factorised, which keeps only a
//! `(block + width) x width` matrix alive. At the end `Mᵀ = Q R`, so `M = Rᵀ Qᵀ`, and the SVD of
//! the small `Rᵀ = U Σ Wᵀ` gives `M = U Σ (Q W)ᵀ`: the same `U` and `Σ` as `M`'s own SVD, computed
//! with orthogonal transformations only (no squared condition number, unlike the Gram matrix).

use alloc::vec::Vec;
use nalgebra::{DMatrix, SVD};

use crate::error::{Error, Result};

/// Rows of `Mᵀ` factorised per QR step: large enough to amortise the re-factorisation of the
/// running `R`, small enough to stay in cache.
const BLOCK: usize = 512;

/// `U` (`width x k`, one column per singular value) and `Σ` (descending), `k = min(width, n)`.
pub(crate) struct LeftSvd {
    /// Left singular vectors, one per column.
    pub u: DMatrix<f64>,
    /// Singular values, descending.
    pub sigma: Vec<f64>,
}

/// Estimated peak bytes of [`left_svd`] on a `width x n` matrix: with `k = min(n, width)` and
/// `b = min(n, BLOCK)`, the stacked block and the running `R` (at most `(2k + b) x width`), then
/// `R`, its transpose, `U` and the SVD's bidiagonal work (`4k x width`), rounded up to
/// `8 width (4k + 2b)`. `None` when it overflows `usize`.
pub(crate) fn left_svd_bytes(width: usize, n: usize) -> Option<usize> {
    let k = n.min(width);
    let b = n.min(BLOCK);
    let rows = k.checked_mul(4)?.checked_add(b.checked_mul(2)?)?;
    rows.checked_mul(width)?
        .checked_mul(core::mem::size_of::<f64>())
}

/// Thin SVD of the `width x n` matrix whose column `i` is written by `fill(i, column)`.
///
/// `n` and `width` must be positive. Fails only if the SVD iteration does not converge, which
/// does not happen for finite input in practice; the cap keeps it from ever looping forever.
pub(crate) fn left_svd(
    width: usize,
    n: usize,
    mut fill: impl FnMut(usize, &mut [f64]),
) -> Result<LeftSvd> {
    if width == 0 || n == 0 {
        return Err(Error::InvalidParameter("SVD of an empty matrix"));
    }
    let mut r: DMatrix<f64> = DMatrix::zeros(0, width);
    let mut column = alloc::vec![0.0_f64; width];
    let mut start = 0;
    while start < n {
        let end = (start + BLOCK).min(n);
        let mut stacked = DMatrix::zeros(r.nrows() + (end - start), width);
        stacked.view_mut((0, 0), (r.nrows(), width)).copy_from(&r);
        for (offset, i) in (start..end).enumerate() {
            fill(i, &mut column);
            let row = r.nrows() + offset;
            for (j, &v) in column.iter().enumerate() {
                stacked[(row, j)] = v;
            }
        }
        // `r()` copies R out; `unpack_r()` would shrink the matrix in place through nalgebra
        // 0.35's `compress_rows`, which Miri reports as undefined behaviour (a pointer taken by
        // `as_ptr` used after `as_mut_ptr`, a Stacked Borrows violation).
        r = stacked.qr().r();
        start = end;
    }
    let max_iterations = 1000 * width.max(8);
    let svd = SVD::try_new(r.transpose(), true, false, f64::EPSILON, max_iterations)
        .ok_or(Error::InvalidParameter("SVD did not converge"))?;
    let u = svd
        .u
        .ok_or(Error::InvalidParameter("SVD did not return U"))?;
    Ok(LeftSvd {
        u,
        sigma: svd.singular_values.iter().copied().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_hand_worked_diagonal_case() {
        // Columns (3,0), (0,4), (0,0): M Mᵀ = diag(9, 16), so σ = (4, 3), U = ±e2, ±e1.
        let cols = [[3.0, 0.0], [0.0, 4.0], [0.0, 0.0]];
        let s = left_svd(2, 3, |i, c| c.copy_from_slice(&cols[i])).unwrap();
        assert!((s.sigma[0] - 4.0).abs() < 1e-12 && (s.sigma[1] - 3.0).abs() < 1e-12);
        assert!((s.u[(1, 0)].abs() - 1.0).abs() < 1e-12);
        assert!((s.u[(0, 1)].abs() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn streaming_over_several_blocks_keeps_the_spectrum() {
        // 1,300 columns cycling through (1,0,0), (0,2,0), (0,0,3): M Mᵀ is diagonal with
        // entries count_k * k², so σ_k = k * sqrt(count_k), independent of the blocking.
        let n = 1300;
        let s = left_svd(3, n, |i, c| {
            c.fill(0.0);
            c[i % 3] = (i % 3 + 1) as f64;
        })
        .unwrap();
        let counts = [434.0_f64, 433.0, 433.0];
        let mut expect: Vec<f64> = (0..3)
            .map(|k| (k + 1) as f64 * libm::sqrt(counts[k]))
            .collect();
        expect.sort_by(|a, b| b.total_cmp(a));
        for (a, b) in s.sigma.iter().zip(&expect) {
            assert!((a - b).abs() < 1e-9 * b, "{a} vs {b}");
        }
    }

    #[test]
    fn fewer_columns_than_rows_gives_that_many_values() {
        let s = left_svd(4, 2, |i, c| {
            c.fill(0.0);
            c[i] = 1.0;
        })
        .unwrap();
        assert_eq!(s.sigma.len(), 2);
        assert_eq!(s.u.ncols(), 2);
    }
}
