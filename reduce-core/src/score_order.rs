//! Ranking rows by a score: best (highest) first, ties to the lower row.
//!
//! NRMD and DES rank thousands of rows per class. A comparison sort through `f64::total_cmp`
//! and a closure that looks the score up costs several times more than sorting plain integer
//! pairs, so each score is mapped once to an integer key in `total_cmp`'s order.

use alloc::vec::Vec;

/// An integer whose ascending order is [`f64::total_cmp`]'s: the sign bit flips the order of
/// the other bits of a negative number (what `total_cmp` itself computes).
fn total_order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// The rows of `(score, row)` pairs from the highest score to the lowest by
/// [`f64::total_cmp`], equal scores in ascending row order.
pub(crate) fn rows_by_descending_score(scored: impl Iterator<Item = (f64, usize)>) -> Vec<usize> {
    // `!key` reverses the order exactly, so one ascending sort of (!key, row) does both.
    let mut keyed: Vec<(i64, usize)> = scored.map(|(s, r)| (!total_order_key(s), r)).collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_total_cmp() {
        let xs = [
            f64::NEG_INFINITY,
            -1.5,
            -0.0,
            0.0,
            1e-300,
            2.0,
            f64::INFINITY,
            f64::NAN,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(
                    total_order_key(a).cmp(&total_order_key(b)),
                    a.total_cmp(&b),
                    "{a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn highest_first_ties_to_the_lower_row() {
        let scored = [(0.5, 7), (2.0, 3), (0.5, 1), (-1.0, 0), (2.0, 9)];
        assert_eq!(
            rows_by_descending_score(scored.into_iter()),
            alloc::vec![3, 9, 1, 7, 0]
        );
    }
}
