//! MMS: max-min (farthest-point) selection.

use alloc::vec;
use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::{LabelledPoints, Points};

use crate::budget::Budget;
use crate::classes::{group_rows, merge_sorted, run_per_class};
use crate::distance::squared_euclidean;
use crate::error::{Error, Result};
use crate::fidelity::{Fidelity, fidelity_counts};
use crate::reduction::{Reduced, Reducer, Selection};
use crate::sample::uniform_below;

/// Where the farthest-point walk of each class starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MmsStart {
    /// The class's first row (lowest index): deterministic.
    #[default]
    First,
    /// A uniformly random row of the class, from the caller's generator.
    Random,
    /// The row at this position within the class (0 = the class's first row), as GUDHI's
    /// `starting_point`; an error if the class is smaller.
    Index(usize),
}

/// Max-min selection: per class, start from one row, then repeatedly add the row farthest
/// (Euclidean) from those already chosen.
///
/// Incremental: one `f64` per row holds its distance to the chosen set, updated with each new
/// pick, so the cost is O(n_c · k · d) time and O(n_c) memory per class. Ties go to the lowest
/// row index. A chosen row is never chosen again: once every remaining distance is 0 (duplicate
/// points) the remaining rows are taken in index order, so the count is always exact (the
/// reference's GUDHI call repeats points there). `Fidelity::Reference` switches the counts to
/// `trunc(ratio * n_c)`; with `MmsStart::Index(0)` the order then matches GUDHI's
/// `choose_n_farthest_points(starting_point=0)` on data without exact ties.
///
/// ```
/// use reduce_core::{Budget, LabelledPoints, Mms, Reducer, SeededRng};
/// // Five points on a line: the ends come first.
/// let x = [0.0_f32, 1.0, 2.0, 3.0, 4.0];
/// let y = [0_u32; 5];
/// let data = LabelledPoints::new(&x, 1, &y)?;
/// let out = Mms::default().select(data, Budget::Count(2), &mut SeededRng::new(0))?;
/// assert_eq!(out.indices, vec![0, 4]);
/// # Ok::<(), reduce_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mms {
    /// Start row of each class.
    pub start: MmsStart,
    /// Budget rule (see [`Fidelity`]).
    pub fidelity: Fidelity,
}

impl Mms {
    /// The selected rows, sorted.
    pub fn select(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Selection> {
        let counts = fidelity_counts(data.labels(), budget, self.fidelity)?;
        let classes = group_rows(data.labels(), &counts);
        let points = data.points();
        let parts = run_per_class(&classes, rng, |c, r| {
            let start = match self.start {
                MmsStart::First => 0,
                MmsStart::Random => uniform_below(r, c.rows.len()),
                MmsStart::Index(i) if i < c.rows.len() => i,
                MmsStart::Index(_) => {
                    return Err(Error::InvalidParameter(
                        "MMS start index is not smaller than the class size",
                    ));
                }
            };
            farthest_point_order(points, &c.rows, start, c.keep)
        })?;
        Ok(Selection {
            indices: merge_sorted(parts),
            weights: None,
        })
    }
}

impl Reducer for Mms {
    fn name(&self) -> &'static str {
        "MMS"
    }

    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Reduced> {
        self.select(data, budget, rng).map(Reduced::Selection)
    }
}

/// The first `k` rows of the farthest-point order of `rows` (indices into `points`), starting
/// at `rows[start]`, in selection order. `k` is clamped to `rows.len()`; an empty `rows` or
/// `k == 0` gives an empty order.
///
/// ```
/// use reduce_core::{Points, farthest_point_order};
/// let x = [0.0_f32, 1.0, 2.0, 3.0, 4.0];
/// let pts = Points::new(&x, 1)?;
/// // From the middle: ties go to the lower index (GUDHI's order 2, 0, 4, 1, 3).
/// assert_eq!(farthest_point_order(pts, &[0, 1, 2, 3, 4], 2, 5)?, vec![2, 0, 4, 1, 3]);
/// # Ok::<(), reduce_core::Error>(())
/// ```
pub fn farthest_point_order(
    points: Points<'_>,
    rows: &[usize],
    start: usize,
    k: usize,
) -> Result<Vec<usize>> {
    let k = k.min(rows.len());
    if k == 0 {
        return Ok(Vec::new());
    }
    if rows.iter().any(|&r| r >= points.len()) {
        return Err(Error::InvalidParameter("row index out of range"));
    }
    let Some(&first) = rows.get(start) else {
        return Err(Error::InvalidParameter(
            "MMS start index is not smaller than the class size",
        ));
    };
    // Squared distance to the chosen set; a negative value marks a chosen row.
    let mut dist = vec![f64::INFINITY; rows.len()];
    let mut order = Vec::with_capacity(k);
    let mut current = start;
    let mut centre = points.row(first);
    order.push(first);
    while order.len() < k {
        dist[current] = -1.0;
        let mut best = usize::MAX;
        let mut best_d = -1.0;
        for (i, (&r, d)) in rows.iter().zip(dist.iter_mut()).enumerate() {
            if *d < 0.0 {
                continue;
            }
            let nd = squared_euclidean(points.row(r), centre);
            if nd < *d {
                *d = nd;
            }
            // Strict '>' keeps the lowest index among equal distances.
            if *d > best_d {
                best_d = *d;
                best = i;
            }
        }
        let Some(&row) = rows.get(best) else { break };
        current = best;
        centre = points.row(row);
        order.push(row);
    }
    Ok(order)
}
