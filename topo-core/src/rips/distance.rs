//! Distance-matrix input: the metric trait, the Euclidean metric, and a validated dense matrix.
//!
//! Distances are computed in `f64` and stored as `f32`, which is what ripser.py does (it computes
//! the matrix in double precision and hands Ripser single-precision values), so our diagrams agree
//! with Ripser's to within `f32` rounding.

use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::points::Points;

/// A distance between two rows of the same width. Implementations must be symmetric, zero on equal
/// rows and return finite, non-negative values for finite input.
pub trait Metric {
    /// Distance between rows `a` and `b` (same length).
    fn distance(&self, a: &[f32], b: &[f32]) -> f64;

    /// The distance between `a` and `b`, or `None` when it is certainly finite and, rounded to
    /// `f32`, above `threshold`: the sparse Rips storage asks this of every pair and keeps the
    /// few within the threshold, so an implementation may skip work for far pairs. The default
    /// computes the distance.
    fn distance_within(&self, a: &[f32], b: &[f32], threshold: f32) -> Option<f64> {
        let d = self.distance(a, b);
        let rounded = d as f32;
        (!(rounded > threshold && rounded.is_finite())).then_some(d)
    }

    /// `true` when no coordinate differs between `a` and `b` by more than `distance(a, b)` (every
    /// `L_p` norm): the sparse Rips storage then skips pairs far apart in the first coordinate
    /// without computing their distance. The default, `false`, is always safe.
    fn bounded_by_coordinate_gaps(&self) -> bool {
        false
    }
}

/// The Euclidean distance, accumulated in `f64`.
///
/// ```
/// use topo_core::{Euclidean, Metric};
/// assert_eq!(Euclidean.distance(&[0.0, 0.0], &[3.0, 4.0]), 5.0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Euclidean;

impl Metric for Euclidean {
    #[inline]
    fn distance(&self, a: &[f32], b: &[f32]) -> f64 {
        libm::sqrt(squared_euclidean(a, b))
    }

    /// Skips the square root for pairs whose squared distance is above the squared threshold
    /// with a margin: `sqrt(s) as f32 <= t` implies `sqrt(s) <= t (1 + 2^-24) + 2^-150`, well
    /// inside `t (1 + 1e-6) + 1e-44`. Squares beyond `f32::MAX^2` are passed on so that the
    /// caller sees their infinite `f32` distance, as the dense path does.
    #[inline]
    fn distance_within(&self, a: &[f32], b: &[f32], threshold: f32) -> Option<f64> {
        const F32_MAX_SQUARED: f64 = f32::MAX as f64 * f32::MAX as f64;
        let s = squared_euclidean(a, b);
        let limit = f64::from(threshold) * (1.0 + 1e-6) + 1e-44;
        if s > limit * limit && s < F32_MAX_SQUARED {
            return None;
        }
        Some(libm::sqrt(s))
    }

    fn bounded_by_coordinate_gaps(&self) -> bool {
        true
    }
}

/// Squared Euclidean distance in `f64`.
#[inline]
pub(crate) fn squared_euclidean(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| {
            let d = f64::from(x) - f64::from(y);
            d * d
        })
        .sum()
}

/// A symmetric matrix of finite, non-negative distances between `n >= 2` points with a zero
/// diagonal, stored densely as `f32` (`n * n` values, so about `4 n^2` bytes).
///
/// ```
/// use topo_core::DistanceMatrix;
/// // Ripser's lower-distance format: row i holds d(i, 0) .. d(i, i-1).
/// let m = DistanceMatrix::from_lower_triangle(&[1.0, 2.0, 3.0])?;
/// assert_eq!(m.len(), 3);
/// assert_eq!(m.get(2, 1), 3.0);
/// assert!(DistanceMatrix::from_lower_triangle(&[1.0, 2.0]).is_err()); // not a triangle
/// # Ok::<(), topo_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceMatrix {
    n: usize,
    values: Vec<f32>,
}

impl DistanceMatrix {
    /// Builds the matrix from the strict lower triangle read row by row: `d(1,0), d(2,0), d(2,1),
    /// d(3,0), ...` (Ripser's `lower-distance` format). The length must be `n (n - 1) / 2` for
    /// some `n >= 2`; every value finite and non-negative.
    pub fn from_lower_triangle(values: &[f32]) -> Result<Self> {
        if values.is_empty() {
            return Err(Error::Empty);
        }
        let n = triangle_side(values.len()).ok_or(Error::NotTriangular { len: values.len() })?;
        let mut out = Self::zeros(n)?;
        let mut it = values.iter().enumerate();
        for i in 1..n {
            for j in 0..i {
                let Some((pos, &d)) = it.next() else {
                    return Err(Error::NotTriangular { len: values.len() });
                };
                if !d.is_finite() {
                    return Err(Error::NonFinite { row: pos, col: 0 });
                }
                if d < 0.0 {
                    return Err(Error::InvalidParameter("negative distance"));
                }
                out.values[i * n + j] = d;
                out.values[j * n + i] = d;
            }
        }
        Ok(out)
    }

    /// Builds the matrix of `metric` distances between the rows of `points` (at least two).
    pub fn from_points<M: Metric + ?Sized>(points: Points<'_>, metric: &M) -> Result<Self> {
        let n = points.len();
        if n < 2 {
            return Err(Error::TooFewPoints {
                found: n,
                needed: 2,
            });
        }
        let mut out = Self::zeros(n)?;
        for i in 1..n {
            let a = points.row(i);
            for j in 0..i {
                let d = metric.distance(a, points.row(j)) as f32;
                if !(d >= 0.0 && d.is_finite()) {
                    return Err(Error::InvalidParameter(
                        "the metric returned a negative or non-finite distance",
                    ));
                }
                out.values[i * n + j] = d;
                out.values[j * n + i] = d;
            }
        }
        Ok(out)
    }

    fn zeros(n: usize) -> Result<Self> {
        if n < 2 {
            return Err(Error::TooFewPoints {
                found: n,
                needed: 2,
            });
        }
        let len = n.checked_mul(n).ok_or(Error::TooLarge("distance matrix"))?;
        let mut values = Vec::new();
        values
            .try_reserve_exact(len)
            .map_err(|_| Error::TooLarge("distance matrix does not fit in memory"))?;
        values.resize(len, 0.0);
        Ok(Self { n, values })
    }

    /// Number of points.
    #[inline]
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always `false` (at least two points). Present for API symmetry.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// `d(i, j)`. Panics if `i` or `j` is out of range, like slice indexing.
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f32 {
        assert!(i < self.n && j < self.n, "distance index out of range");
        self.values[i * self.n + j]
    }

    /// Row `i` of the full matrix.
    #[inline]
    pub(crate) fn row(&self, i: usize) -> &[f32] {
        &self.values[i * self.n..(i + 1) * self.n]
    }

    /// The enclosing radius `min_i max_j d(i, j)`: above it the Rips complex is a cone, so it is
    /// Ripser's default threshold.
    pub fn enclosing_radius(&self) -> f32 {
        self.values
            .chunks_exact(self.n)
            .map(|r| r.iter().copied().fold(0.0_f32, f32::max))
            .fold(f32::INFINITY, f32::min)
    }
}

/// The enclosing radius of a point cloud, with distances computed on the fly (`O(1)` memory, every
/// distance computed twice): the default threshold of the sparse storage.
pub(crate) fn enclosing_radius_of_points<M: Metric + ?Sized>(
    points: Points<'_>,
    metric: &M,
) -> Result<f32> {
    let mut radius = f32::INFINITY;
    for i in 0..points.len() {
        let a = points.row(i);
        let mut far = 0.0_f32;
        for j in 0..points.len() {
            if j != i {
                let d = metric.distance(a, points.row(j)) as f32;
                if !(d >= 0.0 && d.is_finite()) {
                    return Err(Error::InvalidParameter(
                        "the metric returned a negative or non-finite distance",
                    ));
                }
                far = far.max(d);
            }
        }
        radius = radius.min(far);
    }
    Ok(radius)
}

/// `n` with `n (n - 1) / 2 == len`, `n >= 2`.
fn triangle_side(len: usize) -> Option<usize> {
    // n = (1 + sqrt(1 + 8 len)) / 2, then verified exactly.
    let guess = (1.0 + libm::sqrt(1.0 + 8.0 * len as f64)) / 2.0;
    let g = guess as usize;
    (g.saturating_sub(1)..=g + 1)
        .find(|&n| n >= 2 && n.checked_mul(n - 1).map(|p| p / 2) == Some(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangle_sides() {
        assert_eq!(triangle_side(1), Some(2));
        assert_eq!(triangle_side(3), Some(3));
        assert_eq!(triangle_side(6), Some(4));
        assert_eq!(triangle_side(4), None);
        assert_eq!(triangle_side(4950), Some(100));
    }

    #[test]
    fn bad_values_are_rejected() {
        assert_eq!(DistanceMatrix::from_lower_triangle(&[]), Err(Error::Empty));
        assert!(matches!(
            DistanceMatrix::from_lower_triangle(&[1.0, f32::NAN, 2.0]),
            Err(Error::NonFinite { .. })
        ));
        assert!(DistanceMatrix::from_lower_triangle(&[1.0, -1.0, 2.0]).is_err());
    }

    #[test]
    fn from_points_is_symmetric_with_zero_diagonal() {
        let data = [0.0_f32, 0.0, 3.0, 4.0, 6.0, 8.0];
        let m = DistanceMatrix::from_points(Points::new(&data, 2).unwrap(), &Euclidean).unwrap();
        assert_eq!(m.get(0, 1), 5.0);
        assert_eq!(m.get(2, 0), 10.0);
        assert_eq!(m.get(1, 1), 0.0);
        assert_eq!(m.enclosing_radius(), 5.0);
    }
}
