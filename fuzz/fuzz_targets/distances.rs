//! Bottleneck and p-Wasserstein distances of `topo_core` between arbitrary diagrams (ties,
//! diagonal points, essential classes, huge values).
//!
//! Asserts: both are symmetric, non-negative, zero from a diagram to itself, infinite exactly
//! when the essential counts differ; bottleneck equals a brute-force bottleneck written from the
//! definition (`oracle.rs`); bottleneck <= W_p <= (points)^(1/p) * bottleneck; the auction
//! stays within its stated relative error of the exact W_p^p; invalid orders are errors.
#![no_main]

use frugal_fuzz::{Input, check, limits, methods, oracle};
use libfuzzer_sys::fuzz_target;
use topo_core::{Diagram, WassersteinParams, bottleneck, wasserstein_with};

/// Relative slack for comparisons of floating-point sums computed in different orders.
const REL: f64 = 1e-9;

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let pa = input.pairs(limits::MAX_PAIRS / 2);
    let pb = if input.bool() {
        pa.iter().rev().copied().collect() // the same diagram, reordered
    } else {
        input.pairs(limits::MAX_PAIRS / 2)
    };
    let order = match input.below(4) {
        0 => 1.0,
        1 => 2.0,
        2 => 1.0 + f64::from(input.u8()) / 16.0,
        _ => methods::param(&mut input),
    };
    let relative_error = [1e-7, 1e-4, 1e-2, 0.25][input.below(4)];

    let (Ok(a), Ok(b)) = (Diagram::new(pa.clone()), Diagram::new(pb.clone())) else {
        return;
    };
    let ess = |d: &Diagram| d.essential().count();
    let essential_match = ess(&a) == ess(&b);

    let ab = bottleneck(&a, &b).expect("bottleneck of valid diagrams");
    let ba = bottleneck(&b, &a).expect("bottleneck of valid diagrams");
    check::distance_value(ab, "bottleneck");
    check::close(ab, ba, REL, "bottleneck symmetry");
    assert_eq!(bottleneck(&a, &a), Ok(0.0), "bottleneck(a, a)");
    if !essential_match {
        assert_eq!(ab, f64::INFINITY, "different essential counts");
    }
    check::close(
        ab,
        oracle::bottleneck(&pa, &pb),
        REL,
        "bottleneck vs brute force",
    );

    let exact = WassersteinParams {
        order,
        exact_limit: usize::MAX,
        relative_error,
    };
    let w = wasserstein_with(&a, &b, &exact);
    if !(order.is_finite() && order >= 1.0) {
        assert!(w.is_err(), "order {order} accepted");
        return;
    }
    let w = w.expect("Wasserstein of valid diagrams and order");
    let wba = wasserstein_with(&b, &a, &exact).expect("Wasserstein");
    check::distance_value(w, "wasserstein");
    check::close(w, wba, 1e-7, "wasserstein symmetry");
    assert_eq!(wasserstein_with(&a, &a, &exact), Ok(0.0), "W(a, a)");
    assert_eq!(
        w.is_infinite(),
        ab.is_infinite(),
        "W_{order} = {w}, bottleneck {ab}"
    );
    if ab.is_finite() {
        let points = (a.len() + b.len()).max(1) as f64;
        assert!(
            w >= ab * (1.0 - 1e-7),
            "W_{order} = {w} below bottleneck {ab}"
        );
        assert!(
            w <= ab * points.powf(1.0 / order) * (1.0 + 1e-7),
            "W_{order} = {w} above {points}^(1/p) * bottleneck {ab}"
        );
    }

    // The auction (forced by an exact limit of zero) within its stated error of W^p.
    let auction = WassersteinParams {
        exact_limit: 0,
        ..exact
    };
    let wa = wasserstein_with(&a, &b, &auction).expect("auction Wasserstein");
    check::distance_value(wa, "auction wasserstein");
    if w.is_finite() && w > 0.0 {
        let (wp, wap) = (w.powf(order), wa.powf(order));
        assert!(
            wap >= wp * (1.0 - 1e-9) && wap <= wp * (1.0 + relative_error) * (1.0 + 1e-9),
            "auction W^p {wap} vs exact {wp} (relative error {relative_error})"
        );
    } else {
        assert_eq!(wa, w, "auction vs exact");
    }
});
