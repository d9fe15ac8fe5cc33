//! How many rows each class keeps: the one rule every method follows.
//!
//! The rule (DESIGN.md, "Budgets"): a budget is a ratio of each class or a total count. The total
//! `T` is `round(ratio * N)` (half away from zero) or the given count. It is shared among the
//! classes in proportion to their sizes by the largest-remainder method: each class first gets
//! `floor(T * n_c / N)`, then the rows left over go one each to the classes with the largest
//! fractional parts (ties to the smaller label). With `at_least_one` (the default) every class
//! keeps at least one row, taken from the class with the most rows to spare. No class ever gets
//! more rows than it has.

use alloc::vec::Vec;

use crate::error::{Error, Result};

/// A reduction budget: a ratio of each class, or a total count shared across classes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    /// Keep this fraction of each class, in `(0, 1]`.
    Ratio(f64),
    /// Keep this many rows in total, shared in proportion to class sizes.
    Count(usize),
}

/// Per-class row counts, in ascending label order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassCounts {
    /// `(label, rows in the class, rows to keep)`, ascending by label.
    pub classes: Vec<(u32, usize, usize)>,
}

impl ClassCounts {
    /// Rows to keep for `label` (0 for an unknown label).
    pub fn keep(&self, label: u32) -> usize {
        self.classes
            .iter()
            .find(|c| c.0 == label)
            .map_or(0, |c| c.2)
    }

    /// Total rows kept.
    pub fn total(&self) -> usize {
        self.classes.iter().map(|c| c.2).sum()
    }
}

/// Computes the per-class counts for `budget` over `labels` by the rule above.
///
/// ```
/// use reduce_core::{class_counts, Budget};
/// let labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
/// let counts = class_counts(&labels, Budget::Ratio(0.5), true)?;
/// assert_eq!(counts.classes, vec![(0, 8, 4), (1, 2, 1)]);
/// # Ok::<(), reduce_core::Error>(())
/// ```
pub fn class_counts(labels: &[u32], budget: Budget, at_least_one: bool) -> Result<ClassCounts> {
    let n = labels.len();
    if n == 0 {
        return Err(Error::Data(topo_core::Error::Empty));
    }
    let total = match budget {
        Budget::Ratio(r) => {
            if !(r > 0.0 && r <= 1.0) {
                return Err(Error::InvalidRatio(r));
            }
            // round half away from zero, computed in f64; r * n is exact enough for n < 2^52.
            let t = libm::floor(r * n as f64 + 0.5) as usize;
            t.clamp(0, n)
        }
        Budget::Count(c) => {
            if c == 0 || c > n {
                return Err(Error::InvalidCount {
                    requested: c,
                    available: n,
                });
            }
            c
        }
    };

    let mut sorted = labels.to_vec();
    sorted.sort_unstable();
    let mut sizes: Vec<(u32, usize)> = Vec::new();
    for &l in &sorted {
        match sizes.last_mut() {
            Some((last, count)) if *last == l => *count += 1,
            _ => sizes.push((l, 1)),
        }
    }

    // Largest remainder, in exact integer arithmetic: quota_c = total * n_c / n.
    let mut keep: Vec<usize> = Vec::with_capacity(sizes.len());
    let mut rema: Vec<(u128, usize)> = Vec::with_capacity(sizes.len());
    for (i, &(_, nc)) in sizes.iter().enumerate() {
        let num = total as u128 * nc as u128;
        keep.push((num / n as u128) as usize);
        rema.push((num % n as u128, i));
    }
    let assigned: usize = keep.iter().sum();
    // Larger remainder first; ties to the smaller label (lower index).
    rema.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in rema.iter().take(total - assigned) {
        keep[i] += 1;
    }

    if at_least_one {
        for i in 0..keep.len() {
            if keep[i] == 0 {
                // Take one row from the class with the most kept rows above one, if any;
                // otherwise the total grows by one (more classes than the budget).
                let donor = (0..keep.len())
                    .filter(|&j| keep[j] > 1)
                    .max_by(|&a, &b| keep[a].cmp(&keep[b]).then(b.cmp(&a)));
                if let Some(j) = donor {
                    keep[j] -= 1;
                }
                keep[i] = 1;
            }
        }
    }

    Ok(ClassCounts {
        classes: sizes
            .iter()
            .zip(keep)
            .map(|(&(l, nc), k)| (l, nc, k.min(nc)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn proportional_with_largest_remainder() {
        // 7 and 3 rows, 50%: total 5, quotas 3.5 and 1.5: tie in remainder goes to label 0.
        let labels = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
        let c = class_counts(&labels, Budget::Ratio(0.5), false).unwrap();
        assert_eq!(c.classes, vec![(0, 7, 4), (1, 3, 1)]);
        assert_eq!(c.total(), 5);
    }

    #[test]
    fn at_least_one_per_class() {
        let mut labels = vec![0_u32; 98];
        labels.extend([1, 2]);
        let c = class_counts(&labels, Budget::Ratio(0.1), true).unwrap();
        assert_eq!(c.classes, vec![(0, 98, 8), (1, 1, 1), (2, 1, 1)]);
        let c = class_counts(&labels, Budget::Ratio(0.1), false).unwrap();
        assert_eq!(c.classes, vec![(0, 98, 10), (1, 1, 0), (2, 1, 0)]);
    }

    #[test]
    fn count_budget_and_errors() {
        let labels = [3, 3, 1, 1, 1, 1];
        let c = class_counts(&labels, Budget::Count(3), true).unwrap();
        assert_eq!(c.classes, vec![(1, 4, 2), (3, 2, 1)]);
        assert!(matches!(
            class_counts(&labels, Budget::Count(7), true),
            Err(Error::InvalidCount { .. })
        ));
        for r in [0.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                class_counts(&labels, Budget::Ratio(r), true),
                Err(Error::InvalidRatio(_))
            ));
        }
        assert!(class_counts(&[], Budget::Ratio(0.5), true).is_err());
    }

    #[test]
    fn full_ratio_keeps_everything() {
        let labels = [0, 1, 1, 2, 2, 2];
        let c = class_counts(&labels, Budget::Ratio(1.0), true).unwrap();
        assert_eq!(c.classes, vec![(0, 1, 1), (1, 2, 2), (2, 3, 3)]);
    }
}
