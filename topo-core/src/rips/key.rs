//! A simplex packed into one integer: its diameter rank and its combinatorial index.
//!
//! The key is `(max_rank - rank) << shift | index`, so integer order is the order the reduction
//! needs from a max-heap: a key is *greater* when its simplex comes *earlier* in the filtration
//! (smaller diameter; among equal diameters, larger index). The heap's top is the pivot of a
//! coboundary column, and sorting ascending gives the order in which cohomology reduces columns
//! (latest simplex first). One integer compare replaces a float-then-index compare, and a `u64`
//! key halves the memory the working heaps move compared with a `(f32, u64)` pair; inputs whose
//! rank and index need more than 64 bits together use `u128` keys.

/// An integer simplex key (`u64` or `u128`).
pub(crate) trait Key: Copy + Ord + Eq + core::fmt::Debug {
    /// Bits available for rank and index together.
    const BITS: u32;
    /// Packs a rank complement (`max_rank - rank`) and an index below `2^shift`.
    fn pack(rank_complement: u32, index: u64, shift: u32) -> Self;
    /// The rank complement.
    fn rank_complement(self, shift: u32) -> u32;
    /// The combinatorial index.
    fn index(self, mask: u64) -> u64;
}

impl Key for u64 {
    const BITS: u32 = 64;
    #[inline(always)]
    fn pack(rank_complement: u32, index: u64, shift: u32) -> Self {
        (u64::from(rank_complement) << shift) | index
    }
    #[inline(always)]
    fn rank_complement(self, shift: u32) -> u32 {
        (self >> shift) as u32
    }
    #[inline(always)]
    fn index(self, mask: u64) -> u64 {
        self & mask
    }
}

impl Key for u128 {
    const BITS: u32 = 128;
    #[inline(always)]
    fn pack(rank_complement: u32, index: u64, _shift: u32) -> Self {
        (u128::from(rank_complement) << 64) | u128::from(index)
    }
    #[inline(always)]
    fn rank_complement(self, _shift: u32) -> u32 {
        (self >> 64) as u32
    }
    #[inline(always)]
    fn index(self, _mask: u64) -> u64 {
        self as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_in_filtration_is_greater() {
        let max_rank = 10u32;
        let k = |rank: u32, idx: u64| u64::pack(max_rank - rank, idx, 20);
        assert!(k(1, 5) > k(2, 0));
        assert!(k(1, 5) > k(1, 4));
        let mut v = [k(1, 1), k(2, 3), k(1, 7)];
        v.sort_unstable();
        // Reduction order: largest diameter first, then smaller index first.
        assert_eq!(v.map(|e| e.index((1 << 20) - 1)), [3, 1, 7]);
        let w = u128::pack(3, u64::MAX - 1, 0);
        assert_eq!((w.rank_complement(0), w.index(0)), (3, u64::MAX - 1));
    }
}
