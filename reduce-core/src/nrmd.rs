//! NRMD: numerosity reduction by matrix decomposition (Ghojogh and Crowley, 2019).
//!
//! Every sample gets a score from the SVD of its class's (uncentred) sample matrix and from the
//! SVD of the whole data set with one-hot labels appended. With `U Σ Vᵀ` the SVD and
//! `w_j = (1/σ_j) / Σ_l (1/σ_l)`, a sample `x` with `x̂ = x / ‖x‖` scores
//! `Σ_j w_j · (−ln max(|x̂ᵀ u_j|, 0.001))`; the final score is the product of the within-class
//! and the all-samples score, and the highest scores are kept. See the reduction-methods spec,
//! §2.7.

use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::LabelledPoints;

use crate::budget::{Budget, class_counts};
use crate::error::{Error, Result};
use crate::fidelity::Fidelity;
use crate::left_svd::{left_svd, left_svd_bytes};
use crate::memory::{DEFAULT_MAX_BYTES, check_bytes};
use crate::reduction::{Reduced, Reducer, Selection};
use crate::score_order::rows_by_descending_score;
use crate::spread::spread_picks;

/// Projections below this are clipped before the logarithm (the reference's constant).
const MIN_PROJECTION: f64 = 0.001;

/// NRMD with the singular value decomposition (the reference's `'SVD_python'`).
///
/// * `Fidelity::Improved` (default): the top-scored rows of each class, exactly the budgeted
///   count per class ([`class_counts`]), ties to the lower row index. Singular values below
///   `max(width, n) · f64::EPSILON · σ₁` are dropped, so a rank-deficient class (constant
///   features, fewer rows than features) is scored on its real directions instead of on rounding
///   noise. A zero row scores as if all its projections were clipped. With `spread` (the
///   default) each row's separation is its distance to the nearest row of its class scored
///   higher, and each class keeps its rows of largest separation (ties to the higher score;
///   see [`SPREAD_WORK_LIMIT`](crate::SPREAD_WORK_LIMIT) for the one size limit). Why: the
///   score measures a row's *direction* only (rows are normalised), so a row far out along a
///   well-explained direction ranks low and was dropped, leaving it far from every kept row
///   (breast_cancer at 0.5 was less representative than the reference's global ranking);
///   spread, every kept row is still the best-scored row of its neighbourhood.
/// * `Fidelity::Reference`: the reference's global ranking: the top `trunc(ratio · N)` rows over
///   all classes (no per-class budget; a `Budget::Count` is used as the total), ties broken as
///   its reversed ascending argsort does (the later row of the label-sorted order first). Only
///   exactly zero singular values are dropped (the reference would divide by zero), and a zero
///   row scores `+∞` (the reference's NaN, which its ranking puts first).
///
/// ```
/// use reduce_core::{Budget, LabelledPoints, Nrmd, Reduced, Reducer, SeededRng};
/// let x = [1.0_f32, 0.1, 0.9, 0.2, 1.0, 0.0, 0.1, 1.0, 0.2, 0.8, 0.0, 1.0];
/// let y = [0_u32, 0, 0, 1, 1, 1];
/// let data = LabelledPoints::new(&x, 2, &y)?;
/// let Reduced::Selection(s) = Nrmd::default().reduce(data, Budget::Ratio(0.34), &mut SeededRng::new(0))?
/// else { unreachable!() };
/// assert_eq!(s.indices.len(), 2); // one row per class
/// # Ok::<(), reduce_core::Error>(())
/// ```
///
/// `max_bytes` (default [`DEFAULT_MAX_BYTES`], 1 GiB) bounds the SVD's working matrices, which
/// grow with the square of the row width plus the number of classes ([`Nrmd::working_bytes`]);
/// above it `scores` and `reduce` return `Error::TooLarge` before allocating them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nrmd {
    /// Our per-class behaviour or the reference's global ranking.
    pub fidelity: Fidelity,
    /// `Improved` mode only: spread each class's picks by separation (default `true`);
    /// `false` keeps the plain top scores of each class.
    pub spread: bool,
    /// Limit in bytes on the SVD's working matrices ([`Nrmd::working_bytes`]).
    pub max_bytes: usize,
}

impl Default for Nrmd {
    fn default() -> Self {
        Self {
            fidelity: Fidelity::default(),
            spread: true,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl Nrmd {
    /// Estimated peak bytes of the working matrices for `rows` rows of `dim` features in
    /// `classes` classes: the all-samples SVD of the `(dim + classes) x rows` matrix dominates,
    /// `8 w (4 min(rows, w) + 2 min(rows, 512))` with `w = dim + classes`. `None` when it
    /// overflows `usize`. Memory linear in the rows comes on top.
    ///
    /// ```
    /// use reduce_core::Nrmd;
    /// // 1,000 rows of 8 features in 2 classes: w = 10, 8 * 10 * (40 + 1024) bytes.
    /// assert_eq!(Nrmd::working_bytes(8, 1000, 2), Some(85_120));
    /// ```
    pub fn working_bytes(dim: usize, rows: usize, classes: usize) -> Option<usize> {
        left_svd_bytes(dim.checked_add(classes)?, rows)
    }

    /// The NRMD score of every row (higher is kept first), in the caller's row order.
    pub fn scores(&self, data: LabelledPoints<'_>) -> Result<Vec<f64>> {
        let points = data.points();
        let labels = data.labels();
        let dim = points.dim();
        let classes = data.classes();
        check_bytes(
            Self::working_bytes(dim, data.len(), classes.len()),
            self.max_bytes,
            "NRMD's SVD working matrices exceed max_bytes",
        )?;
        let class_of: Vec<usize> = labels
            .iter()
            .map(|l| classes.binary_search(l).unwrap_or(0))
            .collect();
        let reference = self.fidelity == Fidelity::Reference;
        let features = points.as_slice();

        // Within-class scores.
        let mut within = alloc::vec![0.0_f64; data.len()];
        for &label in &classes {
            let rows = data.class_rows(label);
            let svd = left_svd(dim, rows.len(), |i, col| {
                let r = rows.get(i).copied().unwrap_or(0);
                copy_row(features, dim, r, col);
            })?;
            let weights = inverse_sigma_weights(&svd.sigma, dim, rows.len(), reference);
            let mut buf = alloc::vec![0.0_f64; dim];
            for &r in &rows {
                copy_row(features, dim, r, &mut buf);
                if let Some(s) = within.get_mut(r) {
                    *s = sample_score(&buf, svd.u.as_slice(), &weights, reference);
                }
            }
        }

        // All-samples scores: features with the one-hot label appended.
        let width = dim + classes.len();
        let fill_all = |r: usize, col: &mut [f64]| {
            col.fill(0.0);
            copy_row(features, dim, r, &mut col[..dim]);
            if let Some(c) = class_of.get(r).and_then(|&k| col.get_mut(dim + k)) {
                *c = 1.0;
            }
        };
        let svd = left_svd(width, data.len(), fill_all)?;
        let weights = inverse_sigma_weights(&svd.sigma, width, data.len(), reference);
        let mut buf = alloc::vec![0.0_f64; width];
        let mut scores = within;
        for (r, s) in scores.iter_mut().enumerate() {
            fill_all(r, &mut buf);
            *s *= sample_score(&buf, svd.u.as_slice(), &weights, reference);
        }
        Ok(scores)
    }
}

impl Reducer for Nrmd {
    fn name(&self) -> &'static str {
        "NRMD"
    }

    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        _rng: &mut dyn RngCore,
    ) -> Result<Reduced> {
        // Validates the budget against the labels in both modes.
        let counts = class_counts(data.labels(), budget, true)?;
        let scores = self.scores(data)?;
        let mut indices = match self.fidelity {
            Fidelity::Improved => {
                let mut picked = Vec::with_capacity(counts.total());
                for &(label, _, keep) in &counts.classes {
                    let rows = rows_by_descending_score(
                        data.class_rows(label)
                            .into_iter()
                            .map(|r| (score_of(&scores, r), r)),
                    );
                    if self.spread {
                        picked.extend(spread_picks(data.points(), &rows, &[], keep));
                    } else {
                        picked.extend(rows.into_iter().take(keep));
                    }
                }
                picked
            }
            Fidelity::Reference => {
                let n = data.len();
                let total = match budget {
                    Budget::Ratio(r) => trunc_total(r, n),
                    Budget::Count(c) => c,
                };
                if total == 0 {
                    return Err(Error::InvalidRatio(match budget {
                        Budget::Ratio(r) => r,
                        Budget::Count(_) => 0.0,
                    }));
                }
                // The label-sorted order (stable), then descending score with ties to the later
                // position: what the reference's reversed ascending argsort gives.
                let mut order: Vec<usize> = (0..n).collect();
                let labels = data.labels();
                order.sort_by_key(|&i| labels.get(i).copied().unwrap_or(u32::MAX));
                let mut ranked: Vec<(usize, usize)> = order.into_iter().enumerate().collect();
                ranked.sort_by(|&(pa, a), &(pb, b)| {
                    score_of(&scores, b)
                        .total_cmp(&score_of(&scores, a))
                        .then(pb.cmp(&pa))
                });
                ranked.into_iter().take(total).map(|(_, i)| i).collect()
            }
        };
        indices.sort_unstable();
        Ok(Reduced::Selection(Selection {
            indices,
            weights: None,
        }))
    }
}

fn score_of(scores: &[f64], i: usize) -> f64 {
    scores.get(i).copied().unwrap_or(f64::NEG_INFINITY)
}

/// `trunc(r · n)` in `f64`, as Python's `int(perc * N)`.
fn trunc_total(r: f64, n: usize) -> usize {
    let t = r * n as f64;
    if t.is_finite() && t > 0.0 {
        (libm::trunc(t) as usize).min(n)
    } else {
        0
    }
}

fn copy_row(features: &[f32], dim: usize, r: usize, out: &mut [f64]) {
    let row = features.get(r * dim..(r + 1) * dim).unwrap_or(&[]);
    for (o, &v) in out.iter_mut().zip(row) {
        *o = f64::from(v);
    }
}

/// `w_j = (1/σ_j) / Σ_l (1/σ_l)` over the kept singular values; dropped ones get weight 0.
fn inverse_sigma_weights(sigma: &[f64], width: usize, n: usize, reference: bool) -> Vec<f64> {
    let top = sigma.first().copied().unwrap_or(0.0);
    let cutoff = if reference {
        0.0
    } else {
        width.max(n) as f64 * f64::EPSILON * top
    };
    let inv: Vec<f64> = sigma
        .iter()
        .map(|&s| if s > cutoff { 1.0 / s } else { 0.0 })
        .collect();
    let total: f64 = inv.iter().sum();
    if total > 0.0 && total.is_finite() {
        inv.iter().map(|v| v / total).collect()
    } else {
        alloc::vec![0.0; sigma.len()]
    }
}

/// `Σ_j w_j · (−ln max(|x̂ᵀ u_j|, 0.001))` for one sample `x`.
/// `u` holds the left singular vectors column-major (`x.len()` values per vector).
fn sample_score(x: &[f64], u: &[f64], weights: &[f64], reference: bool) -> f64 {
    let norm = libm::sqrt(x.iter().map(|v| v * v).sum::<f64>());
    if norm == 0.0 && reference {
        return f64::INFINITY;
    }
    let inv_norm = if norm > 0.0 { 1.0 / norm } else { 0.0 };
    let mut score = 0.0;
    for (&w, column) in weights.iter().zip(u.chunks_exact(x.len().max(1))) {
        if w == 0.0 {
            continue;
        }
        let dot: f64 = x.iter().zip(column).map(|(a, b)| a * b).sum();
        let projection = (dot * inv_norm).abs().max(MIN_PROJECTION);
        score += w * -libm::log(projection);
    }
    score
}
