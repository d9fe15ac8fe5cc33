//! A simplex of the filtration: its diameter and its combinatorial index.

use core::cmp::Ordering;

/// A simplex with its filtration value. The order is the one the reduction needs from a max-heap:
/// an entry is *greater* when it comes *earlier* in the filtration (smaller diameter; among equal
/// diameters, larger index). So the heap's top is the pivot of a coboundary column, and sorting
/// ascending gives the order in which cohomology reduces columns (latest simplex first).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// Filtration value (largest edge length).
    pub(crate) diam: f32,
    /// Combinatorial-number-system index among simplices of the same dimension.
    pub(crate) index: u64,
}

impl Entry {
    #[inline(always)]
    pub(crate) fn new(diam: f32, index: u64) -> Self {
        Self { diam, index }
    }
}

impl Ord for Entry {
    #[inline(always)]
    fn cmp(&self, other: &Self) -> Ordering {
        // Diameters are finite and non-negative, so comparing their bit patterns as integers is
        // the numeric order (and cheaper than a float comparison with NaN handling).
        other
            .diam
            .to_bits()
            .cmp(&self.diam.to_bits())
            .then(self.index.cmp(&other.index))
    }
}

impl PartialOrd for Entry {
    #[inline(always)]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Entry {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && self.diam.to_bits() == other.diam.to_bits()
    }
}

impl Eq for Entry {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_in_filtration_is_greater() {
        assert!(Entry::new(1.0, 5) > Entry::new(2.0, 0));
        assert!(Entry::new(1.0, 5) > Entry::new(1.0, 4));
        let mut v = [Entry::new(1.0, 1), Entry::new(2.0, 3), Entry::new(1.0, 7)];
        v.sort_unstable();
        // Reduction order: largest diameter first, then smaller index first.
        assert_eq!(v.map(|e| e.index), [3, 1, 7]);
    }
}
