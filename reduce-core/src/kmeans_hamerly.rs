//! Lloyd's assignment step with Hamerly's bounds (one upper and one lower bound per row), for
//! k-means without group bounds (low dimension, or few centres).
//!
//! Every row's update reads only the centres and its own bounds, so the rows can be split into
//! chunks that run on separate threads (with the `std` feature) and the result is the same
//! whatever the split: each row gets the same nearest centre, bounds and runner-up.

use topo_core::Points;

use crate::distance::squared_euclidean_f64;
use crate::kdtree::KdTree;
use crate::row_boxes::{RowBoxes, RowSlot};
use alloc::vec::Vec;

/// What one assignment step reads: the centres and what was derived from them.
pub(crate) struct HamerlyStep<'a> {
    pub points: Points<'a>,
    /// Row-major centres, `k × dim`.
    pub centres: &'a [f64],
    pub k: usize,
    /// A k-d tree over the centres (low dimension, many centres), or `None` for full scans.
    pub tree: Option<&'a KdTree>,
    /// Ignore the bounds and find every row's nearest centre.
    pub full: bool,
}

/// The rows one assignment step updates, with their state (all slices of one length).
pub(crate) struct HamerlyRows<'a> {
    /// Row indices into `points`.
    pub rows: &'a [usize],
    pub assign: &'a mut [usize],
    /// Distance to the assigned centre (an upper bound between full computations).
    pub upper: &'a mut [f64],
    /// Lower bound on the distance to any other centre.
    pub lower: &'a mut [f64],
    /// Last known second-nearest centre (`usize::MAX` when none), a good seed for the tree.
    pub runner_up: &'a mut [usize],
}

/// Below this many rows per thread the step runs on one thread: spawning costs more.
const MIN_ROWS_PER_THREAD: usize = 4096;

/// Runs one assignment step on `rows`, on up to `threads` threads, and returns how many rows
/// changed centre. The result does not depend on `threads`.
pub(crate) fn assign_hamerly(
    step: &HamerlyStep<'_>,
    rows: HamerlyRows<'_>,
    threads: usize,
) -> usize {
    let chunks = threads.min(rows.rows.len() / MIN_ROWS_PER_THREAD).max(1);
    if chunks <= 1 {
        return assign_chunk(step, rows);
    }
    assign_threaded(step, rows, chunks)
}

#[cfg(feature = "std")]
fn assign_threaded(step: &HamerlyStep<'_>, rows: HamerlyRows<'_>, chunks: usize) -> usize {
    let size = rows.rows.len().div_ceil(chunks);
    let HamerlyRows {
        rows,
        assign,
        upper,
        lower,
        runner_up,
    } = rows;
    std::thread::scope(|s| {
        let handles: alloc::vec::Vec<_> = rows
            .chunks(size)
            .zip(assign.chunks_mut(size))
            .zip(upper.chunks_mut(size))
            .zip(lower.chunks_mut(size))
            .zip(runner_up.chunks_mut(size))
            .map(|((((rows, assign), upper), lower), runner_up)| {
                s.spawn(move || {
                    assign_chunk(
                        step,
                        HamerlyRows {
                            rows,
                            assign,
                            upper,
                            lower,
                            runner_up,
                        },
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .sum()
    })
}

#[cfg(not(feature = "std"))]
fn assign_threaded(step: &HamerlyStep<'_>, rows: HamerlyRows<'_>, _chunks: usize) -> usize {
    assign_chunk(step, rows)
}

/// Hamerly's lower-bound update after the centres moved by `shift`, made local: a centre that
/// did not move leaves every row's bound valid, and one that did is measured against the rows
/// it may now be nearer to than their bound (found by `boxes`), whose bound drops to that exact
/// distance. Hamerly's rule (subtract the largest move from every bound) gives a valid bound
/// too, but one that one far-moving centre loosens for all rows.
///
/// A row's own centre is left out (its move goes to the upper bound).
pub(crate) fn lower_after_moves(
    boxes: &mut RowBoxes,
    centres: &[f64],
    shift: &[f64],
    assign: &[usize],
    lower: &mut [f64],
) {
    let dim = centres.len() / shift.len().max(1);
    let moved: Vec<usize> = (0..shift.len()).filter(|&j| shift[j] > 0.0).collect();
    if moved.is_empty() || dim == 0 {
        return;
    }
    let mut batch = Vec::with_capacity(moved.len() * dim);
    for &j in &moved {
        batch.extend_from_slice(centres.get(j * dim..(j + 1) * dim).unwrap_or(&[]));
    }
    // Keys: the squared bounds, widened by a relative 1e-12 so that the rounding of the square
    // never hides a distance below the bound. A hit by the row's own centre changes nothing.
    boxes.set_slots(|i| {
        let l = lower.get(i).copied().unwrap_or(0.0);
        RowSlot {
            key: if l > 0.0 { l * l * (1.0 + 1e-12) } else { 0.0 },
            nearest: 0.0,
            centre: assign.get(i).copied().unwrap_or(usize::MAX),
        }
    });
    boxes.sweep(&batch, &|slot, q, d| {
        if moved.get(q) != Some(&slot.centre) {
            slot.key = d;
        }
    });
    for (i, slot) in boxes.touched() {
        if let Some(l) = lower.get_mut(i) {
            *l = l.min(libm::sqrt(slot.key));
        }
    }
}

/// Nearest and second-nearest centre of one row by full scan; ties to the lower index. Returns
/// the nearest index and both (unsquared) distances.
fn scan(centres: &[f64], k: usize, dim: usize, row: &[f32]) -> (usize, f64, f64) {
    let (mut best, mut b1, mut b2) = (0, f64::INFINITY, f64::INFINITY);
    for j in 0..k {
        let d = squared_euclidean_f64(row, centres.get(j * dim..(j + 1) * dim).unwrap_or(&[]));
        if d < b1 {
            b2 = b1;
            b1 = d;
            best = j;
        } else if d < b2 {
            b2 = d;
        }
    }
    (best, libm::sqrt(b1), libm::sqrt(b2))
}

fn assign_chunk(step: &HamerlyStep<'_>, rows: HamerlyRows<'_>) -> usize {
    let HamerlyStep {
        points,
        centres,
        k,
        tree,
        full,
    } = *step;
    let dim = points.dim();
    let centre = |j: usize| centres.get(j * dim..(j + 1) * dim);
    let mut query: alloc::vec::Vec<f64> = alloc::vec::Vec::with_capacity(dim);
    let mut changed = 0;
    let state = rows
        .assign
        .iter_mut()
        .zip(rows.upper.iter_mut())
        .zip(rows.lower.iter_mut())
        .zip(rows.runner_up.iter_mut());
    for (&r, (((assign, upper), lower), runner_up)) in rows.rows.iter().zip(state) {
        let row = points.row(r);
        if !full {
            let bound = *lower;
            if *upper <= bound {
                continue;
            }
            if let Some(c) = centre(*assign) {
                *upper = libm::sqrt(squared_euclidean_f64(row, c));
            }
            if *upper <= bound {
                continue;
            }
        }
        let (b, d1, d2) = match tree {
            Some(t) => {
                query.clear();
                query.extend(row.iter().map(|&v| f64::from(v)));
                // Seed with last time's two nearest centres at their current distances. Any
                // centre's distance is a valid bound, so stale indices are harmless; `j` may be
                // the `usize::MAX` "none" marker, which `centre` rejects.
                let seed = |j: usize| match (j < k).then(|| centre(j)).flatten() {
                    Some(c) => (squared_euclidean_f64(row, c), j),
                    None => (f64::INFINITY, usize::MAX),
                };
                let (s1, s2) = (seed(*assign), seed(*runner_up));
                let seeds = if s1.1 == s2.1 {
                    [s1, (f64::INFINITY, usize::MAX)]
                } else {
                    [s1, s2]
                };
                let (b, da, dc, second) = t.nearest_two_seeded(&query, seeds);
                *runner_up = second;
                (b, libm::sqrt(da), libm::sqrt(dc))
            }
            None => scan(centres, k, dim, row),
        };
        if b != *assign {
            changed += 1;
        }
        *assign = b;
        *upper = d1;
        *lower = d2;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeded::SeededRng;
    use alloc::vec;
    use alloc::vec::Vec;
    use rand_core::RngCore;

    /// After some centres move, every row's bound is the smaller of its old bound and its
    /// distance to the nearest moved centre other than its own: exactly, and so still a lower
    /// bound on its distance to every other centre.
    #[test]
    fn moved_centres_lower_exactly_the_bounds_they_reach() {
        let (n, k, dim) = if cfg!(miri) { (40, 6, 2) } else { (700, 40, 3) };
        let mut rng = SeededRng::new(23);
        let unit = |rng: &mut SeededRng| (rng.next_u32() >> 8) as f32 / (1 << 24) as f32;
        let coords: Vec<f32> = (0..n * dim).map(|_| unit(&mut rng)).collect();
        let points = Points::new(&coords, dim).expect("finite points");
        let old: Vec<f64> = (0..k * dim).map(|_| f64::from(unit(&mut rng))).collect();
        let dist = |c: &[f64], i: usize, j: usize| {
            libm::sqrt(squared_euclidean_f64(
                points.row(i),
                &c[j * dim..(j + 1) * dim],
            ))
        };
        // Exact state for the old centres: nearest centre and distance to the second.
        let mut assign = vec![0; n];
        let mut lower = vec![0.0; n];
        for i in 0..n {
            let mut order: Vec<usize> = (0..k).collect();
            order.sort_by(|&a, &b| dist(&old, i, a).total_cmp(&dist(&old, i, b)));
            assign[i] = order[0];
            lower[i] = dist(&old, i, order[1]);
        }
        // Every third centre moves.
        let mut new = old.clone();
        let mut shift = vec![0.0; k];
        for j in (0..k).step_by(3) {
            for v in &mut new[j * dim..(j + 1) * dim] {
                *v += 0.1 * f64::from(unit(&mut rng)) - 0.05;
            }
            let moved: f64 = (0..dim)
                .map(|t| new[j * dim + t] - old[j * dim + t])
                .map(|d| d * d)
                .sum();
            shift[j] = libm::sqrt(moved);
        }
        let want: Vec<f64> = (0..n)
            .map(|i| {
                (0..k)
                    .filter(|&j| shift[j] > 0.0 && j != assign[i])
                    .map(|j| dist(&new, i, j))
                    .fold(lower[i], f64::min)
            })
            .collect();
        let mut boxes = RowBoxes::new(|i| points.row(i), n, dim, 2);
        let mut got = lower.clone();
        lower_after_moves(&mut boxes, &new, &shift, &assign, &mut got);
        assert_eq!(got, want);
        assert!(got.iter().zip(&lower).any(|(g, l)| g < l), "no bound moved");
        for i in 0..n {
            let nearest_other = (0..k)
                .filter(|&j| j != assign[i])
                .map(|j| dist(&new, i, j))
                .fold(f64::INFINITY, f64::min);
            assert!(got[i] <= nearest_other, "row {i}: bound above the truth");
        }
    }

    /// One assignment step split over threads gives every row the same centre, bounds and
    /// runner-up as the same step on one thread, with and without the tree, after a full pass
    /// and with stale bounds.
    #[test]
    fn threads_do_not_change_the_step() {
        let (n, k, dim) = if cfg!(miri) {
            (40, 6, 2)
        } else {
            (9000, 300, 3)
        };
        let mut rng = SeededRng::new(17);
        let unit = |rng: &mut SeededRng| (rng.next_u32() >> 8) as f32 / (1 << 24) as f32;
        let coords: Vec<f32> = (0..n * dim).map(|_| unit(&mut rng)).collect();
        let points = Points::new(&coords, dim).expect("finite points");
        let centres: Vec<f64> = (0..k * dim).map(|_| f64::from(unit(&mut rng))).collect();
        let rows: Vec<usize> = (0..n).collect();
        let tree = KdTree::with_leaf(&centres, dim, 8);
        for (use_tree, full) in [(true, true), (true, false), (false, true), (false, false)] {
            let step = HamerlyStep {
                points,
                centres: &centres,
                k,
                tree: use_tree.then_some(&tree),
                full,
            };
            let mut states = Vec::new();
            for threads in [1, 2, 3] {
                // Stale start: every row at centre 0 with loose bounds (the lower bound
                // still keeps the rows nearest to centre 0).
                let mut assign = vec![0_usize; n];
                let mut upper = vec![10.0_f64; n];
                let mut lower = vec![0.05_f64; n];
                let mut runner_up = vec![usize::MAX; n];
                let state = HamerlyRows {
                    rows: &rows,
                    assign: &mut assign,
                    upper: &mut upper,
                    lower: &mut lower,
                    runner_up: &mut runner_up,
                };
                let changed = if threads == 1 {
                    assign_hamerly(&step, state, 1)
                } else {
                    assign_threaded(&step, state, threads)
                };
                states.push((changed, assign, upper, lower, runner_up));
            }
            assert!(states[0].0 > 0, "the stale start must move rows");
            assert_eq!(states[0], states[1]);
            assert_eq!(states[0], states[2]);
        }
    }
}
