//! Every reduction method of `reduce_core`, chosen by the input either by name through
//! `method_by_name` (default parameters) or built with parameters drawn from the input, on an
//! arbitrary labelled cloud and budget.
//!
//! Asserts: a valid budget on valid data never fails for a method from `method_by_name` (FES
//! aside, which needs statistics); selections are sorted, unique, in range, with finite weights
//! when present, and of exactly the budgeted count per class (DOM: at most its class size);
//! centroids are finite, of the data's width and classes, and their nearest rows are real rows
//! of the same class; the same seed gives the same result.
#![no_main]

use frugal_fuzz::methods;
use frugal_fuzz::{Input, check, limits};
use libfuzzer_sys::fuzz_target;
use reduce_core::{Budget, Error, Fidelity, LabelledPoints, Reduced, SeededRng, class_counts};

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let cloud = input.cloud(limits::MAX_ROWS, limits::MAX_DIM);
    let labels = input.labels(cloud.rows);
    let budget = methods::budget(&mut input, cloud.rows);
    let seed = input.u64();
    let choice = methods::choose(&mut input, cloud.rows);

    let Ok(data) = LabelledPoints::new(&cloud.data, cloud.dim, &labels) else {
        return;
    };
    let result = choice
        .reducer
        .reduce(data, budget, &mut SeededRng::new(seed));
    let again = choice
        .reducer
        .reduce(data, budget, &mut SeededRng::new(seed));
    // Compared as text: an error may carry a NaN ratio, which is not equal to itself.
    assert_eq!(
        format!("{result:?}"),
        format!("{again:?}"),
        "{}: same seed, different result",
        choice.name
    );

    // Improved mode follows the one budget rule of `class_counts`; Reference mode follows each
    // reference's own count rule (spec section 1.1), so only the shape of its answer is checked.
    let counts = class_counts(&labels, budget, true);
    let reduced = match result {
        Ok(r) => r,
        Err(e) => {
            if choice.by_name && choice.name != "FES" && counts.is_ok() {
                panic!("{} (defaults) failed on valid input: {e}", choice.name);
            }
            if choice.fidelity == Fidelity::Improved && counts.is_ok() {
                // Fuzzed parameters may be out of range: that error is the documented answer.
                assert!(
                    matches!(
                        e,
                        Error::InvalidParameter(_)
                            | Error::LengthMismatch { .. }
                            | Error::Unavailable(_)
                            | Error::TooLarge(_)
                    ),
                    "{}: unexpected error on a valid budget: {e}",
                    choice.name
                );
            }
            return;
        }
    };
    let exact = choice.fidelity == Fidelity::Improved && choice.exact_count;
    let counts = match counts {
        Ok(c) => c,
        Err(e) if exact => panic!(
            "{}: accepted a budget class_counts rejects ({e})",
            choice.name
        ),
        // Per-class sizes for the shape checks (a ratio of 1 is always valid).
        Err(_) => class_counts(&labels, Budget::Ratio(1.0), false).expect("non-empty labels"),
    };

    let n = data.len();
    match reduced {
        Reduced::Selection(s) => {
            check::sorted_unique_in_range(&s.indices, n, choice.name);
            if let Some(w) = &s.weights {
                assert_eq!(
                    w.len(),
                    s.indices.len(),
                    "{}: one weight per index",
                    choice.name
                );
                check::all_finite_f64(w, choice.name);
            }
            for &(label, rows, keep) in &counts.classes {
                let got = s.indices.iter().filter(|&&i| labels[i] == label).count();
                if exact {
                    assert_eq!(got, keep, "{}: class {label} ({rows} rows)", choice.name);
                } else {
                    assert!(got <= rows, "{}: class {label}", choice.name);
                }
            }
        }
        Reduced::Synthesized(s) => {
            assert_eq!(s.dim, cloud.dim, "{}: width", choice.name);
            assert_eq!(
                s.points.len(),
                s.labels.len() * s.dim,
                "{}: shape",
                choice.name
            );
            assert!(
                s.points.iter().all(|v| v.is_finite()),
                "{}: non-finite centroid",
                choice.name
            );
            for &(label, rows, keep) in &counts.classes {
                let got = s.labels.iter().filter(|&&l| l == label).count();
                if exact {
                    assert_eq!(got, keep, "{}: class {label}", choice.name);
                } else {
                    assert!(got <= rows, "{}: class {label}", choice.name);
                }
            }
            assert!(
                s.labels.iter().all(|l| labels.contains(l)),
                "{}: unknown label",
                choice.name
            );
            if let Some(near) = &s.nearest_rows {
                assert_eq!(
                    near.len(),
                    s.labels.len(),
                    "{}: one nearest row per centroid",
                    choice.name
                );
                for (&r, &l) in near.iter().zip(&s.labels) {
                    assert!(
                        r < n && labels[r] == l,
                        "{}: nearest row {r} not of class {l}",
                        choice.name
                    );
                }
            }
        }
    }
});
