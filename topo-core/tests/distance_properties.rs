//! Property tests of the diagram distances: the bottleneck distance is a metric, agrees with an
//! exhaustive search over matchings on tiny diagrams, and is bounded by every p-Wasserstein
//! distance; the auction agrees with the exact solver within its stated error.

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

fn linf(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).abs().max((a.1 - b.1).abs())
}

/// Exhaustive bottleneck over every partial injection of finite points (tiny diagrams only).
fn brute_bottleneck(a: &Diagram, b: &Diagram) -> f64 {
    let mut ea: Vec<f64> = a.essential().map(|p| p.birth).collect();
    let mut eb: Vec<f64> = b.essential().map(|p| p.birth).collect();
    if ea.len() != eb.len() {
        return f64::INFINITY;
    }
    ea.sort_by(f64::total_cmp);
    eb.sort_by(f64::total_cmp);
    let ess = ea
        .iter()
        .zip(&eb)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max);
    let fa: Vec<(f64, f64)> = a.finite().map(|p| (p.birth, p.death)).collect();
    let fb: Vec<(f64, f64)> = b.finite().map(|p| (p.birth, p.death)).collect();
    fn rec(i: usize, fa: &[(f64, f64)], fb: &[(f64, f64)], used: &mut Vec<bool>, cur: f64) -> f64 {
        if i == fa.len() {
            let rest = fb
                .iter()
                .zip(used.iter())
                .filter(|(_, u)| !**u)
                .map(|(p, _)| (p.1 - p.0) / 2.0)
                .fold(0.0, f64::max);
            return cur.max(rest);
        }
        let mut best = rec(i + 1, fa, fb, used, cur.max((fa[i].1 - fa[i].0) / 2.0));
        for j in 0..fb.len() {
            if !used[j] {
                used[j] = true;
                best = best.min(rec(i + 1, fa, fb, used, cur.max(linf(fa[i], fb[j]))));
                used[j] = false;
            }
        }
        best
    }
    let fin = rec(0, &fa, &fb, &mut vec![false; fb.len()], 0.0);
    fin.max(ess)
}

proptest! {
    #[test]
    fn bottleneck_equals_exhaustive_search(a in diagram(4), b in diagram(4)) {
        prop_assert_eq!(bottleneck(&a, &b).unwrap(), brute_bottleneck(&a, &b));
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
