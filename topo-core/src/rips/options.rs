//! Engine options that never change the diagrams: the size limit and the edge storage.

/// Default of [`RipsOptions::max_simplices`]: 150 million vertex-weighted simplices. A 500-point
/// sphere up to H2 (about 6.1 * 10^7, 20 s and under a gigabyte) passes; 24 identical points
/// up to H30 (about 2 * 10^8, minutes) and 2,000 points up to H3 are refused at once.
pub const DEFAULT_MAX_SIMPLICES: u64 = 150_000_000;

/// How the engine stores the edges within the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RipsStorage {
    /// Sparse when the caller set a threshold that keeps at most a quarter of all pairs, dense
    /// otherwise.
    #[default]
    Auto,
    /// The dense rank matrix: `4 n^2` bytes, fastest when most edges are within the threshold.
    Dense,
    /// Per-vertex neighbour lists (Ripser's sparse mode): `16` bytes per edge within the
    /// threshold, `O(n + edges)` memory, for thresholds that cut most edges.
    Sparse,
}

/// Options of the Rips engine. Build with `..RipsOptions::default()` so that later fields keep
/// the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RipsOptions {
    /// Largest complex the engine accepts, in simplices of dimensions `1..=max_dim` within the
    /// threshold, each counted with its number of vertices (a triangle counts 3), because the
    /// work per simplex grows with its size. Checked before the simplex lists are allocated,
    /// against an upper bound from the vertex degrees (exact for a complete complex):
    /// a larger complex returns [`crate::Error::TooLarge`] at once instead of running for
    /// minutes or exhausting memory. The dimension-`max_dim + 1` cofacets are enumerated on the
    /// fly and not counted.
    pub max_simplices: u64,
    /// Dense or sparse edge storage.
    pub storage: RipsStorage,
}

impl Default for RipsOptions {
    /// [`DEFAULT_MAX_SIMPLICES`], [`RipsStorage::Auto`].
    fn default() -> Self {
        Self {
            max_simplices: DEFAULT_MAX_SIMPLICES,
            storage: RipsStorage::Auto,
        }
    }
}
