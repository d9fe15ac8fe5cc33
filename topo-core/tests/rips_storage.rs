//! The sparse edge storage (neighbour lists, for thresholds that cut most edges) against the
//! dense rank matrix: the same diagrams, exactly, on random clouds and on tied distance matrices,
//! with and without a threshold; and the explicit boundary-matrix reducer as a third opinion.

mod rips_support;

use proptest::prelude::*;
use rips_support::assert_same_diagrams;
use topo_core::{
    DistanceMatrix, Euclidean, Points, ReductionAlgorithm, RipsOptions, RipsParams, RipsStorage,
    rips_diagrams_explicit, rips_diagrams_from_distances_with_options, rips_diagrams_with_options,
};

fn with_storage(storage: RipsStorage) -> RipsOptions {
    RipsOptions {
        storage,
        ..RipsOptions::default()
    }
}

/// A cloud of `n` points in `dim` dimensions, coordinates on a coarse grid (ties) or continuous.
fn cloud() -> impl Strategy<Value = (Vec<f32>, usize)> {
    (1usize..=3, 2usize..=14, any::<bool>()).prop_flat_map(|(dim, n, coarse)| {
        let coord = if coarse {
            (0i32..4).prop_map(|v| v as f32).boxed()
        } else {
            (0.0f32..4.0).boxed()
        };
        (proptest::collection::vec(coord, n * dim), Just(dim))
    })
}

proptest! {
    #[test]
    fn clouds_sparse_equals_dense(
        (data, dim) in cloud(),
        max_dim in 0usize..=3,
        cut in proptest::option::of(0.0f64..3.0),
    ) {
        let pts = Points::new(&data, dim).unwrap();
        let params = RipsParams { max_dim, threshold: cut };
        let dense = rips_diagrams_with_options(pts, &Euclidean, &params, &with_storage(RipsStorage::Dense)).unwrap();
        let sparse = rips_diagrams_with_options(pts, &Euclidean, &params, &with_storage(RipsStorage::Sparse)).unwrap();
        let auto = rips_diagrams_with_options(pts, &Euclidean, &params, &RipsOptions::default()).unwrap();
        assert_same_diagrams(&dense, &sparse, 0.0, "dense vs sparse");
        assert_same_diagrams(&dense, &auto, 0.0, "dense vs auto");
        if max_dim <= 2 {
            let m = DistanceMatrix::from_points(pts, &Euclidean).unwrap();
            let explicit = rips_diagrams_explicit(&m, &params, ReductionAlgorithm::Twist).unwrap();
            assert_same_diagrams(&sparse, &explicit, 0.0, "sparse vs explicit");
        }
    }

    #[test]
    fn tied_matrices_sparse_equals_dense(
        lower in (3usize..=11).prop_flat_map(|n| {
            proptest::collection::vec((1u8..=5).prop_map(f32::from), n * (n - 1) / 2)
        }),
        max_dim in 1usize..=3,
        cut in proptest::option::of(1.0f64..5.0),
    ) {
        let m = DistanceMatrix::from_lower_triangle(&lower).unwrap();
        let params = RipsParams { max_dim, threshold: cut };
        let dense = rips_diagrams_from_distances_with_options(&m, &params, &with_storage(RipsStorage::Dense)).unwrap();
        let sparse = rips_diagrams_from_distances_with_options(&m, &params, &with_storage(RipsStorage::Sparse)).unwrap();
        assert_same_diagrams(&dense, &sparse, 0.0, "dense vs sparse");
        let explicit = rips_diagrams_explicit(&m, &params, ReductionAlgorithm::Standard).unwrap();
        assert_same_diagrams(&sparse, &explicit, 0.0, "sparse vs explicit");
    }
}

/// A threshold below every distance leaves isolated points: `n` essential H0 classes and nothing
/// else, in both storages (the sparse lists are all empty).
#[test]
fn threshold_below_every_distance() {
    let data = [0.0_f32, 1.0, 3.0, 6.0];
    let pts = Points::new(&data, 1).unwrap();
    let params = RipsParams {
        max_dim: 2,
        threshold: Some(0.5),
    };
    for storage in [RipsStorage::Dense, RipsStorage::Sparse, RipsStorage::Auto] {
        let d =
            rips_diagrams_with_options(pts, &Euclidean, &params, &with_storage(storage)).unwrap();
        assert_eq!(d[0].essential().count(), 4, "{storage:?}");
        assert_eq!(d[0].finite().count(), 0, "{storage:?}");
        assert!(d[1].is_empty() && d[2].is_empty(), "{storage:?}");
    }
}

/// Points farther apart than `f32::MAX`: the dense path refuses the infinite distance, and the
/// sparse path must too (it may not skip the pair as merely beyond the threshold).
#[test]
fn infinite_distances_are_refused_in_both_storages() {
    let data = [0.0_f32, 3e38, -3e38, 1.0];
    let pts = Points::new(&data, 1).unwrap();
    let params = RipsParams {
        max_dim: 1,
        threshold: Some(2.0),
    };
    for storage in [RipsStorage::Dense, RipsStorage::Sparse, RipsStorage::Auto] {
        let r = rips_diagrams_with_options(pts, &Euclidean, &params, &with_storage(storage));
        assert!(
            matches!(r, Err(topo_core::Error::InvalidParameter(_))),
            "{storage:?}: {r:?}"
        );
    }
}
