//! PHL: scores against ripser-derived values (fixture by tests/fixtures/gen_phl.py), the
//! landmark order, super-outliers, the neighbourhood cap, bad input.

mod common;

use reduce_core::{
    Budget, Error, Fidelity, LabelledPoints, Phl, PhlLandmarks, PhlScoring, Points, Reduced,
    Reducer, SeededRng,
};

fn select(p: &Phl, data: LabelledPoints<'_>, budget: Budget, seed: u64) -> Vec<usize> {
    match p.reduce(data, budget, &mut SeededRng::new(seed)).unwrap() {
        Reduced::Selection(s) => s.indices,
        Reduced::Synthesized(_) => panic!("PHL selects rows"),
    }
}

#[test]
fn scores_match_ripser_on_iris_class_1() {
    let Some((features, dim, labels)) = common::read_csv("iris.csv") else {
        return;
    };
    let fixture = include_str!("fixtures/phl_iris_class1.txt");
    let points = Points::new(&features, dim).unwrap();
    let rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == 1).collect();
    assert_eq!(rows.len(), 50);
    let mut checked = 0;
    for line in fixture.lines().filter(|l| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split(" | ").collect();
        let head: Vec<&str> = parts[0].split_whitespace().collect();
        let radius: f64 = head[0].parse().unwrap();
        let scoring = match head[1] {
            "restrictedDim" => PhlScoring::RestrictedDim,
            _ => PhlScoring::MultiDim,
        };
        let dimension: usize = head[2].parse().unwrap();
        let want: Vec<f64> = parts[1]
            .split_whitespace()
            .map(|v| v.parse().unwrap())
            .collect();
        let outliers: Vec<bool> = parts[2].split_whitespace().map(|v| v == "1").collect();
        let phl = Phl {
            radius: Some(radius),
            dimension,
            scoring,
            max_neighbourhood: 1000, // no cap: the reference has none
            ..Phl::default()
        };
        let got = phl.class_scores(points, &rows).unwrap();
        assert_eq!(got.dimension, dimension);
        assert_eq!(got.radius, radius);
        assert_eq!(got.super_outlier, outliers, "{line:.40}");
        for (k, (g, w)) in got.scores.iter().zip(&want).enumerate() {
            // ripser's values are f32 distances; ours too.
            assert!(
                (g - w).abs() < 1e-6,
                "{radius} {scoring:?} {dimension} row {k}: {g} vs {w}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 9);
}

/// The 4 corners of a unit square, its centre and a far row (2-D, one class).
const SQUARE_CENTRE_AND_FAR_ROW: [f32; 12] =
    [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.5, 0.5, 9.0, 9.0];

#[test]
fn hand_worked_square_and_outlier() {
    // Class 0: the 4 corners of a unit square plus its centre, and a far row. With r = 1.2,
    // each corner sees the 2 adjacent corners (distance 1) and the centre (0.707), not the
    // opposite corner (1.414): 3 neighbours in an L, no loop, H1 score 0. The centre sees all 4
    // corners: a square, whose loop is born at 1 and dies at √2: score √2 − 1. The far row has
    // no neighbours: a super-outlier. Representative order: the corners (score 0, by index),
    // the centre, then the outlier.
    let x = SQUARE_CENTRE_AND_FAR_ROW;
    let y = [0_u32; 6];
    let data = LabelledPoints::new(&x, 2, &y).unwrap();
    let phl = Phl {
        radius: Some(1.2),
        spread: false,
        ..Phl::default()
    };
    let s = phl
        .class_scores(data.points(), &[0, 1, 2, 3, 4, 5])
        .unwrap();
    assert_eq!(
        s.super_outlier,
        vec![false, false, false, false, false, true]
    );
    assert_eq!(&s.scores[..4], &[0.0; 4]);
    assert!(
        (s.scores[4] - (2f64.sqrt() - 1.0)).abs() < 1e-6,
        "{:?}",
        s.scores
    );
    assert_eq!(select(&phl, data, Budget::Count(4), 0), vec![0, 1, 2, 3]);
    assert_eq!(select(&phl, data, Budget::Count(5), 0), vec![0, 1, 2, 3, 4]);
    // Vital: the centre first, then the corners by index; the outlier still last.
    let vital = Phl {
        landmarks: PhlLandmarks::Vital,
        ..phl
    };
    assert_eq!(select(&vital, data, Budget::Count(2), 0), vec![0, 4]);
}

#[test]
fn super_outliers_are_permuted_by_the_seed() {
    // 4 isolated rows and a tight triangle: the triangle rows come first, the isolated ones in
    // a seeded order; over seeds, each isolated row is sometimes kept.
    let x = [
        0.0_f32, 0.0, 0.1, 0.0, 0.0, 0.1, 5.0, 5.0, -5.0, 5.0, 5.0, -5.0, -5.0, -5.0,
    ];
    let y = [0_u32; 7];
    let data = LabelledPoints::new(&x, 2, &y).unwrap();
    let phl = Phl {
        radius: Some(0.5),
        spread: false,
        ..Phl::default()
    };
    let mut seen = [false; 7];
    for seed in 0..40 {
        let kept = select(&phl, data, Budget::Count(4), seed);
        assert!(kept.starts_with(&[0, 1, 2]), "{kept:?}");
        assert_eq!(kept, select(&phl, data, Budget::Count(4), seed));
        seen[kept[3]] = true;
    }
    assert_eq!(&seen[3..], &[true; 4]);
}

#[test]
fn neighbourhood_cap_keeps_the_nearest_rows() {
    // 30 rows on a line at spacing 0.01: with r = 1 every row sees the 29 others, and the
    // neighbourhood is capped at the 5 nearest (ties to the lower index).
    let x: Vec<f32> = (0..30).map(|i| i as f32 * 0.01).collect();
    let y = vec![0_u32; 30];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let phl = Phl {
        radius: Some(1.0),
        max_neighbourhood: 5,
        ..Phl::default()
    };
    let rows: Vec<usize> = (0..30).collect();
    let s = phl.class_scores(data.points(), &rows).unwrap();
    assert_eq!(s.capped, 30);
    // An end row keeps the 5 next rows, spaced 0.01: the largest H0 bar is 0.01. An interior
    // row keeps i±1, i±2 and one of i±3: the gap left by the row itself gives a bar of 0.02.
    let multi = Phl {
        scoring: PhlScoring::MultiDim,
        ..phl
    };
    let m = multi.class_scores(data.points(), &rows).unwrap();
    for (i, v) in m.scores.iter().enumerate() {
        let want = if i == 0 || i == 29 { 0.01 } else { 0.02 };
        assert!((v - want).abs() < 1e-6, "row {i}: {v}");
    }
}

#[test]
fn reference_counts_round_half_to_even() {
    // Classes of 5 and 3 rows at 0.5: round(2.5) = 2, round(1.5) = 2 (Python's round).
    let x: Vec<f32> = (0..8).map(|i| i as f32).collect();
    let y = [0_u32, 0, 0, 0, 0, 1, 1, 1];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let phl = Phl {
        radius: Some(1.5),
        fidelity: Fidelity::Reference,
        ..Phl::default()
    };
    let kept = select(&phl, data, Budget::Ratio(0.5), 0);
    assert_eq!(kept.iter().filter(|&&i| i < 5).count(), 2);
    assert_eq!(kept.iter().filter(|&&i| i >= 5).count(), 2);
}

#[test]
fn automatic_radius_and_degenerate_inputs() {
    let mut rng = SeededRng::new(0);
    // All identical rows: every neighbourhood is one point repeated: no finite bar, score 0.
    let x = [0.25_f32; 20];
    let y = [0_u32, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    let data = LabelledPoints::new(&x, 2, &y).unwrap();
    let r = Phl::default()
        .reduce(data, Budget::Ratio(0.4), &mut rng)
        .unwrap();
    assert_eq!(r.len(), 4);
    // A one-row class and the automatic radius: the radius is the median 16th-neighbour
    // distance (with 3 rows, the 2nd: 3 for the row at 0, 2 for the row at 1, 3 for the row
    // at 3; median 3).
    let line = [0.0_f32, 1.0, 3.0, 100.0];
    let ly = [0_u32, 0, 0, 1];
    let ld = LabelledPoints::new(&line, 1, &ly).unwrap();
    let radius = Phl::default().radius(ld.points(), &[0, 1, 2]);
    assert_eq!(radius, 3.0);
    assert!(
        Phl::default()
            .reduce(ld, Budget::Ratio(0.5), &mut rng)
            .is_ok()
    );
    // Bad parameters.
    for bad in [
        Phl {
            radius: Some(f64::NAN),
            ..Phl::default()
        },
        Phl {
            radius: Some(-1.0),
            ..Phl::default()
        },
        Phl {
            dimension: 99,
            ..Phl::default()
        },
        Phl {
            max_neighbourhood: 1,
            ..Phl::default()
        },
    ] {
        assert!(matches!(
            bad.reduce(data, Budget::Ratio(0.5), &mut rng),
            Err(Error::InvalidParameter(_))
        ));
    }
}

#[test]
fn spread_keeps_the_isolated_row_by_its_separation() {
    // The square, its centre and the far row of `hand_worked_square_and_outlier`, with the
    // default spread. Landmark order: corners 0, 1, 2, 3 (score 0), centre 4, far row 5 (a
    // super-outlier). Separation (distance to the nearest row earlier in that order): row 0 ∞,
    // rows 1, 2, 3: 1, row 4: √0.5, row 5: |(9, 9) − (1, 1)| = √128. Two rows: 0 and 5; four:
    // 0, 5 and the better-ranked two of the ties at 1 (rows 1 and 2). Plain: the first four.
    let x = SQUARE_CENTRE_AND_FAR_ROW;
    let y = [0_u32; 6];
    let data = LabelledPoints::new(&x, 2, &y).unwrap();
    let phl = Phl {
        radius: Some(1.2),
        ..Phl::default()
    };
    assert!(phl.spread);
    assert_eq!(select(&phl, data, Budget::Count(2), 0), vec![0, 5]);
    assert_eq!(select(&phl, data, Budget::Count(4), 0), vec![0, 1, 2, 5]);
    let plain = Phl {
        spread: false,
        ..phl
    };
    assert_eq!(select(&plain, data, Budget::Count(4), 0), vec![0, 1, 2, 3]);
    // Reference mode never spreads.
    let reference = Phl {
        fidelity: Fidelity::Reference,
        ..phl
    };
    assert_eq!(
        select(&reference, data, Budget::Count(4), 0),
        vec![0, 1, 2, 3]
    );
}
