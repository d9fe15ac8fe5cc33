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

use alloc::collections::BinaryHeap;
use alloc::vec::Vec;

use super::binomial::Binomial;
use super::distance::DistanceMatrix;
use super::entry::Entry;
use super::pivot_map::PivotMap;
use super::union_find::UnionFind;
use crate::error::{Error, Result};

/// Largest homology dimension the engine accepts (simplices have at most `MAX_DIM + 2` vertices,
/// held in fixed arrays so the hot loops do not allocate).
pub const MAX_HOMOLOGY_DIM: usize = 30;

const MAX_VERTS: usize = MAX_HOMOLOGY_DIM + 2;

/// One persistence interval in `f32`, as the engine computes it; `death` may be infinite.
pub(crate) type Interval = (f32, f32);

pub(crate) struct Engine<'a> {
    dist: &'a DistanceMatrix,
    n: usize,
    binom: Binomial,
    threshold: f32,
    max_dim: usize,
}

impl<'a> Engine<'a> {
    /// Validates the sizes: `n` fits in `u32` and every index up to `(max_dim + 1)`-simplices
    /// fits in a `u64`.
    pub(crate) fn new(dist: &'a DistanceMatrix, max_dim: usize, threshold: f32) -> Result<Self> {
        if max_dim > MAX_HOMOLOGY_DIM {
            return Err(Error::TooLarge("homology dimension above MAX_HOMOLOGY_DIM"));
        }
        let n = dist.len();
        if u32::try_from(n).is_err() {
            return Err(Error::TooLarge("more than u32::MAX points"));
        }
        let binom = Binomial::new(n, max_dim + 2)?;
        Ok(Self {
            dist,
            n,
            binom,
            threshold,
            max_dim,
        })
    }

    /// Diagrams for dimensions `0..=max_dim`.
    pub(crate) fn run(&self) -> Vec<Vec<Interval>> {
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
    fn edges(&self) -> Vec<Entry> {
        let mut edges = Vec::new();
        for j in 1..self.n {
            let row = self.dist.row(j);
            let base = self.binom.get(j, 2);
            for (i, &d) in row[..j].iter().enumerate() {
                if d <= self.threshold {
                    edges.push(Entry::new(d, base + i as u64));
                }
            }
        }
        edges
    }

    /// H0 by union-find over edges in filtration order. Returns the intervals and the edges that
    /// close cycles (the columns of dimension 1, minus those in zero apparent pairs), in
    /// reduction order.
    fn dim0(&self, edges: &mut [Entry]) -> (Vec<Interval>, Vec<Entry>) {
        edges.sort_unstable();
        let mut sets = UnionFind::new(self.n);
        let mut pairs = Vec::new();
        let mut columns = Vec::new();
        for &e in edges.iter().rev() {
            let j = self.binom.max_vertex(e.index, 2, self.n - 1);
            let i = (e.index - self.binom.get(j, 2)) as usize;
            let (a, b) = (sets.find(i), sets.find(j));
            if a != b {
                sets.link(a, b);
                if e.diam != 0.0 {
                    pairs.push((0.0, e.diam));
                }
            } else if self.max_dim > 0 && self.zero_apparent_cofacet(e, 1).is_none() {
                columns.push(e);
            }
        }
        columns.reverse();
        for v in 0..self.n {
            if sets.find(v) == v {
                pairs.push((0.0, f32::INFINITY));
            }
        }
        (pairs, columns)
    }

    /// The `(dim + 1)`-simplices within the threshold (kept only when a later dimension needs
    /// them) and the columns to reduce in dimension `dim + 1`: not cleared by a pivot of `dim`,
    /// not in a zero apparent pair, sorted in reduction order.
    fn assemble(
        &self,
        dim: usize,
        simplices: &[Entry],
        pivots: &PivotMap,
    ) -> (Vec<Entry>, Vec<Entry>) {
        let keep_next = dim + 1 < self.max_dim;
        let mut next = Vec::new();
        let mut columns = Vec::new();
        for &s in simplices {
            let mut cof = Cofacets::new(self, s, dim);
            // Only cofacets that add a vertex above all of s's: each simplex is made once.
            while cof.has_next(false) {
                let c = cof.next();
                if c.diam > self.threshold {
                    continue;
                }
                if keep_next {
                    next.push(c);
                }
                if !pivots.contains(c.index) && !self.in_zero_apparent_pair(c, dim + 1) {
                    columns.push(c);
                }
            }
        }
        columns.sort_unstable();
        (next, columns)
    }

    /// Reduces the coboundary columns of dimension `dim` in order; returns the intervals and the
    /// pivot index (pivot simplex -> column) used for clearing the next dimension.
    fn compute_pairs(&self, columns: &[Entry], dim: usize) -> (Vec<Interval>, PivotMap) {
        let mut pairs = Vec::new();
        let mut pivots = PivotMap::with_capacity(columns.len());
        let mut reduction: Vec<Entry> = Vec::new();
        let mut reduction_start: Vec<usize> = Vec::with_capacity(columns.len() + 1);
        let mut working_coboundary: BinaryHeap<Entry> = BinaryHeap::new();
        let mut working_reduction: BinaryHeap<Entry> = BinaryHeap::new();

        for (ci, &column) in columns.iter().enumerate() {
            reduction_start.push(reduction.len());
            working_reduction.clear();
            let mut pivot = self.init_coboundary(column, dim, &mut working_coboundary, &pivots);
            loop {
                let Some(p) = pivot else {
                    pairs.push((column.diam, f32::INFINITY));
                    break;
                };
                if let Some(other) = pivots.get(p.index) {
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
                    pivot = get_pivot(&mut working_coboundary);
                } else if let Some(e) = self.zero_apparent_facet(p, dim + 1) {
                    // p's column in an apparent pair was never built: its coboundary is the
                    // coboundary of the facet e, whose pivot is p.
                    self.add_simplex_coboundary(
                        e,
                        dim,
                        &mut working_reduction,
                        &mut working_coboundary,
                    );
                    pivot = get_pivot(&mut working_coboundary);
                } else {
                    if p.diam > column.diam {
                        pairs.push((column.diam, p.diam));
                    }
                    pivots.insert(p.index, ci as u32);
                    while let Some(e) = pop_pivot(&mut working_reduction) {
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
        column: Entry,
        dim: usize,
        heap: &mut BinaryHeap<Entry>,
        pivots: &PivotMap,
    ) -> Option<Entry> {
        let mut buf = core::mem::take(heap).into_vec();
        buf.clear();
        let mut check_emergent = true;
        let mut cof = Cofacets::new(self, column, dim);
        while cof.has_next(true) {
            let c = cof.next();
            if c.diam > self.threshold {
                continue;
            }
            if check_emergent && c.diam == column.diam {
                if !pivots.contains(c.index) && self.zero_apparent_facet(c, dim + 1).is_none() {
                    buf.clear();
                    *heap = BinaryHeap::from(buf);
                    return Some(c);
                }
                check_emergent = false;
            }
            buf.push(c);
        }
        *heap = BinaryHeap::from(buf);
        get_pivot(heap)
    }

    /// Adds `s` to the working reduction column and its coboundary to the working coboundary.
    #[inline]
    fn add_simplex_coboundary(
        &self,
        s: Entry,
        dim: usize,
        reduction: &mut BinaryHeap<Entry>,
        coboundary: &mut BinaryHeap<Entry>,
    ) {
        reduction.push(s);
        let mut cof = Cofacets::new(self, s, dim);
        while cof.has_next(true) {
            let c = cof.next();
            if c.diam <= self.threshold {
                coboundary.push(c);
            }
        }
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

    /// The facet of `s` that comes last in the filtration, if it has `s`'s diameter.
    fn zero_pivot_facet(&self, s: Entry, dim: usize) -> Option<Entry> {
        let mut verts = [0usize; MAX_VERTS];
        self.vertices(s.index, dim, &mut verts);
        let verts = &verts[..=dim];
        let mut idx_below = s.index;
        let mut idx_above = 0u64;
        // Removing the largest vertex first yields facets in increasing index order, so the first
        // facet of full diameter is the latest one in the filtration.
        for k in (0..=dim).rev() {
            let j = verts[k];
            let c = self.binom.get(j, k + 1);
            let facet_diam = self.diameter_without(verts, k);
            if facet_diam == s.diam {
                return Some(Entry::new(facet_diam, idx_above + (idx_below - c)));
            }
            idx_below -= c;
            idx_above += self.binom.get(j, k);
        }
        None
    }

    /// Largest pairwise distance among `verts` without position `skip`.
    #[inline]
    fn diameter_without(&self, verts: &[usize], skip: usize) -> f32 {
        let mut d = 0.0_f32;
        for (a, &va) in verts.iter().enumerate() {
            if a == skip {
                continue;
            }
            let row = self.dist.row(va);
            for (b, &vb) in verts.iter().enumerate().skip(a + 1) {
                if b != skip {
                    d = d.max(row[vb]);
                }
            }
        }
        d
    }

    /// The cofacet of `s` that comes first in the filtration, if it has `s`'s diameter.
    fn zero_pivot_cofacet(&self, s: Entry, dim: usize) -> Option<Entry> {
        let mut cof = Cofacets::new(self, s, dim);
        while cof.has_next(true) {
            if let Some(c) = cof.next_if_within(s.diam) {
                return Some(c);
            }
        }
        None
    }

    /// The facet `f` of `s` with `(f, s)` a zero-persistence apparent pair.
    fn zero_apparent_facet(&self, s: Entry, dim: usize) -> Option<Entry> {
        let f = self.zero_pivot_facet(s, dim)?;
        match self.zero_pivot_cofacet(f, dim - 1) {
            Some(c) if c.index == s.index => Some(f),
            _ => None,
        }
    }

    /// The cofacet `c` of `s` with `(s, c)` a zero-persistence apparent pair.
    fn zero_apparent_cofacet(&self, s: Entry, dim: usize) -> Option<Entry> {
        let c = self.zero_pivot_cofacet(s, dim)?;
        match self.zero_pivot_facet(c, dim + 1) {
            Some(f) if f.index == s.index => Some(c),
            _ => None,
        }
    }

    fn in_zero_apparent_pair(&self, s: Entry, dim: usize) -> bool {
        self.zero_apparent_cofacet(s, dim).is_some() || self.zero_apparent_facet(s, dim).is_some()
    }
}

/// Pops the pivot of a Z/2 column kept as a heap with lazy cancellation: equal entries cancel in
/// pairs.
#[inline]
fn pop_pivot(heap: &mut BinaryHeap<Entry>) -> Option<Entry> {
    let mut pivot = heap.pop()?;
    while let Some(top) = heap.peek() {
        if top.index != pivot.index {
            break;
        }
        heap.pop();
        pivot = heap.pop()?;
    }
    Some(pivot)
}

/// The pivot, left in the heap.
#[inline]
fn get_pivot(heap: &mut BinaryHeap<Entry>) -> Option<Entry> {
    let p = pop_pivot(heap)?;
    heap.push(p);
    Some(p)
}

/// Enumerates the cofacets of a simplex in decreasing index order by inserting each vertex not in
/// the simplex, from `n - 1` down, updating the index incrementally.
struct Cofacets<'e, 'a> {
    engine: &'e Engine<'a>,
    idx_below: u64,
    idx_above: u64,
    v: isize,
    k: usize,
    verts: [usize; MAX_VERTS],
    len: usize,
    diam: f32,
}

impl<'e, 'a> Cofacets<'e, 'a> {
    #[inline]
    fn new(engine: &'e Engine<'a>, s: Entry, dim: usize) -> Self {
        let mut verts = [0usize; MAX_VERTS];
        engine.vertices(s.index, dim, &mut verts);
        Self {
            engine,
            idx_below: s.index,
            idx_above: 0,
            v: engine.n as isize - 1,
            k: dim + 1,
            verts,
            len: dim + 1,
            diam: s.diam,
        }
    }

    /// With `all == false`, only cofacets whose new vertex is above every vertex of the simplex.
    #[inline(always)]
    fn has_next(&self, all: bool) -> bool {
        self.v >= self.k as isize
            && (all || self.engine.binom.get(self.v as usize, self.k) > self.idx_below)
    }

    /// Skips the simplex's own vertices and returns the next new vertex, updating the indices.
    #[inline(always)]
    fn advance(&mut self) -> usize {
        let b = &self.engine.binom;
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
        v
    }

    #[inline(always)]
    fn index_with(&self, v: usize) -> u64 {
        self.idx_above + self.engine.binom.get(v, self.k + 1) + self.idx_below
    }

    #[inline(always)]
    fn next(&mut self) -> Entry {
        let v = self.advance();
        let row = self.engine.dist.row(v);
        let mut d = self.diam;
        for &w in &self.verts[..self.len] {
            d = d.max(row[w]);
        }
        Entry::new(d, self.index_with(v))
    }

    /// The next cofacet if its diameter is at most `limit`, else `None` (the enumeration still
    /// advances), skipping the distance reads as soon as one exceeds the limit.
    #[inline(always)]
    fn next_if_within(&mut self, limit: f32) -> Option<Entry> {
        let v = self.advance();
        let row = self.engine.dist.row(v);
        let mut d = self.diam;
        for &w in &self.verts[..self.len] {
            let x = row[w];
            if x > limit {
                return None;
            }
            d = d.max(x);
        }
        Some(Entry::new(d, self.index_with(v)))
    }
}
