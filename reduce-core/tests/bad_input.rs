//! Bad input: typed errors or documented results, never a panic or a hang.

use reduce_core::{
    Budget, Clc, Des, Dom, Error, Fes, Fidelity, ForgettingStats, LabelledPoints, Mms, MmsStart,
    Reduced, Reducer, SeededRng, Srs, method_by_name,
};

fn all_methods() -> Vec<Box<dyn Reducer>> {
    vec![
        Box::new(Srs::default()),
        Box::new(Clc::default()),
        Box::new(Mms::default()),
        Box::new(Des::default()),
        Box::new(Dom::default()),
        Box::new(Clc {
            fidelity: Fidelity::Reference,
            ..Clc::default()
        }),
        Box::new(Dom {
            fidelity: Fidelity::Reference,
            initial_epsilon: 5.0,
            ..Dom::default()
        }),
        Box::new(Des {
            fidelity: Fidelity::Reference,
            ..Des::default()
        }),
    ]
}

#[test]
fn invalid_views_are_rejected_before_any_method_runs() {
    assert!(LabelledPoints::new(&[], 2, &[]).is_err());
    assert!(LabelledPoints::new(&[1.0, f32::NAN], 1, &[0, 0]).is_err());
    assert!(LabelledPoints::new(&[1.0, f32::INFINITY], 1, &[0, 0]).is_err());
    assert!(LabelledPoints::new(&[1.0, 2.0], 1, &[0]).is_err());
}

#[test]
fn bad_budgets_are_typed_errors() {
    let x = [0.0_f32, 1.0, 2.0, 3.0];
    let y = [0_u32, 0, 1, 1];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    for m in all_methods() {
        for r in [0.0, -0.5, 1.5, f64::NAN, f64::INFINITY] {
            let e = m.reduce(data, Budget::Ratio(r), &mut SeededRng::new(0));
            assert!(matches!(e, Err(Error::InvalidRatio(_))), "{} {r}", m.name());
        }
        for c in [0, 5] {
            let e = m.reduce(data, Budget::Count(c), &mut SeededRng::new(0));
            assert!(matches!(e, Err(Error::InvalidCount { .. })), "{}", m.name());
        }
    }
}

#[test]
fn single_row_classes_duplicates_and_identical_points_do_not_hang() {
    // Class 0: five identical points; class 1: one row; class 2: duplicated pairs.
    let x = [1.0_f32, 1.0, 1.0, 1.0, 1.0, 7.0, 3.0, 3.0, 4.0, 4.0];
    let y = [0_u32, 0, 0, 0, 0, 1, 2, 2, 2, 2];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    for m in all_methods() {
        for b in [Budget::Ratio(0.5), Budget::Ratio(1.0), Budget::Count(3)] {
            let out = m.reduce(data, b, &mut SeededRng::new(1));
            let Ok(out) = out else {
                // Only the reference DOM search may refuse (its documented "too low" error).
                assert_eq!(m.name(), "DOM", "{:?}", out);
                continue;
            };
            match out {
                Reduced::Selection(s) => {
                    assert!(s.indices.windows(2).all(|w| w[0] < w[1]));
                    assert!(s.indices.iter().all(|&i| i < y.len()));
                }
                Reduced::Synthesized(s) => {
                    assert!(s.points.iter().all(|v| v.is_finite()));
                }
            }
        }
    }
    // Identical points: MMS still returns distinct rows, and exactly the count.
    let mms = Mms::default()
        .select(data, Budget::Ratio(1.0), &mut SeededRng::new(0))
        .unwrap();
    assert_eq!(mms.indices, (0..10).collect::<Vec<_>>());
}

#[test]
fn method_parameters_out_of_range_are_typed_errors() {
    let x = [0.0_f32, 1.0, 2.0, 3.0];
    let y = [0_u32, 0, 1, 1];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let mut rng = SeededRng::new(0);
    let b = Budget::Ratio(0.5);
    let bad_start = Mms {
        start: MmsStart::Index(2),
        ..Mms::default()
    };
    assert!(matches!(
        bad_start.select(data, b, &mut rng),
        Err(Error::InvalidParameter(_))
    ));
    for f in [0.0, 1.5, f64::NAN] {
        let d = Des {
            base_fraction: f,
            ..Des::default()
        };
        assert!(matches!(
            d.select(data, b, &mut rng),
            Err(Error::InvalidParameter(_))
        ));
    }
    let d = Des {
        base: Some(vec![0, 0]),
        fidelity: Fidelity::Reference,
        ..Des::default()
    };
    assert!(matches!(
        d.select(data, b, &mut rng),
        Err(Error::InvalidParameter(_))
    ));
    for e in [f64::NAN, f64::INFINITY] {
        let d = Dom {
            epsilon: Some(e),
            ..Dom::default()
        };
        assert!(matches!(
            d.select_with_report(data, b, &mut rng),
            Err(Error::InvalidParameter(_))
        ));
    }
    let d = Dom {
        initial_epsilon: 0.0,
        ..Dom::default()
    };
    assert!(matches!(
        d.select_with_report(data, b, &mut rng),
        Err(Error::InvalidParameter(_))
    ));
    // The reference search fails when the initial epsilon keeps too many rows.
    let d = Dom {
        initial_epsilon: 0.1,
        fidelity: Fidelity::Reference,
        ..Dom::default()
    };
    assert!(matches!(
        d.select_with_report(data, b, &mut rng),
        Err(Error::InvalidParameter(_))
    ));
    let c = Clc {
        tolerance: f64::NAN,
        ..Clc::default()
    };
    assert!(matches!(
        c.synthesize(data, b, &mut rng),
        Err(Error::InvalidParameter(_))
    ));
}

#[test]
fn fes_needs_statistics_of_the_right_length() {
    let y = [0_u32, 0, 1, 1];
    let x = [0.0_f32; 4];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let by_name = method_by_name("fes").unwrap();
    assert!(matches!(
        by_name.reduce(data, Budget::Ratio(0.5), &mut SeededRng::new(0)),
        Err(Error::Unavailable(_))
    ));
    let short = Fes {
        stats: Some(ForgettingStats {
            events: vec![1, 2, 3],
            correct: vec![true; 4],
        }),
        ..Fes::default()
    };
    assert!(matches!(
        short.select_labels(&y, Budget::Ratio(0.5)),
        Err(Error::LengthMismatch { rows: 4, found: 3 })
    ));
}

#[test]
fn unknown_and_unbuilt_names_are_typed_errors() {
    assert!(matches!(
        method_by_name("KMEANS"),
        Err(Error::UnknownMethod(_))
    ));
}
