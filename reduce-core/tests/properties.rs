//! Property tests for every method: indices in range, sorted, unique, the budgeted count per
//! class (DOM: an epsilon-net instead), the same seed gives the same output, and permuting the
//! rows permutes the selection for the deterministic methods.

use proptest::prelude::*;
use reduce_core::{
    Budget, Clc, Des, Dom, Fes, ForgettingStats, LabelledPoints, Mms, MmsStart, Reduced, Reducer,
    SeededRng, Srs, class_counts,
};

/// A small labelled data set on an integer grid (so duplicates occur) and a ratio.
fn data_set() -> impl Strategy<Value = (Vec<f32>, usize, Vec<u32>, f64)> {
    (1usize..4, 1usize..50).prop_flat_map(|(dim, n)| {
        (
            proptest::collection::vec(0i8..6, n * dim)
                .prop_map(|v| v.into_iter().map(f32::from).collect::<Vec<f32>>()),
            Just(dim),
            proptest::collection::vec(0u32..3, n),
            0.01f64..=1.0,
        )
    })
}

fn check_selection(indices: &[usize], y: &[u32], budget: Budget, exact: bool) {
    assert!(indices.windows(2).all(|w| w[0] < w[1]), "not sorted/unique");
    assert!(indices.iter().all(|&i| i < y.len()));
    if exact {
        let c = class_counts(y, budget, true).unwrap();
        for &(l, _, k) in &c.classes {
            assert_eq!(
                indices.iter().filter(|&&i| y[i] == l).count(),
                k,
                "class {l}"
            );
        }
    }
}

fn selection(m: &dyn Reducer, data: LabelledPoints<'_>, b: Budget, seed: u64) -> Vec<usize> {
    match m.reduce(data, b, &mut SeededRng::new(seed)).unwrap() {
        Reduced::Selection(s) => s.indices,
        Reduced::Synthesized(_) => panic!("expected a selection"),
    }
}

proptest! {
    #[test]
    fn selecting_methods_keep_exact_budgets((x, dim, y, r) in data_set(), seed in any::<u64>()) {
        let data = LabelledPoints::new(&x, dim, &y).unwrap();
        let b = Budget::Ratio(r);
        let methods: [Box<dyn Reducer>; 3] =
            [Box::new(Srs::default()), Box::new(Mms::default()), Box::new(Des::default())];
        for m in &methods {
            let a = selection(m.as_ref(), data, b, seed);
            check_selection(&a, &y, b, true);
            prop_assert_eq!(&a, &selection(m.as_ref(), data, b, seed), "{} not reproducible", m.name());
        }
        let rnd = Mms { start: MmsStart::Random, ..Mms::default() };
        let a = selection(&rnd, data, b, seed);
        check_selection(&a, &y, b, true);
    }

    #[test]
    fn clc_gives_the_budget_per_class((x, dim, y, r) in data_set(), seed in any::<u64>()) {
        let data = LabelledPoints::new(&x, dim, &y).unwrap();
        let b = Budget::Ratio(r);
        let run = || Clc { nearest_rows: true, ..Clc::default() }
            .synthesize(data, b, &mut SeededRng::new(seed)).unwrap();
        let out = run();
        let c = class_counts(&y, b, true).unwrap();
        for &(l, _, k) in &c.classes {
            prop_assert_eq!(out.labels.iter().filter(|&&m| m == l).count(), k);
        }
        prop_assert!(out.labels.windows(2).all(|w| w[0] <= w[1]));
        prop_assert_eq!(out.points.len(), out.labels.len() * dim);
        prop_assert!(out.points.iter().all(|v| v.is_finite()));
        let near = out.nearest_rows.clone().unwrap();
        prop_assert!(near.iter().zip(&out.labels).all(|(&i, &l)| i < y.len() && y[i] == l));
        prop_assert_eq!(out, run());
    }

    #[test]
    fn dom_is_an_epsilon_net_per_class((x, dim, y, r) in data_set()) {
        let data = LabelledPoints::new(&x, dim, &y).unwrap();
        let rep = Dom::default().select_with_report(data, Budget::Ratio(r), &mut SeededRng::new(0)).unwrap();
        let s = &rep.selection.indices;
        check_selection(s, &y, Budget::Ratio(r), false);
        // ByRadius (the default): the budget's total exactly, at least one row per class.
        let counts = class_counts(&y, Budget::Ratio(r), true).unwrap();
        prop_assert_eq!(s.len(), counts.total());
        for &(l, _, _) in &counts.classes {
            prop_assert!(s.iter().any(|&p| y[p] == l), "class {} has no row", l);
        }
        let row = |i: usize| &x[i * dim..(i + 1) * dim];
        for &(l, eps) in &rep.epsilons {
            for i in (0..y.len()).filter(|&i| y[i] == l) {
                // The default metric is Chebyshev: the largest coordinate gap.
                let chebyshev = |p: usize| row(i).iter().zip(row(p))
                    .map(|(a, b)| (f64::from(*a) - f64::from(*b)).abs())
                    .fold(0.0, f64::max);
                let covered = s.iter().any(|&p| y[p] == l && (p == i || chebyshev(p) < eps));
                prop_assert!(covered, "row {} of class {} uncovered at eps {}", i, l, eps);
            }
        }
    }

    #[test]
    fn fes_keeps_the_most_forgotten_and_is_permutation_equivariant(
        (x, dim, y, r) in data_set(), seed in any::<u64>()
    ) {
        let n = y.len();
        // Distinct event counts (a shuffled 0..n), so there are no ties.
        let mut rng = SeededRng::new(seed);
        let mut events: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            events.swap(i, reduce_core::uniform_below(&mut rng, i + 1));
        }
        let correct = vec![true; n];
        let fes = Fes { stats: Some(ForgettingStats { events: events.clone(), correct: correct.clone() }), ..Fes::default() };
        let data = LabelledPoints::new(&x, dim, &y).unwrap();
        let b = Budget::Ratio(r);
        let a = selection(&fes, data, b, 0);
        check_selection(&a, &y, b, true);
        // Every kept row of a class has more events than every dropped row of that class.
        for &i in &a {
            for j in (0..n).filter(|&j| y[j] == y[i] && !a.contains(&j)) {
                prop_assert!(events[i] > events[j]);
            }
        }
        // Reverse the rows: the selection is the reversed image.
        let rev = |v: &[u32]| v.iter().rev().copied().collect::<Vec<u32>>();
        let fes_r = Fes { stats: Some(ForgettingStats { events: rev(&events), correct }), ..Fes::default() };
        let yr = rev(&y);
        let mut xr = Vec::with_capacity(x.len());
        for i in (0..n).rev() { xr.extend_from_slice(&x[i * dim..(i + 1) * dim]); }
        let data_r = LabelledPoints::new(&xr, dim, &yr).unwrap();
        let mut mapped: Vec<usize> = selection(&fes_r, data_r, b, 0).iter().map(|&i| n - 1 - i).collect();
        mapped.sort_unstable();
        prop_assert_eq!(a, mapped);
    }

    #[test]
    fn mms_is_permutation_equivariant_without_ties(
        pts in proptest::collection::vec(-1000.0f32..1000.0, 2..40), k in 1usize..40, seed in any::<u64>()
    ) {
        // One class, 1-d points made distinct and tie-free: x_i plus a tiny index-free jitter is
        // not enough, so keep only clouds whose pairwise distances are all distinct.
        let n = pts.len();
        let mut d: Vec<f64> = Vec::new();
        for i in 0..n { for j in i + 1..n { d.push(f64::from((pts[i] - pts[j]).abs())); } }
        d.sort_by(f64::total_cmp);
        prop_assume!(d.windows(2).all(|w| w[0] < w[1]) && d.first().is_none_or(|&v| v > 0.0));
        let k = k.min(n);
        let y = vec![0_u32; n];
        // A random permutation; start from the same physical point (original row 0).
        let mut rng = SeededRng::new(seed);
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() { perm.swap(i, reduce_core::uniform_below(&mut rng, i + 1)); }
        let xp: Vec<f32> = perm.iter().map(|&i| pts[i]).collect();
        let start = perm.iter().position(|&i| i == 0).unwrap();
        let a = selection(&Mms::default(), LabelledPoints::new(&pts, 1, &y).unwrap(), Budget::Count(k), 0);
        let m = Mms { start: MmsStart::Index(start), ..Mms::default() };
        let mut b: Vec<usize> = selection(&m, LabelledPoints::new(&xp, 1, &y).unwrap(), Budget::Count(k), 0)
            .iter().map(|&i| perm[i]).collect();
        b.sort_unstable();
        prop_assert_eq!(a, b);
    }
}
