//! `topo_core::Diagram::new`: accepts exactly the valid diagrams (finite births, deaths finite or
//! `+inf`, `death >= birth`), keeps every pair, and its views (finite, essential, sorted) agree.
#![no_main]

use frugal_fuzz::{Input, limits};
use libfuzzer_sys::fuzz_target;
use topo_core::Diagram;

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let pairs = input.pairs(limits::MAX_PAIRS);
    let valid = pairs
        .iter()
        .all(|&(b, d)| b.is_finite() && !d.is_nan() && d != f64::NEG_INFINITY && d >= b);
    let diagram = Diagram::new(pairs.clone());
    assert_eq!(diagram.is_ok(), valid, "Diagram::new on {pairs:?}");
    let Ok(diagram) = diagram else { return };

    assert_eq!(diagram.len(), pairs.len());
    assert_eq!(diagram.is_empty(), pairs.is_empty());
    for (p, &(b, d)) in diagram.pairs().iter().zip(&pairs) {
        assert_eq!(
            (p.birth.to_bits(), p.death.to_bits()),
            (b.to_bits(), d.to_bits())
        );
        assert_eq!(p.is_essential(), d == f64::INFINITY);
        assert!(p.persistence() >= 0.0);
    }
    let finite = diagram.finite().count();
    let essential = diagram.essential().count();
    assert_eq!(finite + essential, diagram.len());
    assert!(diagram.finite().all(|p| p.death.is_finite()));
    assert!(diagram.essential().all(|p| p.death == f64::INFINITY));

    // sorted() is a sorted permutation of the pairs.
    let sorted = diagram.sorted();
    assert_eq!(sorted.len(), diagram.len());
    for w in sorted.windows(2) {
        // The documented order is `total_cmp` on (birth, death): -0.0 sorts before +0.0.
        let order = w[0]
            .birth
            .total_cmp(&w[1].birth)
            .then(w[0].death.total_cmp(&w[1].death));
        assert!(order.is_le(), "sorted() out of order: {w:?}");
    }
    let mut a: Vec<(u64, u64)> = diagram
        .pairs()
        .iter()
        .map(|p| (p.birth.to_bits(), p.death.to_bits()))
        .collect();
    let mut b: Vec<(u64, u64)> = sorted
        .iter()
        .map(|p| (p.birth.to_bits(), p.death.to_bits()))
        .collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "sorted() is not a permutation");
});
