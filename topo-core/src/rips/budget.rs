//! The size check made before the engine allocates its simplex lists: an upper bound on the
//! simplices of dimensions `1..=max_dim` within the threshold, each weighted by its number of
//! vertices, compared with the caller's [`super::RipsOptions::max_simplices`].
//!
//! Why weighted: the engine's work per simplex grows with its size (decoding its vertices,
//! computing facet diameters for the apparent-pair test), so a plain count would rank 24
//! identical points up to H30 (2^24 simplices, most of them with 10 or more vertices, minutes of
//! work) below a 500-point sphere up to H2 (2 * 10^7 triangles, seconds).
//!
//! The bound: every `(d + 1)`-clique is counted once at its largest vertex `v`, as a `d`-subset
//! of `v`'s lower neighbours, so there are at most `sum_v C(deg(v), d)` of them, where `deg(v)`
//! counts the neighbours below `v` within the threshold. It is exact for a complete complex and
//! costs one pass over the edges.

use super::filtration::RankSource;

/// The vertex-weighted bound, saturated at `u64::MAX` (computed in `f64`, which is exact far
/// beyond any budget one would set).
pub(crate) fn weighted_simplex_bound<D: RankSource>(dist: &D, max_dim: usize) -> u64 {
    let mut total = 0.0_f64;
    for v in 0..dist.len() {
        let deg = dist.lower_degree(v) as f64;
        // C(deg, d) for d = 1..=max_dim, built incrementally.
        let mut c = 1.0_f64;
        for d in 1..=max_dim {
            c = c * (deg + 1.0 - d as f64) / d as f64;
            if c <= 0.0 {
                break;
            }
            total += (d + 1) as f64 * c;
        }
    }
    if total >= u64::MAX as f64 {
        u64::MAX
    } else {
        total as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rips::distance::DistanceMatrix;
    use crate::rips::ranks::RankedDistances;

    #[test]
    fn complete_complex_is_counted_exactly() {
        // 5 points, all edges within the threshold: C(5, k) simplices with k vertices.
        let m = DistanceMatrix::from_lower_triangle(&[1.0; 10]).unwrap();
        let r = RankedDistances::new(&m, 1.0).unwrap();
        // max_dim 2: edges (10, weight 2) and triangles (10, weight 3).
        assert_eq!(weighted_simplex_bound(&r, 2), 2 * 10 + 3 * 10);
        // max_dim 4: + tetrahedra (5, weight 4) + the 4-simplex (1, weight 5).
        assert_eq!(weighted_simplex_bound(&r, 4), 50 + 4 * 5 + 5);
    }

    #[test]
    fn threshold_removes_simplices() {
        // A path 0-1-2-3 (length 1 edges); the other edges are longer than the threshold.
        let m = DistanceMatrix::from_lower_triangle(&[1.0, 2.0, 1.0, 3.0, 2.0, 1.0]).unwrap();
        let r = RankedDistances::new(&m, 1.5).unwrap();
        assert_eq!(weighted_simplex_bound(&r, 3), 2 * 3);
    }
}
