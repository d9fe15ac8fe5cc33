//! PRD: ProtoDash (Gurumoorthy, Dhurandhar, Cecchi and Aggarwal, 2019), per class.
//!
//! ProtoDash picks prototypes greedily and weights them so that the weighted prototypes match
//! the class's kernel mean: it maximises `F(w) = uᵀw − ½ wᵀKw` over `0 ≤ w ≤ 10⁴`, with `K` the
//! kernel matrix of the prototypes and `u_i = (1/n) Σ_j k(x_i, x_j)`. Each step adds the
//! candidate with the largest gradient `g_i = u_i − Σ_s w_s k(x_s, x_i)` and re-solves the
//! weights ([`crate::box_qp`]), warm-started, so `F` never decreases. See the reduction-methods
//! spec, §2.9.

use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::{LabelledPoints, Points};

use crate::box_qp::{QpLimits, maximise_box_qp, objective};
use crate::budget::Budget;
use crate::error::{Error, Result};
use crate::fidelity::{Fidelity, fidelity_counts};
use crate::memory::{DEFAULT_MAX_BYTES, check_bytes, f64_bytes};
use crate::reduction::{Reduced, Reducer, Selection};

/// Upper bound of every weight (the reference's).
const WEIGHT_CAP: f64 = 1e4;
/// A gain at or below this fraction of `max |u_i|` counts as no gain: the objective has
/// saturated (with the linear kernel, once the mean lies in the prototypes' cone, typically
/// after about `dim` picks), and what is left of the gradient is rounding.
const SATURATION: f64 = 1e-9;
/// Weight re-solves stop when no weight moves by more than this fraction of `max |u_i|`.
const QP_TOL: f64 = 1e-13;
/// Passes of coordinate ascent per re-solve, at most.
const QP_SWEEPS: usize = 500;
/// Kernel values cached per class (Gaussian kernel): the columns `k(x_s, ·)` of the gradient
/// picks, while they fit in this many `f64` (64 MiB). Later picks recompute their column when
/// their weight changes.
const COLUMN_CACHE: usize = 1 << 23;

/// The similarity ProtoDash matches means under.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kernel {
    /// `k(a, b) = exp(−‖a − b‖² / (2σ²))`, ProtoDash as published. `sigma` must be finite and
    /// positive, and so must `2σ²` (about `1e-154 < sigma < 1e154`).
    Gaussian {
        /// Bandwidth σ.
        sigma: f64,
    },
    /// `k(a, b) = aᵀb`, what the reference package actually runs (it never passes its `sigma`).
    Linear,
}

/// ProtoDash prototypes per class, with their weights.
///
/// * `Fidelity::Improved` (default): the kernel in `kernel` (default Gaussian, σ = 2, the
///   reference's nominal `sigma`), exactly the budgeted count per class, argmax with ties to the
///   lower row index, and the first pick by its exact gain `max(u_i, 0)² / (2 k(x_i, x_i))`.
///   Once no candidate improves `F` (see `SATURATION` in the source), the remaining picks are
///   made farthest-point first from the prototypes already chosen, with weight 0: they cannot
///   improve the mean match, so they improve coverage instead of following rounding noise.
/// * `Fidelity::Reference`: the linear kernel whatever `kernel` says, `trunc(ratio · n_c)` rows
///   per class, the first pick by `u_i² / (2 k(x_i, x_i))` as the reference computes it, and
///   its scan quirk in exact arithmetic: the lowest-index remaining candidate only wins when it
///   is the last one, so after saturation the second-lowest remaining index is taken. The
///   reference's duplicate picks are not replayed (a row is never chosen twice).
///
/// `max_bytes` (default [`DEFAULT_MAX_BYTES`], 1 GiB) bounds the kernel matrix of the gradient
/// picks, which grows with the square of their number ([`ProtoDash::working_bytes`]): before a
/// pick would take it above the limit, `prototypes` and `reduce` return `Error::TooLarge`.
/// The Gaussian kernel's column cache is a fixed 64 MiB on top.
///
/// Weights are the raw QP solution (not normalised), returned in [`Selection::weights`] in the
/// order of the sorted indices.
///
/// Cost per class of `n` rows, `m` picks, `d` features: `O(n² d)` for the Gaussian `u` (`O(n d)`
/// linear); per pick `O(n)` plus, before saturation, `O(n d)` per weight that moved (Gaussian) or
/// `O(n d)` (linear), and the re-solve; `O(m n d)` for the farthest-point fill.
///
/// ```
/// use reduce_core::{Budget, LabelledPoints, ProtoDash, Reduced, Reducer, SeededRng};
/// let x = [0.0_f32, 0.1, 0.2, 5.0, 5.1, 5.2];
/// let y = [0_u32; 6];
/// let data = LabelledPoints::new(&x, 1, &y)?;
/// let Reduced::Selection(s) = ProtoDash::default().reduce(data, Budget::Count(2), &mut SeededRng::new(0))?
/// else { unreachable!() };
/// assert_eq!(s.indices.len(), 2);
/// assert!(s.weights.unwrap().iter().all(|&w| w >= 0.0));
/// # Ok::<(), reduce_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProtoDash {
    /// The kernel (ignored in `Fidelity::Reference`, which uses the linear kernel).
    pub kernel: Kernel,
    /// Our behaviour or the reference's.
    pub fidelity: Fidelity,
    /// Limit in bytes on the prototypes' kernel matrix ([`ProtoDash::working_bytes`]).
    pub max_bytes: usize,
}

impl Default for ProtoDash {
    fn default() -> Self {
        Self {
            kernel: Kernel::Gaussian { sigma: 2.0 },
            fidelity: Fidelity::Improved,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The prototypes of one class, in pick order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Prototypes {
    /// Caller row indices, in the order they were picked.
    pub rows: Vec<usize>,
    /// Final weight of each pick (same order).
    pub weights: Vec<f64>,
    /// `F(w)` after each pick (same order): never decreasing.
    pub objective: Vec<f64>,
    /// How many picks were made by gradient before the objective saturated.
    pub gradient_picks: usize,
}

impl ProtoDash {
    /// Estimated bytes of the kernel matrix of `picks` gradient picks: `16 picks²` (`picks²`
    /// values, in rows that grow by doubling). `None` when it overflows `usize`.
    ///
    /// ```
    /// use reduce_core::ProtoDash;
    /// assert_eq!(ProtoDash::working_bytes(100), Some(160_000));
    /// ```
    pub fn working_bytes(picks: usize) -> Option<usize> {
        f64_bytes(picks.checked_mul(picks)?.checked_mul(2))
    }

    fn effective_kernel(&self) -> Result<Kernel> {
        match (self.fidelity, self.kernel) {
            (Fidelity::Reference, _) | (_, Kernel::Linear) => Ok(Kernel::Linear),
            // 2 sigma^2 must itself be finite and positive: a sigma whose square underflows to
            // 0 made k(x, x) = exp(-0 / 0) = NaN (found by the `reduce` fuzz target).
            (_, Kernel::Gaussian { sigma })
                if sigma > 0.0 && (2.0 * sigma * sigma).is_finite() && sigma * sigma > 0.0 =>
            {
                Ok(Kernel::Gaussian { sigma })
            }
            _ => Err(Error::InvalidParameter(
                "ProtoDash sigma must be finite and positive, with 2 sigma^2 finite and > 0",
            )),
        }
    }

    /// Runs ProtoDash on the rows `rows` of `points` (one class), picking `m` of them.
    pub fn prototypes(&self, points: Points<'_>, rows: &[usize], m: usize) -> Result<Prototypes> {
        let kernel = self.effective_kernel()?;
        let reference = self.fidelity == Fidelity::Reference;
        let n = rows.len();
        if m == 0 || m > n {
            return Err(Error::InvalidCount {
                requested: m,
                available: n,
            });
        }
        let d = points.dim();
        let mut xs: Vec<f64> = Vec::with_capacity(n * d);
        for &r in rows {
            let row = points
                .get(r)
                .ok_or(Error::InvalidParameter("row out of range"))?;
            xs.extend(row.iter().map(|&v| f64::from(v)));
        }
        let x = |i: usize| xs.get(i * d..(i + 1) * d).unwrap_or(&[]);
        let k = |a: &[f64], b: &[f64]| kernel_value(kernel, a, b);

        let u = mean_kernel(kernel, &xs, d, n);
        let diag: Vec<f64> = (0..n).map(|i| k(x(i), x(i))).collect();
        let scale = u.iter().fold(0.0_f64, |a, &v| a.max(v.abs()));
        let limits = QpLimits {
            upper: WEIGHT_CAP,
            tol: QP_TOL * scale,
            max_sweeps: QP_SWEEPS,
        };

        // h_i = Σ_s w_s k(x_s, x_i): kept for every row (Gaussian), or through v = Σ_s w_s x_s
        // (linear, where h_i = x_iᵀ v).
        let mut h = alloc::vec![0.0_f64; n];
        let mut v = alloc::vec![0.0_f64; d];
        let mut chosen = alloc::vec![false; n];
        let mut picks: Vec<usize> = Vec::with_capacity(m);
        let mut w: Vec<f64> = Vec::with_capacity(m);
        let mut kss: Vec<Vec<f64>> = Vec::new();
        let mut columns: Vec<Option<Vec<f64>>> = Vec::new();
        let mut cached = 0_usize;
        let mut objective_trace: Vec<f64> = Vec::with_capacity(m);
        let mut current = 0.0_f64;

        while picks.len() < m {
            if kernel == Kernel::Linear {
                for (i, hi) in h.iter_mut().enumerate() {
                    *hi = dot(x(i), &v);
                }
            }
            // The lowest remaining index is excluded in reference mode (its scan quirk) unless
            // it is the only candidate.
            let skip = if reference && n - picks.len() > 1 {
                chosen.iter().position(|&c| !c)
            } else {
                None
            };
            let first_step = picks.is_empty();
            let mut best: Option<(usize, f64)> = None;
            for i in 0..n {
                if chosen.get(i).copied().unwrap_or(true) || Some(i) == skip {
                    continue;
                }
                let (ui, hi, kii) = (
                    u.get(i).copied().unwrap_or(0.0),
                    h.get(i).copied().unwrap_or(0.0),
                    diag.get(i).copied().unwrap_or(0.0),
                );
                let value = if first_step {
                    let lead = if reference { ui } else { ui.max(0.0) };
                    if kii > 0.0 {
                        lead * lead / (2.0 * kii)
                    } else {
                        0.0
                    }
                } else {
                    ui - hi
                };
                if best.is_none_or(|(_, b)| value > b) {
                    best = Some((i, value));
                }
            }
            let Some((pick, _)) = best else { break };
            let gain = u.get(pick).copied().unwrap_or(0.0) - h.get(pick).copied().unwrap_or(0.0);
            if gain <= SATURATION * scale || diag.get(pick).copied().unwrap_or(0.0) <= 0.0 {
                break;
            }
            check_bytes(
                Self::working_bytes(picks.len() + 1),
                self.max_bytes,
                "ProtoDash's prototype kernel matrix exceeds max_bytes",
            )?;
            // Add the pick with weight 0 and re-solve all weights from the previous ones.
            let column: Option<Vec<f64>> = match kernel {
                Kernel::Gaussian { .. } if cached + n <= COLUMN_CACHE => {
                    cached += n;
                    Some((0..n).map(|i| k(x(pick), x(i))).collect())
                }
                _ => None,
            };
            let mut new_row: Vec<f64> = picks
                .iter()
                .map(|&s| {
                    column
                        .as_ref()
                        .and_then(|c| c.get(s).copied())
                        .unwrap_or_else(|| k(x(s), x(pick)))
                })
                .collect();
            for (row, &value) in kss.iter_mut().zip(&new_row) {
                row.push(value);
            }
            new_row.push(diag.get(pick).copied().unwrap_or(0.0));
            kss.push(new_row);
            columns.push(column);
            picks.push(pick);
            if let Some(c) = chosen.get_mut(pick) {
                *c = true;
            }
            let previous = w.clone();
            w.push(0.0);
            let us: Vec<f64> = picks
                .iter()
                .map(|&s| u.get(s).copied().unwrap_or(0.0))
                .collect();
            let mut kw: Vec<f64> = picks
                .iter()
                .map(|&s| h.get(s).copied().unwrap_or(0.0))
                .collect();
            maximise_box_qp(&kss, &us, &mut w, &mut kw, limits, picks.len() - 1);
            let value = objective(&us, &w, &kw);
            // Coordinate ascent cannot lower F; guard the trace against rounding all the same.
            current = current.max(value);
            objective_trace.push(current);
            // Propagate the weight changes to h (or v).
            for (idx, &s) in picks.iter().enumerate() {
                let delta =
                    w.get(idx).copied().unwrap_or(0.0) - previous.get(idx).copied().unwrap_or(0.0);
                if delta == 0.0 {
                    continue;
                }
                match kernel {
                    Kernel::Linear => {
                        for (vj, &xj) in v.iter_mut().zip(x(s)) {
                            *vj += delta * xj;
                        }
                    }
                    Kernel::Gaussian { .. } => {
                        if let Some(Some(col)) = columns.get(idx) {
                            for (hi, &c) in h.iter_mut().zip(col) {
                                *hi += delta * c;
                            }
                            continue;
                        }
                        let xs_row = x(s);
                        for (i, hi) in h.iter_mut().enumerate() {
                            *hi += delta * k(xs_row, x(i));
                        }
                    }
                }
            }
        }
        let gradient_picks = picks.len();

        // Saturated: fill the rest with weight 0.
        if picks.len() < m {
            if reference {
                // The quirk's order: second-lowest remaining index, then upwards, the lowest last.
                let remaining: Vec<usize> = (0..n)
                    .filter(|&i| !chosen.get(i).copied().unwrap_or(true))
                    .collect();
                let order = remaining.iter().skip(1).chain(remaining.first());
                let missing = m - picks.len();
                picks.extend(order.take(missing));
            } else {
                farthest_point_fill(&xs, d, n, &mut picks, &mut chosen, m);
            }
            w.resize(picks.len(), 0.0);
            objective_trace.resize(picks.len(), current);
        }

        Ok(Prototypes {
            rows: picks
                .iter()
                .map(|&i| rows.get(i).copied().unwrap_or(0))
                .collect(),
            weights: w,
            objective: objective_trace,
            gradient_picks,
        })
    }
}

impl Reducer for ProtoDash {
    fn name(&self) -> &'static str {
        "PRD"
    }

    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        _rng: &mut dyn RngCore,
    ) -> Result<Reduced> {
        self.effective_kernel()?;
        let counts = fidelity_counts(data.labels(), budget, self.fidelity)?;
        let mut picked: Vec<(usize, f64)> = Vec::with_capacity(counts.total());
        for &(label, _, keep) in &counts.classes {
            if keep == 0 {
                continue;
            }
            let rows = data.class_rows(label);
            let p = self.prototypes(data.points(), &rows, keep)?;
            picked.extend(p.rows.into_iter().zip(p.weights));
        }
        picked.sort_unstable_by_key(|&(i, _)| i);
        Ok(Reduced::Selection(Selection {
            indices: picked.iter().map(|&(i, _)| i).collect(),
            weights: Some(picked.iter().map(|&(_, w)| w).collect()),
        }))
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

fn kernel_value(kernel: Kernel, a: &[f64], b: &[f64]) -> f64 {
    match kernel {
        Kernel::Linear => dot(a, b),
        Kernel::Gaussian { sigma } => {
            let sq: f64 = a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum();
            libm::exp(-sq / (2.0 * sigma * sigma))
        }
    }
}

/// `u_i = (1/n) Σ_j k(x_i, x_j)`: through the mean for the linear kernel, by symmetric pairs
/// for the Gaussian one.
fn mean_kernel(kernel: Kernel, xs: &[f64], d: usize, n: usize) -> Vec<f64> {
    let x = |i: usize| xs.get(i * d..(i + 1) * d).unwrap_or(&[]);
    let inv_n = 1.0 / n as f64;
    match kernel {
        Kernel::Linear => {
            let mut mean = alloc::vec![0.0_f64; d];
            for i in 0..n {
                for (m, &v) in mean.iter_mut().zip(x(i)) {
                    *m += v;
                }
            }
            mean.iter_mut().for_each(|m| *m *= inv_n);
            (0..n).map(|i| dot(x(i), &mean)).collect()
        }
        Kernel::Gaussian { .. } => {
            let mut sums = alloc::vec![0.0_f64; n];
            for i in 0..n {
                let xi = x(i);
                let mut own = 1.0; // k(x_i, x_i)
                for j in i + 1..n {
                    let kij = kernel_value(kernel, xi, x(j));
                    own += kij;
                    if let Some(sj) = sums.get_mut(j) {
                        *sj += kij;
                    }
                }
                if let Some(si) = sums.get_mut(i) {
                    *si += own;
                }
            }
            sums.iter_mut().for_each(|s| *s *= inv_n);
            sums
        }
    }
}

/// Appends farthest-point picks (largest distance to the nearest pick, ties to the lower index)
/// until `m` rows are chosen.
fn farthest_point_fill(
    xs: &[f64],
    d: usize,
    n: usize,
    picks: &mut Vec<usize>,
    chosen: &mut [bool],
    m: usize,
) {
    let x = |i: usize| xs.get(i * d..(i + 1) * d).unwrap_or(&[]);
    let sq =
        |a: &[f64], b: &[f64]| -> f64 { a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum() };
    let mut nearest = alloc::vec![f64::INFINITY; n];
    for &s in picks.iter() {
        for (i, ni) in nearest.iter_mut().enumerate() {
            *ni = ni.min(sq(x(s), x(i)));
        }
    }
    while picks.len() < m {
        let mut best: Option<(usize, f64)> = None;
        for (i, &ni) in nearest.iter().enumerate() {
            if chosen.get(i).copied().unwrap_or(true) {
                continue;
            }
            if best.is_none_or(|(_, b)| ni > b) {
                best = Some((i, ni));
            }
        }
        let Some((pick, _)) = best else { break };
        picks.push(pick);
        if let Some(c) = chosen.get_mut(pick) {
            *c = true;
        }
        let xp = x(pick);
        for (i, ni) in nearest.iter_mut().enumerate() {
            *ni = ni.min(sq(xp, x(i)));
        }
    }
}
