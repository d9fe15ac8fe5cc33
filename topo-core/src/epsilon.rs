//! Epsilon-representativeness of a reduced labelled set, and (directed) Hausdorff distances.
//!
//! For a class `c`, `epsilon_c = max over full-set points x of class c of the distance from x to
//! the nearest reduced point of class c`: the directed Hausdorff distance from the full class to
//! the reduced class. The overall epsilon is the maximum over classes (the reference package's
//! `find_epsilon`, which uses the Chebyshev norm). A class with no reduced point has no finite
//! epsilon: it is reported as missing and makes the overall epsilon `+inf` (the reference package
//! silently skips it; [`Epsilon::epsilon_present`] gives that value too).
//!
//! Nearest neighbours come from a k-d tree for up to [`KD_TREE_MAX_DIM`] features and from a
//! blocked brute-force scan above that; neither holds an `n x m` matrix. Only the largest
//! nearest-neighbour distance matters, so a query stops as soon as it finds a point closer than
//! the largest distance found so far.

use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::nn_tree::NnTree;
use crate::norm::Norm;
use crate::points::{LabelledPoints, Points};

/// Above this many features the scan replaces the k-d tree (whose pruning fades with dimension).
pub const KD_TREE_MAX_DIM: usize = 16;

/// Epsilon of one class.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct ClassEpsilon {
    /// The class label.
    pub label: u32,
    /// Rows of the class in the full set.
    pub rows_full: usize,
    /// Rows of the class in the reduced set (0 when missing).
    pub rows_reduced: usize,
    /// Largest distance from a full-set row of the class to its nearest reduced row of the class;
    /// `None` when the reduced set has no row of the class.
    pub epsilon: Option<f64>,
    /// The full-set row (index into the full set) attaining `epsilon` (the first one on ties).
    pub attained_at: Option<usize>,
}

/// Epsilon-representativeness of a reduced set, per class and overall.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Epsilon {
    /// The norm the distances are measured in.
    pub norm: Norm,
    /// Maximum over classes; `+inf` when a class is missing from the reduced set.
    pub epsilon: f64,
    /// One entry per class of the full set, ascending by label.
    pub classes: Vec<ClassEpsilon>,
}

impl Epsilon {
    /// Labels of the classes that have no row in the reduced set.
    pub fn missing_classes(&self) -> Vec<u32> {
        self.classes
            .iter()
            .filter(|c| c.epsilon.is_none())
            .map(|c| c.label)
            .collect()
    }

    /// Maximum over the classes present in the reduced set (what the reference package reports,
    /// as it skips missing classes); `None` when no class is present.
    pub fn epsilon_present(&self) -> Option<f64> {
        self.classes
            .iter()
            .filter_map(|c| c.epsilon)
            .fold(None, |m, e| Some(m.map_or(e, |m: f64| m.max(e))))
    }
}

/// Epsilon-representativeness of `reduced` with respect to `full`, per class and overall.
///
/// ```
/// use topo_core::{LabelledPoints, Norm, epsilon_representativeness};
/// let full = [0.0_f32, 0.0, 1.0, 0.0, 3.0, 1.0, 10.0, 10.0];
/// let full_labels = [0, 0, 0, 1];
/// let reduced = [0.5_f32, 0.0, 10.0, 10.0];
/// let reduced_labels = [0, 1];
/// let f = LabelledPoints::new(&full, 2, &full_labels)?;
/// let r = LabelledPoints::new(&reduced, 2, &reduced_labels)?;
/// let eps = epsilon_representativeness(&f, &r, Norm::Chebyshev)?;
/// // Row 2 = (3, 1) is 2.5 away (Chebyshev) from (0.5, 0): the worst-represented point.
/// assert_eq!(eps.epsilon, 2.5);
/// assert_eq!(eps.classes[0].attained_at, Some(2));
/// assert_eq!(eps.classes[1].epsilon, Some(0.0));
/// # Ok::<(), topo_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::DimMismatch`] when the row widths differ; [`Error::UnknownLabel`] when the reduced
/// set has a label the full set lacks.
pub fn epsilon_representativeness(
    full: &LabelledPoints<'_>,
    reduced: &LabelledPoints<'_>,
    norm: Norm,
) -> Result<Epsilon> {
    check_compatible(full, reduced)?;
    let mut classes = Vec::new();
    let mut overall = 0.0f64;
    for label in full.classes() {
        let full_rows = full.class_rows(label);
        let red_rows = reduced.class_rows(label);
        if red_rows.is_empty() {
            overall = f64::INFINITY;
            classes.push(ClassEpsilon {
                label,
                rows_full: full_rows.len(),
                rows_reduced: 0,
                epsilon: None,
                attained_at: None,
            });
            continue;
        }
        let from = gather(full.points(), &full_rows);
        let to = gather(reduced.points(), &red_rows);
        let (eps, at) = directed(&from, &to, full.dim(), norm);
        overall = overall.max(eps);
        classes.push(ClassEpsilon {
            label,
            rows_full: full_rows.len(),
            rows_reduced: red_rows.len(),
            epsilon: Some(eps),
            attained_at: full_rows.get(at).copied(),
        });
    }
    Ok(Epsilon {
        norm,
        epsilon: overall,
        classes,
    })
}

/// Checks equal row widths and that every reduced label occurs in the full set.
pub(crate) fn check_compatible(
    full: &LabelledPoints<'_>,
    reduced: &LabelledPoints<'_>,
) -> Result<()> {
    if full.dim() != reduced.dim() {
        return Err(Error::DimMismatch {
            expected: full.dim(),
            found: reduced.dim(),
        });
    }
    let known = full.classes();
    if let Some(&l) = reduced
        .labels()
        .iter()
        .find(|l| known.binary_search(l).is_err())
    {
        return Err(Error::UnknownLabel(l));
    }
    Ok(())
}

/// Directed Hausdorff distance `max over a in from of min over b in to of |a - b|`, with the row
/// of `from` attaining it.
///
/// ```
/// use topo_core::{Norm, Points, directed_hausdorff};
/// let a = Points::new(&[0.0_f32, 5.0], 1)?;
/// let b = Points::new(&[1.0_f32], 1)?;
/// assert_eq!(directed_hausdorff(&a, &b, Norm::Euclidean)?, (4.0, 1));
/// # Ok::<(), topo_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::DimMismatch`] when the row widths differ.
pub fn directed_hausdorff(from: &Points<'_>, to: &Points<'_>, norm: Norm) -> Result<(f64, usize)> {
    if from.dim() != to.dim() {
        return Err(Error::DimMismatch {
            expected: from.dim(),
            found: to.dim(),
        });
    }
    Ok(directed(from.as_slice(), to.as_slice(), from.dim(), norm))
}

/// Two-sided Hausdorff distance: the larger of the two directed distances.
///
/// # Errors
/// [`Error::DimMismatch`] when the row widths differ.
pub fn hausdorff(a: &Points<'_>, b: &Points<'_>, norm: Norm) -> Result<f64> {
    let (ab, _) = directed_hausdorff(a, b, norm)?;
    let (ba, _) = directed_hausdorff(b, a, norm)?;
    Ok(ab.max(ba))
}

/// Copies the listed rows into one contiguous buffer.
pub(crate) fn gather(points: Points<'_>, rows: &[usize]) -> Vec<f32> {
    let mut out = Vec::with_capacity(rows.len() * points.dim());
    for &r in rows {
        out.extend_from_slice(points.row(r));
    }
    out
}

/// Directed distance over non-empty row-major buffers of width `dim`.
pub(crate) fn directed(from: &[f32], to: &[f32], dim: usize, norm: Norm) -> (f64, usize) {
    if dim <= KD_TREE_MAX_DIM {
        directed_tree(from, to, dim, norm)
    } else {
        directed_scan(from, to, dim, norm)
    }
}

fn directed_tree(from: &[f32], to: &[f32], dim: usize, norm: Norm) -> (f64, usize) {
    let tree = NnTree::new(to, dim);
    let mut worst = (f64::NEG_INFINITY, 0usize);
    for (i, q) in from.chunks_exact(dim).enumerate() {
        // Only a nearest distance above the current worst changes the answer; ties keep the
        // earlier row, so the search may stop at any point within the current worst.
        let (d, _) = tree.nearest(q, norm, worst.0);
        if d > worst.0 {
            worst = (d, i);
        }
    }
    (norm.finish(worst.0.max(0.0)), worst.1)
}

/// Queries are taken in blocks and compared with blocks of the reference rows, so both stay in
/// cache; the only state is one running minimum per query of the block.
fn directed_scan(from: &[f32], to: &[f32], dim: usize, norm: Norm) -> (f64, usize) {
    const QUERY_BLOCK: usize = 32;
    const REF_BLOCK: usize = 256;
    let mut worst = (f64::NEG_INFINITY, 0usize);
    let mut mins = [f64::INFINITY; QUERY_BLOCK];
    let n = from.len() / dim;
    let mut q0 = 0;
    while q0 < n {
        let q1 = (q0 + QUERY_BLOCK).min(n);
        mins.iter_mut().for_each(|m| *m = f64::INFINITY);
        for block in to.chunks(REF_BLOCK * dim) {
            for (k, q) in from[q0 * dim..q1 * dim].chunks_exact(dim).enumerate() {
                let mut m = mins[k];
                for r in block.chunks_exact(dim) {
                    let d = norm.reduced(q, r);
                    if d < m {
                        m = d;
                    }
                }
                mins[k] = m;
            }
        }
        for (k, &m) in mins[..q1 - q0].iter().enumerate() {
            if m > worst.0 {
                worst = (m, q0 + k);
            }
        }
        q0 = q1;
    }
    (norm.finish(worst.0.max(0.0)), worst.1)
}
