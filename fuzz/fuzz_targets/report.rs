//! The representativeness report of `topo_core` on arbitrary labelled clouds and a reduced set
//! (a subset of the rows, or an unrelated cloud), with arbitrary report settings.
//!
//! Asserts: the documented errors (width mismatch, unknown reduced label, Wasserstein order
//! below 1 or not finite, `h1_max_points < 2` with H1); otherwise one entry per full class;
//! missing classes carry no numbers and make the overall epsilon infinite; epsilon agrees with
//! `epsilon_representativeness`; the bound is twice the Hausdorff distance, which is at least the
//! Euclidean epsilon; and the stability theorem holds: every exact bottleneck distance is at most
//! the bound (up to the f32 rounding of Rips distances), every landmark estimate within its error.
#![no_main]

use frugal_fuzz::{Input, check, limits, methods};
use libfuzzer_sys::fuzz_target;
use topo_core::{
    DiagramDistance, Error, LabelledPoints, Norm, ReportParams, epsilon_representativeness,
    representativeness_report,
};

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let full = input.cloud(limits::MAX_ROWS / 2, 8);
    let full_labels = input.labels(full.rows);
    let params = ReportParams {
        norm: [Norm::Chebyshev, Norm::Euclidean, Norm::Manhattan][input.below(3)],
        h0: input.bool(),
        h1: input.bool(),
        wasserstein: match input.below(3) {
            0 => None,
            1 => Some(2.0),
            _ => Some(methods::param(&mut input)),
        },
        h1_max_points: input.below(40),
        h1_landmarks: input.bool(),
    };
    let (red_data, red_labels, red_dim) = if input.below(4) != 0 {
        let keep: Vec<usize> = (0..full.rows).filter(|_| input.bool()).collect();
        let data = keep.iter().flat_map(|&i| full.row(i).to_vec()).collect();
        let labels = keep.iter().map(|&i| full_labels[i]).collect();
        (data, labels, full.dim)
    } else {
        let other = input.cloud(limits::MAX_ROWS / 2, 8);
        let labels = input.labels(other.rows);
        (other.data, labels, other.dim)
    };
    let (Ok(f), Ok(r)) = (
        LabelledPoints::new(&full.data, full.dim, &full_labels),
        LabelledPoints::new(&red_data, red_dim, &red_labels),
    ) else {
        return;
    };
    let report = representativeness_report(&f, &r, &params);
    let classes = f.classes();
    let bad_order = params
        .wasserstein
        .is_some_and(|p| !(p.is_finite() && p >= 1.0));
    if red_dim != full.dim
        || red_labels.iter().any(|l| !classes.contains(l))
        || bad_order
        || params.h1 && params.h1_max_points < 2
    {
        assert!(report.is_err(), "invalid input accepted: {params:?}");
        return;
    }
    // Coordinates near f32::MAX make distances that do not fit an f32: a typed error is fine.
    let huge = full.data.iter().chain(&red_data).any(|v| v.abs() > 1e30);
    let report = match report {
        Ok(rep) => rep,
        Err(e @ (Error::InvalidParameter(_) | Error::TooLarge(_))) if huge => {
            let _ = e;
            return;
        }
        Err(e) => panic!("report failed on valid input: {e}"),
    };
    let eps = epsilon_representativeness(&f, &r, params.norm).expect("same checks as the report");
    // Largest Euclidean distance any two rows can have: the coordinate span times sqrt(dim).
    let (lo, hi) = full
        .data
        .iter()
        .chain(&red_data)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(f64::from(v)), hi.max(f64::from(v)))
        });
    let largest_distance = (hi - lo).max(0.0) * (full.dim.max(red_dim) as f64).sqrt();
    assert_eq!(report.classes.len(), classes.len());
    assert_eq!(
        report.epsilon.to_bits(),
        eps.epsilon.to_bits(),
        "overall epsilon"
    );
    for (c, e) in report.classes.iter().zip(&eps.classes) {
        assert_eq!(
            (c.label, c.rows_full, c.rows_reduced),
            (e.label, e.rows_full, e.rows_reduced)
        );
        assert_eq!(c.missing, c.rows_reduced == 0);
        if c.missing {
            assert!(c.epsilon.is_none() && c.hausdorff.is_none() && c.bound.is_none());
            assert!(c.dims.is_empty());
            continue;
        }
        assert_eq!(c.epsilon, e.epsilon, "class {}: epsilon", c.label);
        let h = c.hausdorff.expect("hausdorff of a present class");
        let bound = c.bound.expect("bound of a present class");
        check::distance_value(h, "hausdorff");
        assert_eq!(bound, 2.0 * h);
        if params.norm == Norm::Euclidean {
            assert!(h >= c.epsilon.unwrap_or(0.0), "hausdorff below epsilon");
        }
        // Rips distances are rounded to f32 (as Ripser does), each by at most half an ulp of
        // its own size, so the diagrams' values may move by a few ulps of the largest distance
        // in the data, whatever the bound (found: 1-D values up to 4e18 and 2e38, a bound of
        // 1.7e11, bottleneck 2^38 = half an f32 ulp at 4e18).
        let slack = bound * 1e-6 + 1e-30 + largest_distance * f64::powi(2.0, -21);
        let wanted = usize::from(params.h0) + usize::from(params.h1);
        assert_eq!(c.dims.len(), wanted, "one entry per requested dimension");
        for d in &c.dims {
            match d.distance {
                DiagramDistance::Exact {
                    bottleneck,
                    wasserstein,
                } => {
                    check::distance_value(bottleneck, "bottleneck");
                    if bound.is_finite() {
                        assert!(
                            bottleneck <= bound + slack,
                            "class {} H{}: bottleneck {bottleneck} above the bound {bound}",
                            c.label,
                            d.dim
                        );
                    }
                    if let Some(w) = wasserstein {
                        assert!(
                            w >= bottleneck * (1.0 - 1e-9),
                            "W {w} below bottleneck {bottleneck}"
                        );
                    }
                }
                DiagramDistance::Landmark {
                    bottleneck, error, ..
                } => {
                    check::distance_value(bottleneck, "landmark bottleneck");
                    check::distance_value(error, "landmark error");
                    if bound.is_finite() {
                        assert!(
                            bottleneck - error <= bound + slack,
                            "class {} H{}: landmark estimate {bottleneck} - {error} above {bound}",
                            c.label,
                            d.dim
                        );
                    }
                }
                DiagramDistance::Skipped { .. } => assert_eq!(d.dim, 1, "only H1 is skipped"),
                _ => {} // variants added later
            }
        }
    }
});
