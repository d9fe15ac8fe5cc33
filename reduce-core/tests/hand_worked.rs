//! Hand-worked cases, one or two per method, with answers derived on paper.

use reduce_core::{
    Budget, Clc, ClcInit, Des, Dom, DomAllocation, DomMetric, Fidelity, LabelledPoints, Mms,
    MmsStart, Reduced, Reducer, SeededRng, Srs, class_counts, squared_euclidean,
};

#[test]
fn mms_on_a_line_picks_the_ends_then_the_middle() {
    let x: Vec<f32> = (0..10).map(|i| i as f32).collect();
    let y = [0_u32; 10];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let mut rng = SeededRng::new(0);
    let pick = |k| Mms::default().select(data, Budget::Count(k), &mut SeededRng::new(0));
    assert_eq!(pick(2).unwrap().indices, vec![0, 9]);
    // 4 and 5 are both 4 away from the chosen ends; the lower index wins.
    assert_eq!(pick(3).unwrap().indices, vec![0, 4, 9]);
    // Starting from the middle, the farther end (0, distance 5) comes first.
    let mid = Mms {
        start: MmsStart::Index(5),
        ..Mms::default()
    };
    let out = mid.select(data, Budget::Count(2), &mut rng).unwrap();
    assert_eq!(out.indices, vec![0, 5]);
}

#[test]
fn mms_never_repeats_a_duplicated_point() {
    // Three distinct points, each twice; asking for 5 (GUDHI repeats points here).
    let x = [
        0.0_f32, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0,
    ];
    let y = [0_u32; 6];
    let data = LabelledPoints::new(&x, 2, &y).unwrap();
    let out = Mms::default()
        .select(data, Budget::Count(5), &mut SeededRng::new(0))
        .unwrap();
    // Order: 0, then 1 (distance 1, lower index than 2 at the same distance), then 2, then the
    // remaining rows at distance 0 in index order: 3, 4.
    assert_eq!(out.indices, vec![0, 1, 2, 3, 4]);
}

#[test]
fn dom_result_is_an_epsilon_net_of_each_class() {
    // A deterministic cloud of 200 points in 3-d, two classes.
    let mut rng = SeededRng::new(42);
    let x: Vec<f32> = (0..600)
        .map(|_| (reduce_core::uniform_unit(&mut rng) * 10.0) as f32)
        .collect();
    let y: Vec<u32> = (0..200).map(|i| (i % 3 == 0) as u32).collect();
    let data = LabelledPoints::new(&x, 3, &y).unwrap();
    let counts = class_counts(&y, Budget::Ratio(0.2), true).unwrap();
    let row = |i: usize| &x[i * 3..i * 3 + 3];
    // Distances computed here from scratch, as compared with epsilon: squared Euclidean (with
    // epsilon squared, the library's convention), or Chebyshev (largest coordinate gap).
    let dist = |metric: DomMetric, a: usize, b: usize| -> f64 {
        match metric {
            DomMetric::Euclidean => squared_euclidean(row(a), row(b)),
            _ => row(a)
                .iter()
                .zip(row(b))
                .map(|(p, q)| (f64::from(*p) - f64::from(*q)).abs())
                .fold(0.0, f64::max),
        }
    };
    for metric in [DomMetric::Euclidean, DomMetric::Chebyshev] {
        let mut worst = Vec::new();
        for (allocation, polish_limit) in [
            (DomAllocation::PerClass, 0),
            (DomAllocation::ByRadius, 0),
            (DomAllocation::ByRadius, u64::MAX),
        ] {
            let report = Dom {
                allocation,
                metric,
                polish_limit,
                ..Dom::default()
            }
            .select_with_report(data, Budget::Ratio(0.2), &mut SeededRng::new(1))
            .unwrap();
            let picks = &report.selection.indices;
            assert_eq!(picks.len(), counts.total());
            for &(label, eps) in &report.epsilons {
                assert!(eps > 0.0);
                let eps_key = match metric {
                    DomMetric::Euclidean => eps * eps,
                    _ => eps,
                };
                let mine: Vec<usize> = picks.iter().copied().filter(|&p| y[p] == label).collect();
                if allocation == DomAllocation::PerClass {
                    assert_eq!(mine.len(), counts.keep(label));
                }
                assert!(!mine.is_empty());
                // Covering radius of the picks.
                let mut radius = 0.0_f64;
                for i in (0..200).filter(|&i| y[i] == label) {
                    let near = mine
                        .iter()
                        .map(|&p| dist(metric, i, p))
                        .fold(f64::INFINITY, f64::min);
                    assert!(near < eps_key, "row {i} not covered ({metric:?})");
                    radius = radius.max(near);
                }
                // The reported epsilon is the covering radius, not a loose bound.
                assert!(radius * (1.0 + 1e-12) >= eps_key * (1.0 - 1e-12));
                // Farthest-point picks (no polish) are pairwise at least the covering radius
                // apart (so no set of as many rows covers within less than half of it).
                if polish_limit == 0 {
                    for (a, &p) in mine.iter().enumerate() {
                        for &q in &mine[a + 1..] {
                            assert!(dist(metric, p, q) >= radius);
                        }
                    }
                }
            }
            worst.push(report.epsilons.iter().map(|e| e.1).fold(0.0, f64::max));
        }
        // Sharing the rows by radius never leaves the worst class worse off, nor does the
        // polish (it only keeps trials below the walks' worst epsilon).
        assert!(worst[1] <= worst[0], "{metric:?} {worst:?}");
        assert!(worst[2] <= worst[1], "{metric:?} {worst:?}");
    }
}

/// Each centroid equals the mean of the rows nearest to it: a fixed point of Lloyd's step.
fn assert_lloyd_fixed_point(x: &[f32], dim: usize, y: &[u32], out: &reduce_core::Synthesized) {
    let labels: std::collections::BTreeSet<u32> = y.iter().copied().collect();
    for label in labels {
        let cents: Vec<&[f32]> = out
            .points
            .chunks(dim)
            .zip(&out.labels)
            .filter(|(_, l)| **l == label)
            .map(|(c, _)| c)
            .collect();
        let mut sums = vec![vec![0.0_f64; dim]; cents.len()];
        let mut counts = vec![0usize; cents.len()];
        for i in (0..y.len()).filter(|&i| y[i] == label) {
            let row = &x[i * dim..(i + 1) * dim];
            let j = (0..cents.len())
                .min_by(|&a, &b| {
                    squared_euclidean(row, cents[a]).total_cmp(&squared_euclidean(row, cents[b]))
                })
                .unwrap();
            counts[j] += 1;
            for (s, &v) in sums[j].iter_mut().zip(row) {
                *s += f64::from(v);
            }
        }
        for j in 0..cents.len() {
            assert!(counts[j] > 0, "centroid {j} of class {label} has no rows");
            for t in 0..dim {
                let mean = sums[j][t] / counts[j] as f64;
                assert!((mean - f64::from(cents[j][t])).abs() < 1e-4);
            }
        }
    }
}

#[test]
fn clc_centroids_are_fixed_points_of_lloyds_step() {
    let mut rng = SeededRng::new(9);
    // 400 rows, 40 centres per class at 20 %: enough centres for the k-d tree path.
    let x: Vec<f32> = (0..800)
        .map(|_| reduce_core::uniform_unit(&mut rng) as f32)
        .collect();
    let y: Vec<u32> = (0..400).map(|i| (i % 2) as u32).collect();
    let data = LabelledPoints::new(&x, 2, &y).unwrap();
    for init in [ClcInit::KMeansPlusPlus, ClcInit::Random] {
        let clc = Clc {
            init,
            tolerance: 0.0,
            max_iter: 1000,
            ..Clc::default()
        };
        let out = clc
            .synthesize(data, Budget::Ratio(0.2), &mut SeededRng::new(3))
            .unwrap();
        assert_eq!(out.labels.iter().filter(|&&l| l == 0).count(), 40);
        assert_eq!(out.labels.iter().filter(|&&l| l == 1).count(), 40);
        assert_lloyd_fixed_point(&x, 2, &y, &out);
    }
    // Reference mode: scipy's rule; at most trunc(0.1 * 200) = 20 per class.
    let clc = Clc {
        fidelity: Fidelity::Reference,
        max_iter: 1000,
        ..Clc::default()
    };
    let out = clc
        .synthesize(data, Budget::Ratio(0.1), &mut SeededRng::new(3))
        .unwrap();
    assert!(out.labels.iter().filter(|&&l| l == 0).count() <= 20);
    assert!(out.labels.iter().filter(|&&l| l == 1).count() <= 20);
}

#[test]
fn clc_centroids_are_fixed_points_with_the_batched_seeding_in_low_dimension() {
    // One class of 4,096 rows and 1,024 centres (2^22 row-centre pairs, 5 features): the
    // batched seeding pruned by row boxes, whose second-nearest distances replace Lloyd's first
    // pass, then the moved-centre bounds.
    let mut rng = SeededRng::new(31);
    let (n, dim) = (4096, 5);
    let x: Vec<f32> = (0..n * dim)
        .map(|_| reduce_core::uniform_unit(&mut rng) as f32)
        .collect();
    let y = vec![0_u32; n];
    let data = LabelledPoints::new(&x, dim, &y).unwrap();
    let clc = Clc {
        tolerance: 0.0,
        max_iter: 1000,
        ..Clc::default()
    };
    let out = clc
        .synthesize(data, Budget::Count(1024), &mut SeededRng::new(2))
        .unwrap();
    assert_eq!(out.labels.len(), 1024);
    assert_lloyd_fixed_point(&x, dim, &y, &out);
}

#[test]
fn clc_centroids_are_fixed_points_in_high_dimension() {
    // 16 features and 48 centres per class: the group-bound path (more than 12 features and
    // 32 centres), with both empty-cluster rules (Improved re-seeds, Reference drops).
    let mut rng = SeededRng::new(17);
    let dim = 16;
    let x: Vec<f32> = (0..480 * dim)
        .map(|_| (reduce_core::uniform_unit(&mut rng) * 4.0).floor() as f32)
        .collect();
    let y: Vec<u32> = (0..480).map(|i| (i % 2) as u32).collect();
    let data = LabelledPoints::new(&x, dim, &y).unwrap();
    for fidelity in [Fidelity::Improved, Fidelity::Reference] {
        let clc = Clc {
            tolerance: 0.0,
            max_iter: 1000,
            fidelity,
            ..Clc::default()
        };
        let out = clc
            .synthesize(data, Budget::Ratio(0.2), &mut SeededRng::new(5))
            .unwrap();
        if fidelity == Fidelity::Improved {
            assert_eq!(out.labels.iter().filter(|&&l| l == 0).count(), 48);
        }
        assert_lloyd_fixed_point(&x, dim, &y, &out);
    }
}

#[test]
fn clc_nearest_rows_are_the_nearest_real_rows() {
    let x = [0.0_f32, 0.2, 0.4, 5.0, 5.2, 9.0];
    let y = [0_u32; 6];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let clc = Clc {
        nearest_rows: true,
        ..Clc::default()
    };
    // k-means++ with 3 centres on three separated groups ends at {0.2, 5.1, 9}.
    let out = clc
        .synthesize(data, Budget::Count(3), &mut SeededRng::new(1))
        .unwrap();
    let mut pairs: Vec<(f32, usize)> = out
        .points
        .iter()
        .copied()
        .zip(out.nearest_rows.unwrap())
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!((pairs[0].0 - 0.2).abs() < 1e-6 && pairs[0].1 == 1);
    // 5.1 is equally far from rows 3 and 4 in exact arithmetic; either is nearest.
    assert!((pairs[1].0 - 5.1).abs() < 1e-5 && (pairs[1].1 == 3 || pairs[1].1 == 4));
    assert!((pairs[2].0 - 9.0).abs() < 1e-6 && pairs[2].1 == 5);
}

#[test]
fn des_adds_the_rows_nearest_the_class_boundary() {
    // Class 0 at 0..3, class 1 at 7..10; base rows 0 (x = 0) and 7 (x = 10): centroids 0 and 10.
    // Entropy peaks at x = 5: rows 3 (x = 3) and 4 (x = 7) tie, then rows 2 and 5.
    let x = [0.0_f32, 1.0, 2.0, 3.0, 7.0, 8.0, 9.0, 10.0];
    let y = [0_u32, 0, 0, 0, 1, 1, 1, 1];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let des = Des {
        base: Some(vec![0, 7]),
        fidelity: Fidelity::Reference,
        ..Des::default()
    };
    let mut rng = SeededRng::new(0);
    let sel = |k| des.select(data, Budget::Count(k), &mut SeededRng::new(0));
    assert_eq!(sel(3).unwrap().indices, vec![0, 3, 7]);
    assert_eq!(sel(4).unwrap().indices, vec![0, 3, 4, 7]);
    assert_eq!(sel(6).unwrap().indices, vec![0, 2, 3, 4, 5, 7]);
    // Ours: per class, exactly the budget, base included.
    let out = Des::default()
        .select(data, Budget::Ratio(0.5), &mut rng)
        .unwrap();
    assert_eq!(out.indices.iter().filter(|&&i| y[i] == 0).count(), 2);
    assert_eq!(out.indices.iter().filter(|&&i| y[i] == 1).count(), 2);
}

#[test]
fn des_softmax_does_not_overflow_on_large_distances() {
    // Distances around 1e4: exp(d) overflows in the reference; the shifted softmax does not.
    let x = [0.0_f32, 1.0, 5000.0, 9999.0, 10000.0, 20000.0];
    let y = [0_u32, 0, 0, 1, 1, 1];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let out = Des::default()
        .select(data, Budget::Ratio(1.0), &mut SeededRng::new(4))
        .unwrap();
    assert_eq!(out.indices, vec![0, 1, 2, 3, 4, 5]);
}

#[test]
fn srs_keeps_the_budget_of_each_class() {
    let x: Vec<f32> = (0..100).map(|i| i as f32).collect();
    let y: Vec<u32> = (0..100).map(|i| (i % 7 == 0) as u32).collect();
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let out = Srs::default()
        .reduce(data, Budget::Ratio(0.3), &mut SeededRng::new(8))
        .unwrap();
    let Reduced::Selection(s) = out else {
        panic!("SRS selects")
    };
    let c = class_counts(&y, Budget::Ratio(0.3), true).unwrap();
    for &(l, _, k) in &c.classes {
        assert_eq!(s.indices.iter().filter(|&&i| y[i] == l).count(), k);
    }
}

#[test]
fn dom_polish_finds_the_net_the_walk_misses() {
    // One class, values 1, 4, 0, 2, 3, 5 in row order, two rows. The walk starts at row 0
    // (value 1) and goes to the farthest value, 5: radius 2 (value 3 is 2 from both picks).
    // A greedy net in row order at any epsilon in (1, 2] picks 1 (covering 0, 1, 2) and 4
    // (covering 3, 4, 5): radius 1, the best two rows can do.
    let x = [1.0_f32, 4.0, 0.0, 2.0, 3.0, 5.0];
    let y = [0_u32; 6];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    for metric in [DomMetric::Chebyshev, DomMetric::Euclidean] {
        let run = |polish_limit| {
            Dom {
                metric,
                polish_limit,
                ..Dom::default()
            }
            .select_with_report(data, Budget::Count(2), &mut SeededRng::new(0))
            .unwrap()
        };
        let walk = run(0);
        assert_eq!(walk.selection.indices, vec![0, 5]);
        assert_eq!(walk.epsilons, vec![(0, 2.0_f64.next_up())]);
        let polished = run(reduce_core::DOM_POLISH_WORK_LIMIT);
        assert_eq!(polished.selection.indices, vec![0, 1]);
        assert_eq!(polished.epsilons, vec![(0, 1.0_f64.next_up())]);
    }
}
