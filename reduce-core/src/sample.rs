//! Uniform integers and samples without replacement from a caller's generator.

use alloc::vec::Vec;
use rand_core::RngCore;

/// A uniform integer in `0..n` (`n > 0`), unbiased (Lemire's multiply-and-reject, 2019).
/// Returns 0 when `n == 0`.
pub fn uniform_below(rng: &mut dyn RngCore, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    let n = n as u64;
    let threshold = n.wrapping_neg() % n;
    loop {
        let m = u128::from(rng.next_u64()) * u128::from(n);
        if (m as u64) >= threshold {
            return (m >> 64) as usize;
        }
    }
}

/// A uniform `f64` in `[0, 1)` with 53 random bits.
pub fn uniform_unit(rng: &mut dyn RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `k` distinct indices of `0..n`, drawn uniformly, in draw order (a partial Fisher-Yates
/// shuffle). `k` is clamped to `n`. O(n) time and memory.
pub fn sample_without_replacement(rng: &mut dyn RngCore, n: usize, k: usize) -> Vec<usize> {
    let k = k.min(n);
    let mut pool: Vec<usize> = (0..n).collect();
    for i in 0..k {
        let j = i + uniform_below(rng, n - i);
        pool.swap(i, j);
    }
    pool.truncate(k);
    pool
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;

    #[test]
    fn samples_are_distinct_and_in_range() {
        let mut rng = SeededRng::new(3);
        for (n, k) in [(10, 10), (10, 3), (1, 1), (5, 0), (4, 9)] {
            let mut s = sample_without_replacement(&mut rng, n, k);
            assert_eq!(s.len(), k.min(n));
            s.sort_unstable();
            s.dedup();
            assert_eq!(s.len(), k.min(n));
            assert!(s.iter().all(|&i| i < n));
        }
    }

    #[test]
    fn uniform_below_covers_its_range() {
        let mut rng = SeededRng::new(11);
        let mut seen = [0usize; 7];
        for _ in 0..7000 {
            seen[uniform_below(&mut rng, 7)] += 1;
        }
        // Each bucket expects 1000; 800 is more than 6 standard deviations below.
        assert!(seen.iter().all(|&c| c > 800), "{seen:?}");
        assert_eq!(uniform_below(&mut rng, 0), 0);
    }
}
