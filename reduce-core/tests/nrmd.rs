//! NRMD: the reference fixtures on iris (spec §2.7), hand-checked properties, bad input.

mod common;

use reduce_core::{Budget, Fidelity, LabelledPoints, Nrmd, Reduced, Reducer, SeededRng};

fn select(m: &Nrmd, data: LabelledPoints<'_>, budget: Budget) -> Vec<usize> {
    match m.reduce(data, budget, &mut SeededRng::new(1)).unwrap() {
        Reduced::Selection(s) => s.indices,
        Reduced::Synthesized(_) => panic!("NRMD selects rows"),
    }
}

#[test]
fn reference_mode_reproduces_the_iris_fixtures() {
    let Some((features, dim, labels)) = common::read_csv("iris.csv") else {
        return;
    };
    let data = LabelledPoints::new(&features, dim, &labels).unwrap();
    let nrmd = Nrmd {
        fidelity: Fidelity::Reference,
        ..Nrmd::default()
    };
    // Spec §2.7, produced by the reference package on the shared iris row order.
    let ten = [0, 4, 7, 17, 18, 27, 39, 52, 66, 82, 86, 92, 97, 99, 115];
    let twenty = [
        0, 2, 4, 7, 17, 18, 27, 28, 35, 39, 49, 52, 66, 74, 76, 78, 82, 83, 86, 91, 92, 94, 97, 99,
        102, 104, 112, 115, 128, 143,
    ];
    assert_eq!(select(&nrmd, data, Budget::Ratio(0.1)), ten);
    assert_eq!(select(&nrmd, data, Budget::Ratio(0.2)), twenty);
}

#[test]
fn improved_mode_keeps_the_budget_per_class_and_the_top_scores() {
    let Some((features, dim, labels)) = common::read_csv("iris.csv") else {
        return;
    };
    let data = LabelledPoints::new(&features, dim, &labels).unwrap();
    let nrmd = Nrmd::default();
    let scores = nrmd.scores(data).unwrap();
    let picked = select(&nrmd, data, Budget::Ratio(0.2));
    assert_eq!(picked.len(), 30);
    for class in 0..3_u32 {
        let rows: Vec<usize> = (0..150).filter(|&i| labels[i] == class).collect();
        let kept: Vec<usize> = picked
            .iter()
            .copied()
            .filter(|i| rows.contains(i))
            .collect();
        assert_eq!(kept.len(), 10, "class {class}");
        // Every kept row scores at least as high as every dropped row of its class.
        let lowest_kept = kept
            .iter()
            .map(|&i| scores[i])
            .fold(f64::INFINITY, f64::min);
        let highest_dropped = rows
            .iter()
            .filter(|i| !kept.contains(i))
            .map(|&i| scores[i])
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(lowest_kept >= highest_dropped);
    }
}

#[test]
fn scores_are_invariant_under_a_rotation_of_the_features() {
    // Rotating the features by an orthogonal Q maps each class matrix M to Q M (so U to Q U,
    // Σ unchanged) and the all-samples matrix by the orthogonal block-diag(Q, I): every
    // projection |x̂ᵀu| is unchanged, hence every score.
    let Some((features, _dim, labels)) = common::read_csv("iris.csv") else {
        return;
    };
    let (c, s) = (0.6_f64, 0.8_f64); // a rotation in the (f0, f2) plane
    let mut rotated = features.clone();
    for row in rotated.chunks_exact_mut(4) {
        let (a, b) = (row[0] as f64, row[2] as f64);
        row[0] = (c * a - s * b) as f32;
        row[2] = (s * a + c * b) as f32;
    }
    let before = Nrmd::default()
        .scores(LabelledPoints::new(&features, 4, &labels).unwrap())
        .unwrap();
    let after = Nrmd::default()
        .scores(LabelledPoints::new(&rotated, 4, &labels).unwrap())
        .unwrap();
    for (a, b) in before.iter().zip(&after) {
        assert!((a - b).abs() < 1e-4 * a.abs().max(1.0), "{a} vs {b}");
    }
}

#[test]
fn rank_deficient_and_zero_rows_give_finite_scores() {
    // A constant feature and a zero row: improved mode drops σ ≈ 0 and never yields NaN.
    let x = [
        0.0_f32, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0,
    ];
    let y = [0_u32, 0, 0, 1, 1, 1];
    let data = LabelledPoints::new(&x, 2, &y).unwrap();
    let s = Nrmd::default().scores(data).unwrap();
    assert!(s.iter().all(|v| v.is_finite()), "{s:?}");
    let picked = select(&Nrmd::default(), data, Budget::Ratio(0.5));
    assert_eq!(picked.len(), 3); // round(0.5 · 6), largest remainder: 2 + 1
}

#[test]
fn all_identical_rows_pick_the_lowest_indices() {
    let x = [0.5_f32; 12];
    let y = [0_u32, 0, 0, 1, 1, 1];
    let data = LabelledPoints::new(&x, 2, &y).unwrap();
    assert_eq!(
        select(&Nrmd::default(), data, Budget::Ratio(0.5)),
        vec![0, 1, 3]
    );
}

#[test]
fn bad_budgets_are_typed_errors() {
    let x = [0.0_f32, 1.0, 2.0, 3.0];
    let y = [0_u32, 0, 1, 1];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let mut rng = SeededRng::new(0);
    for m in [
        Nrmd::default(),
        Nrmd {
            fidelity: Fidelity::Reference,
            ..Nrmd::default()
        },
    ] {
        assert!(m.reduce(data, Budget::Ratio(0.0), &mut rng).is_err());
        assert!(m.reduce(data, Budget::Ratio(f64::NAN), &mut rng).is_err());
        assert!(m.reduce(data, Budget::Count(5), &mut rng).is_err());
    }
    // trunc(0.2 · 4) = 0 rows in reference mode: an error, not an empty selection.
    let reference = Nrmd {
        fidelity: Fidelity::Reference,
        ..Nrmd::default()
    };
    assert!(
        reference
            .reduce(data, Budget::Ratio(0.2), &mut rng)
            .is_err()
    );
}
