//! Vietoris-Rips persistence of `topo_core` on small point clouds and lower-triangular distance
//! matrices, any threshold (NaN, negative, infinite included) and dimensions up to past the limit.
//!
//! Asserts: the documented errors (too few points, bad threshold, dimension above
//! `MAX_HOMOLOGY_DIM`, non-triangular or negative distances); otherwise one diagram per
//! dimension, births >= 0, deaths > births, H0 births all 0 with one class per point; the
//! implicit engine agrees exactly with the explicit boundary-matrix reduction (standard and twist)
//! and, for clouds, with the path through the distance matrix and with the MST path for H0; the
//! dense and sparse edge storages agree exactly. Inputs too big for the explicit oracle run with
//! a small `RipsOptions::max_simplices`, so no case stalls: they must give diagrams or
//! `TooLarge`, and `TooLarge` only when the full complex is over the limit.
#![no_main]

use frugal_fuzz::{Input, limits, methods};
use libfuzzer_sys::fuzz_target;
use topo_core::{
    Diagram, DistanceMatrix, Error, Euclidean, MAX_HOMOLOGY_DIM, Points, ReductionAlgorithm,
    RipsOptions, RipsParams, RipsStorage, h0_diagram_mst, rips_diagrams, rips_diagrams_explicit,
    rips_diagrams_from_distances, rips_diagrams_from_distances_with_options,
    rips_diagrams_with_options,
};

/// The engine's size limit in this target: milliseconds of work at most.
const LIMIT: u64 = 50_000;

fn sorted(d: &Diagram) -> Vec<(u64, u64)> {
    let mut v: Vec<(u64, u64)> = d
        .pairs()
        .iter()
        .map(|p| (p.birth.to_bits(), p.death.to_bits()))
        .collect();
    v.sort_unstable();
    v
}

fn same(a: &[Diagram], b: &[Diagram], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: number of diagrams");
    for (k, (x, y)) in a.iter().zip(b).enumerate() {
        assert_eq!(sorted(x), sorted(y), "{what}: H{k} differs: {x:?} vs {y:?}");
    }
}

/// Vertex-weighted simplices of dimensions `1..=max_dim` of the full complex: the most
/// `RipsOptions::max_simplices` can be asked to allow.
fn weighted_full(n: usize, max_dim: usize) -> f64 {
    let mut total = 0.0;
    let mut c = n as f64; // C(n, 1)
    for k in 2..=(max_dim + 1).min(n) {
        c = c * (n + 1 - k) as f64 / k as f64;
        total += k as f64 * c;
    }
    total
}

fn limited(storage: RipsStorage) -> RipsOptions {
    RipsOptions {
        max_simplices: LIMIT,
        storage,
        ..RipsOptions::default()
    }
}

fn storage(input: &mut Input<'_>) -> RipsStorage {
    match input.below(3) {
        0 => RipsStorage::Auto,
        1 => RipsStorage::Dense,
        _ => RipsStorage::Sparse,
    }
}

/// Checks a limited result: diagrams of the right count, `TooLarge` only above the limit, or
/// (`overflow`: a distance beyond `f32`) the dense path's `InvalidParameter`.
fn check_limited(r: &topo_core::Result<Vec<Diagram>>, n: usize, max_dim: usize, overflow: bool) {
    match r {
        Ok(d) => assert_eq!(d.len(), max_dim + 1),
        Err(Error::InvalidParameter(_)) if overflow => {}
        Err(Error::TooLarge(_)) => assert!(
            weighted_full(n, max_dim) > LIMIT as f64,
            "TooLarge below the limit: {n} points, max_dim {max_dim}"
        ),
        Err(e) => panic!("limited run failed: {e:?}"),
    }
}

/// Simplices of the full complex up to `max_dim + 1`: keeps the explicit oracle fast.
fn simplices(n: usize, max_dim: usize) -> f64 {
    let mut total = 0.0;
    let mut c = 1.0;
    for k in 1..=(max_dim + 2).min(n) {
        c = c * (n + 1 - k) as f64 / k as f64;
        total += c;
    }
    total
}

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let from_cloud = input.bool();
    let max_dim = match input.below(8) {
        0 => MAX_HOMOLOGY_DIM + input.below(4),
        1 => 2 + input.below(6),
        k => k % 3,
    };
    let threshold = match input.below(4) {
        0 => None,
        1 => Some(f64::INFINITY),
        _ => Some(methods::param(&mut input)),
    };
    let params = RipsParams { max_dim, threshold };
    let bad_threshold = threshold.is_some_and(|t| t.is_nan() || t < 0.0);

    let (dist, cloud) = if from_cloud {
        let cloud = input.cloud(24, limits::MAX_DIM);
        let Ok(points) = Points::new(&cloud.data, cloud.dim) else {
            return;
        };
        let small_enough = simplices(points.len(), max_dim) <= 2e4;
        if !small_enough && !bad_threshold && max_dim <= MAX_HOMOLOGY_DIM {
            // Too big for the oracle (and maybe minutes of work without a limit): the limited
            // engine answers at once, the same in both storages.
            if points.len() < 2 || max_dim == 0 {
                return;
            }
            let a = rips_diagrams_with_options(
                points,
                &Euclidean,
                &params,
                &limited(storage(&mut input)),
            );
            let overflow = DistanceMatrix::from_points(points, &Euclidean).is_err();
            check_limited(&a, points.len(), max_dim, overflow);
            if let Ok(a) = a {
                let dense = limited(RipsStorage::Dense);
                let b = rips_diagrams_with_options(points, &Euclidean, &params, &dense);
                same(
                    &a,
                    &b.expect("dense storage, same limit"),
                    "storage vs dense",
                );
            }
            return;
        }
        let direct = rips_diagrams(points, &params);
        if bad_threshold {
            // With both a bad threshold and a dimension above the limit, either error is right.
            assert!(
                matches!(direct, Err(Error::InvalidParameter(_)))
                    || (max_dim > MAX_HOMOLOGY_DIM && matches!(direct, Err(Error::TooLarge(_)))),
                "{direct:?}"
            );
            return;
        }
        if max_dim > MAX_HOMOLOGY_DIM {
            assert!(matches!(direct, Err(Error::TooLarge(_))), "{direct:?}");
            return;
        }
        if points.len() < 2 {
            assert!(
                matches!(direct, Err(Error::TooFewPoints { .. })),
                "{direct:?}"
            );
            return;
        }
        let dist = match DistanceMatrix::from_points(points, &Euclidean) {
            Ok(d) => d,
            Err(e) => {
                // Only distances beyond f32 (coordinates near f32::MAX) are refused.
                assert!(matches!(e, Error::InvalidParameter(_)), "{e:?}");
                assert!(direct.is_err() || max_dim == 0, "{direct:?}");
                return;
            }
        };
        let via_matrix = rips_diagrams_from_distances(&dist, &params).expect("valid input");
        same(
            &direct.expect("valid input"),
            &via_matrix,
            "cloud vs its distance matrix",
        );
        let mst = h0_diagram_mst(points).expect("two points or more");
        let h0_all = rips_diagrams_from_distances(
            &dist,
            &RipsParams {
                max_dim: 0,
                threshold: Some(f64::INFINITY),
            },
        )
        .expect("valid input");
        same(&[mst], &h0_all, "MST H0 vs engine H0");
        (dist, Some(points.len()))
    } else {
        let len = input.below(24 * 23 / 2 + 2);
        let mode = input.value_mode();
        let values: Vec<f32> = (0..len).map(|_| input.value(mode)).collect();
        let dist = DistanceMatrix::from_lower_triangle(&values);
        let n = (1..=64).find(|n| n * (n - 1) / 2 == len);
        match (&dist, n) {
            (Ok(_), Some(n)) if n >= 2 => {}
            (Err(_), _) => return,
            (Ok(_), _) => panic!("{len} values accepted as a lower triangle"),
        }
        let bad_value = values.iter().any(|v| !v.is_finite() || *v < 0.0);
        assert!(!bad_value, "NaN, infinite or negative distance accepted");
        let dist = dist.expect("checked");
        if bad_threshold || max_dim > MAX_HOMOLOGY_DIM {
            let r = rips_diagrams_from_distances(&dist, &params);
            assert!(r.is_err(), "{params:?} accepted");
            return;
        }
        (dist, None)
    };

    let n = dist.len();
    let options = limited(storage(&mut input));
    let bounded = rips_diagrams_from_distances_with_options(&dist, &params, &options);
    check_limited(&bounded, n, max_dim, false);
    if let Ok(bounded) = &bounded {
        let other = if options.storage == RipsStorage::Sparse {
            RipsStorage::Dense
        } else {
            RipsStorage::Sparse
        };
        let b = rips_diagrams_from_distances_with_options(&dist, &params, &limited(other));
        same(
            bounded,
            &b.expect("other storage, same limit"),
            "dense vs sparse",
        );
    }
    if simplices(n, max_dim) > 2e4 {
        return;
    }
    let implicit = rips_diagrams_from_distances(&dist, &params).expect("valid input");
    assert_eq!(implicit.len(), max_dim + 1);
    for (k, d) in implicit.iter().enumerate() {
        for p in d.pairs() {
            assert!(p.birth >= 0.0 && p.death > p.birth, "H{k}: pair {p:?}");
            if k == 0 {
                assert_eq!(p.birth, 0.0, "H0 birth");
            }
        }
    }
    if let Some(points) = cloud {
        // Every point is born in H0 and dies (or lives) once: n classes minus zero-length ones.
        let h0 = &implicit[0];
        assert!(
            h0.len() <= points && h0.essential().count() >= 1,
            "H0 of {points} points: {h0:?}"
        );
    }
    for algorithm in [ReductionAlgorithm::Standard, ReductionAlgorithm::Twist] {
        match rips_diagrams_explicit(&dist, &params, algorithm) {
            Ok(explicit) => same(&implicit, &explicit, "implicit vs explicit"),
            Err(Error::TooLarge(_)) => {}
            Err(e) => panic!("explicit reduction failed: {e}"),
        }
    }
});
