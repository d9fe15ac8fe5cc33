//! Max-min (farthest-point) landmarks: a subset whose covering radius is known exactly, so the
//! stability theorem turns a diagram distance between landmark sets into an interval for the
//! distance between the full sets.

use alloc::vec;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::norm::Norm;
use crate::points::Points;

/// Picks `count` rows by farthest-point sampling (first row 0, then repeatedly the row farthest
/// from those picked, lowest index on ties) and returns them, ascending, with the covering
/// radius: the largest Euclidean distance from a row to its nearest landmark (0 when every row
/// is picked). `O(n * count)` distance evaluations, `O(n)` memory.
///
/// ```
/// use topo_core::{Points, maxmin_landmarks};
/// let line = [0.0_f32, 1.0, 2.0, 10.0];
/// let (rows, radius) = maxmin_landmarks(Points::new(&line, 1)?, 2)?;
/// assert_eq!(rows, vec![0, 3]);
/// assert_eq!(radius, 2.0);
/// # Ok::<(), topo_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidParameter`] when `count` is 0.
pub fn maxmin_landmarks(points: Points<'_>, count: usize) -> Result<(Vec<usize>, f64)> {
    if count == 0 {
        return Err(Error::InvalidParameter("landmark count must be positive"));
    }
    let n = points.len();
    if count >= n {
        return Ok(((0..n).collect(), 0.0));
    }
    let mut nearest = vec![f64::INFINITY; n];
    let mut picked = Vec::with_capacity(count);
    let mut next = 0usize;
    for _ in 0..count {
        picked.push(next);
        let l = points.row(next);
        let mut far = (f64::NEG_INFINITY, 0usize);
        for (i, row) in points.rows().enumerate() {
            let d = Norm::Euclidean.distance(row, l);
            if d < nearest[i] {
                nearest[i] = d;
            }
            if nearest[i] > far.0 {
                far = (nearest[i], i);
            }
        }
        next = far.1;
    }
    let radius = nearest.iter().copied().fold(0.0f64, f64::max);
    picked.sort_unstable();
    Ok((picked, radius))
}
