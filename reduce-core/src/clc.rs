//! CLC: clustering centroids (synthesizes points).

use alloc::vec::Vec;
use rand_core::RngCore;
use topo_core::LabelledPoints;

use crate::budget::Budget;
use crate::classes::{group_rows, run_per_class, threads_within_class};
use crate::error::{Error, Result};
use crate::fidelity::{Fidelity, fidelity_counts};
use crate::kmeans::{ClcInit, EmptyCluster, KMeansConfig, Stop, kmeans, nearest_rows};
use crate::reduction::{Reduced, Reducer, Synthesized};

/// Cluster centroids: per class, k-means with the budgeted number of centres; the centres
/// (new points) are the reduced set, labelled with their class.
///
/// `Improved` (default): `init` seeding (k-means++ by default), Lloyd's iterations accelerated
/// with Hamerly's bounds, stopping when the summed squared centre shift is at most
/// `tolerance` times the class's mean feature variance, when no assignment changes, or after
/// `max_iter` iterations; an emptied cluster is re-seeded with the point farthest from its
/// centre, so each class gets exactly its budgeted count (with duplicate rows, centres can
/// coincide). `Reference`: scipy's `kmeans(X_c, k, iter=1)` as the reference package calls
/// it: `k = trunc(ratio * n_c)` distinct random rows as initial centres (whatever `init` says),
/// stop when the mean unsquared distance to the assigned centre changes by at most 1e-5,
/// empty clusters dropped (a class can get fewer centres); `max_iter` still caps the loop.
///
/// With `nearest_rows` the result also names, for each centre, the nearest real row of its
/// class (O(n_c · k · d) more work; two centres may name the same row).
///
/// ```
/// use reduce_core::{Budget, Clc, LabelledPoints, Reduced, Reducer, SeededRng};
/// let x = [0.0_f32, 0.1, 0.2, 10.0, 10.1, 10.2];
/// let y = [0_u32; 6];
/// let data = LabelledPoints::new(&x, 1, &y)?;
/// let out = Clc::default().synthesize(data, Budget::Count(2), &mut SeededRng::new(5))?;
/// let mut c = out.points.clone();
/// c.sort_by(f32::total_cmp);
/// assert!((c[0] - 0.1).abs() < 1e-6 && (c[1] - 10.1).abs() < 1e-5);
/// # Ok::<(), reduce_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clc {
    /// Seeding of the centres (ignored in `Reference` mode, which seeds at random).
    pub init: ClcInit,
    /// Relative centre-shift tolerance (`Improved` mode), default 1e-4.
    pub tolerance: f64,
    /// Iteration cap of Lloyd's loop, default 300.
    pub max_iter: usize,
    /// Also return the nearest real row to each centre.
    pub nearest_rows: bool,
    /// Our behaviour or the reference's (see above).
    pub fidelity: Fidelity,
}

impl Default for Clc {
    fn default() -> Self {
        Self {
            init: ClcInit::KMeansPlusPlus,
            tolerance: 1e-4,
            max_iter: 300,
            nearest_rows: false,
            fidelity: Fidelity::Improved,
        }
    }
}

impl Clc {
    /// The centroids, class by class in ascending label order.
    pub fn synthesize(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Synthesized> {
        if !(self.tolerance >= 0.0 && self.tolerance.is_finite()) {
            return Err(Error::InvalidParameter(
                "CLC tolerance must be finite and >= 0",
            ));
        }
        let counts = fidelity_counts(data.labels(), budget, self.fidelity)?;
        let classes = group_rows(data.labels(), &counts);
        let row_threads = threads_within_class(&classes);
        let cfg = match self.fidelity {
            Fidelity::Improved => KMeansConfig {
                init: self.init,
                empty: EmptyCluster::Reseed,
                stop: Stop::CentreShift(self.tolerance),
                max_iter: self.max_iter,
                row_threads,
            },
            Fidelity::Reference => KMeansConfig {
                init: ClcInit::Random,
                empty: EmptyCluster::Drop,
                stop: Stop::MeanDistance(1e-5),
                max_iter: self.max_iter,
                row_threads,
            },
        };
        let points = data.points();
        let dim = points.dim();
        let parts = run_per_class(&classes, rng, |c, r| {
            let result = kmeans(points, &c.rows, c.keep, &cfg, r);
            let near = if self.nearest_rows {
                nearest_rows(points, &c.rows, &result.centres)
            } else {
                Vec::new()
            };
            Ok((c.label, result, near))
        })?;
        let mut out = Synthesized {
            points: Vec::new(),
            dim,
            labels: Vec::new(),
            nearest_rows: self.nearest_rows.then(Vec::new),
        };
        for (label, result, near) in parts {
            out.points.extend(result.centres.iter().map(|&v| v as f32));
            out.labels.extend(core::iter::repeat_n(label, result.k));
            if let Some(n) = out.nearest_rows.as_mut() {
                n.extend(near);
            }
        }
        Ok(out)
    }
}

impl Reducer for Clc {
    fn name(&self) -> &'static str {
        "CLC"
    }

    fn reduce(
        &self,
        data: LabelledPoints<'_>,
        budget: Budget,
        rng: &mut dyn RngCore,
    ) -> Result<Reduced> {
        self.synthesize(data, budget, rng).map(Reduced::Synthesized)
    }
}
