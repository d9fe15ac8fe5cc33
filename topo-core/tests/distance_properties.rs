//! Property tests of the diagram distances: the bottleneck distance is a metric, agrees with a
//! brute-force search (every candidate value, a perfect matching by augmenting paths) on small
//! diagrams, and is bounded by every p-Wasserstein distance; the auction agrees with the exact
//! solver within its stated error.

mod bottleneck_oracle;

use bottleneck_oracle::bottleneck_brute;
use proptest::prelude::*;
use topo_core::{Diagram, WassersteinParams, bottleneck, wasserstein, wasserstein_with};

/// Diagrams on a coarse grid (many ties and diagonal points), with up to two essential classes.
fn diagram(max_finite: usize) -> impl Strategy<Value = Diagram> {
    (
        prop::collection::vec((0u8..12, 0u8..8), 0..=max_finite),
        prop::collection::vec(0u8..12, 0..=2),
    )
        .prop_map(|(fin, ess)| {
            let mut pairs: Vec<(f64, f64)> = fin
                .into_iter()
                .map(|(b, p)| (f64::from(b) * 0.5, f64::from(b) * 0.5 + f64::from(p) * 0.25))
                .collect();
            pairs.extend(ess.into_iter().map(|b| (f64::from(b), f64::INFINITY)));
            Diagram::new(pairs).unwrap()
        })
}

/// Same essential count (1) so distances are finite and the triangle inequality is informative.
fn finite_diagram(max_finite: usize) -> impl Strategy<Value = Diagram> {
    (
        prop::collection::vec((0.0f64..5.0, 0.0f64..3.0), 0..=max_finite),
        0.0f64..5.0,
    )
        .prop_map(|(fin, e)| {
            let mut pairs: Vec<(f64, f64)> = fin.into_iter().map(|(b, p)| (b, b + p)).collect();
            pairs.push((e, f64::INFINITY));
            Diagram::new(pairs).unwrap()
        })
}

proptest! {
    #[test]
    fn bottleneck_equals_brute_force(a in diagram(4), b in diagram(4)) {
        prop_assert_eq!(bottleneck(&a, &b).unwrap(), bottleneck_brute(&a, &b));
    }

    #[test]
    fn bottleneck_is_a_metric(a in finite_diagram(25), b in finite_diagram(25), c in finite_diagram(25)) {
        let ab = bottleneck(&a, &b).unwrap();
        prop_assert_eq!(bottleneck(&a, &a).unwrap(), 0.0);
        prop_assert_eq!(ab, bottleneck(&b, &a).unwrap());
        prop_assert!(ab >= 0.0);
        let ac = bottleneck(&a, &c).unwrap();
        let bc = bottleneck(&b, &c).unwrap();
        prop_assert!(ac <= (ab + bc) * (1.0 + 1e-12), "{} > {} + {}", ac, ab, bc);
    }

    #[test]
    fn bottleneck_at_most_every_wasserstein(a in diagram(20), b in diagram(20)) {
        let bn = bottleneck(&a, &b).unwrap();
        for p in [1.0, 2.0, 3.5, 10.0] {
            let w = wasserstein(&a, &b, p).unwrap();
            prop_assert!(bn <= w * (1.0 + 1e-12), "bottleneck {} > W_{} {}", bn, p, w);
        }
    }

    #[test]
    fn wasserstein_is_symmetric_and_zero_on_equal(a in finite_diagram(20), b in finite_diagram(20)) {
        let w = wasserstein(&a, &b, 2.0).unwrap();
        let back = wasserstein(&b, &a, 2.0).unwrap();
        prop_assert!((w - back).abs() <= 1e-9 * w.max(1e-300));
        prop_assert_eq!(wasserstein(&a, &a, 1.0).unwrap(), 0.0);
    }

    #[test]
    fn auction_within_stated_error(a in finite_diagram(30), b in finite_diagram(30), p in 1.0f64..3.0) {
        let exact = wasserstein(&a, &b, p).unwrap();
        let rel = 1e-4;
        let approx = wasserstein_with(&a, &b, &WassersteinParams { order: p, exact_limit: 0, relative_error: rel }).unwrap();
        // W^p is within `rel` of the optimum and never below it.
        let (e, x) = (exact.powf(p), approx.powf(p));
        prop_assert!(x >= e * (1.0 - 1e-9) && x <= e * (1.0 + rel) + 1e-12, "exact {} auction {}", exact, approx);
    }
}

#[test]
fn wasserstein_is_homogeneous_without_overflow() {
    let a = Diagram::new(vec![(0.0, 3.0), (1.0, 2.0), (2.0, f64::INFINITY)]).unwrap();
    let b = Diagram::new(vec![(0.0, 2.5), (0.5, f64::INFINITY)]).unwrap();
    let big = |d: &Diagram, s: f64| {
        Diagram::new(
            d.pairs()
                .iter()
                .map(|p| (p.birth * s, p.death * s))
                .collect(),
        )
        .unwrap()
    };
    for p in [1.0, 2.0, 50.0, 2000.0, 1e300] {
        let w = wasserstein(&a, &b, p).unwrap();
        assert!(w.is_finite() && w > 0.0, "p={p}: {w}");
        for s in [1e300, 1e-300] {
            let ws = wasserstein(&big(&a, s), &big(&b, s), p).unwrap();
            assert!((ws / s - w).abs() <= 1e-9 * w, "p={p} s={s}: {ws} vs {w}");
        }
    }
    // Large orders tend to the bottleneck distance: bottleneck <= W_p <= N^(1/p) bottleneck.
    let bn = bottleneck(&a, &b).unwrap();
    for p in [2000.0, 1e300] {
        let w = wasserstein(&a, &b, p).unwrap();
        assert!(
            w >= bn && w <= bn * 5f64.powf(1.0 / p) * (1.0 + 1e-12),
            "p={p}: {w} vs {bn}"
        );
    }
    // Overflowing persistence in the bottleneck distance: the answer is still exact.
    let huge = Diagram::new(vec![(-1e308, 1e308)]).unwrap();
    assert_eq!(bottleneck(&huge, &huge).unwrap(), 0.0);
}

#[test]
fn empty_diagrams_documented_results() {
    let empty = Diagram::new(vec![]).unwrap();
    let d = Diagram::new(vec![(0.0, 3.0), (1.0, 2.0)]).unwrap();
    assert_eq!(bottleneck(&empty, &empty).unwrap(), 0.0);
    assert_eq!(bottleneck(&empty, &d).unwrap(), 1.5);
    assert_eq!(wasserstein(&empty, &d, 1.0).unwrap(), 2.0);
    let e = Diagram::new(vec![(0.0, f64::INFINITY)]).unwrap();
    assert_eq!(bottleneck(&empty, &e).unwrap(), f64::INFINITY);
    assert_eq!(wasserstein(&empty, &e, 2.0).unwrap(), f64::INFINITY);
}

#[test]
fn bad_input_is_a_typed_error() {
    assert!(Diagram::new(vec![(f64::NAN, 1.0)]).is_err());
    assert!(Diagram::new(vec![(0.0, f64::NAN)]).is_err());
    assert!(Diagram::new(vec![(f64::INFINITY, f64::INFINITY)]).is_err());
    assert!(Diagram::new(vec![(2.0, 1.0)]).is_err());
    let d = Diagram::new(vec![(0.0, 1.0)]).unwrap();
    for p in [0.5, f64::NAN, f64::INFINITY, -1.0] {
        assert!(wasserstein(&d, &d, p).is_err(), "order {p}");
    }
    let bad = WassersteinParams {
        order: 2.0,
        exact_limit: 10,
        relative_error: 0.0,
    };
    assert!(wasserstein_with(&d, &d, &bad).is_err());
}
