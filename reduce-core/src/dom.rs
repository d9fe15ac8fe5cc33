//! DOM: epsilon-dominating sets (greedy epsilon-nets per class).

use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::LabelledPoints;

use crate::budget::{Budget, class_counts};
use crate::classes::{group_rows, merge_sorted, run_per_class};
use crate::dom_farthest::{DomAllocation, farthest_nets};
use crate::dom_metric::DomMetric;
use crate::dom_net::ClassIndex;
use crate::dom_polish::DOM_POLISH_WORK_LIMIT;
use crate::error::{Error, Result};
use crate::fidelity::{Fidelity, fidelity_counts};
use crate::reduction::{Reduced, Reducer, Selection};

/// Epsilon-dominating selection: per class, picks such that every row lies at distance
/// `< epsilon` from a pick of its class, the distance being `metric` (default Chebyshev, the
/// distance of the epsilon-representativeness) in `Improved` mode and Euclidean in `Reference`
/// mode.
///
/// With a given epsilon, and in `Reference` mode, the picks are the greedy net: walk the rows
/// in index order; the first row not yet covered becomes a pick and covers every row of its
/// class at distance `< epsilon` (neighbourhoods from a k-d tree when there are at most 12
/// features, else a scan over the still-uncovered rows; never an n x n matrix: at most
/// O(n_c · picks · d) per epsilon, O(n_c · d) memory).
///
/// With `epsilon` given, that epsilon is used and the budget is only validated. Otherwise:
/// `Improved` (default): each class's farthest-point walk (from its first row) gives, for
/// every count `k`, `k` rows that dominate the class for `epsilon` just above the walk's
/// covering radius, within a factor 2 of the smallest epsilon any `k` rows reach (the first
/// `k` picks are pairwise at least that radius apart). `allocation` shares the budget:
/// [`DomAllocation::ByRadius`] (default) keeps the budget's total exact, gives every budgeted
/// class at least one row and each further row to the class with the largest radius, so the
/// per-class counts follow the geometry as the reference's single epsilon does;
/// [`DomAllocation::PerClass`] gives each class exactly its budgeted count. With `ByRadius`,
/// when the walks' work is at most `polish_limit`, a polish bisects one epsilon below the
/// walks' worst, each class taking the fewer rows of its walk and its greedy net for it, and
/// keeps the best that fits the total (then filled up to it by radius). The reported epsilon
/// of a class is the smallest `f64` above its covering radius (0 when it keeps every row).
/// Cost O(n_c · k_c · d) per class for the walks (screened `f32` distances, exact decisions),
/// plus at most about 15 times the walks' work for the polish, which only runs when that is
/// below `polish_limit`.
/// `Reference`: the reference's global search: try `initial_epsilon`; accept when the kept
/// fraction of all rows is within 0.01 of the ratio; fail if it keeps too many; else bisect on
/// `[0, initial_epsilon]` for at most `max_iter` steps and return the last evaluation.
///
/// ```
/// use reduce_core::{Budget, Dom, LabelledPoints, SeededRng};
/// let x = [0.0_f32, 0.5, 1.0, 5.0, 5.5, 6.0];
/// let y = [0_u32; 6];
/// let data = LabelledPoints::new(&x, 1, &y)?;
/// let dom = Dom { epsilon: Some(1.2), ..Dom::default() };
/// let report = dom.select_with_report(data, Budget::Ratio(0.5), &mut SeededRng::new(0))?;
/// assert_eq!(report.selection.indices, vec![0, 3]);
/// # Ok::<(), reduce_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dom {
    /// A fixed epsilon (in `metric`; Euclidean in `Reference` mode); `None` searches for the
    /// budget. `<= 0` keeps every row.
    pub epsilon: Option<f64>,
    /// Start of the `Reference` search (reference default 1; the experiments used 5); must be
    /// finite and > 0 in every mode.
    pub initial_epsilon: f64,
    /// Bisection steps of the `Reference` search (reference default 10).
    pub max_iter: usize,
    /// How the `Improved` search shares the budget among classes (default
    /// [`DomAllocation::ByRadius`]).
    pub allocation: DomAllocation,
    /// The distance epsilon is measured in, in `Improved` mode (default
    /// [`DomMetric::Chebyshev`], the distance of the epsilon-representativeness);
    /// `Reference` is always Euclidean.
    pub metric: DomMetric,
    /// With `ByRadius`, the greedy-net polish runs when the walks' work
    /// (`rows × picks × features`, summed over the classes) is at most this (default
    /// [`DOM_POLISH_WORK_LIMIT`]; 0 turns it off).
    pub polish_limit: u64,
    /// Our behaviour or the reference's (see above).
    pub fidelity: Fidelity,
}

impl Default for Dom {
    fn default() -> Self {
        Self {
            epsilon: None,
            initial_epsilon: 1.0,
            max_iter: 10,
            allocation: DomAllocation::ByRadius,
            metric: DomMetric::Chebyshev,
            polish_limit: DOM_POLISH_WORK_LIMIT,
            fidelity: Fidelity::Improved,
        }
    }
}

/// A DOM selection with the epsilon each class reached.
#[derive(Debug, Clone, PartialEq)]
pub struct DomReport {
    /// The selected rows, sorted.
    pub selection: Selection,
    /// `(label, epsilon)` per class in ascending label order: every row of the class lies at
    /// distance `< epsilon` (in `Dom::metric`; Euclidean in `Reference` mode) from a selected
    /// row of its class (the greedy net's epsilon with a
    /// given epsilon and in `Reference` mode, the same value for every class there).
    pub epsilons: Vec<(u32, f64)>,
}

impl Dom {
    /// The selected rows and the epsilon each class reached.
    pub fn select_with_report(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        _rng: &mut dyn RngCore,
    ) -> Result<DomReport> {
        if let Some(e) = self.epsilon
            && !e.is_finite()
        {
            return Err(Error::InvalidParameter("DOM epsilon must be finite"));
        }
        if !(self.initial_epsilon > 0.0 && self.initial_epsilon.is_finite()) {
            return Err(Error::InvalidParameter(
                "DOM initial_epsilon must be finite and > 0",
            ));
        }
        let labels = data.labels();
        let points = data.points();
        let counts = fidelity_counts(labels, budget, self.fidelity)?;
        let classes = group_rows(labels, &counts);
        // The reference's distance is Euclidean; ours is the chosen metric.
        let metric = match self.fidelity {
            Fidelity::Improved => self.metric,
            Fidelity::Reference => DomMetric::Euclidean,
        };
        let fixed = |eps: f64| -> Result<(Vec<Vec<usize>>, usize)> {
            let nets = run_per_class(&classes, &mut crate::SeededRng::new(0), |c, _| {
                Ok(ClassIndex::new(points, &c.rows, metric)
                    .greedy_net(eps, usize::MAX)
                    .unwrap_or_default())
            })?;
            let size = nets.iter().map(Vec::len).sum();
            Ok((nets, size))
        };
        let report = |nets: Vec<Vec<usize>>, eps: Vec<f64>| DomReport {
            epsilons: classes.iter().map(|c| c.label).zip(eps).collect(),
            selection: Selection {
                indices: merge_sorted(nets),
                weights: None,
            },
        };
        if let Some(eps) = self.epsilon {
            let (nets, _) = fixed(eps)?;
            return Ok(report(nets, alloc::vec![eps; classes.len()]));
        }
        match self.fidelity {
            Fidelity::Improved => {
                let parts = farthest_nets(
                    points,
                    &classes,
                    self.allocation,
                    self.metric,
                    self.polish_limit,
                )?;
                let (nets, eps): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
                Ok(report(nets, eps))
            }
            Fidelity::Reference => {
                let n = labels.len() as f64;
                let ratio = match budget {
                    Budget::Ratio(r) => r,
                    Budget::Count(c) => {
                        class_counts(labels, budget, false)?;
                        c as f64 / n
                    }
                };
                let (mut nets, mut size) = fixed(self.initial_epsilon)?;
                let mut eps = self.initial_epsilon;
                let mut frac = size as f64 / n;
                if libm::fabs(frac - ratio) > 0.01 && frac > ratio {
                    return Err(Error::InvalidParameter(
                        "DOM initial_epsilon too low: it keeps more rows than the ratio",
                    ));
                }
                let (mut lo, mut hi) = (0.0, self.initial_epsilon);
                let mut it = 0;
                while libm::fabs(frac - ratio) > 0.01 && it < self.max_iter {
                    eps = 0.5 * (lo + hi);
                    (nets, size) = fixed(eps)?;
                    frac = size as f64 / n;
                    if frac > ratio {
                        lo = eps;
                    } else {
                        hi = eps;
                    }
                    it += 1;
                }
                Ok(report(nets, alloc::vec![eps; classes.len()]))
            }
        }
    }
}

impl Reducer for Dom {
    fn name(&self) -> &'static str {
        "DOM"
    }

    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Reduced> {
        self.select_with_report(data, budget, rng)
            .map(|r| Reduced::Selection(r.selection))
    }
}
