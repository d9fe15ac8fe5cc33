//! Sparse edge storage for a threshold that cuts most edges (Ripser's sparse mode): each vertex
//! keeps its neighbours within the threshold, sorted by vertex, with the edge ranks. Memory is
//! `O(n + edges)` (16 bytes per edge) instead of the dense matrix's `4 n^2` bytes, and a
//! simplex's cofacets are found by intersecting its vertices' lists instead of scanning all `n`
//! vertices.

use alloc::vec::Vec;

use super::binomial::Binomial;
use super::distance::{DistanceMatrix, Metric};
use super::engine::MAX_VERTS;
use super::filtration::{CofacetWalk, RankSource};
use super::ranks::BEYOND;
use crate::error::{Error, Result};
use crate::points::Points;

/// One edge before ranking: the distance's bits (non-negative `f32` bits sort like the values)
/// and its two vertices.
type RawEdge = (u32, u32, u32);

/// Per-vertex neighbour lists with edge ranks.
#[derive(Debug, Clone)]
pub(crate) struct SparseRanks {
    n: usize,
    /// `start[v]..start[v + 1]` is vertex `v`'s slice of `entries`.
    start: Vec<usize>,
    /// `neighbour << 32 | rank`, ascending by neighbour within each vertex's slice.
    entries: Vec<u64>,
    values: Vec<f32>,
}

impl SparseRanks {
    /// The edges of a point cloud within `threshold`, or `None` when there are more than
    /// `max_edges` of them (the caller then takes the dense path).
    pub(crate) fn from_points<M: Metric + ?Sized>(
        points: Points<'_>,
        metric: &M,
        threshold: f32,
        max_edges: usize,
    ) -> Result<Option<Self>> {
        let n = points.len();
        check_size(n)?;
        let mut edges: Vec<RawEdge> = Vec::new();
        let mut visit = |i: usize, j: usize| -> Result<bool> {
            let Some(d) = metric.distance_within(points.row(i), points.row(j), threshold) else {
                return Ok(true);
            };
            let d = d as f32;
            if !(d >= 0.0 && d.is_finite()) {
                return Err(Error::InvalidParameter(
                    "the metric returned a negative or non-finite distance",
                ));
            }
            if d <= threshold {
                if edges.len() >= max_edges {
                    return Ok(false);
                }
                push_edge(&mut edges, d, i, j)?;
            }
            Ok(true)
        };
        if metric.bounded_by_coordinate_gaps() && no_distance_overflows(points) {
            // Sweep along the first coordinate: a pair farther apart in it than the threshold
            // (with the margin of `Euclidean::distance_within`) is farther apart in distance.
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_unstable_by(|&a, &b| first(points, a).total_cmp(&first(points, b)));
            let reach = f64::from(threshold) * (1.0 + 1e-6) + 1e-44;
            for (p, &a) in order.iter().enumerate() {
                let xa = first(points, a);
                for &b in order.iter().skip(p + 1) {
                    if first(points, b) - xa > reach {
                        break;
                    }
                    if !visit(a, b)? {
                        return Ok(None);
                    }
                }
            }
        } else {
            for i in 1..n {
                for j in 0..i {
                    if !visit(i, j)? {
                        return Ok(None);
                    }
                }
            }
        }
        Self::from_edges(n, edges).map(Some)
    }

    /// The edges of a distance matrix within `threshold`, or `None` when there are more than
    /// `max_edges` of them.
    pub(crate) fn from_matrix(
        dist: &DistanceMatrix,
        threshold: f32,
        max_edges: usize,
    ) -> Result<Option<Self>> {
        let n = dist.len();
        check_size(n)?;
        let mut edges: Vec<RawEdge> = Vec::new();
        for i in 1..n {
            for (j, &d) in dist.row(i)[..i].iter().enumerate() {
                if d <= threshold {
                    if edges.len() >= max_edges {
                        return Ok(None);
                    }
                    push_edge(&mut edges, d, i, j)?;
                }
            }
        }
        Self::from_edges(n, edges).map(Some)
    }

    /// Ranks the edges and builds the neighbour lists.
    fn from_edges(n: usize, mut edges: Vec<RawEdge>) -> Result<Self> {
        edges.sort_unstable_by_key(|e| e.0);
        let mut values: Vec<f32> = Vec::new();
        let mut degree = alloc::vec![0usize; n + 1];
        for &(bits, i, j) in &edges {
            let d = f32::from_bits(bits);
            if values.last() != Some(&d) {
                values.push(d);
            }
            degree[i as usize] += 1;
            degree[j as usize] += 1;
        }
        if values.len() >= BEYOND as usize {
            return Err(Error::TooLarge("more than 2^32 - 1 distinct distances"));
        }
        // Prefix sums: start[v] is where v's slice begins; `fill` counts up to its end.
        let mut start = Vec::new();
        start
            .try_reserve_exact(n + 1)
            .map_err(|_| Error::TooLarge("neighbour lists do not fit in memory"))?;
        let mut total = 0usize;
        for &d in &degree {
            start.push(total);
            total += d;
        }
        let mut entries: Vec<u64> = Vec::new();
        entries
            .try_reserve_exact(total)
            .map_err(|_| Error::TooLarge("neighbour lists do not fit in memory"))?;
        entries.resize(total, 0);
        let mut fill = start.clone();
        let mut rank = 0u32;
        let mut previous = None;
        for (bits, i, j) in edges {
            if previous.is_some_and(|p| p != bits) {
                rank += 1;
            }
            previous = Some(bits);
            for (a, b) in [(i, j), (j, i)] {
                let slot = &mut fill[a as usize];
                entries[*slot] = (u64::from(b) << 32) | u64::from(rank);
                *slot += 1;
            }
        }
        for v in 0..n {
            entries[start[v]..start[v + 1]].sort_unstable();
        }
        values.shrink_to_fit();
        Ok(Self {
            n,
            start,
            entries,
            values,
        })
    }

    /// Vertex `v`'s entries.
    #[inline(always)]
    fn list(&self, v: usize) -> &[u64] {
        &self.entries[self.start[v]..self.start[v + 1]]
    }

    /// Number of edges within the threshold.
    #[cfg(test)]
    pub(crate) fn edge_count(&self) -> usize {
        self.entries.len() / 2
    }
}

/// Row `i`'s first coordinate (rows have at least one).
#[inline]
fn first(points: Points<'_>, i: usize) -> f64 {
    points.row(i).first().map_or(0.0, |&x| f64::from(x))
}

/// `true` when the bounding box's diagonal, hence every Euclidean distance, is below `f32::MAX`:
/// then skipping far pairs skips no distance the dense path would refuse as infinite.
fn no_distance_overflows(points: Points<'_>) -> bool {
    let mut squared = 0.0_f64;
    for k in 0..points.dim() {
        let (lo, hi) = points
            .rows()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
                let x = r.get(k).map_or(0.0, |&x| f64::from(x));
                (lo.min(x), hi.max(x))
            });
        squared += (hi - lo) * (hi - lo);
    }
    squared < f64::from(f32::MAX) * f64::from(f32::MAX)
}

fn check_size(n: usize) -> Result<()> {
    if n < 2 {
        return Err(Error::TooFewPoints {
            found: n,
            needed: 2,
        });
    }
    if u32::try_from(n).is_err() {
        return Err(Error::TooLarge("more than u32::MAX points"));
    }
    Ok(())
}

fn push_edge(edges: &mut Vec<RawEdge>, d: f32, i: usize, j: usize) -> Result<()> {
    edges
        .try_reserve(1)
        .map_err(|_| Error::TooLarge("edge list does not fit in memory"))?;
    // i, j < n <= u32::MAX (checked by the callers).
    edges.push((d.to_bits(), i as u32, j as u32));
    Ok(())
}

#[inline(always)]
fn neighbour(e: u64) -> usize {
    (e >> 32) as usize
}

#[inline(always)]
fn edge_rank(e: u64) -> u32 {
    e as u32
}

impl RankSource for SparseRanks {
    type Cofacets<'s> = SparseCofacets<'s>;

    #[inline(always)]
    fn len(&self) -> usize {
        self.n
    }

    #[inline]
    fn rank_count(&self) -> usize {
        self.values.len()
    }

    #[inline]
    fn value(&self, r: u32) -> f32 {
        self.values
            .get(r as usize)
            .copied()
            .unwrap_or(f32::INFINITY)
    }

    /// A binary search in the shorter of the two lists.
    #[inline]
    fn rank(&self, i: usize, j: usize) -> u32 {
        let (a, b) = if self.list(i).len() <= self.list(j).len() {
            (i, j)
        } else {
            (j, i)
        };
        let list = self.list(a);
        match list.binary_search_by_key(&b, |&e| neighbour(e)) {
            Ok(pos) => list.get(pos).map_or(BEYOND, |&e| edge_rank(e)),
            Err(_) => BEYOND,
        }
    }

    fn for_each_lower_edge(&self, j: usize, mut f: impl FnMut(usize, u32)) {
        for &e in self.list(j).iter().take_while(|&&e| neighbour(e) < j) {
            f(neighbour(e), edge_rank(e));
        }
    }

    fn lower_degree(&self, j: usize) -> usize {
        self.list(j).partition_point(|&e| neighbour(e) < j)
    }

    fn cofacets<'s>(
        &'s self,
        binom: &'s Binomial,
        index: u64,
        rank: u32,
        vertices: &[usize],
    ) -> SparseCofacets<'s> {
        let mut verts = [0usize; MAX_VERTS];
        verts[..vertices.len()].copy_from_slice(vertices);
        let mut lists: [&'s [u64]; MAX_VERTS] = [&[]; MAX_VERTS];
        let mut cursors = [0usize; MAX_VERTS];
        let mut driver = 0;
        for (p, &w) in vertices.iter().enumerate() {
            lists[p] = self.list(w);
            cursors[p] = lists[p].len();
            if lists[p].len() < lists[driver].len() {
                driver = p;
            }
        }
        SparseCofacets {
            binom,
            idx_below: index,
            idx_above: 0,
            k: vertices.len(),
            verts,
            lists,
            cursors,
            driver,
            len: vertices.len(),
            rank,
            pending: None,
            last: 0,
        }
    }
}

/// Enumerates the cofacets of a simplex in decreasing index order: the common neighbours of its
/// vertices, walked down each (ascending) list from its end in step, as a merge.
pub(crate) struct SparseCofacets<'s> {
    binom: &'s Binomial,
    idx_below: u64,
    idx_above: u64,
    /// Number of the simplex's vertices below the current new vertex.
    k: usize,
    verts: [usize; MAX_VERTS],
    lists: [&'s [u64]; MAX_VERTS],
    /// Exclusive end of the part of each list still to walk.
    cursors: [usize; MAX_VERTS],
    /// The position of the vertex with the shortest list, whose entries are the candidates.
    driver: usize,
    len: usize,
    rank: u32,
    /// The common neighbour found by `has_next` and its cofacet's rank, not yet returned.
    pending: Option<(usize, u32)>,
    last: usize,
}

impl SparseCofacets<'_> {
    /// The next common neighbour (descending) and the largest rank of its edges to the simplex.
    fn next_common_neighbour(&mut self) -> Option<(usize, u32)> {
        let d = self.driver;
        'candidates: loop {
            let end = self.cursors[d];
            let e = *self.lists[d].get(end.checked_sub(1)?)?;
            self.cursors[d] = end - 1;
            let x = neighbour(e);
            let mut r = self.rank.max(edge_rank(e));
            for p in 0..self.len {
                if p == d {
                    continue;
                }
                let list = self.lists[p];
                let mut c = self.cursors[p];
                while c > 0 && list.get(c - 1).is_some_and(|&f| neighbour(f) > x) {
                    c -= 1;
                }
                self.cursors[p] = c;
                let Some(&f) = c.checked_sub(1).and_then(|i| list.get(i)) else {
                    // A list is exhausted: no more common neighbours.
                    self.cursors[d] = 0;
                    return None;
                };
                if neighbour(f) != x {
                    continue 'candidates;
                }
                r = r.max(edge_rank(f));
            }
            return Some((x, r));
        }
    }

    #[inline]
    fn index_with(&self, v: usize) -> u64 {
        self.idx_above + self.binom.get(v, self.k + 1) + self.idx_below
    }

    /// Takes the pending cofacet (`has_next` returned `true`).
    #[inline]
    fn take(&mut self) -> (usize, u32) {
        let (x, r) = self.pending.take().unwrap_or((0, BEYOND));
        self.last = x;
        (x, r)
    }
}

impl CofacetWalk for SparseCofacets<'_> {
    #[inline]
    fn vertices(&self) -> &[usize] {
        &self.verts[..self.len]
    }

    #[inline]
    fn last_vertex(&self) -> usize {
        self.last
    }

    fn has_next(&mut self, all: bool) -> bool {
        if self.pending.is_none() {
            self.pending = self.next_common_neighbour();
        }
        let Some((x, _)) = self.pending else {
            return false;
        };
        // Vertices of the simplex above x move to the "above" part of the index.
        while self.k > 0 && self.verts[self.k - 1] > x {
            if !all {
                return false;
            }
            let v = self.verts[self.k - 1];
            self.idx_below -= self.binom.get(v, self.k);
            self.idx_above += self.binom.get(v, self.k + 1);
            self.k -= 1;
        }
        true
    }

    #[inline]
    fn next(&mut self) -> Option<(u32, u64)> {
        // Neighbour lists hold only edges within the threshold.
        let (x, r) = self.take();
        Some((r, self.index_with(x)))
    }

    #[inline]
    fn next_if_same_diameter(&mut self) -> Option<u64> {
        let (x, r) = self.take();
        (r == self.rank).then(|| self.index_with(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rips::ranks::RankedDistances;

    fn matrix() -> DistanceMatrix {
        // 5 points; the threshold 2.5 keeps 7 of the 10 edges.
        DistanceMatrix::from_lower_triangle(&[
            1.0, // d10
            2.0, 1.0, // d20 d21
            3.0, 2.0, 1.0, // d30 d31 d32
            4.0, 3.0, 2.0, 1.0, // d40 d41 d42 d43
        ])
        .unwrap()
    }

    #[test]
    fn ranks_agree_with_the_dense_matrix() {
        let m = matrix();
        let sparse = SparseRanks::from_matrix(&m, 2.5, usize::MAX)
            .unwrap()
            .unwrap();
        let dense = RankedDistances::new(&m, 2.5).unwrap();
        assert_eq!(sparse.edge_count(), 7);
        assert_eq!(sparse.rank_count(), dense.rank_count());
        for i in 0..5 {
            assert_eq!(sparse.lower_degree(i), RankSource::lower_degree(&dense, i));
            for j in 0..5 {
                if i != j {
                    assert_eq!(sparse.rank(i, j), RankSource::rank(&dense, i, j), "{i} {j}");
                }
            }
        }
        assert_eq!(sparse.rank(0, 4), BEYOND);
    }

    #[test]
    fn too_many_edges_gives_none() {
        assert!(
            SparseRanks::from_matrix(&matrix(), 2.5, 6)
                .unwrap()
                .is_none()
        );
    }

    /// Same cofacets, in the same order, as the dense enumeration minus those beyond the
    /// threshold (edge `{a, b}`, `a < b`, has index `C(b, 2) + a`).
    #[test]
    fn cofacets_match_the_dense_enumeration() {
        let m = matrix();
        let sparse = SparseRanks::from_matrix(&m, 2.5, usize::MAX)
            .unwrap()
            .unwrap();
        let dense = RankedDistances::new(&m, 2.5).unwrap();
        let binom = Binomial::new(5, 3).unwrap();
        for (verts, idx) in [
            (&[1usize, 2][..], 2u64),
            (&[2usize, 3][..], 5),
            (&[0usize, 1][..], 0),
        ] {
            let r = RankSource::rank(&dense, verts[0], verts[1]);
            for all in [true, false] {
                let mut s = sparse.cofacets(&binom, idx, r, verts);
                let mut d = dense.cofacets(&binom, idx, r, verts);
                let mut got = Vec::new();
                while s.has_next(all) {
                    got.push(s.next());
                }
                let mut want = Vec::new();
                while d.has_next(all) {
                    // The dense walk reports cofacets beyond the threshold as `None`.
                    want.extend(d.next().map(Some));
                }
                assert_eq!(got, want, "{verts:?} all={all}");
            }
        }
    }
}
