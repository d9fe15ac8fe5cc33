//! MMS: max-min (farthest-point) selection.

use alloc::vec;
use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::{LabelledPoints, Points};

use crate::budget::Budget;
use crate::classes::{group_rows, merge_sorted, run_per_class};
use crate::distance::squared_euclidean;
use crate::error::{Error, Result};
use crate::farthest::FarthestWalk;
use crate::fidelity::{Fidelity, fidelity_counts};
use crate::kdtree::KD_TREE_MAX_DIM;
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
/// Every row keeps its distance to the nearest chosen row and belongs to that row's cell. A
/// new pick `s` can only take rows from the cell of a chosen row `c` when
/// `|s - c| < 2 R_c`, with `R_c` the largest distance in that cell (triangle inequality), so
/// other cells are skipped whole; each cell also knows its farthest row, so the next pick is
/// found among the cells, not the rows. The answer is that of the plain O(n k d) scan
/// (ties to the lower index); the work drops sharply in low dimension and never exceeds the
/// plain scan by more than the O(k^2 d) centre distances. Memory O(n + k).
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
    if rows.get(start).is_none() {
        return Err(Error::InvalidParameter(
            "MMS start index is not smaller than the class size",
        ));
    }
    if points.dim() > KD_TREE_MAX_DIM {
        return Ok(plain_scan(points, rows, start, k));
    }
    Ok(cell_scan(points, rows, start, k))
}

/// The farthest-point order by cells (see [`farthest_point_order`]); arguments checked.
fn cell_scan(points: Points<'_>, rows: &[usize], start: usize, k: usize) -> Vec<usize> {
    // Squared distance of each row (by position in `rows`) to its cell's chosen row.
    let mut dist = vec![f64::INFINITY; rows.len()];
    // Cells: chosen row (position), members (positions, chosen rows excluded), farthest member.
    let mut cell_centre: Vec<usize> = Vec::with_capacity(k);
    let mut members: Vec<Vec<usize>> = Vec::with_capacity(k);
    let mut far: Vec<(f64, usize)> = Vec::with_capacity(k);
    let mut order = Vec::with_capacity(k);
    let mut pick = start;
    // Relative slack so that rounding can never make the skip test wrongly skip a cell.
    const SLACK: f64 = 1.0 + 1e-9;
    loop {
        let pick_row = rows[pick];
        order.push(pick_row);
        if order.len() == k {
            break;
        }
        let centre = points.row(pick_row);
        let mut mine: Vec<usize> = Vec::new();
        if cell_centre.is_empty() {
            mine = (0..rows.len()).filter(|&i| i != pick).collect();
            for &i in &mine {
                dist[i] = squared_euclidean(points.row(rows[i]), centre);
            }
        } else {
            for c in 0..cell_centre.len() {
                let (r2, farthest_member) = far[c];
                if r2 < 0.0 {
                    continue; // empty cell
                }
                // The pick's own cell is always visited, to remove the pick from it.
                let gap2 = squared_euclidean(points.row(rows[cell_centre[c]]), centre);
                if farthest_member != pick && gap2 >= 4.0 * r2 * SLACK {
                    continue;
                }
                let list = &mut members[c];
                let mut w = 0;
                for i in 0..list.len() {
                    let x = list[i];
                    if x == pick {
                        continue;
                    }
                    let nd = squared_euclidean(points.row(rows[x]), centre);
                    if nd < dist[x] {
                        dist[x] = nd;
                        mine.push(x);
                    } else {
                        list[w] = x;
                        w += 1;
                    }
                }
                list.truncate(w);
                far[c] = farthest(list, &dist);
            }
        }
        mine.sort_unstable();
        far.push(farthest(&mine, &dist));
        members.push(mine);
        cell_centre.push(pick);
        // Next pick: the farthest row over all cells, ties to the lower position.
        let mut best = (-1.0_f64, usize::MAX);
        for &(d, i) in &far {
            if d > best.0 || (d == best.0 && i < best.1) {
                best = (d, i);
            }
        }
        if best.0 < 0.0 {
            break;
        }
        pick = best.1;
    }
    order
}

/// The plain O(n k d) farthest-point scan over a contiguous copy of the class's rows, for high
/// dimension where the cells stop pruning (screened `f32` distances, exact decisions). Same
/// answer as the cell version.
fn plain_scan(points: Points<'_>, rows: &[usize], start: usize, k: usize) -> Vec<usize> {
    let mut walk = FarthestWalk::new(points, rows, start, true);
    walk.grow_to(k);
    walk.picks(k)
}

/// The member farthest from its cell's centre (lowest position among ties), or `(-1, MAX)`.
fn farthest(list: &[usize], dist: &[f64]) -> (f64, usize) {
    let mut best = (-1.0_f64, usize::MAX);
    for &x in list {
        let d = dist[x];
        if d > best.0 || (d == best.0 && x < best.1) {
            best = (d, x);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;
    use crate::sample::uniform_unit;

    #[test]
    fn cells_and_plain_scan_agree() {
        let mut rng = SeededRng::new(21);
        // Miri interprets every distance: 48 points there instead of 300.
        let n = if cfg!(miri) { 48 } else { 300 };
        for dim in [1, 3, 20] {
            // Coarse values: exact ties and duplicates occur.
            let x: Vec<f32> = (0..n * dim)
                .map(|_| libm::floor(uniform_unit(&mut rng) * 4.0) as f32)
                .collect();
            let points = Points::new(&x, dim).unwrap();
            let rows: Vec<usize> = (0..n).step_by(2).collect();
            for (start, k) in [(0, n / 2), (7, 40.min(n / 2)), (n / 2 - 1, 1)] {
                assert_eq!(
                    cell_scan(points, &rows, start, k),
                    plain_scan(points, &rows, start, k)
                );
            }
        }
    }
}
