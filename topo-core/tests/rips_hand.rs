//! Rips diagrams of small hand-worked configurations, computed by the implicit engine, the
//! explicit reducer (standard and twist) and, for H0, the MST path.

mod rips_support;

use rips_support::{assert_same_diagrams, sorted};
use topo_core::{
    Diagram, DistanceMatrix, Error, Points, ReductionAlgorithm, RipsParams, h0_diagram_mst,
    rips_diagrams, rips_diagrams_explicit, rips_diagrams_from_distances,
};

const INF: f64 = f64::INFINITY;

/// All three engines on one input; returns the implicit engine's diagrams after checking the
/// explicit ones agree exactly.
fn all_engines(points: &[f32], dim: usize, max_dim: usize) -> Vec<Diagram> {
    let pts = Points::new(points, dim).unwrap();
    let params = RipsParams {
        max_dim,
        threshold: None,
    };
    let ours = rips_diagrams(pts, &params).unwrap();
    let m = DistanceMatrix::from_points(pts, &topo_core::Euclidean).unwrap();
    for alg in [ReductionAlgorithm::Standard, ReductionAlgorithm::Twist] {
        let explicit = rips_diagrams_explicit(&m, &params, alg).unwrap();
        assert_same_diagrams(&ours, &explicit, 0.0, "implicit vs explicit");
    }
    let mst = h0_diagram_mst(pts).unwrap();
    assert_same_diagrams(&ours[..1], &[mst], 0.0, "H0 vs MST");
    ours
}

#[test]
fn square_has_one_loop_from_side_to_diagonal() {
    // Unit square: H0 dies at 1 three times; the loop is born at 1 and filled at sqrt(2).
    let sq = [0.0_f32, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
    let d = all_engines(&sq, 2, 2);
    assert_eq!(
        sorted(&d[0]),
        vec![(0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (0.0, INF)]
    );
    let diag = f64::from(2f32.sqrt());
    assert_eq!(sorted(&d[1]), vec![(1.0, diag)]);
    assert!(d[2].is_empty());
}

#[test]
fn triangle_has_no_loop() {
    // Side lengths 3, 4, 5: edges enter at 3 and 4 (merging), the third edge closes a loop at 5
    // exactly when the triangle fills, so no H1 pair survives.
    let tri = [0.0_f32, 0.0, 3.0, 0.0, 0.0, 4.0];
    let d = all_engines(&tri, 2, 1);
    assert_eq!(sorted(&d[0]), vec![(0.0, 3.0), (0.0, 4.0), (0.0, INF)]);
    assert!(d[1].is_empty());
}

#[test]
fn octahedron_shell_has_a_void() {
    // A regular tetrahedron is no test of H2 under Rips: its shell and its solid enter at the same
    // diameter. The octahedron +-e_i is the smallest shell that works: its 12 edges and 8
    // triangles enter at sqrt(2) and enclose a void, filled at 2 when the antipodal diagonals
    // (and with them the tetrahedra) enter. H1 stays empty: every 4-cycle of the shell bounds
    // triangles that enter with it.
    let oct = [
        1.0_f32, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0,
        -1.0,
    ];
    let d = all_engines(&oct, 3, 2);
    let s2 = f64::from(2f32.sqrt());
    assert_eq!(d[0].finite().count(), 5);
    assert!(d[0].finite().all(|p| p.death == s2));
    assert!(d[1].is_empty(), "{:?}", sorted(&d[1]));
    assert_eq!(sorted(&d[2]), vec![(s2, 2.0)]);
}

#[test]
fn four_cycle_from_distances() {
    // The 4-cycle with diagonals: d(0,1)=d(1,2)=d(2,3)=d(3,0)=1, d(0,2)=d(1,3)=2: one H1 class
    // born at 1, filled at 2 when the diagonals bring the triangles.
    // Lower triangle order: d10, d20, d21, d30, d31, d32.
    let m = DistanceMatrix::from_lower_triangle(&[1.0, 2.0, 1.0, 1.0, 2.0, 1.0]).unwrap();
    let params = RipsParams {
        max_dim: 2,
        threshold: Some(f64::INFINITY),
    };
    let d = rips_diagrams_from_distances(&m, &params).unwrap();
    assert_eq!(sorted(&d[1]), vec![(1.0, 2.0)]);
    assert!(d[2].is_empty());
    // Cut before the diagonals: the loop never dies.
    let cut = RipsParams {
        max_dim: 1,
        threshold: Some(1.5),
    };
    let d = rips_diagrams_from_distances(&m, &cut).unwrap();
    assert_eq!(sorted(&d[1]), vec![(1.0, INF)]);
}

#[test]
fn two_clusters_merge_at_their_gap() {
    // Two tight pairs 10 apart: deaths 1, 1 within clusters, then the gap (9) once.
    let pts = [0.0_f32, 1.0, 10.0, 11.0];
    let d = all_engines(&pts, 1, 1);
    assert_eq!(
        sorted(&d[0]),
        vec![(0.0, 1.0), (0.0, 1.0), (0.0, 9.0), (0.0, INF)]
    );
    // A threshold below the gap leaves two components.
    let pts = Points::new(&pts, 1).unwrap();
    for max_dim in [0, 1] {
        let cut = RipsParams {
            max_dim,
            threshold: Some(5.0),
        };
        let d = rips_diagrams(pts, &cut).unwrap();
        assert_eq!(
            sorted(&d[0]),
            vec![(0.0, 1.0), (0.0, 1.0), (0.0, INF), (0.0, INF)]
        );
    }
}

#[test]
fn duplicate_points_give_no_zero_length_pairs() {
    let pts = [0.0_f32, 0.0, 0.0, 0.0, 1.0, 0.0];
    let d = all_engines(&pts, 2, 1);
    assert_eq!(sorted(&d[0]), vec![(0.0, 1.0), (0.0, INF)]);
}

#[test]
fn bad_input_is_a_typed_error() {
    assert_eq!(Points::new(&[], 2).unwrap_err(), Error::Empty);
    assert_eq!(Points::new(&[1.0], 0).unwrap_err(), Error::ZeroDim);
    assert!(matches!(
        Points::new(&[f32::NAN, 1.0], 2),
        Err(Error::NonFinite { .. })
    ));
    assert!(matches!(
        Points::new(&[f32::INFINITY], 1),
        Err(Error::NonFinite { .. })
    ));
    let one = Points::new(&[1.0, 2.0], 2).unwrap();
    for max_dim in [0, 1] {
        let p = RipsParams {
            max_dim,
            threshold: None,
        };
        assert_eq!(
            rips_diagrams(one, &p).unwrap_err(),
            Error::TooFewPoints {
                found: 1,
                needed: 2
            }
        );
    }
    assert!(matches!(
        h0_diagram_mst(one),
        Err(Error::TooFewPoints { .. })
    ));
    assert!(matches!(
        DistanceMatrix::from_lower_triangle(&[1.0, 2.0]),
        Err(Error::NotTriangular { len: 2 })
    ));
    let two = Points::new(&[0.0, 1.0], 1).unwrap();
    for t in [-1.0, f64::NAN, f64::NEG_INFINITY] {
        for max_dim in [0, 1] {
            let p = RipsParams {
                max_dim,
                threshold: Some(t),
            };
            assert!(
                matches!(rips_diagrams(two, &p), Err(Error::InvalidParameter(_))),
                "{t}"
            );
        }
    }
    let p = RipsParams {
        max_dim: topo_core::MAX_HOMOLOGY_DIM + 1,
        threshold: None,
    };
    assert!(matches!(rips_diagrams(two, &p), Err(Error::TooLarge(_))));
}

#[test]
fn index_overflow_is_a_typed_error() {
    // C(n, max_dim + 2) must fit in a u64: with 200 points, dimension 30 needs C(200, 32), about
    // 4e37, far above 2^64 = 1.8e19 (while C(200, 5) for max_dim 3 is fine).
    let data: Vec<f32> = (0..200).map(|i| i as f32).collect();
    let pts = Points::new(&data, 1).unwrap();
    let p = RipsParams {
        max_dim: 30,
        threshold: Some(0.5),
    };
    assert!(matches!(rips_diagrams(pts, &p), Err(Error::TooLarge(_))));
    let p = RipsParams {
        max_dim: 3,
        threshold: Some(0.5),
    };
    assert!(rips_diagrams(pts, &p).is_ok());
}

#[test]
fn index_limit_is_exact() {
    // C(218, 12) fits in a u64 and C(219, 12) does not (Python: math.comb), so max_dim = 10 works
    // on 218 points and is refused on 219. A zero threshold keeps the computation trivial.
    for (n, ok) in [(218usize, true), (219, false)] {
        let data: Vec<f32> = (0..n).map(|i| i as f32).collect();
        let pts = Points::new(&data, 1).unwrap();
        let p = RipsParams {
            max_dim: 10,
            threshold: Some(0.0),
        };
        let r = rips_diagrams(pts, &p);
        assert_eq!(r.is_ok(), ok, "n = {n}: {r:?}");
        if !ok {
            assert!(matches!(r, Err(Error::TooLarge(_))));
        }
    }
}
