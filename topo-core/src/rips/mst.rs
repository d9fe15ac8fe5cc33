//! H0 of a point cloud from its Euclidean minimum spanning tree, built by Prim's algorithm with
//! distances computed on the fly: `O(n)` memory and `O(n^2 dim)` time, no distance matrix.
//!
//! The H0 deaths of the Rips filtration are exactly the MST edge lengths (Kruskal's algorithm is
//! the union-find of the filtration), and any MST has the same multiset of lengths.

use alloc::vec::Vec;

use super::distance::squared_euclidean;
use crate::error::{Error, Result};
use crate::points::Points;

/// The `n - 1` edge lengths of a Euclidean minimum spanning tree of `points`, each computed in
/// `f64` and rounded to `f32` (as the dense path stores distances), in the order Prim adds them.
pub(crate) fn mst_edge_lengths(points: Points<'_>) -> Result<Vec<f32>> {
    let n = points.len();
    if n < 2 {
        return Err(Error::TooFewPoints {
            found: n,
            needed: 2,
        });
    }
    // `remaining` holds the points not yet in the tree, with `best[i]` the squared distance from
    // `remaining[i]` to the tree; swap-removal keeps both compact so each pass is a linear scan.
    let mut remaining: Vec<usize> = (1..n).collect();
    let mut best: Vec<f64> = alloc::vec![f64::INFINITY; n - 1];
    let mut lengths = Vec::with_capacity(n - 1);
    let mut current = points.row(0);
    while !remaining.is_empty() {
        let mut arg = 0;
        let mut min = f64::INFINITY;
        for (slot, (&p, b)) in remaining.iter().zip(best.iter_mut()).enumerate() {
            let d = squared_euclidean(current, points.row(p));
            if d < *b {
                *b = d;
            }
            if *b < min {
                min = *b;
                arg = slot;
            }
        }
        let length = libm::sqrt(min) as f32;
        // A length beyond f32 became `inf` and then an essential class (found by the report
        // fuzz target); refuse it as `DistanceMatrix::from_points` does.
        if !length.is_finite() {
            return Err(Error::InvalidParameter(
                "a distance between points exceeds the f32 range",
            ));
        }
        lengths.push(length);
        current = points.row(remaining[arg]);
        remaining.swap_remove(arg);
        best.swap_remove(arg);
    }
    Ok(lengths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collinear_points() {
        let data = [0.0_f32, 1.0, 3.0, 7.0];
        let mut l = mst_edge_lengths(Points::new(&data, 1).unwrap()).unwrap();
        l.sort_by(f32::total_cmp);
        assert_eq!(l, [1.0, 2.0, 4.0]);
    }
}
