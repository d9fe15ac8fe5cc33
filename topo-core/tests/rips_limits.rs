//! The size limit (`RipsOptions::max_simplices`): inputs whose complex is too big return
//! `Error::TooLarge` before the engine allocates its simplex lists, instead of running for
//! minutes; the limit's count is exact on complete complexes (hand-counted below).

use topo_core::{
    DEFAULT_MAX_SIMPLICES, DistanceMatrix, Error, Euclidean, Points, RipsOptions, RipsParams,
    RipsStorage, rips_diagrams, rips_diagrams_from_distances_with_options,
    rips_diagrams_with_options,
};

fn limit(max_simplices: u64, storage: RipsStorage) -> RipsOptions {
    RipsOptions {
        max_simplices,
        storage,
    }
}

/// 24 identical points up to H30: all 2^24 subsets are simplices at diameter 0. Weighted count
/// `sum_{k=2}^{24} k C(24, k) = 24 * 2^23 - 24`, above the default limit. Without the limit
/// this runs for about a minute.
#[test]
fn identical_points_up_to_h30_are_refused() {
    let same = vec![1.5_f32; 24 * 2];
    let pts = Points::new(&same, 2).unwrap();
    let weighted = 24u64 * (1 << 23) - 24;
    assert!(weighted > DEFAULT_MAX_SIMPLICES);
    let params = RipsParams {
        max_dim: 30,
        threshold: None,
    };
    assert!(matches!(
        rips_diagrams(pts, &params),
        Err(Error::TooLarge(_))
    ));
    // Also with the threshold that keeps every edge, in the sparse storage.
    let cut = RipsParams {
        max_dim: 30,
        threshold: Some(1.0),
    };
    let sparse = RipsOptions {
        storage: RipsStorage::Sparse,
        ..RipsOptions::default()
    };
    assert!(matches!(
        rips_diagrams_with_options(pts, &Euclidean, &cut, &sparse),
        Err(Error::TooLarge(_))
    ));
}

/// 2,000 points up to H5 and up to H3 (`C(2000, 5)` still fits the 64-bit index, so only the
/// limit refuses it): the complex within the enclosing radius is nearly complete.
#[test]
fn two_thousand_points_up_to_h3_and_h5_are_refused() {
    let mut state = 7u64;
    let data: Vec<f32> = (0..2000 * 3)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 40) as f32 / (1u64 << 24) as f32
        })
        .collect();
    let pts = Points::new(&data, 3).unwrap();
    for max_dim in [3, 5] {
        let params = RipsParams {
            max_dim,
            threshold: None,
        };
        let r = rips_diagrams(pts, &params);
        assert!(matches!(r, Err(Error::TooLarge(_))), "H{max_dim}: {r:?}");
    }
}

/// Ten points with all distances 1 up to H3: `2 C(10,2) + 3 C(10,3) + 4 C(10,4)
/// = 90 + 360 + 840 = 1290` weighted simplices. The limit admits exactly that many.
#[test]
fn the_limit_is_exact_on_a_complete_complex() {
    let m = DistanceMatrix::from_lower_triangle(&[1.0; 45]).unwrap();
    let params = RipsParams {
        max_dim: 3,
        threshold: None,
    };
    for storage in [RipsStorage::Dense, RipsStorage::Sparse] {
        let ok = rips_diagrams_from_distances_with_options(&m, &params, &limit(1290, storage));
        let d = ok.unwrap();
        // Ten components merge at 1 into a full simplex, which is contractible.
        assert_eq!((d[0].finite().count(), d[0].essential().count()), (9, 1));
        assert!(d[1..].iter().all(|x| x.is_empty()));
        let refused = rips_diagrams_from_distances_with_options(&m, &params, &limit(1289, storage));
        assert!(matches!(refused, Err(Error::TooLarge(_))), "{storage:?}");
    }
}

/// A threshold that cuts the complex lowers the count: a path of 10 points spaced 1 apart with
/// threshold 1.5 has 9 edges and no triangles (weighted 18), whatever `max_dim`.
#[test]
fn a_threshold_lowers_the_count() {
    let line: Vec<f32> = (0..10).map(|i| i as f32).collect();
    let pts = Points::new(&line, 1).unwrap();
    let params = RipsParams {
        max_dim: 5,
        threshold: Some(1.5),
    };
    for storage in [RipsStorage::Dense, RipsStorage::Sparse] {
        assert!(rips_diagrams_with_options(pts, &Euclidean, &params, &limit(18, storage)).is_ok());
        let r = rips_diagrams_with_options(pts, &Euclidean, &params, &limit(17, storage));
        assert!(matches!(r, Err(Error::TooLarge(_))), "{storage:?}");
    }
}
