//! Cofacet enumeration over the dense rank matrix: every vertex not in the simplex is a
//! candidate, from `n - 1` down, and the cofacet index is updated incrementally.

use super::binomial::Binomial;
use super::engine::MAX_VERTS;
use super::filtration::{CofacetWalk, RankSource};
use super::ranks::{BEYOND, RankedDistances};

impl RankSource for RankedDistances {
    type Cofacets<'s> = DenseCofacets<'s>;

    #[inline(always)]
    fn len(&self) -> usize {
        RankedDistances::len(self)
    }

    #[inline]
    fn rank_count(&self) -> usize {
        RankedDistances::rank_count(self)
    }

    #[inline]
    fn value(&self, r: u32) -> f32 {
        RankedDistances::value(self, r)
    }

    #[inline(always)]
    fn rank(&self, i: usize, j: usize) -> u32 {
        self.row(i)[j]
    }

    fn for_each_lower_edge(&self, j: usize, mut f: impl FnMut(usize, u32)) {
        let max_rank = self.rank_count() as u32;
        for (i, &r) in self.row(j)[..j].iter().enumerate() {
            if r < max_rank {
                f(i, r);
            }
        }
    }

    fn lower_degree(&self, j: usize) -> usize {
        let max_rank = self.rank_count() as u32;
        self.row(j)[..j].iter().filter(|&&r| r < max_rank).count()
    }

    /// As the default, but reading along the rows of the vertices.
    #[inline]
    fn diameter_without(&self, verts: &[usize], skip: usize) -> u32 {
        let mut d = 0u32;
        for (a, &va) in verts.iter().enumerate() {
            if a == skip {
                continue;
            }
            let row = self.row(va);
            for (b, &vb) in verts.iter().enumerate().skip(a + 1) {
                if b != skip {
                    d = d.max(row[vb]);
                }
            }
        }
        d
    }

    /// Inlined: called once per column and per apparent-pair test, and the enumerator it returns
    /// (about 800 bytes) is then built in place instead of copied (callgrind: 2% of the torus
    /// run without it).
    #[inline(always)]
    fn cofacets<'s>(
        &'s self,
        binom: &'s Binomial,
        index: u64,
        rank: u32,
        vertices: &[usize],
    ) -> DenseCofacets<'s> {
        let mut verts = [0usize; MAX_VERTS];
        verts[..vertices.len()].copy_from_slice(vertices);
        let mut rows: [&'s [u32]; MAX_VERTS] = [&[]; MAX_VERTS];
        for (row, &w) in rows.iter_mut().zip(vertices) {
            *row = self.row(w);
        }
        DenseCofacets {
            binom,
            idx_below: index,
            idx_above: 0,
            v: self.len() as isize - 1,
            k: vertices.len(),
            verts,
            rows,
            len: vertices.len(),
            rank,
            last: 0,
        }
    }
}

/// Enumerates the cofacets of a simplex in decreasing index order by inserting each vertex not in
/// the simplex, from `n - 1` down, updating the index incrementally.
pub(crate) struct DenseCofacets<'s> {
    binom: &'s Binomial,
    idx_below: u64,
    idx_above: u64,
    v: isize,
    k: usize,
    verts: [usize; MAX_VERTS],
    /// Rank rows of the simplex's vertices: `d(v, w)` is read as `rows[w][v]` (the matrix is
    /// symmetric), so the enumeration walks each row sequentially instead of striding across
    /// rows.
    rows: [&'s [u32]; MAX_VERTS],
    len: usize,
    rank: u32,
    last: usize,
}

impl DenseCofacets<'_> {
    /// Skips the simplex's own vertices and returns the next new vertex, updating the indices.
    #[inline(always)]
    fn advance(&mut self) -> usize {
        let b = self.binom;
        loop {
            let c = b.get(self.v as usize, self.k);
            if c > self.idx_below {
                break;
            }
            self.idx_below -= c;
            self.idx_above += b.get(self.v as usize, self.k + 1);
            self.v -= 1;
            self.k -= 1;
        }
        let v = self.v as usize;
        self.v -= 1;
        self.last = v;
        v
    }

    #[inline(always)]
    fn index_with(&self, v: usize) -> u64 {
        self.idx_above + self.binom.get(v, self.k + 1) + self.idx_below
    }
}

impl CofacetWalk for DenseCofacets<'_> {
    #[inline]
    fn vertices(&self) -> &[usize] {
        &self.verts[..self.len]
    }

    #[inline]
    fn last_vertex(&self) -> usize {
        self.last
    }

    #[inline(always)]
    fn has_next(&mut self, all: bool) -> bool {
        self.v >= self.k as isize
            && (all || self.binom.get(self.v as usize, self.k) > self.idx_below)
    }

    #[inline(always)]
    fn next(&mut self) -> Option<(u32, u64)> {
        let v = self.advance();
        let mut r = self.rank;
        for row in &self.rows[..self.len] {
            r = r.max(row[v]);
        }
        // Only edges beyond the threshold have this rank, and max keeps it.
        (r != BEYOND).then(|| (r, self.index_with(v)))
    }

    /// Skips the remaining distance reads as soon as one is larger.
    #[inline(always)]
    fn next_if_same_diameter(&mut self) -> Option<u64> {
        let v = self.advance();
        for row in &self.rows[..self.len] {
            if row[v] > self.rank {
                return None;
            }
        }
        Some(self.index_with(v))
    }
}
