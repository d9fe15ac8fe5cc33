//! `reduce_core::class_counts`: the one budget rule. Errors exactly on bad budgets; otherwise the
//! classes are the distinct labels ascending with their true sizes, no class keeps more than it
//! has, the total is the rounded budget (or one row per class when that is larger and
//! `at_least_one` is set), and the shares follow the largest-remainder rule.
#![no_main]

use std::collections::BTreeMap;

use frugal_fuzz::Input;
use libfuzzer_sys::fuzz_target;
use reduce_core::{Budget, Error, class_counts};

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let n = input.below(2049);
    let budget = match input.below(4) {
        0 => Budget::Ratio(input.f64()),
        1 => Budget::Ratio((f64::from(input.u16()) + 1.0) / 65536.0),
        2 => Budget::Count(input.below(n + 2)),
        _ => Budget::Count(input.u64() as usize),
    };
    let at_least_one = input.bool();
    let labels = input.labels(n);

    let result = class_counts(&labels, budget, at_least_one);
    if n == 0 {
        assert!(
            matches!(result, Err(Error::Data(topo_core::Error::Empty))),
            "{result:?}"
        );
        return;
    }
    let total = match budget {
        Budget::Ratio(r) if !(r > 0.0 && r <= 1.0) => {
            assert!(
                matches!(result, Err(Error::InvalidRatio(x)) if x.to_bits() == r.to_bits()),
                "ratio {r}: {result:?}"
            );
            return;
        }
        // Round half away from zero, as the budget rule documents.
        Budget::Ratio(r) => ((r * n as f64).round() as usize).min(n),
        Budget::Count(c) if c == 0 || c > n => {
            assert_eq!(
                result,
                Err(Error::InvalidCount {
                    requested: c,
                    available: n
                })
            );
            return;
        }
        Budget::Count(c) => c,
    };
    let counts = result.unwrap_or_else(|e| panic!("valid budget {budget:?} rejected: {e}"));

    let mut sizes = BTreeMap::new();
    for &l in &labels {
        *sizes.entry(l).or_insert(0usize) += 1;
    }
    let got: Vec<(u32, usize)> = counts.classes.iter().map(|&(l, nc, _)| (l, nc)).collect();
    let want: Vec<(u32, usize)> = sizes.into_iter().collect();
    assert_eq!(got, want, "classes and their sizes");

    for &(l, nc, k) in &counts.classes {
        assert!(k <= nc, "class {l} keeps {k} of {nc}");
        assert_eq!(counts.keep(l), k);
        if at_least_one {
            assert!(k >= 1, "class {l} keeps nothing with at_least_one");
        }
    }
    let n_classes = counts.classes.len();
    let expected_total = if at_least_one {
        total.max(n_classes)
    } else {
        total
    };
    assert_eq!(
        counts.total(),
        expected_total,
        "total for {budget:?}, n {n}"
    );

    if !at_least_one {
        // Largest remainder: each class gets floor(q) or floor(q) + 1 of its exact quota
        // q = total * n_c / n, and a class rounded up never has a smaller remainder than one
        // rounded down (equal remainders: the smaller label is rounded up first).
        let quota = |nc: usize| {
            let num = total as u128 * nc as u128;
            ((num / n as u128) as usize, num % n as u128)
        };
        for &(l, nc, k) in &counts.classes {
            let (floor, _) = quota(nc);
            assert!(
                k == floor || k == floor + 1,
                "class {l}: {k} rows for quota floor {floor}"
            );
        }
        // Ordered by (remainder descending, label ascending), the rounded-up classes come first.
        let mut order: Vec<(u128, u32, bool)> = counts
            .classes
            .iter()
            .map(|&(l, nc, k)| {
                let (floor, rem) = quota(nc);
                (rem, l, k == floor + 1)
            })
            .collect();
        order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let ups = order.iter().filter(|o| o.2).count();
        assert!(
            order.iter().take(ups).all(|o| o.2),
            "rounded-up classes are not those with the largest remainders"
        );
    }
});
