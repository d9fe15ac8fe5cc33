//! PSA: a hand-worked group ranking, the single-class rule, bad input.

use reduce_core::{Budget, Error, LabelledPoints, Psa, Reduced, Reducer, SeededRng};

fn select(p: &Psa, data: LabelledPoints<'_>, budget: Budget, seed: u64) -> Vec<usize> {
    match p.reduce(data, budget, &mut SeededRng::new(seed)).unwrap() {
        Reduced::Selection(s) => s.indices,
        Reduced::Synthesized(_) => panic!("PSA selects rows"),
    }
}

#[test]
fn group_is_ranked_by_between_over_within_by_hand() {
    // 1-D. Class 0 = {0, 1, 2} (mean 1), class 1 = {10}. With groups as large as the class, the
    // group of class 0 is the whole class. ω: 0.5 for the zero row, 1 for rows on the mean's
    // side. B(g) = (g − 10)², W(g) = Σ ω(z)(g − z)²:
    //   g = 0: B 100, W 0.5·0 + 1 + 4 = 5   → 20
    //   g = 1: B 81,  W 0.5·1 + 0 + 1 = 1.5 → 54
    //   g = 2: B 64,  W 0.5·4 + 1 + 0 = 3   → 21.3
    // so the ranking is 1, 2, 0. A total of 3 rows gives class 0 two (2.25 → 2, largest
    // remainder to class 1's 0.75): rows 1 and 2, and row 3 for class 1.
    let x = [0.0_f32, 1.0, 2.0, 10.0];
    let y = [0_u32, 0, 0, 1];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let psa = Psa {
        ransac_iterations: 1,
        group_size: Some(3),
        ..Psa::default()
    };
    for seed in 0..5 {
        assert_eq!(select(&psa, data, Budget::Count(3), seed), vec![1, 2, 3]);
    }
}

#[test]
fn single_class_ranks_by_closeness_to_the_group() {
    // One class: B is 1, so rows outside the group rank by 1 / ‖x − q‖², closeness to the
    // group. With groups of one row (whichever the RANSAC draw keeps) and 4 of 6 rows kept, the
    // kept set is that row and its 3 nearest neighbours.
    let x = [0.0_f32, 0.1, 0.2, 0.3, 9.0, 9.5];
    let y = [0_u32; 6];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let psa = Psa {
        ransac_iterations: 3,
        group_size: Some(1),
        ..Psa::default()
    };
    for seed in 0..10 {
        let kept = select(&psa, data, Budget::Count(4), seed);
        let group_row = kept.iter().copied().find(|&g| {
            // The group row is the one whose nearest-first order is the kept set.
            let mut order: Vec<usize> = (0..6).collect();
            order.sort_by(|&a, &b| {
                (x[a] - x[g])
                    .abs()
                    .total_cmp(&(x[b] - x[g]).abs())
                    .then(a.cmp(&b))
            });
            let mut first: Vec<usize> = order[..4].to_vec();
            first.sort_unstable();
            first == kept
        });
        assert!(group_row.is_some(), "seed {seed}: {kept:?}");
    }
}

#[test]
fn degenerate_inputs() {
    let mut rng = SeededRng::new(0);
    // All rows identical, duplicates, one-row classes.
    let x = [0.3_f32; 12];
    let y = [0_u32, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 3];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let r = Psa::default()
        .reduce(data, Budget::Ratio(0.5), &mut rng)
        .unwrap();
    assert_eq!(r.len(), 6);
    // Zero rows and constant features in several dimensions.
    let z = [0.0_f32, 1.0, 0.0, 1.0, 0.0, 2.0, 0.0, 0.0, 0.0, 3.0];
    let zy = [0_u32, 0, 0, 1, 1];
    let zd = LabelledPoints::new(&z, 2, &zy).unwrap();
    assert_eq!(
        Psa::default()
            .reduce(zd, Budget::Count(3), &mut rng)
            .unwrap()
            .len(),
        3
    );
    // Bad parameters.
    for bad in [
        Psa {
            ransac_iterations: 0,
            ..Psa::default()
        },
        Psa {
            group_size: Some(0),
            ..Psa::default()
        },
        Psa {
            ridge: f64::NAN,
            ..Psa::default()
        },
        Psa {
            ridge: -1.0,
            ..Psa::default()
        },
    ] {
        assert!(matches!(
            bad.reduce(data, Budget::Ratio(0.5), &mut rng),
            Err(Error::InvalidParameter(_))
        ));
    }
    assert!(
        Psa::default()
            .reduce(data, Budget::Ratio(1.5), &mut rng)
            .is_err()
    );
}
