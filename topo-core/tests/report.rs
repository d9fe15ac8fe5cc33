//! The representativeness report: the stability bound holds (property test on random clouds and
//! random subsets, Euclidean Rips diagrams and Euclidean Hausdorff distance), its epsilon equals
//! `epsilon_representativeness`, missing classes are reported, landmark estimates bracket the
//! exact value, and bad input gives typed errors.

use proptest::prelude::*;
use topo_core::{
    DiagramDistance, Error, LabelledPoints, Norm, Points, ReportParams, RipsParams, bottleneck,
    epsilon_representativeness, hausdorff, representativeness_report, rips_diagrams,
};

fn cloud(max: usize) -> impl Strategy<Value = (Vec<f32>, Vec<bool>)> {
    (3usize..=max).prop_flat_map(|n| {
        (
            prop::collection::vec(-10.0f32..10.0, n * 2),
            prop::collection::vec(any::<bool>(), n),
        )
    })
}

fn bottlenecks(c: &topo_core::ClassReport) -> Vec<f64> {
    c.dims
        .iter()
        .map(|d| match d.distance {
            DiagramDistance::Exact { bottleneck, .. } => bottleneck,
            _ => panic!("expected exact distances"),
        })
        .collect()
}

proptest! {

    /// d_B(Dgm_k(X), Dgm_k(S)) <= 2 d_H(X, S) for every subset S, k = 0, 1.
    #[test]
    fn stability_bound_holds_for_subsets((x, keep) in cloud(40)) {
        let n = x.len() / 2;
        let mut s: Vec<f32> = Vec::new();
        for i in (0..n).filter(|&i| keep[i]) {
            s.extend_from_slice(&x[2 * i..2 * i + 2]);
        }
        if s.is_empty() {
            s.extend_from_slice(&x[..2]);
        }
        let lx = vec![0u32; n];
        let ls = vec![0u32; s.len() / 2];
        let full = LabelledPoints::new(&x, 2, &lx).unwrap();
        let red = LabelledPoints::new(&s, 2, &ls).unwrap();
        let rep = representativeness_report(&full, &red, &ReportParams { norm: Norm::Euclidean, ..ReportParams::default() }).unwrap();
        let c = &rep.classes[0];
        let bound = c.bound.unwrap();
        // For a subset the Hausdorff distance is the Euclidean epsilon.
        prop_assert_eq!(c.hausdorff, c.epsilon);
        for b in bottlenecks(c) {
            // The Rips engine rounds distances to f32, so allow f32 rounding of the values.
            prop_assert!(b <= bound * (1.0 + 1e-6) + 1e-6, "bottleneck {} > bound {}", b, bound);
        }
        // Independent check of the report's H0/H1 values against the engine directly.
        let dx = rips_diagrams(Points::new(&x, 2).unwrap(), &RipsParams { max_dim: 1, threshold: None }).unwrap();
        if s.len() / 2 >= 3 {
            let ds = rips_diagrams(Points::new(&s, 2).unwrap(), &RipsParams { max_dim: 1, threshold: None }).unwrap();
            prop_assert_eq!(bottlenecks(c)[1], bottleneck(&dx[1], &ds[1]).unwrap());
        }
        prop_assert_eq!(c.hausdorff.unwrap(), hausdorff(&Points::new(&x, 2).unwrap(), &Points::new(&s, 2).unwrap(), Norm::Euclidean).unwrap());
    }

    /// With synthetic reduced points (not a subset) the bound uses the two-sided distance and
    /// still holds.
    #[test]
    fn stability_bound_holds_for_synthetic_points((x, _) in cloud(30), (y, _) in cloud(12)) {
        let lx = vec![0u32; x.len() / 2];
        let ly = vec![0u32; y.len() / 2];
        let full = LabelledPoints::new(&x, 2, &lx).unwrap();
        let red = LabelledPoints::new(&y, 2, &ly).unwrap();
        let rep = representativeness_report(&full, &red, &ReportParams::default()).unwrap();
        let c = &rep.classes[0];
        // Two-sided Euclidean >= one-sided Chebyshev.
        prop_assert!(c.hausdorff.unwrap() >= c.epsilon.unwrap());
        for b in bottlenecks(c) {
            prop_assert!(b <= c.bound.unwrap() * (1.0 + 1e-6) + 1e-6);
        }
    }
}

#[test]
fn report_epsilon_equals_epsilon_function_and_reports_missing() {
    let x = [
        0.0_f32, 0.0, 1.0, 0.0, 0.0, 1.0, 5.0, 5.0, 6.0, 5.0, 9.0, 9.0,
    ];
    let lx = [0, 0, 0, 1, 1, 2];
    let r = [0.0_f32, 0.0, 5.5, 5.0];
    let lr = [0, 1];
    let full = LabelledPoints::new(&x, 2, &lx).unwrap();
    let red = LabelledPoints::new(&r, 2, &lr).unwrap();
    for norm in [Norm::Chebyshev, Norm::Euclidean, Norm::Manhattan] {
        let params = ReportParams {
            norm,
            ..ReportParams::default()
        };
        let rep = representativeness_report(&full, &red, &params).unwrap();
        let eps = epsilon_representativeness(&full, &red, norm).unwrap();
        assert_eq!(rep.epsilon, f64::INFINITY);
        for (c, e) in rep.classes.iter().zip(&eps.classes) {
            assert_eq!(c.epsilon, e.epsilon);
            assert_eq!(c.epsilon_row, e.attained_at);
        }
        let missing = &rep.classes[2];
        assert!(missing.missing);
        assert_eq!((missing.rows_full, missing.rows_reduced), (1, 0));
        assert!(missing.dims.is_empty() && missing.bound.is_none());
    }
    // Class 1: two points 1 apart reduced to their midpoint: H0 of the full class has a death at
    // 1 (half-persistence 0.5), the reduced class has none; Hausdorff 0.5, bound 1.
    let rep = representativeness_report(&full, &red, &ReportParams::default()).unwrap();
    let c = &rep.classes[1];
    assert_eq!(c.hausdorff, Some(0.5));
    assert_eq!(c.bound, Some(1.0));
    assert_eq!(bottlenecks(c), vec![0.5, 0.0]);
}

#[test]
fn landmark_estimate_brackets_the_exact_value() {
    // A noisy circle of 120 points against every third point; H1 exact vs on 40 landmarks.
    let mut x = Vec::new();
    for i in 0..120 {
        let t = i as f32 * core::f32::consts::TAU / 120.0;
        let r = 1.0 + 0.05 * ((i * 7919) % 13) as f32 / 13.0;
        x.extend_from_slice(&[r * t.cos(), r * t.sin()]);
    }
    let s: Vec<f32> = x.chunks(2).step_by(3).flatten().copied().collect();
    let lx = vec![0u32; 120];
    let ls = vec![0u32; 40];
    let full = LabelledPoints::new(&x, 2, &lx).unwrap();
    let red = LabelledPoints::new(&s, 2, &ls).unwrap();
    let exact = representativeness_report(&full, &red, &ReportParams::default()).unwrap();
    let DiagramDistance::Exact { bottleneck: b, .. } = exact.classes[0].dims[1].distance else {
        panic!("exact expected");
    };
    let params = ReportParams {
        h1_max_points: 30,
        ..ReportParams::default()
    };
    let est = representativeness_report(&full, &red, &params).unwrap();
    let DiagramDistance::Landmark {
        bottleneck: m,
        error,
        landmarks_full,
        landmarks_reduced,
    } = est.classes[0].dims[1].distance
    else {
        panic!("landmark estimate expected");
    };
    assert_eq!((landmarks_full, landmarks_reduced), (30, 30));
    assert!(error > 0.0);
    assert!(
        (b - m).abs() <= error * (1.0 + 1e-6) + 1e-6,
        "exact {b}, estimate {m} ± {error}"
    );
    let off = ReportParams {
        h1_max_points: 30,
        h1_landmarks: false,
        ..ReportParams::default()
    };
    let skipped = representativeness_report(&full, &red, &off).unwrap();
    assert!(matches!(
        skipped.classes[0].dims[1].distance,
        DiagramDistance::Skipped { .. }
    ));
}

#[test]
fn bad_input_is_a_typed_error() {
    let x = [0.0_f32, 1.0, 2.0, 3.0];
    let l = [0u32, 0];
    let full = LabelledPoints::new(&x, 2, &l).unwrap();
    let narrow = LabelledPoints::new(&x[..2], 1, &l).unwrap();
    let p = ReportParams::default();
    assert!(matches!(
        representativeness_report(&full, &narrow, &p),
        Err(Error::DimMismatch { .. })
    ));
    let alien = [3u32];
    let red = LabelledPoints::new(&x[..2], 2, &alien).unwrap();
    assert_eq!(
        representativeness_report(&full, &red, &p),
        Err(Error::UnknownLabel(3))
    );
    let bad = ReportParams {
        wasserstein: Some(0.5),
        ..ReportParams::default()
    };
    assert!(representativeness_report(&full, &full, &bad).is_err());
    let bad = ReportParams {
        h1_max_points: 1,
        ..ReportParams::default()
    };
    assert!(representativeness_report(&full, &full, &bad).is_err());
}

#[test]
fn degenerate_classes_do_not_fail() {
    // Class 0: one row; class 1: three identical rows reduced to two identical rows.
    let x = [1.0_f32, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0];
    let lx = [0u32, 1, 1, 1];
    let r = [1.0_f32, 1.0, 2.0, 2.0, 2.0, 2.0];
    let lr = [0u32, 1, 1];
    let full = LabelledPoints::new(&x, 2, &lx).unwrap();
    let red = LabelledPoints::new(&r, 2, &lr).unwrap();
    let rep = representativeness_report(&full, &red, &ReportParams::default()).unwrap();
    assert_eq!(rep.epsilon, 0.0);
    for c in &rep.classes {
        assert_eq!(c.bound, Some(0.0));
        assert_eq!(bottlenecks(c), vec![0.0, 0.0]);
    }
}
