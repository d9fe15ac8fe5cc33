//! Binomial coefficients for the combinatorial number system.
//!
//! A `k`-vertex simplex `{v_0 < v_1 < ... < v_{k-1}}` has the index `sum_i C(v_i, i + 1)`: a
//! bijection between `k`-subsets of `0..n` and `0..C(n, k)`. The table is built once, with checked
//! arithmetic, so that every index the engine can form fits in a `u64`.

use alloc::vec::Vec;

use crate::error::{Error, Result};

/// `C(v, k)` for `v` in `0..=n` and `k` in `0..=k_max`, stored row by `k` so that the inner loops
/// of the enumerators (fixed `k`, varying `v`) read contiguous memory.
#[derive(Debug, Clone)]
pub(crate) struct Binomial {
    stride: usize,
    k_max: usize,
    table: Vec<u64>,
}

impl Binomial {
    /// Builds the table, or fails with [`Error::TooLarge`] when `C(n, k_max)` (the number of
    /// `k_max`-vertex simplices, the largest index the engine forms) does not fit in a `u64`.
    pub(crate) fn new(n: usize, k_max: usize) -> Result<Self> {
        let stride = n
            .checked_add(1)
            .ok_or(Error::TooLarge("number of points"))?;
        let len = stride
            .checked_mul(k_max + 1)
            .ok_or(Error::TooLarge("binomial table"))?;
        let mut table = Vec::new();
        table
            .try_reserve_exact(len)
            .map_err(|_| Error::TooLarge("binomial table"))?;
        table.resize(len, 0u64);
        table[..stride].fill(1); // C(v, 0)
        for k in 1..=k_max {
            for v in 1..=n {
                let a = table[(k - 1) * stride + v - 1];
                let b = table[k * stride + v - 1];
                table[k * stride + v] = a.checked_add(b).ok_or(Error::TooLarge(
                    "simplex count exceeds the 64-bit index (fewer points or a lower dimension)",
                ))?;
            }
        }
        Ok(Self {
            stride,
            k_max,
            table,
        })
    }

    /// `C(v, k)`; `v <= n` and `k <= k_max` are invariants of the callers.
    #[inline(always)]
    pub(crate) fn get(&self, v: usize, k: usize) -> u64 {
        debug_assert!(k <= self.k_max && v < self.stride);
        self.table[k * self.stride + v]
    }

    /// Largest `v` in `k - 1..=top` with `C(v, k) <= idx` (`C(k - 1, k) = 0`, so one exists).
    #[inline]
    pub(crate) fn max_vertex(&self, idx: u64, k: usize, top: usize) -> usize {
        let row = &self.table[k * self.stride..(k + 1) * self.stride];
        if row[top] <= idx {
            return top;
        }
        // Invariant: row[lo] <= idx < row[hi].
        let mut lo = k - 1;
        let mut hi = top;
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if row[mid] <= idx {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_values() {
        let b = Binomial::new(10, 4).unwrap();
        assert_eq!(b.get(10, 4), 210);
        assert_eq!(b.get(5, 2), 10);
        assert_eq!(b.get(3, 4), 0);
        assert_eq!(b.get(0, 0), 1);
    }

    #[test]
    fn overflow_is_an_error() {
        // C(100_000, 6) is about 1.4e27 > 2^64, C(100_000, 4) about 4.2e18 < 2^64. Miri
        // interprets every table entry: there a small table, C(117, 16) about 2.0e19 > 2^64
        // and C(117, 8) about 6.8e11.
        let (n, over, fits) = if cfg!(miri) {
            (117, 16, 8)
        } else {
            (100_000, 6, 4)
        };
        assert!(matches!(Binomial::new(n, over), Err(Error::TooLarge(_))));
        assert!(Binomial::new(n, fits).is_ok());
    }

    #[test]
    fn max_vertex_inverts_the_index() {
        let b = Binomial::new(20, 3).unwrap();
        for idx in 0..b.get(20, 3) {
            let v = b.max_vertex(idx, 3, 20);
            assert!(b.get(v, 3) <= idx && idx < b.get(v + 1, 3));
        }
    }
}
