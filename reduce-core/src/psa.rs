//! PSA: principal sample analysis (Ghojogh and Crowley, 2018), the algorithm as intended.
//!
//! Per class, a RANSAC search finds a small group of rows that (a) regresses like the whole
//! class (cosine between the OLS coefficients of the class and the ridge coefficients of the
//! group, for the best target feature), (b) is spread out (`V`), (c) is close to its own class
//! (`W`) and far from the others (`B`). The group is ranked by `B/W` per row; every other row is
//! ranked by `B/W` measured against the ranked groups (its own class's group for `W`, the other
//! classes' groups for `B`). The class keeps its group first, then the best-ranked rows. See the
//! reduction-methods spec, §2.8: the reference measured `B` against its own group by mistake,
//! which made every score `C − 1`; here `B` uses the other classes, as the paper intends.
//!
//! Every weighted sum of squared distances is computed from per-class moments,
//! `Σ_z ω(z) ‖a − z‖² = Ω ‖a‖² − 2 aᵀ S + Q` with `Ω = Σ ω`, `S = Σ ω z`, `Q = Σ ω ‖z‖²`, so no
//! pairwise distances are ever formed: the whole method is `O(N d² + N C d + R C d³)`.

use alloc::vec::Vec;
use nalgebra::{DMatrix, DVector};
use rand_core::RngCore;
use topo_core::LabelledPoints;

use crate::budget::{Budget, class_counts};
use crate::error::{Error, Result};
use crate::memory::{DEFAULT_MAX_BYTES, check_bytes, f64_bytes};
use crate::reduction::{Reduced, Reducer, Selection};

/// PSA with its parameters.
///
/// * `ransac_iterations` (default 20, the reference's): random groups tried per class.
/// * `group_size` (default `None`, meaning the number of features `d`, as the reference): rows
///   per group, capped at the class size. The reference pads classes smaller than `d` with
///   Gaussian noise rows; here the group shrinks instead.
/// * `ridge` (default `1e-4`): the ridge penalty of the group's regression.
/// * `max_bytes` (default [`DEFAULT_MAX_BYTES`], 1 GiB): the limit on the `d x d` working
///   matrices, checked before they are allocated (see [`Psa::working_bytes`]); above it
///   `reduce` returns `Error::TooLarge`.
///
/// The weight of a row `z` of class `c` is `ω(z) = (cos(z, μ_c) + 1) / 2` with `μ_c` the class
/// mean (0.5 for a zero row). The regression of a target feature on the others uses centred
/// data (an intercept) and compares slopes only. With a single feature there is no regression
/// and the cosine term is 1; with a single class there is no `B` and it is taken as 1, so rows
/// are ranked by closeness alone. A ratio with a zero denominator (all rows identical) ranks
/// first when its numerator is positive and scores 0 otherwise; ties go to the lower row index.
///
/// ```
/// use reduce_core::{Budget, LabelledPoints, Psa, Reduced, Reducer, SeededRng};
/// let x = [0.0_f32, 0.0, 0.1, 0.2, 0.2, 0.1, 1.0, 1.0, 0.9, 1.1, 1.1, 0.8];
/// let y = [0_u32, 0, 0, 1, 1, 1];
/// let data = LabelledPoints::new(&x, 2, &y)?;
/// let r = Psa::default().reduce(data, Budget::Ratio(0.67), &mut SeededRng::new(3))?;
/// assert_eq!(r.len(), 4);
/// # Ok::<(), reduce_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Psa {
    /// Random groups tried per class (at least 1).
    pub ransac_iterations: usize,
    /// Rows per group; `None` means the number of features.
    pub group_size: Option<usize>,
    /// Ridge penalty of the group regression (finite, non-negative).
    pub ridge: f64,
    /// Limit in bytes on the working matrices ([`Psa::working_bytes`]).
    pub max_bytes: usize,
}

impl Default for Psa {
    fn default() -> Self {
        Self {
            ransac_iterations: 20,
            group_size: None,
            ridge: 1e-4,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Per-class moments: everything the weighted distance sums need.
struct ClassMoments {
    rows: Vec<usize>,
    keep: usize,
    /// Σ ω
    omega: f64,
    /// Σ ω z
    s: Vec<f64>,
    /// Σ ω ‖z‖²
    q: f64,
    /// Mean and centred scatter Σ (z − μ)(z − μ)ᵀ (d x d).
    mean: Vec<f64>,
    scatter: DMatrix<f64>,
}

impl ClassMoments {
    /// `Σ_z ω(z) ‖a − z‖²` over the class.
    fn weighted_sq_sum(&self, a: &[f64]) -> f64 {
        let aa: f64 = a.iter().map(|v| v * v).sum();
        let as_: f64 = a.iter().zip(&self.s).map(|(p, q)| p * q).sum();
        (self.omega * aa - 2.0 * as_ + self.q).max(0.0)
    }
}

/// A ranked group summarised for `Σ_k a_k ‖x − q_k‖²` (the `a_k` sum to 1).
struct GroupMoments {
    /// Σ a_k q_k
    p: Vec<f64>,
    /// Σ a_k ‖q_k‖²
    r: f64,
}

impl GroupMoments {
    fn weighted_sq_sum(&self, x: &[f64]) -> f64 {
        let xx: f64 = x.iter().map(|v| v * v).sum();
        let xp: f64 = x.iter().zip(&self.p).map(|(a, b)| a * b).sum();
        (xx - 2.0 * xp + self.r).max(0.0)
    }
}

impl Psa {
    /// Estimated peak bytes of the working matrices for `classes` classes of `dim` features:
    /// `8 (classes + 6) dim²`, one `dim x dim` scatter matrix kept per class plus six live
    /// during a class's RANSAC search (the class's slopes, the group's scatter, the regression
    /// system and its factorisation). `None` when it overflows `usize`. Memory linear in the
    /// rows comes on top.
    ///
    /// ```
    /// use reduce_core::Psa;
    /// assert_eq!(Psa::working_bytes(10, 2), Some(8 * 8 * 100));
    /// ```
    pub fn working_bytes(dim: usize, classes: usize) -> Option<usize> {
        f64_bytes(dim.checked_mul(dim)?.checked_mul(classes.checked_add(6)?))
    }

    fn validate(&self) -> Result<()> {
        if self.ransac_iterations == 0 {
            return Err(Error::InvalidParameter(
                "PSA needs at least one RANSAC iteration",
            ));
        }
        if self.group_size == Some(0) {
            return Err(Error::InvalidParameter("PSA group size must be positive"));
        }
        if !(self.ridge.is_finite() && self.ridge >= 0.0) {
            return Err(Error::InvalidParameter(
                "PSA ridge must be finite and non-negative",
            ));
        }
        Ok(())
    }
}

impl Reducer for Psa {
    fn name(&self) -> &'static str {
        "PSA"
    }

    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Reduced> {
        self.validate()?;
        let counts = class_counts(data.labels(), budget, true)?;
        let points = data.points();
        let d = points.dim();
        check_bytes(
            Self::working_bytes(d, counts.classes.len()),
            self.max_bytes,
            "PSA's d x d working matrices exceed max_bytes",
        )?;
        let row = |i: usize| -> Vec<f64> {
            points
                .get(i)
                .map(|r| r.iter().map(|&v| f64::from(v)).collect())
                .unwrap_or_default()
        };

        // Moments of every class, in ascending label order.
        let mut classes: Vec<ClassMoments> = Vec::with_capacity(counts.classes.len());
        for &(label, _, keep) in &counts.classes {
            let rows = data.class_rows(label);
            classes.push(class_moments(points.as_slice(), d, rows, keep));
        }

        // The best group of each class, ranked.
        let mut groups: Vec<Vec<usize>> = Vec::with_capacity(classes.len());
        for (c, own) in classes.iter().enumerate() {
            let size = self.group_size.unwrap_or(d).min(own.rows.len()).max(1);
            let best = self.best_group(c, &classes, size, d, &row, rng);
            // Rank inside the group by B(g) / W(g).
            let mut scored: Vec<(usize, f64)> = best
                .iter()
                .map(|&i| {
                    let x = row(i);
                    let b = between(c, &classes, &x);
                    (i, ratio(b, own.weighted_sq_sum(&x)))
                })
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            groups.push(scored.into_iter().map(|(i, _)| i).collect());
        }
        let summaries: Vec<GroupMoments> = groups.iter().map(|g| group_moments(g, &row)).collect();

        // Per class: the group first, then the other rows by B(x) / W(x) against the groups.
        let mut picked: Vec<usize> = Vec::with_capacity(counts.total());
        let single = classes.len() == 1;
        for (c, own) in classes.iter().enumerate() {
            let group = groups.get(c).map_or(&[][..], Vec::as_slice);
            picked.extend(group.iter().take(own.keep));
            let rest = own.keep.saturating_sub(group.len());
            if rest == 0 {
                continue;
            }
            let Some(own_group) = summaries.get(c) else {
                continue;
            };
            let mut scored: Vec<(usize, f64)> = own
                .rows
                .iter()
                .filter(|i| !group.contains(i))
                .map(|&i| {
                    let x = row(i);
                    let b = if single {
                        1.0
                    } else {
                        summaries
                            .iter()
                            .enumerate()
                            .filter(|&(k, _)| k != c)
                            .map(|(_, g)| g.weighted_sq_sum(&x))
                            .sum()
                    };
                    (i, ratio(b, own_group.weighted_sq_sum(&x)))
                })
                .collect();
            let order =
                |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if rest < scored.len() {
                scored.select_nth_unstable_by(rest, order);
                scored.truncate(rest);
            }
            picked.extend(scored.iter().map(|&(i, _)| i));
        }
        picked.sort_unstable();
        Ok(Reduced::Selection(Selection {
            indices: picked,
            weights: None,
        }))
    }
}

impl Psa {
    /// The RANSAC search of class `c`: the group (caller row indices) of the best score.
    fn best_group(
        &self,
        c: usize,
        classes: &[ClassMoments],
        size: usize,
        d: usize,
        row: &dyn Fn(usize) -> Vec<f64>,
        rng: &mut dyn RngCore,
    ) -> Vec<usize> {
        let Some(own) = classes.get(c) else {
            return Vec::new();
        };
        let n = own.rows.len();
        // The class's OLS slopes for each target feature, computed once.
        let class_slopes: Vec<Option<Vec<f64>>> = (0..d.saturating_sub(1))
            .map(|t| slopes(&own.scatter, t, 0.0))
            .collect();
        let mut best: Option<(f64, Vec<usize>)> = None;
        for _ in 0..self.ransac_iterations {
            let members: Vec<usize> = sample_distinct(n, size, rng)
                .into_iter()
                .filter_map(|k| own.rows.get(k).copied())
                .collect();
            let xs: Vec<Vec<f64>> = members.iter().map(|&i| row(i)).collect();
            let score = self.group_score(c, classes, &xs, &class_slopes, d);
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, members));
            }
        }
        let mut group = best.map(|(_, g)| g).unwrap_or_default();
        group.sort_unstable();
        group
    }

    /// `max_t cos(β_class(t), β_group(t)) · V · B / W` for one group.
    fn group_score(
        &self,
        c: usize,
        classes: &[ClassMoments],
        xs: &[Vec<f64>],
        class_slopes: &[Option<Vec<f64>>],
        d: usize,
    ) -> f64 {
        let m = xs.len() as f64;
        let mut mean = alloc::vec![0.0_f64; d];
        for x in xs {
            for (a, v) in mean.iter_mut().zip(x) {
                *a += v / m;
            }
        }
        let v: f64 = xs.iter().map(|x| sq_dist(x, &mean)).sum();
        // W(G) = Σ_{g'} ω(g') Σ_g ‖g − g'‖² (the g = g' terms are 0).
        let own_mean = classes.get(c).map_or(&[][..], |k| k.mean.as_slice());
        let sum_sq: f64 = xs
            .iter()
            .map(|x| x.iter().map(|a| a * a).sum::<f64>())
            .sum();
        let w: f64 = xs
            .iter()
            .map(|g2| {
                let g2_sq: f64 = g2.iter().map(|a| a * a).sum();
                let cross: f64 = g2.iter().zip(&mean).map(|(a, b)| a * b * m).sum();
                omega(g2, own_mean) * (m * g2_sq - 2.0 * cross + sum_sq).max(0.0)
            })
            .sum();
        let b = if classes.len() == 1 {
            1.0
        } else {
            between(c, classes, &mean)
        };
        let spread = ratio(v * b, w);
        if d < 2 {
            return spread;
        }
        // The group's centred scatter, for its ridge regressions.
        let mut scatter = DMatrix::<f64>::zeros(d, d);
        for x in xs {
            for i in 0..d {
                let xi = x.get(i).copied().unwrap_or(0.0) - mean.get(i).copied().unwrap_or(0.0);
                for j in 0..d {
                    let xj = x.get(j).copied().unwrap_or(0.0) - mean.get(j).copied().unwrap_or(0.0);
                    scatter[(i, j)] += xi * xj;
                }
            }
        }
        let mut best = f64::NEG_INFINITY;
        for (t, class_beta) in class_slopes.iter().enumerate() {
            let cos = match (
                class_beta,
                slopes(&scatter, t, self.ridge.max(f64::MIN_POSITIVE)),
            ) {
                (Some(a), Some(g)) => cosine(a, &g),
                _ => 0.0,
            };
            best = best.max(cos * spread);
        }
        best
    }
}

fn class_moments(features: &[f32], d: usize, rows: Vec<usize>, keep: usize) -> ClassMoments {
    let n = rows.len().max(1) as f64;
    let get = |i: usize| features.get(i * d..(i + 1) * d).unwrap_or(&[]);
    let mut mean = alloc::vec![0.0_f64; d];
    for &i in &rows {
        for (m, &v) in mean.iter_mut().zip(get(i)) {
            *m += f64::from(v);
        }
    }
    mean.iter_mut().for_each(|m| *m /= n);
    let mut omega_sum = 0.0;
    let mut s = alloc::vec![0.0_f64; d];
    let mut q = 0.0;
    // Scatter accumulated in the upper triangle, mirrored at the end.
    let mut scatter = alloc::vec![0.0_f64; d * d];
    let mut x = alloc::vec![0.0_f64; d];
    let mut centred = alloc::vec![0.0_f64; d];
    for &i in &rows {
        for ((xv, cv), (&v, &m)) in x
            .iter_mut()
            .zip(centred.iter_mut())
            .zip(get(i).iter().zip(&mean))
        {
            *xv = f64::from(v);
            *cv = *xv - m;
        }
        let w = omega(&x, &mean);
        omega_sum += w;
        for (sv, xv) in s.iter_mut().zip(&x) {
            *sv += w * xv;
        }
        q += w * x.iter().map(|v| v * v).sum::<f64>();
        for a in 0..d {
            let ca = centred.get(a).copied().unwrap_or(0.0);
            if let Some(line) = scatter.get_mut(a * d..(a + 1) * d) {
                for (cell, &cb) in line.iter_mut().zip(&centred).skip(a) {
                    *cell += ca * cb;
                }
            }
        }
    }
    let scatter = DMatrix::from_fn(d, d, |a, b| {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        scatter.get(lo * d + hi).copied().unwrap_or(0.0)
    });
    ClassMoments {
        rows,
        keep,
        omega: omega_sum,
        s,
        q,
        mean,
        scatter,
    }
}

fn group_moments(ranked: &[usize], row: &dyn Fn(usize) -> Vec<f64>) -> GroupMoments {
    let m = ranked.len();
    let total = (m * (m + 1)) as f64 / 2.0;
    let mut p: Vec<f64> = Vec::new();
    let mut r = 0.0;
    for (k, &i) in ranked.iter().enumerate() {
        let a = (m - k) as f64 / total;
        let x = row(i);
        if p.is_empty() {
            p = alloc::vec![0.0; x.len()];
        }
        for (pv, xv) in p.iter_mut().zip(&x) {
            *pv += a * xv;
        }
        r += a * x.iter().map(|v| v * v).sum::<f64>();
    }
    GroupMoments { p, r }
}

/// `B(a) = Σ_{c' ≠ c} Σ_{z ∈ c'} ω(z) ‖a − z‖²`.
fn between(c: usize, classes: &[ClassMoments], a: &[f64]) -> f64 {
    if classes.len() == 1 {
        return 1.0;
    }
    classes
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != c)
        .map(|(_, k)| k.weighted_sq_sum(a))
        .sum()
}

/// `num / den`, with a zero denominator ranking first (`+∞`) when the numerator is positive.
fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else if num > 0.0 {
        f64::INFINITY
    } else {
        0.0
    }
}

/// `ω(z) = (cos(z, mean) + 1) / 2`, 0.5 when either vector is zero.
fn omega(z: &[f64], mean: &[f64]) -> f64 {
    (cosine(z, mean) + 1.0) / 2.0
}

fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let ab: f64 = a.iter().zip(b).map(|(p, q)| p * q).sum();
    let aa: f64 = a.iter().map(|v| v * v).sum();
    let bb: f64 = b.iter().map(|v| v * v).sum();
    let den = libm::sqrt(aa * bb);
    if den > 0.0 {
        (ab / den).clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum()
}

/// Slopes of feature `t` regressed on the others from a centred scatter matrix, with ridge
/// `lambda`: `(S₋ₜ₋ₜ + λI) β = S₋ₜₜ`. A singular system (λ = 0, collinear features) is solved
/// in the least-squares sense (pseudo-inverse); `None` if even that fails.
fn slopes(scatter: &DMatrix<f64>, t: usize, lambda: f64) -> Option<Vec<f64>> {
    let d = scatter.nrows();
    if t >= d || d < 2 {
        return None;
    }
    let others: Vec<usize> = (0..d).filter(|&j| j != t).collect();
    let k = others.len();
    let mut a = DMatrix::<f64>::zeros(k, k);
    let mut rhs = DVector::<f64>::zeros(k);
    for (p, &i) in others.iter().enumerate() {
        rhs[p] = scatter[(i, t)];
        for (q, &j) in others.iter().enumerate() {
            a[(p, q)] = scatter[(i, j)] + if p == q { lambda } else { 0.0 };
        }
    }
    if lambda > 0.0
        && let Some(ch) = a.clone().cholesky()
    {
        return Some(ch.solve(&rhs).iter().copied().collect());
    }
    let scale = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let svd = nalgebra::SVD::try_new(a, true, true, f64::EPSILON, 1000 * k.max(8))?;
    let beta = svd.solve(&rhs, scale * k as f64 * f64::EPSILON).ok()?;
    Some(beta.iter().copied().collect())
}

/// `size` distinct values of `0..n`, uniformly (Floyd's algorithm), `size <= n`.
fn sample_distinct(n: usize, size: usize, rng: &mut dyn RngCore) -> Vec<usize> {
    let size = size.min(n);
    let mut out: Vec<usize> = Vec::with_capacity(size);
    for j in n - size..n {
        let r = below(j + 1, rng);
        if out.contains(&r) {
            out.push(j);
        } else {
            out.push(r);
        }
    }
    out
}

/// A uniform integer in `0..bound` (Lemire's multiply-shift; the bias is below 2⁻³² for the
/// bounds used here).
fn below(bound: usize, rng: &mut dyn RngCore) -> usize {
    ((u128::from(rng.next_u64()) * bound as u128) >> 64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_give_the_weighted_distance_sums() {
        // Class rows (1,0), (0,1), (2,2): check Σ ω(z)‖a − z‖² against the direct sum.
        let f = [1.0_f32, 0.0, 0.0, 1.0, 2.0, 2.0];
        let m = class_moments(&f, 2, alloc::vec![0, 1, 2], 1);
        let mean = [1.0, 1.0];
        let a = [0.5, -1.0];
        let direct: f64 = f
            .chunks_exact(2)
            .map(|z| {
                let z = [f64::from(z[0]), f64::from(z[1])];
                omega(&z, &mean) * sq_dist(&a, &z)
            })
            .sum();
        assert!((m.weighted_sq_sum(&a) - direct).abs() < 1e-12);
        // ω((1,0)) = (cos 45° + 1)/2.
        assert!(
            (omega(&[1.0, 0.0], &mean) - (core::f64::consts::FRAC_1_SQRT_2 + 1.0) / 2.0).abs()
                < 1e-12
        );
    }

    #[test]
    fn slopes_recover_an_exact_linear_relation() {
        // x2 = 2·x0 − x1 on centred data: regressing feature 2 gives slopes (2, −1).
        let rows = [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.5], [0.5, -2.0]];
        let mut s = DMatrix::<f64>::zeros(3, 3);
        let pts: Vec<[f64; 3]> = rows
            .iter()
            .map(|r| [r[0], r[1], 2.0 * r[0] - r[1]])
            .collect();
        let mean: Vec<f64> = (0..3)
            .map(|j| pts.iter().map(|p| p[j]).sum::<f64>() / 4.0)
            .collect();
        for p in &pts {
            for i in 0..3 {
                for j in 0..3 {
                    s[(i, j)] += (p[i] - mean[i]) * (p[j] - mean[j]);
                }
            }
        }
        let b = slopes(&s, 2, 0.0).unwrap();
        assert!(
            (b[0] - 2.0).abs() < 1e-9 && (b[1] + 1.0).abs() < 1e-9,
            "{b:?}"
        );
    }

    #[test]
    fn floyd_sampling_is_distinct_and_in_range() {
        let mut rng = crate::SeededRng::new(5);
        for n in 1..30 {
            for size in 0..=n {
                let mut s = sample_distinct(n, size, &mut rng);
                assert_eq!(s.len(), size);
                s.sort_unstable();
                s.dedup();
                assert_eq!(s.len(), size);
                assert!(s.iter().all(|&v| v < n));
            }
        }
    }
}
