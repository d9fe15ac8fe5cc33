//! Invariants asserted by more than one target. Each panics with a message naming what broke,
//! which libFuzzer reports as a crash with the input that caused it.

/// Indices are strictly ascending (sorted, no duplicates) and all below `len`.
pub fn sorted_unique_in_range(indices: &[usize], len: usize, what: &str) {
    for w in indices.windows(2) {
        assert!(w[0] < w[1], "{what}: indices not strictly ascending: {w:?}");
    }
    if let Some(&last) = indices.last() {
        assert!(last < len, "{what}: index {last} out of range 0..{len}");
    }
}

/// Every value is finite.
pub fn all_finite_f64(values: &[f64], what: &str) {
    if let Some(v) = values.iter().find(|v| !v.is_finite()) {
        panic!("{what}: non-finite value {v}");
    }
}

/// A distance is a number `>= 0` (possibly `+inf`, never NaN or negative).
pub fn distance_value(d: f64, what: &str) {
    assert!(!d.is_nan(), "{what}: distance is NaN");
    assert!(d >= 0.0, "{what}: distance {d} is negative");
}

/// `a` and `b` are equal up to a relative tolerance (both infinite counts as equal).
pub fn close(a: f64, b: f64, rel: f64, what: &str) {
    if a == b {
        return;
    }
    let scale = a.abs().max(b.abs()).max(1e-300);
    assert!(
        (a - b).abs() <= rel * scale,
        "{what}: {a} and {b} differ by more than {rel} relative"
    );
}
