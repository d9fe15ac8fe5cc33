//! Property tests of the Rips engine: agreement with the explicit boundary-matrix reducer on
//! random small inputs (including distance matrices full of ties, which exercise the apparent and
//! emergent pair shortcuts), invariance under row permutation, scaling, and the stability theorem.

mod bottleneck_oracle;
mod rips_support;
mod split_mix;

use bottleneck_oracle::bottleneck_brute;
use proptest::prelude::*;
use rips_support::assert_same_diagrams;
use topo_core::{
    DistanceMatrix, Euclidean, Points, ReductionAlgorithm, RipsParams, h0_diagram_mst,
    rips_diagrams, rips_diagrams_explicit, rips_diagrams_from_distances,
};

/// A cloud of `n` points in `dim` dimensions with coordinates on a coarse grid or continuous.
fn cloud() -> impl Strategy<Value = (Vec<f32>, usize)> {
    (2usize..=4, 2usize..=11, any::<bool>()).prop_flat_map(|(dim, n, coarse)| {
        let coord = if coarse {
            (0i32..4).prop_map(|v| v as f32).boxed()
        } else {
            (-10.0f32..10.0).boxed()
        };
        (proptest::collection::vec(coord, n * dim), Just(dim))
    })
}

/// A lower-triangle distance list with small integer values (many ties).
fn tied_distances() -> impl Strategy<Value = Vec<f32>> {
    (3usize..=10).prop_flat_map(|n| {
        proptest::collection::vec((1u8..=4).prop_map(f32::from), n * (n - 1) / 2)
    })
}

fn check_against_explicit(m: &DistanceMatrix, params: &RipsParams) {
    let ours = rips_diagrams_from_distances(m, params).unwrap();
    for alg in [ReductionAlgorithm::Twist, ReductionAlgorithm::Standard] {
        let reference = rips_diagrams_explicit(m, params, alg).unwrap();
        assert_same_diagrams(&ours, &reference, 0.0, "implicit vs explicit");
    }
}

proptest! {
    #[test]
    fn clouds_match_the_explicit_reducer(
        (data, dim) in cloud(),
        max_dim in 1usize..=3,
        cut in proptest::option::of(0.0f64..15.0),
    ) {
        let pts = Points::new(&data, dim).unwrap();
        let m = DistanceMatrix::from_points(pts, &Euclidean).unwrap();
        let params = RipsParams { max_dim, threshold: cut };
        check_against_explicit(&m, &params);
        // H0 from the MST path agrees with the engine's union-find.
        let h0 = rips_diagrams(pts, &RipsParams { max_dim: 0, threshold: cut }).unwrap();
        let full = rips_diagrams_from_distances(&m, &params).unwrap();
        assert_same_diagrams(&h0, &full[..1], 0.0, "MST vs union-find");
        if cut.is_none() {
            assert_same_diagrams(&h0, &[h0_diagram_mst(pts).unwrap()], 0.0, "h0_diagram_mst");
        }
    }

    #[test]
    fn tied_distance_matrices_match_the_explicit_reducer(
        lower in tied_distances(),
        max_dim in 1usize..=3,
        cut in proptest::option::of(1.0f64..4.0),
    ) {
        let m = DistanceMatrix::from_lower_triangle(&lower).unwrap();
        check_against_explicit(&m, &RipsParams { max_dim, threshold: cut });
    }

    #[test]
    fn permuting_rows_changes_nothing((data, dim) in cloud(), seed in any::<u64>()) {
        let n = data.len() / dim;
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = split_mix::SplitMix(seed);
        for i in (1..n).rev() {
            order.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
        }
        let permuted: Vec<f32> = order.iter().flat_map(|&r| data[r * dim..(r + 1) * dim].to_vec()).collect();
        let params = RipsParams { max_dim: 2, threshold: None };
        let a = rips_diagrams(Points::new(&data, dim).unwrap(), &params).unwrap();
        let b = rips_diagrams(Points::new(&permuted, dim).unwrap(), &params).unwrap();
        assert_same_diagrams(&a, &b, 0.0, "permuted rows");
    }

    #[test]
    fn scaling_points_scales_diagrams((data, dim) in cloud(), c in 0.01f32..100.0, k in -8i32..8) {
        let params = RipsParams { max_dim: 2, threshold: None };
        let base = rips_diagrams(Points::new(&data, dim).unwrap(), &params).unwrap();
        let scale = |c: f64| -> Vec<topo_core::Diagram> {
            base.iter()
                .map(|d| {
                    topo_core::Diagram::new(
                        d.pairs().iter().map(|p| (p.birth * c, p.death * c)).collect(),
                    )
                    .unwrap()
                })
                .collect()
        };
        // A power of two scales every f32 coordinate, f64 distance and f32 rounding exactly.
        let two_k = 2f32.powi(k);
        let exact: Vec<f32> = data.iter().map(|v| v * two_k).collect();
        let got = rips_diagrams(Points::new(&exact, dim).unwrap(), &params).unwrap();
        assert_same_diagrams(&scale(f64::from(two_k)), &got, 0.0, "scaled by 2^k");
        // Any other factor: rounding may move values by a few ulps and create or remove pairs of
        // near-zero persistence, so compare by bottleneck distance, relative to the scale.
        let scaled: Vec<f32> = data.iter().map(|v| v * c).collect();
        let got = rips_diagrams(Points::new(&scaled, dim).unwrap(), &params).unwrap();
        let expected = scale(f64::from(c));
        let extent = f64::from(c) * 40.0; // coordinates within [-10, 10]^4
        for (h, (a, b)) in expected.iter().zip(&got).enumerate() {
            let d = bottleneck_brute(a, b);
            prop_assert!(d <= 1e-5 * extent, "H{h}: bottleneck {d}");
        }
    }

    #[test]
    fn stability_bottleneck_at_most_twice_hausdorff(
        (data, dim) in cloud(),
        noise in proptest::collection::vec(-0.5f32..0.5, 44),
        drop_last in any::<bool>(),
    ) {
        // Y: X moved by a little noise, maybe without its last point (Hausdorff allows that).
        let n = data.len() / dim;
        let mut other: Vec<f32> = data.iter().zip(noise.iter().cycle()).map(|(v, e)| v + e).collect();
        if drop_last && n > 2 {
            other.truncate((n - 1) * dim);
        }
        let x = Points::new(&data, dim).unwrap();
        let y = Points::new(&other, dim).unwrap();
        let directed = |a: Points<'_>, b: Points<'_>| -> f64 {
            a.rows()
                .map(|p| b.rows().map(|q| topo_core::Metric::distance(&Euclidean, p, q)).fold(f64::INFINITY, f64::min))
                .fold(0.0, f64::max)
        };
        let hausdorff = directed(x, y).max(directed(y, x));
        // Infinite threshold so that every class dies and only H0 keeps one essential class.
        let params = RipsParams { max_dim: 1, threshold: Some(f64::INFINITY) };
        let dx = rips_diagrams(x, &params).unwrap();
        let dy = rips_diagrams(y, &params).unwrap();
        for k in 0..=1 {
            let b = bottleneck_brute(&dx[k], &dy[k]);
            prop_assert!(b <= 2.0 * hausdorff + 1e-4, "H{k}: bottleneck {b} > 2 * {hausdorff}");
        }
    }
}
