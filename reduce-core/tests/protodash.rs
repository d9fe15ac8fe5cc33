//! ProtoDash: hand-worked picks and weights, non-negative weights, monotone objective, the
//! reference mode's scan order, bad input.

use reduce_core::{
    Budget, Error, Fidelity, Kernel, LabelledPoints, Points, ProtoDash, Reduced, Reducer, SeededRng,
};

fn linear() -> ProtoDash {
    ProtoDash {
        kernel: Kernel::Linear,
        fidelity: Fidelity::Improved,
        ..ProtoDash::default()
    }
}

#[test]
fn gaussian_two_clusters_by_hand() {
    // Points 0, 0, 10 with σ = 1: k(0, 10) = e^-50 ≈ 0. u = (2/3, 2/3, 1/3). The first pick is
    // row 0 (tie with row 1, lower index), w0 = 2/3; then g1 = 0 and g2 = 1/3, so row 2 follows
    // with w2 = 1/3. F = (2/3)²/2 + (1/3)²/2 = 5/18.
    let x = [0.0_f32, 0.0, 10.0];
    let pd = ProtoDash {
        kernel: Kernel::Gaussian { sigma: 1.0 },
        fidelity: Fidelity::Improved,
        ..ProtoDash::default()
    };
    let p = pd
        .prototypes(Points::new(&x, 1).unwrap(), &[0, 1, 2], 2)
        .unwrap();
    assert_eq!(p.rows, vec![0, 2]);
    assert!((p.weights[0] - 2.0 / 3.0).abs() < 1e-12);
    assert!((p.weights[1] - 1.0 / 3.0).abs() < 1e-12);
    assert!((p.objective[1] - 5.0 / 18.0).abs() < 1e-12);
    assert!((p.objective[0] - 2.0 / 9.0).abs() < 1e-12);
}

#[test]
fn linear_kernel_saturates_after_one_pick_in_one_dimension() {
    // 1-D, linear kernel: every nonzero row alone reaches F = x̄²/2 (the maximum ½‖x̄‖²), so
    // all first-step gains tie at x̄²/2 in exact arithmetic (rounding decides among them; row 0
    // is zero and gains 0). The second pick is made farthest-point from the first, weight 0.
    let x = [0.0_f32, 0.1, 0.2, 5.0, 5.1, 5.2];
    let mean: f64 = x.iter().map(|&v| f64::from(v)).sum::<f64>() / 6.0;
    let p = linear()
        .prototypes(Points::new(&x, 1).unwrap(), &[0, 1, 2, 3, 4, 5], 2)
        .unwrap();
    let first = p.rows[0];
    assert_ne!(first, 0);
    assert_eq!(p.gradient_picks, 1);
    assert!((p.weights[0] - mean / f64::from(x[first])).abs() < 1e-9);
    assert!((p.objective[0] - mean * mean / 2.0).abs() < 1e-12);
    let farthest = (0..6)
        .max_by(|&a, &b| {
            let da = (x[a] - x[first]).abs();
            let db = (x[b] - x[first]).abs();
            da.total_cmp(&db).then(b.cmp(&a))
        })
        .unwrap();
    assert_eq!(p.rows[1], farthest);
    assert_eq!(p.weights[1], 0.0);
    assert_eq!(p.objective[1], p.objective[0]);
}

#[test]
fn reference_mode_scan_order() {
    // [1, 2, 3, 4], linear: all first-step values tie at x̄²/2; the reference's scan never lets
    // the lowest remaining row (0) win, so row 1 is picked. The objective saturates, and the
    // rest follow the quirk's order: 2, 3, then 0 last.
    let x = [1.0_f32, 2.0, 3.0, 4.0];
    let y = [0_u32; 4];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let pd = ProtoDash {
        kernel: Kernel::Gaussian { sigma: 1.0 }, // ignored in reference mode
        fidelity: Fidelity::Reference,
        ..ProtoDash::default()
    };
    let p = pd.prototypes(data.points(), &[0, 1, 2, 3], 4).unwrap();
    assert_eq!(p.rows, vec![1, 2, 3, 0]);
    let Reduced::Selection(s) = pd
        .reduce(data, Budget::Ratio(0.75), &mut SeededRng::new(0))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(s.indices, vec![1, 2, 3]); // trunc(0.75 · 4) = 3
}

/// A uniform cloud in `[0, 1]^d` from the crate's own seeded generator.
fn uniform_cloud(n: usize, d: usize, seed: u64) -> Vec<f32> {
    let mut rng = SeededRng::new(seed);
    (0..n * d)
        .map(|_| reduce_core::uniform_unit(&mut rng) as f32)
        .collect()
}

#[test]
fn weights_are_non_negative_and_the_objective_never_decreases() {
    for (seed, kernel) in [
        (1, Kernel::Gaussian { sigma: 0.3 }),
        (2, Kernel::Gaussian { sigma: 2.0 }),
        (3, Kernel::Linear),
    ] {
        let n = 120;
        let x = uniform_cloud(n, 3, seed);
        let rows: Vec<usize> = (0..n).collect();
        let pd = ProtoDash {
            kernel,
            fidelity: Fidelity::Improved,
            ..ProtoDash::default()
        };
        let p = pd
            .prototypes(Points::new(&x, 3).unwrap(), &rows, 40)
            .unwrap();
        assert_eq!(p.rows.len(), 40);
        assert!(
            p.weights.iter().all(|&w| (0.0..=1e4).contains(&w)),
            "{kernel:?}"
        );
        assert!(p.objective.windows(2).all(|w| w[1] >= w[0]), "{kernel:?}");
        // Strictly increasing while picks are made by gradient (each has a positive gain).
        assert!(
            p.objective[..p.gradient_picks]
                .windows(2)
                .all(|w| w[1] > w[0])
        );
        let mut sorted = p.rows.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 40, "no row twice");
    }
}

#[test]
fn objective_matches_its_definition() {
    // F(w) = uᵀw − ½ wᵀKw recomputed from scratch with the returned weights.
    let n = 60;
    let x = uniform_cloud(n, 2, 9);
    let sigma = 0.25_f64;
    let pd = ProtoDash {
        kernel: Kernel::Gaussian { sigma },
        fidelity: Fidelity::Improved,
        ..ProtoDash::default()
    };
    let rows: Vec<usize> = (0..n).collect();
    let p = pd
        .prototypes(Points::new(&x, 2).unwrap(), &rows, 10)
        .unwrap();
    let k = |a: usize, b: usize| {
        let sq: f64 = (0..2)
            .map(|j| (f64::from(x[a * 2 + j]) - f64::from(x[b * 2 + j])).powi(2))
            .sum();
        (-sq / (2.0 * sigma * sigma)).exp()
    };
    let u = |i: usize| (0..n).map(|j| k(i, j)).sum::<f64>() / n as f64;
    let mut f = 0.0;
    for (a, &ra) in p.rows.iter().enumerate() {
        f += p.weights[a] * u(ra);
        for (b, &rb) in p.rows.iter().enumerate() {
            f -= 0.5 * p.weights[a] * p.weights[b] * k(ra, rb);
        }
    }
    assert!(
        (f - p.objective[9]).abs() < 1e-9 * f.abs().max(1.0),
        "{f} vs {}",
        p.objective[9]
    );
}

#[test]
fn selection_weights_follow_the_sorted_indices() {
    let x = uniform_cloud(50, 2, 4);
    let y: Vec<u32> = (0..50).map(|i| (i % 2) as u32).collect();
    let data = LabelledPoints::new(&x, 2, &y).unwrap();
    let Reduced::Selection(s) = ProtoDash::default()
        .reduce(data, Budget::Ratio(0.2), &mut SeededRng::new(0))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(s.indices.len(), 10);
    assert!(s.indices.windows(2).all(|w| w[0] < w[1]));
    let weights = s.weights.unwrap();
    assert_eq!(weights.len(), 10);
    // Per class, the prototypes in pick order, mapped to their weights, agree.
    for class in 0..2_u32 {
        let rows: Vec<usize> = (0..50).filter(|&i| y[i] == class).collect();
        let p = ProtoDash::default()
            .prototypes(data.points(), &rows, 5)
            .unwrap();
        for (r, w) in p.rows.iter().zip(&p.weights) {
            let at = s.indices.iter().position(|i| i == r).unwrap();
            assert_eq!(weights[at], *w);
        }
    }
}

#[test]
fn degenerate_inputs_are_handled() {
    let mut rng = SeededRng::new(0);
    // All identical: the first pick saturates the objective, the rest is filled.
    let x = [0.5_f32; 10];
    let y = [0_u32, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    for pd in [ProtoDash::default(), linear()] {
        let r = pd.reduce(data, Budget::Ratio(0.6), &mut rng).unwrap();
        assert_eq!(r.len(), 6);
    }
    // All zero vectors with the linear kernel: no gain anywhere, filled by farthest point
    // (all distances 0, so by index).
    let z = [0.0_f32; 4];
    let zy = [0_u32; 4];
    let zd = LabelledPoints::new(&z, 1, &zy).unwrap();
    let Reduced::Selection(s) = linear().reduce(zd, Budget::Count(2), &mut rng).unwrap() else {
        panic!()
    };
    assert_eq!(s.indices, vec![0, 1]);
    assert_eq!(s.weights, Some(vec![0.0, 0.0]));
    // A one-row class.
    let one = LabelledPoints::new(&[1.0_f32, 2.0, 3.0], 1, &[0, 0, 1]).unwrap();
    assert!(
        ProtoDash::default()
            .reduce(one, Budget::Ratio(0.5), &mut rng)
            .is_ok()
    );
    // Bad sigma and counts.
    for sigma in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let pd = ProtoDash {
            kernel: Kernel::Gaussian { sigma },
            fidelity: Fidelity::Improved,
            ..ProtoDash::default()
        };
        assert!(matches!(
            pd.reduce(data, Budget::Ratio(0.5), &mut rng),
            Err(Error::InvalidParameter(_))
        ));
    }
    assert!(
        ProtoDash::default()
            .reduce(data, Budget::Count(11), &mut rng)
            .is_err()
    );
    assert!(
        ProtoDash::default()
            .prototypes(data.points(), &[0, 1], 3)
            .is_err()
    );
}
