//! The implicit Rips engine: persistent cohomology over Z/2 of the Vietoris-Rips filtration of a
//! dense distance matrix, in the manner of Ripser (Bauer 2021).
//!
//! * Simplices are `(diameter, index)` entries; the index comes from the combinatorial number
//!   system and the vertices are decoded from it when needed.
//! * Coboundary columns are never stored: cofacets are enumerated on the fly from the index.
//! * Clearing: a simplex that is the pivot of a column in dimension `d` is not a column in
//!   dimension `d + 1`.
//! * Zero-persistence apparent pairs are skipped when columns are assembled, and a column whose
//!   pivot forms an emergent pair is paired without building its coboundary.
//! * The reduction matrix `V` is stored (it is small); a reduced coboundary is recomputed from it.

use alloc::vec::Vec;

use super::binomial::Binomial;
use super::filtration::{CofacetWalk, RankSource};
use super::heap::WorkingColumn;
use super::key::Key;
use super::pivot_map::PivotMap;
use super::union_find::UnionFind;
use crate::error::{Error, Result};

/// Largest homology dimension the engine accepts (simplices have at most `MAX_DIM + 2` vertices,
/// held in fixed arrays so the hot loops do not allocate).
pub const MAX_HOMOLOGY_DIM: usize = 30;

pub(crate) const MAX_VERTS: usize = MAX_HOMOLOGY_DIM + 2;

/// One persistence interval in `f32` values; `death` may be infinite.
pub(crate) type Interval = (f32, f32);

/// One persistence pair as the engine finds it: the interval and the combinatorial indices of
/// the simplex that creates the class (dimension `k`) and of the one that kills it (dimension
/// `k + 1`, none for an essential class).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FoundPair {
    pub(crate) birth: f32,
    pub(crate) death: f32,
    pub(crate) birth_simplex: u64,
    pub(crate) death_simplex: Option<u64>,
}

/// Checked sizes of one computation: the binomial table and how keys are packed.
pub(crate) struct Layout {
    binom: Binomial,
    /// Bits of the simplex index in a packed key.
    shift: u32,
    /// Largest rank within the threshold.
    max_rank: u32,
}

impl Layout {
    /// Validates the sizes: `n` fits in `u32` and every index up to `(max_dim + 1)`-simplices
    /// fits in a `u64`.
    pub(crate) fn new<D: RankSource>(dist: &D, max_dim: usize) -> Result<Self> {
        if max_dim > MAX_HOMOLOGY_DIM {
            return Err(Error::TooLarge("homology dimension above MAX_HOMOLOGY_DIM"));
        }
        let n = dist.len();
        if u32::try_from(n).is_err() {
            return Err(Error::TooLarge("more than u32::MAX points"));
        }
        let binom = Binomial::new(n, max_dim + 2)?;
        // Every index of a k-vertex simplex is below C(n, k), k <= max_dim + 2 (not monotone in
        // k when n is small, hence the maximum).
        let largest = (1..=max_dim + 2)
            .map(|k| binom.get(n, k))
            .max()
            .unwrap_or(1);
        let shift = 64 - largest.leading_zeros();
        let max_rank = dist.rank_count().saturating_sub(1) as u32;
        Ok(Self {
            binom,
            shift,
            max_rank,
        })
    }

    /// `true` when rank and index pack into a `u64` key.
    pub(crate) fn fits_u64(&self) -> bool {
        (32 - self.max_rank.leading_zeros()) + self.shift <= 64
    }
}

pub(crate) struct Engine<'a, K: Key, D: RankSource> {
    dist: &'a D,
    n: usize,
    binom: Binomial,
    shift: u32,
    mask: u64,
    max_rank: u32,
    max_dim: usize,
    _key: core::marker::PhantomData<K>,
}

impl<'a, K: Key, D: RankSource> Engine<'a, K, D> {
    pub(crate) fn new(dist: &'a D, max_dim: usize, layout: Layout) -> Self {
        let shift = if K::BITS == 64 { layout.shift } else { 64 };
        Self {
            dist,
            n: dist.len(),
            binom: layout.binom,
            shift,
            mask: if shift >= 64 {
                u64::MAX
            } else {
                (1u64 << shift) - 1
            },
            max_rank: layout.max_rank,
            max_dim,
            _key: core::marker::PhantomData,
        }
    }

    #[inline(always)]
    fn key(&self, rank: u32, index: u64) -> K {
        K::pack(self.max_rank - rank, index, self.shift)
    }

    #[inline(always)]
    fn rank(&self, k: K) -> u32 {
        self.max_rank - k.rank_complement(self.shift)
    }

    #[inline(always)]
    fn index(&self, k: K) -> u64 {
        k.index(self.mask)
    }

    #[inline(always)]
    fn value(&self, k: K) -> f32 {
        self.dist.value(self.rank(k))
    }

    /// Diagrams for dimensions `0..=max_dim`.
    pub(crate) fn run(&self) -> Vec<Vec<FoundPair>> {
        let mut out = Vec::with_capacity(self.max_dim + 1);
        let mut simplices = self.edges();
        let (h0, mut columns) = self.dim0(&mut simplices);
        out.push(h0);
        for dim in 1..=self.max_dim {
            let (pairs, pivots) = self.compute_pairs(&columns, dim);
            out.push(pairs);
            if dim < self.max_dim {
                let (next, cols) = self.assemble(dim, &simplices, &pivots);
                simplices = next;
                columns = cols;
            }
        }
        out
    }

    /// All edges within the threshold.
    fn edges(&self) -> Vec<K> {
        let mut edges = Vec::new();
        for j in 1..self.n {
            let base = self.binom.get(j, 2);
            self.dist.for_each_lower_edge(j, |i, r| {
                edges.push(self.key(r, base + i as u64));
            });
        }
        edges
    }

    /// H0 by union-find over edges in filtration order. Returns the intervals and the edges that
    /// close cycles (the columns of dimension 1, minus those in zero apparent pairs), in
    /// reduction order.
    fn dim0(&self, edges: &mut [K]) -> (Vec<FoundPair>, Vec<K>) {
        edges.sort_unstable();
        let mut sets = UnionFind::new(self.n);
        let mut pairs = Vec::new();
        let mut columns = Vec::new();
        for &e in edges.iter().rev() {
            let idx = self.index(e);
            let j = self.binom.max_vertex(idx, 2, self.n - 1);
            let i = (idx - self.binom.get(j, 2)) as usize;
            let (a, b) = (sets.find(i), sets.find(j));
            if a != b {
                sets.link(a, b);
                let d = self.value(e);
                if d != 0.0 {
                    // The component whose root lost its place dies (every vertex is born at 0).
                    let dying = if sets.find(a) == a { b } else { a };
                    pairs.push(FoundPair {
                        birth: 0.0,
                        death: d,
                        birth_simplex: dying as u64,
                        death_simplex: Some(idx),
                    });
                }
            } else if self.max_dim > 0 && self.zero_apparent_cofacet(e, &[i, j]).is_none() {
                columns.push(e);
            }
        }
        columns.reverse();
        for v in 0..self.n {
            if sets.find(v) == v {
                pairs.push(FoundPair {
                    birth: 0.0,
                    death: f32::INFINITY,
                    birth_simplex: v as u64,
                    death_simplex: None,
                });
            }
        }
        (pairs, columns)
    }

    /// The `(dim + 1)`-simplices within the threshold (kept only when a later dimension needs
    /// them) and the columns to reduce in dimension `dim + 1`: not cleared by a pivot of `dim`,
    /// not in a zero apparent pair, sorted in reduction order.
    fn assemble(&self, dim: usize, simplices: &[K], pivots: &PivotMap) -> (Vec<K>, Vec<K>) {
        let keep_next = dim + 1 < self.max_dim;
        let mut next = Vec::new();
        let mut columns = Vec::new();
        for &s in simplices {
            let mut cof = Cofacets::new(self, s, dim);
            let mut verts = [0usize; MAX_VERTS];
            verts[..=dim].copy_from_slice(cof.vertices());
            // Only cofacets that add a vertex above all of s's: each simplex is made once, and
            // its vertices are s's followed by the new one.
            while cof.has_next(false) {
                let Some(c) = cof.next() else { continue };
                if keep_next {
                    next.push(c);
                }
                verts[dim + 1] = cof.last_vertex();
                if !pivots.contains(self.index(c))
                    && !self.in_zero_apparent_pair(c, &verts[..dim + 2])
                {
                    columns.push(c);
                }
            }
        }
        columns.sort_unstable();
        (next, columns)
    }

    /// Reduces the coboundary columns of dimension `dim` in order; returns the intervals and the
    /// pivot index (pivot simplex -> column) used for clearing the next dimension.
    fn compute_pairs(&self, columns: &[K], dim: usize) -> (Vec<FoundPair>, PivotMap) {
        let mut pairs = Vec::new();
        let mut pivots = PivotMap::with_capacity(columns.len());
        let mut reduction: Vec<K> = Vec::new();
        let mut reduction_start: Vec<usize> = Vec::with_capacity(columns.len() + 1);
        let mut working_coboundary: WorkingColumn<K> = WorkingColumn::new();
        let mut working_reduction: WorkingColumn<K> = WorkingColumn::new();

        for (ci, &column) in columns.iter().enumerate() {
            reduction_start.push(reduction.len());
            working_reduction.clear();
            let mut pivot = self.init_coboundary(column, dim, &mut working_coboundary, &pivots);
            loop {
                let Some(p) = pivot else {
                    pairs.push(FoundPair {
                        birth: self.value(column),
                        death: f32::INFINITY,
                        birth_simplex: self.index(column),
                        death_simplex: None,
                    });
                    break;
                };
                if let Some(other) = pivots.get(self.index(p)) {
                    let other = other as usize;
                    self.add_simplex_coboundary(
                        columns[other],
                        dim,
                        &mut working_reduction,
                        &mut working_coboundary,
                    );
                    for &s in &reduction[reduction_start[other]..reduction_start[other + 1]] {
                        self.add_simplex_coboundary(
                            s,
                            dim,
                            &mut working_reduction,
                            &mut working_coboundary,
                        );
                    }
                    pivot = working_coboundary.pivot();
                } else if let Some(e) = {
                    let mut verts = [0usize; MAX_VERTS];
                    self.vertices(self.index(p), dim + 1, &mut verts);
                    self.zero_apparent_facet(p, &verts[..dim + 2])
                } {
                    // p's column in an apparent pair was never built: its coboundary is the
                    // coboundary of the facet e, whose pivot is p.
                    self.add_simplex_coboundary(
                        e,
                        dim,
                        &mut working_reduction,
                        &mut working_coboundary,
                    );
                    pivot = working_coboundary.pivot();
                } else {
                    let (birth, death) = (self.value(column), self.value(p));
                    if death > birth {
                        pairs.push(FoundPair {
                            birth,
                            death,
                            birth_simplex: self.index(column),
                            death_simplex: Some(self.index(p)),
                        });
                    }
                    pivots.insert(self.index(p), ci as u32);
                    while let Some(e) = working_reduction.pop_pivot() {
                        reduction.push(e);
                    }
                    break;
                }
            }
        }
        // Only paired columns are ever looked up, and each one's entries end where the next
        // column's begin; close the last range.
        reduction_start.push(reduction.len());
        (pairs, pivots)
    }

    /// Fills the working coboundary with the cofacets of `column` and returns its pivot, or the
    /// pivot straight away (heap left empty) when it forms an emergent pair: a cofacet of the same
    /// diameter that is the first in filtration order, not yet a pivot, and not in an apparent pair.
    fn init_coboundary(
        &self,
        column: K,
        dim: usize,
        heap: &mut WorkingColumn<K>,
        pivots: &PivotMap,
    ) -> Option<K> {
        heap.clear();
        let mut check_emergent = true;
        let column_rank = self.rank(column);
        let mut cof = Cofacets::new(self, column, dim);
        while cof.has_next(true) {
            let Some(c) = cof.next() else { continue };
            if check_emergent && self.rank(c) == column_rank {
                let mut verts = [0usize; MAX_VERTS];
                let len = with_vertex(cof.vertices(), cof.last_vertex(), &mut verts);
                if !pivots.contains(self.index(c))
                    && self.zero_apparent_facet(c, &verts[..len]).is_none()
                {
                    heap.clear();
                    return Some(c);
                }
                check_emergent = false;
            }
            heap.push_unordered(c);
        }
        heap.heapify();
        heap.pivot()
    }

    /// Adds `s` to the working reduction column and its coboundary to the working coboundary.
    #[inline]
    fn add_simplex_coboundary(
        &self,
        s: K,
        dim: usize,
        reduction: &mut WorkingColumn<K>,
        coboundary: &mut WorkingColumn<K>,
    ) {
        reduction.push(s);
        let mut cof = Cofacets::new(self, s, dim);
        while cof.has_next(true) {
            if let Some(c) = cof.next() {
                coboundary.push(c);
            }
        }
    }

    /// Vertices of the `dim`-simplex with index `idx` (one the engine reported), ascending.
    pub(crate) fn simplex_vertices(&self, idx: u64, dim: usize) -> Vec<usize> {
        let mut verts = [0usize; MAX_VERTS];
        self.vertices(idx, dim, &mut verts);
        verts[..=dim].to_vec()
    }

    /// Vertices of the `dim`-simplex `idx`, ascending, in `out[..=dim]`.
    #[inline]
    fn vertices(&self, mut idx: u64, dim: usize, out: &mut [usize; MAX_VERTS]) {
        let mut top = self.n - 1;
        for k in (1..=dim + 1).rev() {
            let v = self.binom.max_vertex(idx, k, top);
            out[k - 1] = v;
            idx -= self.binom.get(v, k);
            top = v.saturating_sub(1);
        }
    }

    /// The facet of `s` (vertices `verts`, ascending) that comes last in the filtration, if it
    /// has `s`'s diameter, with the position of the vertex it omits.
    fn zero_pivot_facet(&self, s: K, verts: &[usize]) -> Option<(K, usize)> {
        let s_rank = self.rank(s);
        let mut idx_below = self.index(s);
        let mut idx_above = 0u64;
        // Removing the largest vertex first yields facets in increasing index order, so the first
        // facet of full diameter is the latest one in the filtration.
        for k in (0..verts.len()).rev() {
            let j = verts[k];
            let c = self.binom.get(j, k + 1);
            let facet_rank = self.dist.diameter_without(verts, k);
            if facet_rank == s_rank {
                return Some((self.key(facet_rank, idx_above + (idx_below - c)), k));
            }
            idx_below -= c;
            idx_above += self.binom.get(j, k);
        }
        None
    }

    /// The cofacet of `s` (vertices `verts`) that comes first in the filtration, if it has `s`'s
    /// diameter, with the vertex it adds.
    fn zero_pivot_cofacet(&self, s: K, verts: &[usize]) -> Option<(K, usize)> {
        let mut cof = Cofacets::from_vertices(self, s, verts);
        while cof.has_next(true) {
            if let Some(c) = cof.next_if_same_diameter() {
                return Some((c, cof.last_vertex()));
            }
        }
        None
    }

    /// The facet `f` of `s` with `(f, s)` a zero-persistence apparent pair.
    fn zero_apparent_facet(&self, s: K, verts: &[usize]) -> Option<K> {
        let (f, skip) = self.zero_pivot_facet(s, verts)?;
        let mut fv = [0usize; MAX_VERTS];
        let mut len = 0;
        for (i, &v) in verts.iter().enumerate() {
            if i != skip {
                fv[len] = v;
                len += 1;
            }
        }
        match self.zero_pivot_cofacet(f, &fv[..len]) {
            Some((c, _)) if c == s => Some(f),
            _ => None,
        }
    }

    /// The cofacet `c` of `s` with `(s, c)` a zero-persistence apparent pair.
    fn zero_apparent_cofacet(&self, s: K, verts: &[usize]) -> Option<K> {
        let (c, v) = self.zero_pivot_cofacet(s, verts)?;
        let mut cv = [0usize; MAX_VERTS];
        let len = with_vertex(verts, v, &mut cv);
        match self.zero_pivot_facet(c, &cv[..len]) {
            Some((f, _)) if f == s => Some(c),
            _ => None,
        }
    }

    fn in_zero_apparent_pair(&self, s: K, verts: &[usize]) -> bool {
        self.zero_apparent_cofacet(s, verts).is_some()
            || self.zero_apparent_facet(s, verts).is_some()
    }
}

/// `verts` (ascending, without `v`) with `v` inserted in order, into `out`; returns the length.
#[inline]
fn with_vertex(verts: &[usize], v: usize, out: &mut [usize; MAX_VERTS]) -> usize {
    let mut len = 0;
    let mut placed = false;
    for &w in verts {
        if !placed && v < w {
            out[len] = v;
            len += 1;
            placed = true;
        }
        out[len] = w;
        len += 1;
    }
    if !placed {
        out[len] = v;
        len += 1;
    }
    len
}

/// A storage's cofacet walk with its results packed into keys; cofacets beyond the threshold
/// come out as `None` (the enumeration still advances).
struct Cofacets<'e, 'a: 'e, K: Key, D: RankSource + 'a> {
    engine: &'e Engine<'a, K, D>,
    walk: D::Cofacets<'e>,
    rank: u32,
}

impl<'e, 'a: 'e, K: Key, D: RankSource> Cofacets<'e, 'a, K, D> {
    #[inline]
    fn new(engine: &'e Engine<'a, K, D>, s: K, dim: usize) -> Self {
        let mut verts = [0usize; MAX_VERTS];
        engine.vertices(engine.index(s), dim, &mut verts);
        Self::from_vertices(engine, s, &verts[..=dim])
    }

    /// As [`Cofacets::new`] when the caller already knows the vertices (ascending).
    #[inline]
    fn from_vertices(engine: &'e Engine<'a, K, D>, s: K, vertices: &[usize]) -> Self {
        let rank = engine.rank(s);
        let walk = engine
            .dist
            .cofacets(&engine.binom, engine.index(s), rank, vertices);
        Self { engine, walk, rank }
    }

    /// The simplex's vertices, ascending.
    #[inline]
    fn vertices(&self) -> &[usize] {
        self.walk.vertices()
    }

    /// The vertex the last cofacet added.
    #[inline]
    fn last_vertex(&self) -> usize {
        self.walk.last_vertex()
    }

    /// With `all == false`, only cofacets whose new vertex is above every vertex of the simplex.
    #[inline(always)]
    fn has_next(&mut self, all: bool) -> bool {
        self.walk.has_next(all)
    }

    /// The next cofacet, or `None` when it is beyond the threshold.
    #[inline(always)]
    fn next(&mut self) -> Option<K> {
        let (r, idx) = self.walk.next()?;
        Some(self.engine.key(r, idx))
    }

    /// The next cofacet if it has the simplex's diameter, else `None`.
    #[inline(always)]
    fn next_if_same_diameter(&mut self) -> Option<K> {
        let idx = self.walk.next_if_same_diameter()?;
        Some(self.engine.key(self.rank, idx))
    }
}
