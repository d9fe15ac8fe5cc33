//! What the implicit engine needs from the filtration's edges, so that one engine serves both
//! storages: the dense rank matrix (`ranks.rs`, `4 n^2` bytes, one read per cofacet distance) and
//! the sparse neighbour lists (`sparse.rs`, `O(n + edges)` memory, cofacets found by
//! intersecting the lists of the simplex's vertices) used when a threshold cuts most edges.

use super::binomial::Binomial;

/// Edge ranks of a Rips filtration: distances replaced by their rank among the distinct edge
/// lengths within the threshold; an edge beyond it has rank [`super::ranks::BEYOND`].
pub(crate) trait RankSource {
    /// The cofacet enumerator of this storage.
    type Cofacets<'s>: CofacetWalk
    where
        Self: 's;

    /// Number of points.
    fn len(&self) -> usize;

    /// Number of distinct ranks (all below `BEYOND`).
    fn rank_count(&self) -> usize;

    /// The distance of rank `r` (`+inf` for `BEYOND`).
    fn value(&self, r: u32) -> f32;

    /// Rank of the edge `{i, j}`, `i != j`.
    fn rank(&self, i: usize, j: usize) -> u32;

    /// Calls `f(i, rank)` for every edge `{i, j}` with `i < j` within the threshold.
    fn for_each_lower_edge(&self, j: usize, f: impl FnMut(usize, u32));

    /// Number of edges `{i, j}` with `i < j` within the threshold.
    fn lower_degree(&self, j: usize) -> usize;

    /// Largest rank among the edges of `verts` without position `skip`.
    #[inline]
    fn diameter_without(&self, verts: &[usize], skip: usize) -> u32 {
        let mut d = 0u32;
        for (a, &va) in verts.iter().enumerate() {
            if a == skip {
                continue;
            }
            for (b, &vb) in verts.iter().enumerate().skip(a + 1) {
                if b != skip {
                    d = d.max(self.rank(va, vb));
                }
            }
        }
        d
    }

    /// The cofacets of the simplex with combinatorial `index`, diameter `rank` and `vertices`
    /// (ascending), in decreasing index order.
    fn cofacets<'s>(
        &'s self,
        binom: &'s Binomial,
        index: u64,
        rank: u32,
        vertices: &[usize],
    ) -> Self::Cofacets<'s>;
}

/// An enumeration of the cofacets of one simplex in decreasing index order (decreasing new
/// vertex). Callers alternate [`CofacetWalk::has_next`] and one of the `next` methods.
pub(crate) trait CofacetWalk {
    /// The simplex's vertices, ascending.
    fn vertices(&self) -> &[usize];

    /// The vertex the last cofacet added.
    fn last_vertex(&self) -> usize;

    /// Whether a cofacet remains; with `all == false`, only cofacets whose new vertex is above
    /// every vertex of the simplex count.
    fn has_next(&mut self, all: bool) -> bool;

    /// The next cofacet's `(rank, index)`, or `None` (the enumeration still advances) when it is
    /// beyond the threshold.
    fn next(&mut self) -> Option<(u32, u64)>;

    /// The next cofacet's index if its diameter is the simplex's, else `None` (the enumeration
    /// still advances).
    fn next_if_same_diameter(&mut self) -> Option<u64>;
}
