//! Property tests for NRMD, PRD, PSA and PHL: indices in range, unique, sorted, the budgeted
//! count per class, the right classes; same seed, same output; permuting the rows permutes the
//! selection (deterministic methods).

use proptest::prelude::*;
use reduce_core::{
    Budget, Fidelity, Kernel, LabelledPoints, Nrmd, Phl, ProtoDash, Psa, Reduced, Reducer,
    SeededRng, class_counts,
};

#[derive(Debug, Clone)]
struct Case {
    features: Vec<f32>,
    dim: usize,
    labels: Vec<u32>,
    ratio: f64,
    seed: u64,
    /// A permutation of the rows (new row i is old row perm[i]).
    perm: Vec<usize>,
}

fn case() -> impl Strategy<Value = Case> {
    cases(1)
}

fn cases(min_dim: usize) -> impl Strategy<Value = Case> {
    (2_usize..40, min_dim..4).prop_flat_map(|(n, dim)| {
        (
            prop::collection::vec(0.0_f32..1.0, n * dim),
            prop::collection::vec(0_u32..3, n),
            0.05_f64..=1.0,
            any::<u64>(),
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        )
            .prop_map(move |(features, labels, ratio, seed, perm)| Case {
                features,
                dim,
                labels,
                ratio,
                seed,
                perm,
            })
    })
}

fn methods() -> Vec<(Box<dyn Reducer>, bool)> {
    // (method, deterministic)
    vec![
        (Box::new(Nrmd::default()), true),
        (Box::new(ProtoDash::default()), true),
        (
            Box::new(ProtoDash {
                kernel: Kernel::Linear,
                fidelity: Fidelity::Improved,
                ..ProtoDash::default()
            }),
            true,
        ),
        (Box::new(Psa::default()), false),
        // PHL permutes its super-outliers at random, and many rows tie at score 0 (no H1 bar
        // in a small neighbourhood), where the order is by index: not checked for
        // equivariance.
        (Box::new(Phl::default()), false),
        (
            Box::new(Phl {
                radius: Some(0.3),
                dimension: 0,
                ..Phl::default()
            }),
            false,
        ),
    ]
}

fn indices(r: Reduced) -> (Vec<usize>, Option<Vec<f64>>) {
    match r {
        Reduced::Selection(s) => (s.indices, s.weights),
        Reduced::Synthesized(_) => panic!("these methods select rows"),
    }
}

proptest! {
    #[test]
    fn selections_are_valid_budgeted_and_reproducible(c in case()) {
        let data = LabelledPoints::new(&c.features, c.dim, &c.labels).unwrap();
        let counts = class_counts(&c.labels, Budget::Ratio(c.ratio), true).unwrap();
        for (m, _) in methods() {
            let (idx, weights) =
                indices(m.reduce(data, Budget::Ratio(c.ratio), &mut SeededRng::new(c.seed)).unwrap());
            prop_assert!(idx.windows(2).all(|w| w[0] < w[1]), "{} not sorted/unique", m.name());
            prop_assert!(idx.iter().all(|&i| i < c.labels.len()));
            for &(label, _, keep) in &counts.classes {
                let got = idx.iter().filter(|&&i| c.labels[i] == label).count();
                prop_assert_eq!(got, keep, "{} class {}", m.name(), label);
            }
            if let Some(w) = &weights {
                prop_assert_eq!(w.len(), idx.len());
                prop_assert!(w.iter().all(|&v| (0.0..=1e4).contains(&v)));
            }
            let again =
                indices(m.reduce(data, Budget::Ratio(c.ratio), &mut SeededRng::new(c.seed)).unwrap());
            prop_assert_eq!(&idx, &again.0, "{} same seed", m.name());
        }
    }

    #[test]
    fn deterministic_methods_are_row_permutation_equivariant(c in cases(2)) {
        // Ties go to the lower index, which a permutation changes, so compare where exact ties
        // do not arise: distinct rows, at least 2 features (in 1-D every NRMD projection is
        // ±1, all scores tie), no class of exactly 2 rows (two rows are symmetric under the
        // Gaussian kernel: equal u).
        for label in 0..3 {
            prop_assume!(c.labels.iter().filter(|&&l| l == label).count() != 2);
        }
        let mut rows: Vec<&[f32]> = c.features.chunks_exact(c.dim).collect();
        rows.sort_by(|a, b| a.partial_cmp(b).unwrap());
        prop_assume!(rows.windows(2).all(|w| w[0] != w[1]));
        let data = LabelledPoints::new(&c.features, c.dim, &c.labels).unwrap();
        let mut pf = Vec::with_capacity(c.features.len());
        let mut pl = Vec::with_capacity(c.labels.len());
        for &old in &c.perm {
            pf.extend_from_slice(&c.features[old * c.dim..(old + 1) * c.dim]);
            pl.push(c.labels[old]);
        }
        let permuted = LabelledPoints::new(&pf, c.dim, &pl).unwrap();
        for (m, deterministic) in methods() {
            if !deterministic {
                continue;
            }
            let (a, _) = indices(m.reduce(data, Budget::Ratio(c.ratio), &mut SeededRng::new(1)).unwrap());
            let (b, _) = indices(m.reduce(permuted, Budget::Ratio(c.ratio), &mut SeededRng::new(2)).unwrap());
            let mut mapped: Vec<usize> = b.iter().map(|&i| c.perm[i]).collect();
            mapped.sort_unstable();
            prop_assert_eq!(&a, &mapped, "{}", m.name());
        }
    }
}
