//! The working column of the reduction: a 4-ary max-heap of simplex keys with lazy Z/2
//! cancellation (equal keys cancel in pairs when they reach the top).
//!
//! Why not `alloc::collections::BinaryHeap`: profiles of the sphere H2 bench put more than half
//! the time in heap pops. A 4-ary heap has half the levels and its children share a cache line,
//! and [`WorkingColumn::pivot`] finds the pivot without the pop-and-push-back a binary heap's API
//! forces: the runner-up of a heap is one of the root's children, so only cancelling pairs are
//! popped.

use alloc::vec::Vec;

const ARITY: usize = 4;

#[derive(Debug, Clone, Default)]
pub(crate) struct WorkingColumn<K> {
    heap: Vec<K>,
}

impl<K: Ord + Copy> WorkingColumn<K> {
    pub(crate) fn new() -> Self {
        Self { heap: Vec::new() }
    }

    #[inline]
    pub(crate) fn clear(&mut self) {
        self.heap.clear();
    }

    #[inline]
    pub(crate) fn push(&mut self, x: K) {
        let mut i = self.heap.len();
        self.heap.push(x);
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if self.heap[parent] >= x {
                break;
            }
            self.heap[i] = self.heap[parent];
            i = parent;
        }
        self.heap[i] = x;
    }

    /// Appends without ordering; call [`WorkingColumn::heapify`] before reading.
    #[inline]
    pub(crate) fn push_unordered(&mut self, x: K) {
        self.heap.push(x);
    }

    /// Restores the heap order after [`WorkingColumn::push_unordered`], in linear time.
    pub(crate) fn heapify(&mut self) {
        let len = self.heap.len();
        if len < 2 {
            return;
        }
        for i in (0..=(len - 2) / ARITY).rev() {
            let x = self.heap[i];
            self.sift_down(i, x);
        }
    }

    /// Places `x` at hole `i` and moves it down to its place.
    #[inline]
    fn sift_down(&mut self, mut i: usize, x: K) {
        let len = self.heap.len();
        loop {
            let first = ARITY * i + 1;
            if first >= len {
                break;
            }
            let end = (first + ARITY).min(len);
            let mut best = first;
            for c in first + 1..end {
                if self.heap[c] > self.heap[best] {
                    best = c;
                }
            }
            if self.heap[best] <= x {
                break;
            }
            self.heap[i] = self.heap[best];
            i = best;
        }
        self.heap[i] = x;
    }

    /// Removes the top.
    #[inline]
    fn pop_top(&mut self) {
        if let Some(last) = self.heap.pop()
            && !self.heap.is_empty()
        {
            self.sift_down(0, last);
        }
    }

    /// The largest key among the root's children.
    #[inline]
    fn runner_up(&self) -> Option<K> {
        let end = (1 + ARITY).min(self.heap.len());
        self.heap.get(1..end)?.iter().copied().max()
    }

    /// The pivot (largest key with odd multiplicity), left in the column; cancelled pairs above
    /// it are removed.
    #[inline]
    pub(crate) fn pivot(&mut self) -> Option<K> {
        loop {
            let top = *self.heap.first()?;
            if self.runner_up() == Some(top) {
                self.pop_top();
                self.pop_top();
            } else {
                return Some(top);
            }
        }
    }

    /// Removes and returns the pivot.
    #[inline]
    pub(crate) fn pop_pivot(&mut self) -> Option<K> {
        let p = self.pivot()?;
        self.pop_top();
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_cancel_and_order_holds() {
        let mut h = WorkingColumn::new();
        for x in [5u64, 3, 9, 5, 7, 9, 9, 1, 3] {
            h.push(x);
        }
        // Multiplicities: 9 x3 -> 9, 7, 5 x2 -> gone, 3 x2 -> gone, 1.
        let mut out = alloc::vec::Vec::new();
        while let Some(p) = h.pop_pivot() {
            out.push(p);
        }
        assert_eq!(out, [9, 7, 1]);
    }

    #[test]
    fn heapify_matches_pushes() {
        let xs: alloc::vec::Vec<u64> = (0..200u64).map(|i| (i * 7919) % 101).collect();
        let mut a = WorkingColumn::new();
        let mut b = WorkingColumn::new();
        for &x in &xs {
            a.push(x);
            b.push_unordered(x);
        }
        b.heapify();
        loop {
            let (x, y) = (a.pop_pivot(), b.pop_pivot());
            assert_eq!(x, y);
            if x.is_none() {
                break;
            }
        }
    }
}
