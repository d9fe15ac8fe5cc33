//! k-means for one class: k-means++ or random initialisation, then Lloyd's iterations with
//! Hamerly's bounds (one upper and one lower bound per point), so that after the first pass
//! most points skip the distance computation to every centre.
//!
//! Hamerly, "Making k-means even faster", SDM 2010. In low dimension with many centres the
//! lower bounds are kept nearly exact instead: after each update only the centres that moved
//! are measured, against the rows they may now be nearer to (found by `row_boxes.rs`), where
//! Hamerly's rule lowers every row's bound by the largest move; a row whose bounds fail asks a
//! k-d tree over the centres. (Hamerly's centre-to-centre half-gap test added nothing to these
//! bounds and was dropped.) Above 12 features, group bounds (`kmeans_blocked.rs`).
//!
//! The one-by-one k-means++ seeding (Arthur and
//! Vassilvitskii, 2007) keeps each point's distance to its nearest chosen centre and skips a
//! point when the triangle inequality shows the new centre cannot be nearer: with `a` the
//! point's centre and `R_a` the largest distance of a member of `a` to it, no member of `a`
//! moves when `|c_new - c_a| >= 2 R_a`.

use alloc::vec;
use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::Points;

use crate::distance::{squared_euclidean, squared_euclidean_f64};
use crate::kdtree::{KD_TREE_MAX_DIM, KdTree};
use crate::kmeans_blocked::{RowBounds, assign_blocked};
use crate::kmeans_groups::CentreGroups;
use crate::kmeans_hamerly::{HamerlyRows, HamerlyStep, assign_hamerly, lower_after_moves};
use crate::row_boxes::RowBoxes;
use crate::sample::{sample_without_replacement, uniform_below, uniform_unit};
use crate::screened::{BlockedRows, Screen, nearest_update};
use crate::seeding_batched::{Seeding, plus_plus_batched};

/// How the initial centres are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClcInit {
    /// `k` distinct rows drawn uniformly (the reference's scipy `kmeans`).
    Random,
    /// k-means++ seeding: each next centre drawn with probability proportional to the squared
    /// distance to the nearest centre so far.
    #[default]
    KMeansPlusPlus,
}

/// What to do with a cluster that loses all its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EmptyCluster {
    /// Move the centre to the point farthest from its own centre (keeps exactly `k`).
    Reseed,
    /// Drop the centre (scipy's behaviour; `k` can shrink).
    Drop,
}

/// When Lloyd's iterations stop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Stop {
    /// Sum of squared centre shifts at most `tol` times the mean per-feature variance
    /// (scikit-learn's rule), or no assignment changed.
    CentreShift(f64),
    /// Mean (unsquared) distance to the assigned centre changes by at most this much in
    /// absolute terms (scipy's `kmeans` rule).
    MeanDistance(f64),
}

/// Settings of one k-means run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KMeansConfig {
    pub init: ClcInit,
    pub empty: EmptyCluster,
    pub stop: Stop,
    pub max_iter: usize,
    /// Threads the low-dimension assignment step may split its rows over (1: this thread).
    /// The result does not depend on it.
    pub row_threads: usize,
}

/// Centres (row-major, `f64`) and the number of centres.
pub(crate) struct KMeansResult {
    pub centres: Vec<f64>,
    pub k: usize,
}

fn row_f64(points: Points<'_>, r: usize) -> impl Iterator<Item = f64> + '_ {
    points.row(r).iter().map(|&v| f64::from(v))
}

/// Whether centre `a`'s cell, of radius `radius`, lies too far from the new centre `j` for any
/// member to move: `|c_a - c_j| >= 2 radius`. Decided on squared values, with the square root
/// taken only within a relative 1e-9 of the boundary: the decision of `sqrt(gap2) >= 2 radius`
/// without a square root per cell.
fn cell_out_of_reach(c: &[f64], a: usize, j: usize, dim: usize, radius: f64) -> bool {
    let (Some(x), Some(y)) = (c.get(a * dim..(a + 1) * dim), c.get(j * dim..(j + 1) * dim)) else {
        return false;
    };
    let gap2 = x.iter().zip(y).map(|(p, q)| (p - q) * (p - q)).sum::<f64>();
    let reach2 = 4.0 * radius * radius;
    if gap2 > reach2 * (1.0 + 1e-9) {
        return true;
    }
    if gap2 < reach2 * (1.0 - 1e-9) {
        return false;
    }
    libm::sqrt(gap2) >= 2.0 * radius
}

/// Centres per leaf of the k-d tree over the centres: 16 measured 5–10 % faster than 8 or 4 on
/// collision at 20 % (`reduce_run data/collision.csv CLC 0.2 0 repeat=10`, same output).
const CENTRE_LEAF: usize = 16;

/// Fewest centres for which group bounds pay (below, a plain scan with Hamerly's bound).
const GROUPED_MIN_K: usize = 32;

/// Block size of the partial sums used to sample proportionally to squared distance.
const BLOCK: usize = 256;

/// Fewest row-centre pairs (`rows x k`) for which k-means++ runs batched
/// (`seeding_batched.rs`), in any dimension: on collision's large class at 20 % (5 features,
/// 24 M pairs) it took CLC from 0.092 to 0.076 s wall (`reduce_run collision.csv CLC 0.2 0
/// repeat=5`), the cells' pruning notwithstanding. Below, the one-by-one seeding costs at most
/// a fraction of a second, and it keeps the exact output of earlier versions (same draws from
/// the generator) on small data sets, such as the cross-check's sklearn sets.
const BATCHED_MIN_PAIRS: usize = 1 << 22;

/// k-means++ seeding over `rows`. For large classes batched, with rejection
/// (`seeding_batched.rs`; in low dimension pruned by `boxes`, the class's rows); otherwise one
/// centre at a time with cell pruning (a screened scan above [`KD_TREE_MAX_DIM`] features).
/// Both follow k-means++'s law; they use the generator differently.
fn plus_plus(
    points: Points<'_>,
    rows: &[usize],
    k: usize,
    rng: &mut dyn RngCore,
    boxes: Option<&mut RowBoxes>,
) -> Seeding {
    if rows.len().saturating_mul(k) >= BATCHED_MIN_PAIRS {
        plus_plus_batched(points, rows, k, rng, boxes)
    } else {
        plus_plus_cells(points, rows, k, rng)
    }
}

/// k-means++ seeding one centre at a time, the distance updates pruned by
/// triangle-inequality cells (above [`KD_TREE_MAX_DIM`] features, by a screened scan of
/// blocked rows instead, with the same result).
fn plus_plus_cells(points: Points<'_>, rows: &[usize], k: usize, rng: &mut dyn RngCore) -> Seeding {
    let n = rows.len();
    let dim = points.dim();
    let mut centres: Vec<f64> = Vec::with_capacity(k * dim);
    let mut assign = vec![0_usize; n];
    let mut d2 = vec![f64::INFINITY; n];
    let mut chosen = vec![false; n];
    let mut radius: Vec<f64> = Vec::with_capacity(k);
    let mut block_sum = vec![0.0_f64; n.div_ceil(BLOCK)];
    let mut dirty = vec![false; block_sum.len()];
    let mut members: Vec<Vec<usize>> = Vec::with_capacity(k);
    // Above KD_TREE_MAX_DIM the cells stop pruning: a screened scan of blocked rows instead
    // (the same result).
    let blocked = (dim > KD_TREE_MAX_DIM).then(|| BlockedRows::new(points, rows));
    let screen = Screen::new(dim);

    let mut pick = uniform_below(rng, n);
    for j in 0..k {
        if let Some(c) = chosen.get_mut(pick) {
            *c = true;
        }
        let start = centres.len();
        centres.extend(row_f64(points, rows[pick]));
        let new_centre = &centres[start..];
        let mut new_radius = 0.0_f64;
        let mut mine: Vec<usize> = Vec::new();
        if let Some(blocked) = &blocked {
            // High dimension: the cells stop pruning; a screened scan of blocked rows.
            let centre = points.row(rows[pick]);
            let exact = |i: usize| {
                rows.get(i)
                    .map_or(f64::INFINITY, |&r| squared_euclidean(points.row(r), centre))
            };
            let mut changed = |i: usize| {
                if let Some(a) = assign.get_mut(i) {
                    *a = j;
                }
                if let Some(f) = dirty.get_mut(i / BLOCK) {
                    *f = true;
                }
            };
            nearest_update(&screen, blocked, centre, &mut d2, &exact, &mut changed);
        } else if j == 0 {
            for (x, &r) in rows.iter().enumerate() {
                let nd = squared_euclidean_f64(points.row(r), new_centre);
                d2[x] = nd;
                new_radius = new_radius.max(nd);
                mine.push(x);
            }
            dirty.iter_mut().for_each(|d| *d = true);
        } else {
            // Only cells whose centre is nearer than twice their radius can lose members.
            for (a, list) in members.iter_mut().enumerate() {
                if list.is_empty() || cell_out_of_reach(&centres, a, j, dim, radius[a]) {
                    continue;
                }
                let mut w = 0;
                let mut r_a = 0.0_f64;
                for i in 0..list.len() {
                    let x = list[i];
                    let nd = squared_euclidean_f64(points.row(rows[x]), new_centre);
                    if nd < d2[x] {
                        d2[x] = nd;
                        dirty[x / BLOCK] = true;
                        new_radius = new_radius.max(nd);
                        mine.push(x);
                    } else {
                        r_a = r_a.max(d2[x]);
                        list[w] = x;
                        w += 1;
                    }
                }
                list.truncate(w);
                radius[a] = libm::sqrt(r_a);
            }
        }
        for &x in &mine {
            assign[x] = j;
        }
        members.push(mine);
        radius.push(libm::sqrt(new_radius));
        for (b, flag) in dirty.iter_mut().enumerate() {
            if *flag {
                *flag = false;
                let end = ((b + 1) * BLOCK).min(n);
                block_sum[b] = d2[b * BLOCK..end].iter().sum();
            }
        }
        if j + 1 == k {
            break;
        }
        // Next centre: proportional to d2 (chosen points have d2 = 0 and cannot be drawn).
        let total: f64 = block_sum.iter().sum();
        pick = usize::MAX;
        if total > 0.0 {
            let mut t = uniform_unit(rng) * total;
            for (b, &s) in block_sum.iter().enumerate() {
                if t < s || b + 1 == block_sum.len() {
                    let end = ((b + 1) * BLOCK).min(n);
                    for (x, &v) in d2.iter().enumerate().take(end).skip(b * BLOCK) {
                        if v > 0.0 {
                            pick = x;
                            if t < v {
                                break;
                            }
                            t -= v;
                        }
                    }
                    if pick != usize::MAX {
                        break;
                    }
                }
                t -= s;
            }
        }
        if pick == usize::MAX {
            // Every remaining point sits on a centre (duplicates): take a random unchosen row.
            let free: Vec<usize> = (0..n).filter(|&x| !chosen[x]).collect();
            pick = free
                .get(uniform_below(rng, free.len()))
                .copied()
                .unwrap_or(0);
        }
    }
    Seeding {
        centres,
        assign,
        d2,
        second: None,
    }
}

/// Runs k-means on `rows` of `points` with `k` centres (`1 <= k <= rows.len()`).
pub(crate) fn kmeans(
    points: Points<'_>,
    rows: &[usize],
    k: usize,
    cfg: &KMeansConfig,
    rng: &mut dyn RngCore,
) -> KMeansResult {
    let n = rows.len();
    let dim = points.dim();
    let k = k.min(n);
    if k == 0 {
        return KMeansResult {
            centres: Vec::new(),
            k: 0,
        };
    }
    // High dimension, many centres: group bounds instead of Hamerly's single bound.
    let grouped = dim > KD_TREE_MAX_DIM && k > GROUPED_MIN_K;
    // Low dimension, many centres, Lloyd's bounds: the rows in boxes, shared by the batched
    // seeding and the moved-centre bound update (`lower_after_moves`).
    let mut row_boxes =
        (dim <= KD_TREE_MAX_DIM && k > 16 && !grouped && matches!(cfg.stop, Stop::CentreShift(_)))
            .then(|| RowBoxes::new(|i| points.row(rows[i]), n, dim, cfg.row_threads));
    // The seeding's nearest centre of each row seeds the first pass's tree queries (any
    // seed gives the same answer; the right one prunes most of the tree).
    let seeding = match cfg.init {
        ClcInit::KMeansPlusPlus => plus_plus(points, rows, k, rng, row_boxes.as_mut()),
        ClcInit::Random => {
            let mut c = Vec::with_capacity(k * dim);
            for i in sample_without_replacement(rng, n, k) {
                c.extend(row_f64(points, rows[i]));
            }
            Seeding {
                centres: c,
                assign: vec![0_usize; n],
                d2: Vec::new(),
                second: None,
            }
        }
    };
    let Seeding {
        mut centres,
        mut assign,
        d2: seed_d2,
        second: seed_second,
    } = seeding;
    let mut k = k;

    // Mean per-feature variance of the class, the scale of the centre-shift tolerance.
    let mut mean = vec![0.0_f64; dim];
    for &r in rows {
        for (m, v) in mean.iter_mut().zip(row_f64(points, r)) {
            *m += v;
        }
    }
    mean.iter_mut().for_each(|m| *m /= n as f64);
    let mut var = 0.0;
    for &r in rows {
        var += squared_euclidean_f64(points.row(r), &mean);
    }
    let mean_var = var / (n as f64 * dim as f64);

    let mut upper = vec![0.0_f64; n];
    // Hamerly's per-row state, unused (empty) with group bounds.
    let hamerly_rows = if grouped { 0 } else { n };
    let mut lower = vec![0.0_f64; hamerly_rows];
    let mut full = true;
    // When the seeding kept every row's two nearest centres (exact), the first assignment
    // step would only repeat them: its bounds are taken from the seeding instead.
    let mut assigned = false;
    if let (Some(second), Some(_)) = (&seed_second, &row_boxes) {
        for (((u, l), &d1), &d2) in upper.iter_mut().zip(&mut lower).zip(&seed_d2).zip(second) {
            *u = libm::sqrt(d1);
            *l = libm::sqrt(d2);
        }
        assigned = true;
    }
    let mut prev_mean_dist = f64::INFINITY;
    let mut sums = vec![0.0_f64; k * dim];
    let mut runner_up = vec![usize::MAX; hamerly_rows];
    let mut counts = vec![0_usize; k];
    let mut groups = grouped.then(|| CentreGroups::new(&centres, k, dim));
    let t = groups.as_ref().map_or(0, CentreGroups::len);
    // `f32`, rounded down (`f32_below`): half the memory of `f64`, and still lower bounds.
    let mut group_lower = vec![0.0_f32; n * t];
    // Each centre's move since the group bounds were last set.
    let mut last_shift: Vec<f64> = Vec::new();

    for _ in 0..cfg.max_iter.max(1) {
        // Assignment step (skipped when the seeding left it done).
        let mut changed = 0_usize;
        if !core::mem::take(&mut assigned) {
            // In low dimension a k-d tree over the centres answers the full scans.
            let tree = (dim <= KD_TREE_MAX_DIM && k > 16)
                .then(|| KdTree::with_leaf(&centres, dim, CENTRE_LEAF));
            if let Some(g) = &groups {
                let state = RowBounds {
                    assign: &mut assign,
                    upper: &mut upper,
                    lower: &mut group_lower,
                };
                changed = assign_blocked(points, rows, &centres, g, state, full, &last_shift);
            }
            if groups.is_none() {
                let step = HamerlyStep {
                    points,
                    centres: &centres,
                    k,
                    tree: tree.as_ref(),
                    full,
                };
                let state = HamerlyRows {
                    rows,
                    assign: &mut assign,
                    upper: &mut upper,
                    lower: &mut lower,
                    runner_up: &mut runner_up,
                };
                changed = assign_hamerly(&step, state, cfg.row_threads);
            }
        }
        let first = full;
        full = matches!(cfg.stop, Stop::MeanDistance(_));
        if !first && changed == 0 && matches!(cfg.stop, Stop::CentreShift(_)) {
            break;
        }
        let mean_dist = upper.iter().sum::<f64>() / n as f64;

        // Update step: exact means from scratch.
        sums.iter_mut().for_each(|s| *s = 0.0);
        counts.iter_mut().for_each(|c| *c = 0);
        for (x, &r) in rows.iter().enumerate() {
            let a = assign[x];
            counts[a] += 1;
            for (s, v) in sums[a * dim..(a + 1) * dim]
                .iter_mut()
                .zip(row_f64(points, r))
            {
                *s += v;
            }
        }
        let old = centres.clone();
        let mut shift = vec![0.0_f64; k];
        for j in 0..k {
            if counts[j] > 0 {
                for t in 0..dim {
                    centres[j * dim + t] = sums[j * dim + t] / counts[j] as f64;
                }
                let d = squared_euclidean_f64_pair(&old, &centres, j, dim);
                shift[j] = libm::sqrt(d);
            }
        }
        let empties: Vec<usize> = (0..k).filter(|&j| counts[j] == 0).collect();
        if !empties.is_empty() {
            // Group bounds survive a re-seed (the moved centre's shift is known); anything
            // else starts over with a full pass.
            full = !(groups.is_some() && cfg.empty == EmptyCluster::Reseed);
            match cfg.empty {
                EmptyCluster::Drop => {
                    let keep: Vec<usize> = (0..k).filter(|&j| counts[j] > 0).collect();
                    let mut compact = Vec::with_capacity(keep.len() * dim);
                    for &j in &keep {
                        compact.extend_from_slice(&centres[j * dim..(j + 1) * dim]);
                    }
                    centres = compact;
                    k = keep.len();
                    if groups.is_some() {
                        groups = Some(CentreGroups::new(&centres, k, dim));
                    }
                }
                EmptyCluster::Reseed => {
                    for &j in &empties {
                        // The point farthest from its centre, from a cluster that can spare it.
                        let far = (0..n)
                            .filter(|&x| counts[assign[x]] > 1)
                            .max_by(|&a, &b| upper[a].total_cmp(&upper[b]).then(b.cmp(&a)));
                        if let Some(x) = far {
                            if let Some(g) = &groups {
                                // The old centre becomes one of x's others, at a distance
                                // only bounded from above: 0 is the valid lower bound.
                                let slot = x * t + g.group_of(assign[x]);
                                if let Some(b) = group_lower.get_mut(slot) {
                                    *b = 0.0;
                                }
                            }
                            counts[assign[x]] -= 1;
                            assign[x] = j;
                            counts[j] = 1;
                            upper[x] = 0.0;
                            let row: Vec<f64> = row_f64(points, rows[x]).collect();
                            centres[j * dim..(j + 1) * dim].copy_from_slice(&row);
                            shift[j] =
                                libm::sqrt(squared_euclidean_f64_pair(&old, &centres, j, dim));
                        }
                    }
                }
            }
        }

        match cfg.stop {
            Stop::MeanDistance(tol) => {
                if libm::fabs(prev_mean_dist - mean_dist) <= tol {
                    break;
                }
                prev_mean_dist = mean_dist;
            }
            Stop::CentreShift(tol) => {
                let total: f64 = shift.iter().map(|s| s * s).sum();
                if empties.is_empty() && total <= tol * mean_var {
                    break;
                }
            }
        }
        if let (Some(_), false) = (&groups, full) {
            // Group bounds: the own centre moved by shift[a] (a relative margin keeps the
            // bound valid under rounding); the group bounds take the shifts in the next
            // assignment step, which needs to know which centres moved.
            for (u, &a) in upper.iter_mut().zip(&assign) {
                *u += shift[a] * (1.0 + 1e-12);
            }
            last_shift = shift;
        } else if !full {
            // Hamerly's bounds: the own centre moved by shift[a].
            for (u, &a) in upper.iter_mut().zip(&assign) {
                *u += shift[a];
            }
            if let Some(boxes) = &mut row_boxes {
                // Any other centre: only where it moved.
                lower_after_moves(boxes, &centres, &shift, &assign, &mut lower);
            } else {
                // Any other centre by at most the largest shift of another centre.
                let (mut m1, mut m1j, mut m2) = (0.0_f64, usize::MAX, 0.0_f64);
                for (j, &s) in shift.iter().enumerate() {
                    if s > m1 {
                        m2 = m1;
                        m1 = s;
                        m1j = j;
                    } else if s > m2 {
                        m2 = s;
                    }
                }
                for (l, &a) in lower.iter_mut().zip(&assign) {
                    *l -= if a == m1j { m2 } else { m1 };
                }
            }
        }
    }
    centres.truncate(k * dim);
    KMeansResult { centres, k }
}

fn squared_euclidean_f64_pair(a: &[f64], b: &[f64], j: usize, dim: usize) -> f64 {
    a[j * dim..(j + 1) * dim]
        .iter()
        .zip(&b[j * dim..(j + 1) * dim])
        .map(|(p, q)| (p - q) * (p - q))
        .sum()
}

/// For each centre, the row of `rows` nearest to it (ties to the lower index); O(k n d).
pub(crate) fn nearest_rows(points: Points<'_>, rows: &[usize], centres: &[f64]) -> Vec<usize> {
    let dim = points.dim();
    centres
        .chunks_exact(dim)
        .map(|c| {
            let mut best = (f64::INFINITY, 0);
            for &r in rows {
                let d = squared_euclidean_f64(points.row(r), c);
                if d < best.0 {
                    best = (d, r);
                }
            }
            best.1
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;

    type SeedFn = fn(Points<'_>, &[usize], usize, &mut dyn RngCore) -> Seeding;

    #[test]
    fn seeding_assigns_each_row_its_nearest_centre_and_picks_distinct_rows() {
        let mut rng = SeededRng::new(8);
        // Cell pruning (two and sixteen features), batched tiles with rejection (sixteen),
        // batched with row boxes (three; these also keep the second-nearest distance).
        let cells: SeedFn = plus_plus_cells;
        let batched: SeedFn = |points, rows, k, rng| plus_plus_batched(points, rows, k, rng, None);
        let cases = [
            (2, cells, false),
            (16, cells, false),
            (16, batched, false),
            (3, batched, true),
        ];
        for (dim, seeding, keeps_second) in cases {
            // Coarse values: ties and duplicate rows occur.
            let n = if cfg!(miri) { 40 } else { 400 };
            let x: Vec<f32> = (0..n * dim)
                .map(|_| libm::floor(uniform_unit(&mut rng) * 3.0) as f32)
                .collect();
            let points = Points::new(&x, dim).unwrap();
            let rows: Vec<usize> = (0..n).step_by(2).collect();
            let ks: &[usize] = if cfg!(miri) { &[1, 5] } else { &[1, 17, 150] };
            for &k in ks {
                let Seeding {
                    centres,
                    assign,
                    d2,
                    second,
                } = seeding(points, &rows, k, &mut SeededRng::new(k as u64));
                assert_eq!(second.is_some(), keeps_second);
                assert_eq!(centres.len(), k * dim);
                // Distinct rows: no value vector is a centre more often than it is a row.
                for c in centres.chunks_exact(dim) {
                    let same = |v: &[f64]| v.iter().zip(c).all(|(a, b)| a == b);
                    let as_centre = centres.chunks_exact(dim).filter(|v| same(v)).count();
                    let as_row = rows
                        .iter()
                        .filter(|&&r| {
                            let v: Vec<f64> = points.row(r).iter().map(|&a| f64::from(a)).collect();
                            same(&v)
                        })
                        .count();
                    assert!(as_centre <= as_row, "dim {dim} k {k}: a row picked twice");
                }
                for (x, &r) in rows.iter().enumerate() {
                    let d = |j: usize| {
                        squared_euclidean_f64(points.row(r), &centres[j * dim..(j + 1) * dim])
                    };
                    let mut order: Vec<usize> = (0..k).collect();
                    order.sort_by(|&a, &b| d(a).total_cmp(&d(b)).then(a.cmp(&b)));
                    assert_eq!(assign[x], order[0], "dim {dim} k {k} row {x}");
                    assert_eq!(d2[x], d(order[0]), "dim {dim} k {k} row {x}");
                    if let Some(second) = &second {
                        let want = order.get(1).map_or(f64::INFINITY, |&j| d(j));
                        assert_eq!(second[x], want, "dim {dim} k {k} row {x}");
                    }
                }
            }
        }
    }
}
