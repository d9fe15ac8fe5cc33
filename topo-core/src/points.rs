//! Borrowed, validated views of caller data: a point cloud and a labelled point cloud.
//!
//! Features arrive as a row-major `&[f32]` with a row width, which is what numpy, ndarray and a
//! plain `Vec<f32>` hand over without a copy. They are validated once, at construction, so every
//! algorithm downstream can assume a whole number of rows of finite values.

use crate::error::{Error, Result};

/// A validated, borrowed point cloud: `len()` rows of `dim()` finite `f32` values, row-major.
///
/// ```
/// use topo_core::Points;
/// let data = [0.0_f32, 0.0, 1.0, 0.0, 0.0, 1.0];
/// let pts = Points::new(&data, 2)?;
/// assert_eq!(pts.len(), 3);
/// assert_eq!(pts.row(1), &[1.0, 0.0]);
/// assert!(Points::new(&[f32::NAN, 0.0], 2).is_err());
/// # Ok::<(), topo_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Points<'a> {
    data: &'a [f32],
    dim: usize,
}

impl<'a> Points<'a> {
    /// Validates `data` as rows of width `dim`: `dim > 0`, at least one row, a whole number of
    /// rows, and every value finite.
    pub fn new(data: &'a [f32], dim: usize) -> Result<Self> {
        if dim == 0 {
            return Err(Error::ZeroDim);
        }
        if data.is_empty() {
            return Err(Error::Empty);
        }
        if !data.len().is_multiple_of(dim) {
            return Err(Error::Ragged {
                len: data.len(),
                dim,
            });
        }
        if let Some(i) = data.iter().position(|v| !v.is_finite()) {
            return Err(Error::NonFinite {
                row: i / dim,
                col: i % dim,
            });
        }
        Ok(Self { data, dim })
    }

    /// Number of rows (points). Never zero.
    #[inline]
    pub fn len(&self) -> usize {
        self.data.len() / self.dim
    }

    /// Always `false`: an empty cloud is rejected at construction. Present for API symmetry.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Row width.
    #[inline]
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Row `i`. Panics if `i >= len()`, like slice indexing; use [`Points::get`] to avoid that.
    #[inline]
    pub fn row(&self, i: usize) -> &'a [f32] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }

    /// Row `i`, or `None` when out of range.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a [f32]> {
        if i < self.len() {
            Some(self.row(i))
        } else {
            None
        }
    }

    /// The whole flat row-major slice.
    #[inline]
    pub fn as_slice(&self) -> &'a [f32] {
        self.data
    }

    /// Iterator over the rows.
    pub fn rows(&self) -> core::slice::ChunksExact<'a, f32> {
        self.data.chunks_exact(self.dim)
    }
}

/// A validated point cloud with one `u32` label per row.
///
/// A class is a label value; algorithms visit classes in ascending label order so results do not
/// depend on hash order.
///
/// ```
/// use topo_core::LabelledPoints;
/// let data = [0.0_f32, 1.0, 2.0, 3.0];
/// let labels = [1_u32, 0, 1, 0];
/// let set = LabelledPoints::new(&data, 1, &labels)?;
/// assert_eq!(set.classes(), vec![0, 1]);
/// assert_eq!(set.class_rows(1), vec![0, 2]);
/// # Ok::<(), topo_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelledPoints<'a> {
    points: Points<'a>,
    labels: &'a [u32],
}

impl<'a> LabelledPoints<'a> {
    /// Validates the features as [`Points::new`] does and checks one label per row.
    pub fn new(data: &'a [f32], dim: usize, labels: &'a [u32]) -> Result<Self> {
        let points = Points::new(data, dim)?;
        Self::from_points(points, labels)
    }

    /// Pairs an already validated cloud with its labels.
    pub fn from_points(points: Points<'a>, labels: &'a [u32]) -> Result<Self> {
        if labels.len() != points.len() {
            return Err(Error::LabelsMismatch {
                rows: points.len(),
                labels: labels.len(),
            });
        }
        Ok(Self { points, labels })
    }

    /// The features.
    #[inline]
    pub fn points(&self) -> Points<'a> {
        self.points
    }

    /// The labels, one per row.
    #[inline]
    pub fn labels(&self) -> &'a [u32] {
        self.labels
    }

    /// Number of rows.
    #[inline]
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Always `false` (empty sets are rejected). Present for API symmetry.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Row width.
    #[inline]
    pub fn dim(&self) -> usize {
        self.points.dim()
    }

    /// The distinct labels, ascending.
    pub fn classes(&self) -> alloc::vec::Vec<u32> {
        let mut c = self.labels.to_vec();
        c.sort_unstable();
        c.dedup();
        c
    }

    /// Row indices of class `label`, ascending.
    pub fn class_rows(&self, label: u32) -> alloc::vec::Vec<usize> {
        self.labels
            .iter()
            .enumerate()
            .filter(|&(_, &l)| l == label)
            .map(|(i, _)| i)
            .collect()
    }
}
