//! `rips_pairs_with_simplices`: the pairs are the diagrams' pairs, and each pair's birth and
//! death simplices have the right dimension and exactly the pair's values as diameters
//! (recomputed here from the distance matrix), in both edge storages.

mod rips_support;

use proptest::prelude::*;
use rips_support::assert_same_diagrams;
use topo_core::{
    Diagram, DistanceMatrix, Euclidean, Points, RipsOptions, RipsParams, RipsStorage, SimplexPair,
    rips_diagrams_with_options, rips_pairs_with_simplices,
};

fn diameter(m: &DistanceMatrix, s: &[usize]) -> f64 {
    let mut d = 0.0_f32;
    for (a, &u) in s.iter().enumerate() {
        for &v in &s[a + 1..] {
            d = d.max(m.get(u, v));
        }
    }
    f64::from(d)
}

fn check_simplex(m: &DistanceMatrix, s: &[usize], vertices: usize, value: f64, what: &str) {
    assert_eq!(s.len(), vertices, "{what}: {s:?}");
    assert!(
        s.windows(2).all(|w| w[0] < w[1]),
        "{what}: not ascending {s:?}"
    );
    assert!(
        s.iter().all(|&v| v < m.len()),
        "{what}: vertex out of range {s:?}"
    );
    if vertices > 1 {
        assert_eq!(diameter(m, s), value, "{what}: diameter of {s:?}");
    }
}

fn check(data: &[f32], dim: usize, params: &RipsParams, storage: RipsStorage) {
    let pts = Points::new(data, dim).unwrap();
    let options = RipsOptions {
        storage,
        ..RipsOptions::default()
    };
    let pairs = rips_pairs_with_simplices(pts, params, &options).unwrap();
    let diagrams = rips_diagrams_with_options(pts, &Euclidean, params, &options).unwrap();
    let as_diagrams: Vec<Diagram> = pairs
        .iter()
        .map(|v| Diagram::new(v.iter().map(|p| (p.birth, p.death)).collect()).unwrap())
        .collect();
    assert_same_diagrams(&as_diagrams, &diagrams, 0.0, "pairs vs diagrams");
    let m = DistanceMatrix::from_points(pts, &Euclidean).unwrap();
    for (k, dgm) in pairs.iter().enumerate() {
        for SimplexPair {
            birth,
            death,
            birth_simplex,
            death_simplex,
        } in dgm
        {
            check_simplex(&m, birth_simplex, k + 1, *birth, "birth");
            if death.is_finite() {
                check_simplex(&m, death_simplex, k + 2, *death, "death");
            } else {
                assert!(
                    death_simplex.is_empty(),
                    "essential class with a death simplex"
                );
            }
        }
    }
}

proptest! {
    #[test]
    fn simplices_have_the_pair_values(
        (data, dim) in (1usize..=3, 2usize..=12, any::<bool>()).prop_flat_map(|(dim, n, coarse)| {
            let coord = if coarse {
                (0i32..4).prop_map(|v| v as f32).boxed()
            } else {
                (0.0f32..4.0).boxed()
            };
            (proptest::collection::vec(coord, n * dim), Just(dim))
        }),
        max_dim in 0usize..=2,
        cut in proptest::option::of(0.5f64..4.0),
        sparse in any::<bool>(),
    ) {
        let storage = if sparse { RipsStorage::Sparse } else { RipsStorage::Dense };
        check(&data, dim, &RipsParams { max_dim, threshold: cut }, storage);
    }
}

/// The unit square (hand-worked): three H0 deaths by sides of length 1, the loop born with the
/// last side (length 1) and killed by a triangle with a diagonal (sqrt 2).
#[test]
fn square() {
    let square = [0.0_f32, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    let pts = Points::new(&square, 2).unwrap();
    let pairs =
        rips_pairs_with_simplices(pts, &RipsParams::default(), &RipsOptions::default()).unwrap();
    let sides = [[0, 1], [1, 2], [2, 3], [0, 3]];
    for p in pairs[0].iter().filter(|p| p.death.is_finite()) {
        assert!(sides.iter().any(|s| s[..] == p.death_simplex[..]), "{p:?}");
    }
    let h1 = &pairs[1];
    assert_eq!(h1.len(), 1);
    assert!(
        sides.iter().any(|s| s[..] == h1[0].birth_simplex[..]),
        "{h1:?}"
    );
    assert_eq!(h1[0].death_simplex.len(), 3);
    assert!((h1[0].death - 2f64.sqrt()).abs() < 1e-6);
}
