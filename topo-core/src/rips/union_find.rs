//! Disjoint sets over `0..n` with path halving and union by rank: H0 of the Rips filtration.

use alloc::vec::Vec;

#[derive(Debug, Clone)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
    rank: Vec<u8>,
}

impl UnionFind {
    /// `n` singletons; `n` fits in `u32` (checked by the callers).
    pub(crate) fn new(n: usize) -> Self {
        Self {
            parent: (0..n as u32).collect(),
            rank: alloc::vec![0; n],
        }
    }

    /// Representative of `x`'s set.
    #[inline]
    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let grand = self.parent[self.parent[x] as usize];
            self.parent[x] = grand;
            x = grand as usize;
        }
        x
    }

    /// Merges the sets whose representatives are `a != b`.
    #[inline]
    pub(crate) fn link(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.rank[a], self.rank[b]);
        if ra < rb {
            self.parent[a] = b as u32;
        } else {
            self.parent[b] = a as u32;
            if ra == rb {
                self.rank[a] = ra.saturating_add(1);
            }
        }
    }
}
